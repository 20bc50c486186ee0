from flask_smorest import Blueprint

blp = Blueprint("boards", __name__, url_prefix="/api", description="Boards")

from portal.boards import routes  # noqa: E402,F401
