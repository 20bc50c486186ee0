from flask_smorest import Blueprint

blp = Blueprint("admin", __name__, url_prefix="/api/admin",
                description="Users, boards, audit log and statistics (admins only)")

from portal.admin import routes  # noqa: E402,F401
