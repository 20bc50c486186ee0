from flask.views import MethodView
from flask_jwt_extended import current_user

from portal.auth.permissions import admin_only, signed_in
from portal.notices import blp
from portal.notices import service as notices
from portal.notices.schemas import (
    ConfirmationsSchema,
    NoticeListArgs,
    NoticeListSchema,
    NoticePinSchema,
    NoticeSchema,
    NoticeUpdateSchema,
)


@blp.route("/notices")
class Notices(MethodView):
    @signed_in
    @blp.arguments(NoticeListArgs, location="query")
    @blp.response(200, NoticeListSchema)
    @blp.alt_response(401, response="UNAUTHORIZED")
    def get(self, args):
        """Pinned notices: site-wide first, with whether I have confirmed each."""
        return {"items": notices.list_notices(current_user, args["board_id"])}

    @admin_only
    @blp.arguments(NoticePinSchema)
    @blp.response(201, NoticeSchema)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(403, response="FORBIDDEN")
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data):
        """Pin a post as a notice, site-wide or on its board (admins)."""
        return notices.pin(current_user, **data)


@blp.route("/notices/<int:notice_id>")
class NoticeResource(MethodView):
    @admin_only
    @blp.arguments(NoticeUpdateSchema)
    @blp.response(200, NoticeSchema)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(403, response="FORBIDDEN")
    @blp.alt_response(404, response="NOT_FOUND")
    def patch(self, data, notice_id):
        """Change a notice's scope or whether it must be confirmed (admins)."""
        return notices.update(current_user, notices.get_notice(notice_id), **data)

    @admin_only
    @blp.response(204)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(403, response="FORBIDDEN")
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, notice_id):
        """Unpin (the post stays)."""
        notices.unpin(current_user, notices.get_notice(notice_id))


@blp.route("/notices/<int:notice_id>/ack")
class NoticeAck(MethodView):
    @signed_in
    @blp.response(204)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, notice_id):
        """Confirm having read a notice that requires it."""
        notices.acknowledge(current_user, notices.get_notice(notice_id))


@blp.route("/notices/<int:notice_id>/acks")
class NoticeConfirmations(MethodView):
    @admin_only
    @blp.response(200, ConfirmationsSchema)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(403, response="FORBIDDEN")
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, notice_id):
        """Who has confirmed and who has not (admins)."""
        return notices.confirmations(notices.get_notice(notice_id))
