"""Who works here: the directory, the people picker, profiles.

One home for people, so the directory, chat's "whom to message" and @mentions' picker find the
same colleagues by the same rule (`matching`). A profile is the company's part, department and
title, set by admins (portal.auth.accounts, from the admin area), and the employee's own part,
phone and photo, changed here by the employee or an admin. The photo is an upload owned through
`Upload.profile_user_id`, claimed as attachments are (portal.uploads.claim); its signed URL goes
out with the profile, since every signed-in employee may see it.
"""
from __future__ import annotations

from sqlalchemy import func, or_, select

from portal import audit
from portal.auth.permissions import ensure_may_change, may_change
from portal.chat import realtime
from portal.errors import InvalidInput, NotFound
from portal.extensions import db
from portal.field_problems import Problem
from portal.models import Upload, User
from portal.pagination import keyset_page_by
from portal.substring import contains
from portal.uploads import service as uploads

PHOTO_MAX_BYTES = 5 * 1024 * 1024  # the web app sends a 512 px JPEG; this bounds other clients


def matching(q: str):
    """The one people search: part of a name, an email or a department."""
    return or_(contains(User.name, q), contains(User.email, q), contains(User.department, q))


def _active():
    return User.is_active.is_(True)


# -- the directory and the picker ------------------------------------------------------------
def directory(q: str, department: str | None, cursor: str | None, limit: int):
    """Active employees by name, with their photos; a page and the cursor for the next."""
    query = (select(User, Upload).outerjoin(Upload, Upload.profile_user_id == User.id).where(_active()))
    if q.strip():
        query = query.where(matching(q.strip()))
    if department is not None:
        query = query.where(User.department == department)
    rows, next_cursor = keyset_page_by(db.session, query, User.name, User.id, cursor, limit)
    online = realtime.presence().online(user.id for user, _photo in rows)
    return [describe(user, photo, user.id in online) for user, photo in rows], next_cursor


def search(viewer: User, q: str, limit: int) -> list[User]:
    """Active colleagues (not the viewer) matching `q`, by name: whom to message, mention or add."""
    query = select(User).where(_active(), User.id != viewer.id)
    if q.strip():
        query = query.where(matching(q.strip()))
    return list(db.session.scalars(query.order_by(User.name, User.id).limit(limit)))


def departments() -> dict:
    """Each department with its number of active employees, by name; `total` counts everyone."""
    counted = db.session.execute(
        select(User.department, func.count(User.id)).where(_active(), User.department.is_not(None))
        .group_by(User.department).order_by(User.department)).all()
    total = db.session.scalar(select(func.count(User.id)).where(_active()))
    return {"items": [{"name": name, "count": count} for name, count in counted], "total": total}


# -- profiles ----------------------------------------------------------------------------------
def describe(user: User, photo: Upload | None, online: bool) -> dict:
    """A person as the directory and the profile show them. `online`: the portal is open in one of
    their browsers now (a socket, wherever they are in the portal; chat's presence)."""
    return {"id": user.id, "name": user.name, "email": user.email, "department": user.department,
            "title": user.title, "phone": user.phone,
            "photo_url": uploads.signed_download(photo)[0] if photo is not None else None, "online": online}


def _photo_of(user: User) -> Upload | None:
    return db.session.scalar(select(Upload).where(Upload.profile_user_id == user.id))


def _active_user(user_id: int, lock: bool = False) -> User:
    query = select(User).where(User.id == user_id, _active())
    if lock:  # one profile change at a time: the second sees the first's photo
        query = query.with_for_update().execution_options(populate_existing=True)
    user = db.session.scalar(query)
    if user is None:
        raise NotFound("No such person.")
    return user


def profile(viewer: User, user_id: int) -> dict:
    """An active employee's profile; a deactivated one is not found."""
    user = _active_user(user_id)
    online = user.id in realtime.presence().online([user.id])
    return {**describe(user, _photo_of(user), online), "can_edit": may_change(viewer, user.id)}


def update_profile(actor: User, user_id: int, **changes) -> dict:
    """Change the phone and/or the photo (`photo_key`: an uploaded image; None removes it) of the
    actor's own profile, or anyone's for an admin. A replaced photo goes back to its uploader."""
    user = _active_user(user_id, lock=True)
    ensure_may_change(actor, user.id, "You can change only your own profile.")
    changed = {}
    if "phone" in changes and changes["phone"] != user.phone:
        changed["phone"] = user.phone = changes["phone"]
    if "photo_key" in changes:
        current = _photo_of(user)
        key = changes["photo_key"]
        if key is None and current is not None:
            uploads.set_profile_photo(user, None)
            changed["photo"] = None
        elif key is not None and (current is None or current.key != key):
            uploads.set_profile_photo(user, _claim_photo(actor, key))
            changed["photo"] = key
    if changed and actor.id != user.id:
        audit.record(actor, "user.update", user, **changed)
    db.session.commit()
    return profile(actor, user.id)


def _claim_photo(actor: User, key: str) -> Upload:
    """The uploaded file behind `key`, if it can be a photo: the actor's, unattached, in storage
    as declared (uploads.claim), an image and not too large."""
    [photo] = uploads.claim(actor, [key], "photo_key")
    if not photo.is_image:
        raise InvalidInput("A photo must be an image.", code="not_an_image",
                           fields={"photo_key": [Problem("not_an_image", "Not an image (PNG, JPEG, GIF or WebP).")]})
    if photo.size > PHOTO_MAX_BYTES:
        raise InvalidInput("The photo is larger than allowed.", code="too_large",
                           fields={"photo_key": [Problem("file_too_large", f"At most {PHOTO_MAX_BYTES} bytes.",
                                                         {"max_mb": round(PHOTO_MAX_BYTES / 1024 / 1024, 1)})]})
    return photo
