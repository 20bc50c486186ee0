from flask_smorest import Blueprint

blp = Blueprint("chat", __name__, url_prefix="/api/chat",
                description="Direct messages and rooms (real-time events over Socket.IO)")

from portal.chat import routes  # noqa: E402,F401
