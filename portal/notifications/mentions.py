"""@mentions: `@김민지` (a name, its spaces left out) or `@minji.kim` (an email before its @).

The people picker in the editors inserts the name form; a name two people share mentions both.
"""
from __future__ import annotations

import re

from sqlalchemy import func, or_, select

from portal.extensions import db
from portal.models import User

MENTION = re.compile(r"(?<![\w@.])@([0-9A-Za-z가-힣._-]{1,64})")
MAX_MENTIONS = 20


def handles(text: str) -> list[str]:
    """The distinct handles in `text`, in order, at most MAX_MENTIONS."""
    if not text or "@" not in text:  # most messages mention no one
        return []
    found = dict.fromkeys(match.group(1).rstrip("._-") for match in MENTION.finditer(text))
    return [handle for handle in found if handle][:MAX_MENTIONS]


def mentioned_users(text: str) -> list[User]:
    """Active users `text` mentions by name or by email local part."""
    names = handles(text)
    if not names:
        return []
    by_email = [User.email.startswith(f"{name.lower()}@", autoescape=True) for name in names]
    return list(db.session.scalars(
        select(User).where(User.is_active.is_(True), or_(func.replace(User.name, " ", "").in_(names), *by_email))
        .order_by(User.id)))
