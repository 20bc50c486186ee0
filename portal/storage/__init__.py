"""Where attachment bytes live. The portal never handles them in production: it hands the
browser presigned URLs and later checks (HEAD, and a ranged GET of the first bytes) that the
object arrived as declared.

An uploaded object never changes: every upload URL is a conditional write (S3's
`If-None-Match: *`, signed into the URL, so the browser must send it), so a second PUT to the
same URL fails with 412 instead of replacing a file other employees already read. Keys are
never reused, so nothing legitimate writes a key twice; the app needs no copy step and no
second key, and still never touches the bytes."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import quote

from flask import Flask, current_app


@dataclass
class PresignedUpload:
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    method: str = "PUT"


@dataclass
class StoredObject:
    size: int
    content_type: str


class Storage(Protocol):
    def presign_upload(self, key: str, content_type: str, expires_in: int) -> PresignedUpload:
        """A URL the browser PUTs the bytes to; the Content-Type is part of the signature."""

    def presign_download(self, key: str, filename: str, content_type: str, inline: bool,
                         expires_in: int) -> str:
        """A short-lived GET URL that answers with the original filename."""

    def head(self, key: str) -> StoredObject | None:
        """The object's size and type, or None when nothing was uploaded under `key`."""

    def read_start(self, key: str, length: int) -> bytes:
        """The object's first `length` bytes (fewer when it is shorter)."""


def content_disposition(filename: str, inline: bool) -> str:
    """RFC 6266 header value that keeps Korean (any UTF-8) filenames intact."""
    kind = "inline" if inline else "attachment"
    ascii_name = filename.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "")
    ascii_name = ascii_name.strip() or "download"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def init_storage(app: Flask) -> None:
    if app.config["STORAGE_BACKEND"] == "s3":
        from portal.storage.s3 import S3Storage

        storage: Storage = S3Storage(
            bucket=app.config["S3_BUCKET"],
            region=app.config["S3_REGION"],
            endpoint_url=app.config["S3_ENDPOINT_URL"] or None,
        )
    else:
        from portal.storage import local_routes
        from portal.storage.local import LocalStorage

        storage = LocalStorage(app.config["LOCAL_STORAGE_PATH"], app.config["SECRET_KEY"])
        app.register_blueprint(local_routes.bp)  # its signed URLs are served by the app itself
    app.extensions["portal_storage"] = storage


def get_storage() -> Storage:
    return current_app.extensions["portal_storage"]
