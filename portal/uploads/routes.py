from flask import current_app
from flask_jwt_extended import current_user

from portal.auth.permissions import SignedInView
from portal.docs import follows
from portal.errors import documents_errors
from portal.uploads import blp, service
from portal.uploads.rules import ALLOWED_TYPES
from portal.uploads.schemas import (
    PresignDownloadArgs,
    PresignedDownloadSchema,
    PresignedUploadSchema,
    PresignUploadSchema,
    UploadLimitsSchema,
)

errors = documents_errors(blp, 401)


@blp.route("/presign")
class PresignUpload(SignedInView):
    @follows(blp, 200, download=("get", "/api/uploads/presign-get", {"key": "$response.body#/key"}))
    @blp.arguments(PresignUploadSchema)
    @blp.response(200, PresignedUploadSchema)
    @errors()
    def post(self, declared):
        """Issue a key and a signed PUT URL; the browser uploads straight to storage."""
        return service.presign_upload(current_user, **declared)


@blp.route("/presign-get")
class PresignDownload(SignedInView):
    @blp.arguments(PresignDownloadArgs, location="query")
    @blp.response(200, PresignedDownloadSchema)
    @errors(404)
    def get(self, args):
        """A short-lived download URL, for users who may read what the file belongs to."""
        return service.presign_download(current_user, args["key"])


@blp.route("/limits")
class Limits(SignedInView):
    @blp.response(200, UploadLimitsSchema)
    @errors()
    def get(self):
        """The maximum size and the allowed types, so clients can refuse early."""
        return {"max_bytes": current_app.config["UPLOAD_MAX_BYTES"],
                "content_types": sorted(ALLOWED_TYPES)}
