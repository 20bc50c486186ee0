from flask_smorest import Blueprint

blp = Blueprint("notices", __name__, url_prefix="/api",
                description="Notices: posts pinned by admins, and the read confirmations they may require")

from portal.notices import routes  # noqa: E402,F401
