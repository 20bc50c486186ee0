"""Real servers the tests start: the portal over HTTP (in a thread, or gunicorn as production
runs it), s3rver (S3 that checks signatures) and nginx with the Ansible role's own site."""
from __future__ import annotations

import json
import os
import random
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
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


_HANDED_OUT: set[int] = set()


def free_port() -> int:
    """A loopback port nothing listens on, never the same one twice in a test run, and below the
    kernel's ephemeral range (ip_local_port_range, 32768-60999 by default), so no client socket is
    given it between the choice and the server's start. bind(0) could not do: a server starts some
    time after its port is chosen, and the kernel may offer a port it just gave (two chat processes
    once got one port, and the second could not start). Under xdist each worker takes the ports of
    its own residue, so two workers never pick the same one."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    while True:
        port = random.randrange(20_000, 32_768)
        if port % workers != worker % workers or port in _HANDED_OUT:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        _HANDED_OUT.add(port)
        return port


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


def wait_until_healthy(process: subprocess.Popen, url: str, log: object, timeout: float = 60) -> None:
    """Poll `url`/api/health until it answers 200: the one start-up wait of every gunicorn that the
    tests and the benches (bench/*.py import it) start. Raises RuntimeError naming `log` when the
    process exits first or the deadline passes; the process is left for the caller to stop."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn on {url} exited with {process.returncode}; see {log}")
        try:
            with urllib.request.urlopen(url + "/api/health", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn on {url} did not answer /api/health in {timeout}s; see {log}")


def stop_process(process: subprocess.Popen, timeout: float = 30) -> None:
    """SIGTERM, then SIGKILL if it has not exited within `timeout` seconds (no-op if it has exited)."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


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


def _role_yaml(role: str, folder: str = "defaults") -> dict:
    """An Ansible role's defaults (or its vars: folder="vars")."""
    import yaml

    return yaml.safe_load((ROOT / "ansible" / "roles" / role / folder / "main.yml").read_text())


def _render(value: str, settings: dict) -> str:
    import jinja2

    while "{{" in value:  # defaults refer to other defaults
        value = jinja2.Template(value).render(settings)
    return value


class Gunicorn:
    """`gunicorn wsgi:app` on a loopback port that stays its own across stop() and start(), run
    with the Ansible role's arguments for `unit` ("api" or "chat", bound to this port instead),
    then `extra_args` (gunicorn takes the last value given), and with the unit's own environment
    (e.g. the chat's CHAT_MAX_SOCKETS) under `env`. The unit's metrics port is left out: it is
    one fixed port per host, and several of these run at once."""

    def __init__(self, env: dict, log: Path, unit: str = "api", extra_args: tuple[str, ...] = ()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        settings = {**_role_yaml("portal"), **_role_yaml("portal_app"), f"portal_{unit}_port": self.port}
        args = _render(settings[f"portal_app_{unit}_gunicorn_args"], settings)
        self.command = [str(Path(sys.executable).parent / "gunicorn"), *shlex.split(args), *extra_args, "wsgi:app"]
        units = _role_yaml("portal_app", "vars")
        unit_env = {name: _render(str(value), settings)
                    for name, value in units["portal_app_unit_settings"][f"portal-{unit}"]["environment"].items()
                    if not name.startswith("METRICS_")}
        self.env, self.log = {**unit_env, **env}, log
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        self.launch()
        self.wait_ready(timeout)

    def launch(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 60) -> None:
        wait_until_healthy(self.process, self.url, self.log, timeout)

    def reload(self) -> None:
        """SIGHUP: new workers start, the old ones finish their requests and exit."""
        os.kill(self.process.pid, signal.SIGHUP)

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)


class Nginx:
    """Debian's nginx with the Ansible role's own site template, as on the production host
    (rendered with the role's defaults; the SPA root is an empty folder), in front of one
    gunicorn, or of several: `api` and `chat` are lists of ports, balanced round robin.

    `overrides` sets role variables (as an inventory would). With `access_log`, nginx logs each
    request's X-Request-ID with the upstreams it went to, so a test can tell which process served
    it (served_by)."""

    TEMPLATES = ROOT / "ansible" / "roles" / "nginx" / "templates"

    def __init__(self, directory: Path, api: int | list[int], chat: int | list[int] | None = None,
                 access_log: bool = False, workers: str = "auto", port: int | None = None,
                 overrides: dict | None = None):
        import jinja2

        api = [api] if isinstance(api, int) else api
        chat = api if chat is None else [chat] if isinstance(chat, int) else chat
        self.directory, self.port = directory, port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.access_log = directory / "access.log"
        defaults = _role_yaml("nginx")
        settings = {**defaults, "ansible_managed": "rendered by tests/servers.py",
                    "nginx_http_port": self.port, "nginx_listen_ipv6": False,
                    "nginx_spa_root": str(directory / "spa"), "nginx_api_upstream": "portal_api",
                    "nginx_chat_upstream": "portal_chat", **(overrides or {})}
        settings["nginx_security_headers"] = {name: jinja2.Template(str(value)).render(settings)
                                              for name, value in defaults["nginx_security_headers"].items()}
        (directory / "spa").mkdir(exist_ok=True)
        (directory / "snippets").mkdir(exist_ok=True)
        for template, target in (("portal.conf.j2", "portal.conf"),
                                 ("portal-headers.conf.j2", "snippets/portal-headers.conf")):
            text = jinja2.Template((self.TEMPLATES / template).read_text()).render(settings)
            (directory / target).write_text(text)
        upstreams = "\n".join(
            f"    upstream {name} {{ {' '.join(f'server 127.0.0.1:{port};' for port in ports)} }}"
            for name, ports in (("portal_api", api), ("portal_chat", chat)))
        logging = (f"log_format upstreams '$http_x_request_id $request_method $request_uri $status $upstream_addr';\n"
                   f"    access_log {self.access_log} upstreams;") if access_log else "access_log off;"
        (directory / "nginx.conf").write_text(f"""
daemon off;
worker_processes {workers};
worker_rlimit_nofile {int(settings["nginx_worker_connections"]) * 2};
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections {settings["nginx_worker_connections"]}; }}
http {{
    {logging}
    client_body_temp_path {directory}/body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;
    include /etc/nginx/mime.types;
{upstreams}
    include {directory}/portal.conf;
}}
""")
        self.process: subprocess.Popen | None = None

    def served_by(self, request_id: str, timeout: float = 2) -> list[str]:
        """The upstreams (`127.0.0.1:<port>`) nginx passed the request with this X-Request-ID to,
        in the order tried (a refused connection is retried on the next)."""
        deadline = time.monotonic() + timeout
        while True:  # nginx writes the line just after the response, so it may lag behind it
            for line in reversed(self.access_log.read_text().splitlines()):
                fields = line.split(" ", 4)
                if fields[0] == request_id:
                    return fields[4].replace(",", " ").split()
            if time.monotonic() > deadline:
                raise AssertionError(f"nginx logged no request {request_id}")
            time.sleep(0.01)

    def __enter__(self):
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.process = subprocess.Popen([nginx, "-p", str(self.directory), "-c", str(self.directory / "nginx.conf")],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_for_port(self.port, timeout=15)
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
