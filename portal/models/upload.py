from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import UtcDateTime, utcnow


class Upload(db.Model):
    """An object key issued to a user; attached to a post once the object is verified."""

    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(150))
    size: Mapped[int] = mapped_column(BigInteger)
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    attached_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    @property
    def is_image(self) -> bool:
        return self.content_type_is_image(self.content_type)

    @staticmethod
    def content_type_is_image(content_type: str) -> bool:
        return content_type.startswith("image/")
