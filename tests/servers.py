"""Real servers the tests start: the portal over HTTP, and s3rver (S3 that checks signatures)."""
from __future__ import annotations

import json
import secrets
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

from werkzeug.serving import make_server

TOOLS = Path(__file__).parent / "tools"
S3RVER_KEY = "S3RVER"
CORS_XML = """<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
  </CORSRule>
</CORSConfiguration>
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


class LiveServer:
    """The Flask app served over real HTTP on a free port, in a thread."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(5)


class S3rver:
    """s3rver (npm @20minutes/s3rver): checks SigV4 signatures, signed Content-Type and expiry."""

    def __init__(self, directory: Path, bucket: str):
        script = TOOLS / "s3-server.js"
        if not (TOOLS / "node_modules" / "@20minutes" / "s3rver").exists():
            raise RuntimeError(f"s3rver is not installed: run `npm ci --prefix {TOOLS}`")
        if shutil.which("node") is None:
            raise RuntimeError("node is not installed; s3rver needs it")
        self.port = free_port()
        self.bucket = bucket
        self.url = f"http://127.0.0.1:{self.port}"
        cors = directory / "cors.xml"
        cors.write_text(CORS_XML)
        (directory / "data").mkdir(exist_ok=True)
        self.command = ["node", str(script), str(directory / "data"), str(self.port), bucket, str(cors)]

    def __enter__(self):
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            wait_for_port(self.port)
        except RuntimeError:
            self.process.kill()
            raise RuntimeError(f"s3rver did not start: {self.process.stderr.read().decode()[:500]}") from None
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(10)


def _signing_keys() -> dict:
    from joserfc.jwk import RSAKey

    key = RSAKey.generate_key(2048, parameters={"kid": secrets.token_hex(8), "alg": "RS256", "use": "sig"})
    return {"keys": [key.as_dict(private=True)]}


class OidcProvider:
    """oidc-provider (npm, a certified OpenID Connect provider) on loopback, with the portal registered.

    `accounts` are the company's employees there (rewrite with set_accounts); `misbehave` makes
    its token endpoint return expired or wrongly signed ID tokens, or the whole provider answer 503;
    `rotate_keys` restarts it on the same port with a new signing key.
    """

    client_id = "portal"

    def __init__(self, directory: Path, redirect_uris: list[str]):
        if not (TOOLS / "node_modules" / "oidc-provider").exists():
            raise RuntimeError(f"oidc-provider is not installed: run `npm ci --prefix {TOOLS}`")
        self.directory = directory
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.client_secret = secrets.token_hex(32)
        self.accounts_file = directory / "accounts.json"
        self.behaviour_file = directory / "behaviour.json"
        self.settings_file = directory / "settings.json"
        self.settings = {
            "port": self.port,
            "accounts_file": str(self.accounts_file),
            "behaviour_file": str(self.behaviour_file),
            "keys": _signing_keys(),
            "clients": [{
                "client_id": self.client_id, "client_secret": self.client_secret,
                "redirect_uris": redirect_uris, "post_logout_redirect_uris": redirect_uris,
                "grant_types": ["authorization_code", "refresh_token"], "response_types": ["code"],
                "token_endpoint_auth_method": "client_secret_basic",
            }],
        }
        self.set_accounts({})
        self.misbehave()

    def set_accounts(self, accounts: dict) -> None:
        self.accounts_file.write_text(json.dumps(accounts))

    def misbehave(self, **behaviour) -> None:
        self.behaviour_file.write_text(json.dumps(behaviour))

    @property
    def key_ids(self) -> list[str]:
        return [key["kid"] for key in self.settings["keys"]["keys"]]

    def rotate_keys(self) -> None:
        self.__exit__()
        self.settings["keys"] = _signing_keys()
        self.__enter__()

    def __enter__(self):
        self.settings_file.write_text(json.dumps(self.settings))
        self.log = open(self.directory / "provider.log", "ab")  # noqa: SIM115 (closed in __exit__)
        self.process = subprocess.Popen(["node", str(TOOLS / "oidc-provider.mjs"), str(self.settings_file)],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        try:
            wait_for_port(self.port)
        except RuntimeError:
            self.process.kill()
            raise RuntimeError(f"oidc-provider did not start: {(self.directory / 'provider.log').read_text()[-500:]}") \
                from None
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(10)
        self.log.close()
