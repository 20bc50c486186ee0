"""Running the shipped Terraform against the AWS emulator: shared by both topologies' tests.

A test copies its configuration out of the repository (``copy_of_shipped``), points the
provider at moto in server mode (``provider_override``, written as the copy's
``override.tf``) and runs the CLI with ``terraform`` under a clean environment
(``terraform_env``), so nothing is written into the repository and no operator setting
leaks in. Needs the Terraform CLI and the offline provider mirror (TF_PROVIDER_MIRROR,
default /opt/tf-plugins); a missing one fails the tests rather than skipping them.
checkov lives in its own virtualenv (terraform/scripts/install-checkov.sh).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import boto3
import moto.settings
import pytest
from moto.server import ThreadedMotoServer

from tests.servers import free_port

PROVIDER_MIRROR = Path(os.environ.get("TF_PROVIDER_MIRROR", "/opt/tf-plugins"))
CHECKOV_VENV = Path(os.environ.get("CHECKOV_VENV", Path.home() / ".cache" / "portal" / "checkov-venv"))

# An operator's local state, variables, overrides and caches. The lock file is left out
# too: here the provider comes from the offline mirror, and a lock written on another
# platform may not list that package's checksum.
LOCAL_FILES = (".terraform", ".terraform.lock.hcl", "*.tfstate*", "terraform.tfvars", "*.auto.tfvars",
               "override.tf", "*_override.tf")


def terraform_env(config_dir: Path) -> dict[str, str]:
    """Environment for the CLI: found on PATH, no user config, no inherited TF_VAR_* or AWS_*."""
    if shutil.which("terraform") is None:
        pytest.fail("terraform CLI not found on PATH: these tests need Terraform >= 1.5", pytrace=False)
    cli_config = config_dir / "terraformrc"
    cli_config.write_text("")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TF_", "AWS_")) and key.lower() not in {"http_proxy", "https_proxy"}
    }
    env.update(
        TF_CLI_CONFIG_FILE=str(cli_config),
        TF_IN_AUTOMATION="1",
        TF_INPUT="0",
        CHECKPOINT_DISABLE="1",
        NO_PROXY="127.0.0.1,localhost",
    )
    return env


def run(args: list[str], cwd: Path, env: dict[str, str], ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    if result.returncode not in ok:
        pytest.fail(
            f"{' '.join(args)} exited {result.returncode}\n"
            f"--- stdout ---\n{result.stdout[-6000:]}\n--- stderr ---\n{result.stderr[-6000:]}",
            pytrace=False,
        )
    return result


def terraform(workdir: Path, env: dict[str, str], *args: str, ok: tuple[int, ...] = (0,)):
    return run(["terraform", *args, "-no-color"], workdir, env, ok)


def copy_of_shipped(source: Path, destination: Path) -> Path:
    """``source`` as committed (links followed), without LOCAL_FILES."""
    workdir = destination / source.name
    shutil.copytree(source, workdir, ignore=shutil.ignore_patterns(*LOCAL_FILES))
    return workdir


def init(workdir: Path, env: dict[str, str]) -> None:
    registry = PROVIDER_MIRROR / "registry.terraform.io" / "hashicorp" / "aws"
    if not any(registry.glob("*/*/terraform-provider-aws_*")):
        pytest.fail(f"hashicorp/aws provider mirror not found under {PROVIDER_MIRROR}", pytrace=False)
    terraform(workdir, env, "init", f"-plugin-dir={PROVIDER_MIRROR}")


def checkov_report(scanned: Path, cwd: Path, env: dict[str, str]) -> dict:
    """checkov's Terraform report of ``scanned``, with its failed checks, parse errors and skips."""
    candidates = [os.environ.get("CHECKOV", ""), str(CHECKOV_VENV / "bin" / "checkov"), shutil.which("checkov") or ""]
    executable = next((c for c in candidates if c and os.access(c, os.X_OK)), None)
    if executable is None:
        pytest.fail("checkov not found: run terraform/scripts/install-checkov.sh (or set CHECKOV)", pytrace=False)
    result = run([executable, "-d", str(scanned), "--framework", "terraform", "--skip-download", "-o", "json"],
                 cwd, env, ok=(0, 1))
    report = json.loads(result.stdout)
    reports = report if isinstance(report, list) else [report]
    [terraform_report] = [r for r in reports if r.get("check_type", "terraform") == "terraform"]
    return terraform_report


def assert_checkov_clean(report: dict, min_resources: int) -> None:
    """No failed check, no parse error, enough resources read, and every skip says why."""
    failed = [f"{c['check_id']} {c['resource']}: {c['check_name']}" for c in report["results"]["failed_checks"]]
    assert failed == [], "checkov failed checks:\n" + "\n".join(failed)
    assert report["summary"]["parsing_errors"] == 0
    assert report["summary"]["resource_count"] >= min_resources, "checkov scanned too little"
    unexplained = [
        f"{c['check_id']} {c['resource']}"
        for c in report["results"]["skipped_checks"]
        if len(c["check_result"].get("suppress_comment", "").strip()) < 20
    ]
    assert unexplained == [], f"checkov skips without a reason: {unexplained}"


################################################################################
# The emulator
################################################################################


def reset_emulator(endpoint: str) -> None:
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"), timeout=10)


@contextlib.contextmanager
def emulator() -> Iterator[str]:
    """moto in server mode on 127.0.0.1, emptied before and after; yields its endpoint.

    ACM issues a DNS-validated certificate at once instead of after 60 s.
    """
    saved = moto.settings.ACM_VALIDATION_WAIT
    moto.settings.ACM_VALIDATION_WAIT = 0
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    reset_emulator(endpoint)
    try:
        yield endpoint
    finally:
        reset_emulator(endpoint)
        server.stop()
        moto.settings.ACM_VALIDATION_WAIT = saved


def provider_override(endpoint: str, services: tuple[str, ...]) -> str:
    """The test-only provider settings; override.tf merges them into the configuration's provider."""
    endpoints = "\n".join(f'    {service} = "{endpoint}"' for service in services)
    return f"""\
provider "aws" {{
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  s3_use_path_style           = true

  endpoints {{
{endpoints}
  }}
}}
"""


def emulator_client(endpoint: str, service: str, region: str):
    """A boto3 client of the emulator, to check what Terraform made."""
    return boto3.client(service, endpoint_url=endpoint, region_name=region,
                        aws_access_key_id="test", aws_secret_access_key="test")
