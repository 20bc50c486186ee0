from flask_smorest import Blueprint

blp = Blueprint("notifications", __name__, url_prefix="/api/notifications",
                description="My notifications: comments, replies, mentions, notices to confirm, DMs")

from portal.notifications import routes  # noqa: E402,F401
