from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import UtcDateTime, utcnow

# At most one of the owner columns is set (pairwise, so SQLite and PostgreSQL read it alike).
ONE_OWNER = ("(post_id IS NULL OR message_id IS NULL) AND (post_id IS NULL OR profile_user_id IS NULL) "
             "AND (message_id IS NULL OR profile_user_id IS NULL)")


class Upload(db.Model):
    """An object key issued to a user. Once the object is verified it is attached to one thing
    that owns it: a post (`post_id`), a chat message (`message_id`) or an employee's profile, as
    the photo (`profile_user_id`); never two of them."""

    __tablename__ = "uploads"
    __table_args__ = (
        CheckConstraint(ONE_OWNER, name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(150))
    size: Mapped[int] = mapped_column(BigInteger)
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="SET NULL"), index=True
    )
    # A message has at most one attachment; deleting the message hands the file back to its owner.
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL"), unique=True
    )
    # An employee has at most one photo; replacing it hands the old file back to its uploader.
    profile_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    attached_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    @property
    def is_image(self) -> bool:
        return self.content_type_is_image(self.content_type)

    @staticmethod
    def content_type_is_image(content_type: str) -> bool:
        return content_type.startswith("image/")
