"""Issuing upload keys, verifying and attaching uploaded objects, signing downloads."""
from __future__ import annotations

import re
import unicodedata
import uuid

from flask import current_app
from sqlalchemy import select

from portal.chat import conversations
from portal.errors import BadRequest, InvalidInput, NotFound
from portal.extensions import db
from portal.field_problems import Problem
from portal.models import Post, Upload, User
from portal.models.types import utcnow
from portal.storage import get_storage
from portal.uploads.rules import ALLOWED_TYPES, HEAD_BYTES, extension, without_invisible

_UNSAFE_FILENAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def attachment_view(key: str, filename: str, content_type: str, size: int) -> dict:
    """A stored file as AttachmentSchema shapes it (for reads that take its columns straight from
    a statement: the post page, a room's history)."""
    return {"key": key, "filename": filename, "content_type": content_type, "size": size,
            "is_image": Upload.content_type_is_image(content_type)}


def clean_filename(filename: str) -> str:
    """Keep the name people gave the file (Korean included), minus path parts, controls and
    invisible characters (bidi overrides)."""
    name = without_invisible(unicodedata.normalize("NFC", filename)).replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_FILENAME.sub("_", name).strip(" .")
    if not name:
        raise InvalidInput("The filename is empty.",
                           fields={"filename": [Problem("required", "Give the file a name.")]})
    return name[:255]


def presign_upload(user: User, filename: str, content_type: str, size: int) -> dict:
    """Check the declared file and issue a key plus a signed PUT URL for it."""
    content_type = content_type.strip().lower()
    if content_type not in ALLOWED_TYPES:
        raise InvalidInput("This type of file cannot be attached.", code="type_not_allowed",
                           fields={"content_type": [Problem("type_not_allowed", "Not an allowed file type.")]})
    filename = clean_filename(filename)
    file_type = ALLOWED_TYPES[content_type]
    if extension(filename) not in file_type.extensions:
        allowed = ", ".join(f".{ext}" for ext in file_type.extensions)
        raise InvalidInput("The file name does not match its type.", code="extension_mismatch",
                           fields={"filename": [Problem("extension_mismatch",
                                                        f"A file of type {content_type} must end in {allowed}.",
                                                        {"extensions": allowed})]})
    max_bytes = current_app.config["UPLOAD_MAX_BYTES"]
    if size > max_bytes:
        raise InvalidInput("The file is larger than allowed.", code="too_large",
                           fields={"size": [Problem("file_too_large", f"At most {max_bytes} bytes.",
                                                   {"max_mb": round(max_bytes / 1024 / 1024, 1)})]})
    upload = Upload(
        key=f"uploads/{uuid.uuid4()}.{file_type.extensions[0]}",
        owner_id=user.id,
        filename=filename,
        content_type=content_type,
        size=size,
    )
    db.session.add(upload)
    db.session.commit()
    expires_in = current_app.config["UPLOAD_URL_EXPIRES"]
    presigned = get_storage().presign_upload(upload.key, content_type, expires_in)
    return {"url": presigned.url, "method": presigned.method, "headers": presigned.headers,
            "key": upload.key, "expires_in": expires_in}


def claim(user: User, keys: list[str], field: str, post: Post | None = None) -> list[Upload]:
    """The uploads behind `keys`, locked for the caller's transaction: each issued to `user`, not
    attached elsewhere (a post, a chat message, a profile), and present in storage with the declared size,
    type and first bytes. Keys already on `post` stay. Raises BadRequest naming every bad key under
    the caller's `field`. Locking the rows means two requests claiming one file at once cannot
    both have it: the second sees the first's attachment."""
    keys = list(dict.fromkeys(keys))
    uploads = {u.key: u for u in db.session.scalars(
        select(Upload).where(Upload.key.in_(keys)).with_for_update())}
    storage = get_storage()
    problems = []
    for key in keys:
        upload = uploads.get(key)
        if upload is not None and post is not None and upload.post_id == post.id:
            continue  # kept from the post as it was
        if upload is None or upload.owner_id != user.id:
            problems.append(Problem("attachment_not_yours", f"{key}: not issued to you."))
        elif upload.post_id is not None or upload.message_id is not None or upload.profile_user_id is not None:
            problems.append(Problem("attachment_in_use", f"{key}: already attached elsewhere."))
        elif not _matches_storage(storage.head(key), upload):
            problems.append(Problem("attachment_missing",
                                    f"{key}: the file was not uploaded, or differs from what was declared."))
    if problems:
        raise BadRequest("Some attachments cannot be used.", code="bad_attachment", fields={field: problems})
    return [uploads[key] for key in keys]


def _matches_storage(stored, upload: Upload) -> bool:
    """The stored object is what was declared: size, type, and bytes that start as that type's
    files do (a ranged GET of the first bytes; an .exe renamed .pdf fails here)."""
    if stored is None or stored.size != upload.size:
        return False
    if stored.content_type.split(";")[0].strip().lower() != upload.content_type:
        return False
    return ALLOWED_TYPES[upload.content_type].matches(get_storage().read_start(upload.key, HEAD_BYTES))


def attach_to_post(uploads: list[Upload], post: Post) -> None:
    """Make claimed `uploads` exactly the post's attachments; the caller commits."""
    wanted = {u.id for u in uploads}
    for current in db.session.scalars(select(Upload).where(Upload.post_id == post.id)):
        if current.id not in wanted:
            current.post_id = None
            current.attached_at = None
    for upload in uploads:
        if upload.post_id != post.id:
            upload.post_id = post.id
            upload.attached_at = utcnow()


def set_profile_photo(user: User, photo: Upload | None) -> Upload | None:
    """Make a claimed image `user`'s photo (None: no photo). The photo it replaces goes back to
    whoever uploaded it, unattached, as a removed post attachment does. Returns the replaced one;
    the caller commits."""
    current = db.session.scalar(select(Upload).where(Upload.profile_user_id == user.id).with_for_update())
    if current is not None and (photo is None or current.id != photo.id):
        current.profile_user_id = None
        current.attached_at = None
        db.session.flush()  # the unique owner column is free before the new photo takes it
    if photo is not None and photo.profile_user_id != user.id:
        photo.profile_user_id = user.id
        photo.attached_at = utcnow()
    return current if current is not photo else None


def presign_download(user: User, key: str) -> dict:
    """A short-lived GET URL, for anyone who may read what the file is attached to."""
    upload = db.session.scalar(select(Upload).where(Upload.key == key))
    if upload is None or not can_read(user, upload):
        raise NotFound("No such file.")
    url, expires_in = signed_download(upload)
    return {"url": url, "expires_in": expires_in, "filename": upload.filename,
            "content_type": upload.content_type, "size": upload.size}


def signed_download(upload: Upload) -> tuple[str, int]:
    """(url, seconds it lasts) to GET the file; images are shown inline. The caller has checked
    `can_read` (profile photos go out with every profile: any signed-in employee may see them)."""
    expires_in = current_app.config["DOWNLOAD_URL_EXPIRES"]
    url = get_storage().presign_download(upload.key, upload.filename, upload.content_type,
                                         inline=upload.is_image, expires_in=expires_in)
    return url, expires_in


def can_read(user: User, upload: Upload) -> bool:
    """Posts and profile photos are readable by every employee, a chat attachment by its
    conversation's current members; otherwise (unattached, or its message deleted) a file only by
    its owner."""
    if upload.post_id is not None or upload.profile_user_id is not None or upload.owner_id == user.id:
        return True
    return upload.message_id is not None and conversations.can_read_message(user, upload.message_id)
