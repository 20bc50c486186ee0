from flask_smorest import Blueprint

blp = Blueprint("posts", __name__, url_prefix="/api",
                description="Boards, posts, comments and notices")

from portal.posts import notice_routes, routes  # noqa: E402,F401
