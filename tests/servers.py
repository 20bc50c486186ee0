"""Real servers the tests start: the portal over HTTP, and s3rver (S3 that checks signatures)."""
from __future__ import annotations

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
