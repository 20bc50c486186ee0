"""The development backend: files in the instance folder, behind URLs that the portal signs
and checks itself so the browser flow is the same as with S3 (sign, PUT, HEAD, signed GET)."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import time
from pathlib import Path

from flask import url_for

from portal.storage import PresignedUpload, StoredObject, content_disposition


class SignatureError(Exception):
    """The URL was not signed by this portal, was altered, or has expired."""


class LocalStorage:
    def __init__(self, root: str, secret: str):
        self.root = Path(root)
        self._key = hashlib.sha256(b"portal-local-storage:" + secret.encode()).digest()

    # -- signing -------------------------------------------------------------------------
    def _sign(self, *parts: str) -> str:
        return hmac.new(self._key, "\n".join(parts).encode(), hashlib.sha256).hexdigest()

    def verify(self, method: str, key: str, params: dict, content_type: str = "") -> None:
        expires = params.get("expires", "")
        if not expires.isdigit() or int(expires) < time.time():
            raise SignatureError("expired")
        disposition = params.get("disposition", "")
        expected = self._sign(method, key, content_type, disposition, expires)
        if not hmac.compare_digest(expected, params.get("signature", "")):
            raise SignatureError("signature mismatch")

    # -- Storage interface -------------------------------------------------------------
    def presign_upload(self, key: str, content_type: str, expires_in: int) -> PresignedUpload:
        expires = str(int(time.time()) + expires_in)
        signature = self._sign("PUT", key, content_type, "", expires)
        url = url_for("local_storage.object", key=key, expires=expires, signature=signature,
                      _external=True)
        return PresignedUpload(url=url, headers={"Content-Type": content_type, "If-None-Match": "*"})

    def presign_download(self, key: str, filename: str, content_type: str, inline: bool,
                         expires_in: int) -> str:
        expires = str(int(time.time()) + expires_in)
        disposition = content_disposition(filename, inline)
        signature = self._sign("GET", key, content_type, disposition, expires)
        return url_for("local_storage.object", key=key, expires=expires, type=content_type,
                       disposition=disposition, signature=signature, _external=True)

    def read_start(self, key: str, length: int) -> bytes:
        with open(self.path(key), "rb") as stored:
            return stored.read(length)

    def head(self, key: str) -> StoredObject | None:
        meta = self._meta_path(key)
        if not meta.is_file():
            return None
        data = json.loads(meta.read_text())
        return StoredObject(size=data["size"], content_type=data["content_type"])

    # -- files ---------------------------------------------------------------------------
    def path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise SignatureError("key outside storage")
        return path

    def _meta_path(self, key: str) -> Path:
        return self.path(key).with_name(self.path(key).name + ".meta.json")

    def save(self, key: str, stream, content_type: str, max_bytes: int) -> int:
        """Write the PUT body; returns the size. Raises ValueError past `max_bytes` and
        FileExistsError when the key holds an object already (uploads are write-once, as the
        S3 backend's conditional writes)."""
        target = self.path(key)
        if self._meta_path(key).exists():
            raise FileExistsError(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        size = 0
        with open(partial, "wb") as out:
            while chunk := stream.read(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    out.close()
                    partial.unlink()
                    raise ValueError("too large")
                out.write(chunk)
        try:
            os.link(partial, target)  # atomic, and refuses an existing target: write-once
        finally:
            partial.unlink()
        self._meta_path(key).write_text(json.dumps({"size": size, "content_type": content_type}))
        return size
