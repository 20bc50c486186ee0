"""The `local` storage backend's own signed URLs (development only; S3 replaces these).
Registered only when STORAGE_BACKEND is `local` (see portal.storage.init_storage)."""
from flask import Blueprint, current_app, request, send_file

from portal.errors import error_response
from portal.storage import get_storage
from portal.storage.local import SignatureError

bp = Blueprint("local_storage", __name__)


def _refused():
    return error_response(403, "signature_invalid", "The link is invalid or has expired.")


@bp.route("/api/uploads/local/<path:key>", methods=["PUT", "GET"], endpoint="object")
def storage_object(key: str):
    storage = get_storage()
    params = request.args.to_dict()
    try:
        if request.method == "PUT":
            content_type = request.headers.get("Content-Type", "")
            storage.verify("PUT", key, params, content_type)
            request.max_content_length = current_app.config["UPLOAD_MAX_BYTES"]  # not the API's body limit
            try:
                storage.save(key, request.stream, content_type, current_app.config["UPLOAD_MAX_BYTES"])
            except ValueError:
                return error_response(413, "too_large", "The file is larger than allowed.")
            except FileExistsError:
                return error_response(412, "already_uploaded", "This file was uploaded already and cannot change.")
            return "", 200
        storage.verify("GET", key, params, params.get("type", ""))
        path = storage.path(key)
    except SignatureError:
        return _refused()
    if not path.is_file():
        return error_response(404, "not_found", "No such file.")
    response = send_file(path, mimetype=params.get("type"), max_age=0)
    response.headers["Content-Disposition"] = params.get("disposition", "attachment")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
