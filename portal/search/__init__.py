from flask_smorest import Blueprint

blp = Blueprint("search", __name__, url_prefix="/api/search",
                description="Search across the portal: posts, comments, people and my conversations")

from portal.search import routes  # noqa: E402,F401
