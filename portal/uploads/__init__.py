from flask_smorest import Blueprint

blp = Blueprint("uploads", __name__, url_prefix="/api/uploads",
                description="Presigned uploads and downloads")

from portal.uploads import routes  # noqa: E402,F401
