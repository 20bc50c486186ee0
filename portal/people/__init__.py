from flask_smorest import Blueprint

blp = Blueprint("people", __name__, url_prefix="/api/people",
                description="The people directory and profiles: department, title, phone, photo")

from portal.people import routes  # noqa: E402,F401
