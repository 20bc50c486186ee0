from flask_smorest import Blueprint

blp = Blueprint("posts", __name__, url_prefix="/api",
                description="Posts and comments")

from portal.posts import routes  # noqa: E402,F401
