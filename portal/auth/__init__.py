from flask_smorest import Blueprint

blp = Blueprint("auth", __name__, url_prefix="/api/auth", description="Sign-in and sessions")

from portal.auth import routes  # noqa: E402,F401
from portal.auth.sso import routes as sso_routes  # noqa: E402,F401
