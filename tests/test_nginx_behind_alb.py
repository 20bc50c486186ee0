"""nginx from the Ansible role's template, alone on a host and behind the scaled topology's ALB.

Alone, nginx is the one proxy the app trusts (TRUSTED_PROXIES=1): it tells the app the scheme it
was reached with and the peer's address. Behind the ALB, which ends TLS, that would be `http` and
the ALB's address: secure cookies and per-client rate limits would break. The *-scaled inventories
make nginx relay the ALB's X-Forwarded-Proto and X-Forwarded-For instead. A real nginx in front of a
server that echoes the headers it receives shows both.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests
import yaml

from tests.servers import Nginx, free_port

ROOT = Path(__file__).resolve().parents[1]


class Echo(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        body = json.dumps({name.lower(): value for name, value in self.headers.items()}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def echo_server():
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def seen_by_app(tmp_path: Path, overrides: dict | None, headers: dict) -> dict:
    upstream = echo_server()
    try:
        with Nginx(tmp_path, upstream.server_address[1], overrides=overrides) as nginx:
            response = requests.get(f"{nginx.url}/api/health", headers=headers, timeout=10)
            assert response.status_code == 200, response.text
            return response.json()
    finally:
        upstream.shutdown()


def test_alone_on_a_host_nginx_reports_its_own_scheme_and_peer(tmp_path):
    # A client claiming https is not believed: nginx was reached over http.
    seen = seen_by_app(tmp_path, None, {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
    assert seen["x-forwarded-proto"] == "http"
    assert seen["x-forwarded-for"] == "203.0.113.9, 127.0.0.1"  # the app trusts the last hop only


def test_behind_the_alb_nginx_relays_the_albs_headers(tmp_path):
    scaled = yaml.safe_load((ROOT / "ansible/inventories/production-scaled/group_vars/all/main.yml").read_text())
    overrides = {name: scaled[name] for name in ("nginx_forwarded_proto", "nginx_forwarded_for")}
    # What the ALB sends: the scheme the browser used, and the browser's address appended last.
    alb_headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.23"}
    seen = seen_by_app(tmp_path, overrides, alb_headers)
    assert seen["x-forwarded-proto"] == "https"
    # The last address is the browser's, as the ALB saw it: TRUSTED_PROXIES=1 picks it.
    assert seen["x-forwarded-for"] == "198.51.100.23"


def test_every_scaled_inventory_relays_the_albs_headers_and_the_role_default_does_not():
    defaults = yaml.safe_load((ROOT / "ansible/roles/nginx/defaults/main.yml").read_text())
    assert (defaults["nginx_forwarded_proto"], defaults["nginx_forwarded_for"]) == (
        "$scheme", "$proxy_add_x_forwarded_for")
    for environment in ("dev", "staging", "production"):
        inventory = ROOT / f"ansible/inventories/{environment}-scaled/group_vars/all/main.yml"
        settings = yaml.safe_load(inventory.read_text())
        assert settings["nginx_forwarded_proto"] == "$http_x_forwarded_proto", environment
        assert settings["nginx_forwarded_for"] == "$http_x_forwarded_for", environment
        assert settings["portal_app_database_url"] == "{{ ssm_database_url }}", environment
        assert settings["portal_app_redis_url"] == "{{ ssm_redis_url }}", environment
