"""Fixtures of the Terraform tests (both topologies); the helpers are in terraform_harness.py."""

import pytest

from tests.infra import terraform_harness as harness


@pytest.fixture(scope="module")
def terraform_env(tmp_path_factory) -> dict[str, str]:
    return harness.terraform_env(tmp_path_factory.mktemp("terraform-cli"))


@pytest.fixture(scope="module")
def aws_endpoint():
    """The emulator's endpoint, for one test module."""
    with harness.emulator() as endpoint:
        yield endpoint
