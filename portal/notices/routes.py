from flask import current_app
from flask_jwt_extended import current_user

from portal.auth.permissions import AdminView, SignedInView, admin_only
from portal.docs import follows, its_id
from portal.errors import documents_errors
from portal.notices import blp
from portal.notices import service as notices
from portal.notices.schemas import (
    AdminNoticeListSchema,
    ConfirmationsSchema,
    CsvArgs,
    NoticeComposeSchema,
    NoticeListArgs,
    NoticeListSchema,
    NoticePinSchema,
    NoticeSchema,
    NoticeUpdateSchema,
)
from portal.schemas import shaped_response

errors = documents_errors(blp, 401)


@blp.route("/notices")
class Notices(SignedInView):
    @blp.arguments(NoticeListArgs, location="query")
    @blp.response(200, NoticeListSchema)
    @errors()
    def get(self, args):
        """Pinned notices: site-wide first, with whether I have confirmed each."""
        return shaped_response(NoticeListSchema, {"items": notices.list_notices(current_user, args["board_id"])})

    @follows(blp, 201, change=("patch", "/api/notices/{notice_id}", its_id("notice_id")),
             acknowledge=("post", "/api/notices/{notice_id}/ack", its_id("notice_id")),
             confirmations=("get", "/api/notices/{notice_id}/acks", its_id("notice_id")),
             unpin=("delete", "/api/notices/{notice_id}", its_id("notice_id")))
    @admin_only
    @blp.arguments(NoticePinSchema)
    @blp.response(201, NoticeSchema)
    @errors(403, 409)
    def post(self, data):
        """Pin a post as a notice, site-wide or on its board (admins)."""
        return notices.pin(current_user, **data)


@blp.route("/admin/notices")
class AdminNotices(AdminView):
    @blp.response(200, AdminNoticeListSchema)
    @errors(403)
    def get(self):
        """Every notice, scheduled, active or ended, with its state (admins)."""
        return {"items": notices.list_all(current_user)}

    @follows(blp, 201, change=("patch", "/api/notices/{notice_id}", its_id("notice_id")),
             retire=("post", "/api/notices/{notice_id}/retire", its_id("notice_id")),
             confirmations=("get", "/api/notices/{notice_id}/acks", its_id("notice_id")))
    @blp.arguments(NoticeComposeSchema)
    @blp.response(201, NoticeSchema)
    @errors(403)
    def post(self, data):
        """Write a notice: a new post on a board, pinned at once, optionally scheduled (admins)."""
        return notices.compose(current_user, **data)


@blp.route("/notices/<int:notice_id>")
class NoticeResource(AdminView):
    @blp.arguments(NoticeUpdateSchema)
    @blp.response(200, NoticeSchema)
    @errors(403, 404)
    def patch(self, data, notice_id):
        """Change a notice's scope, whether it must be confirmed, its window, title or body (admins)."""
        return notices.update(current_user, notices.get_notice(notice_id), **data)

    @blp.response(204)
    @errors(403, 404)
    def delete(self, notice_id):
        """Unpin (the post stays)."""
        notices.unpin(current_user, notices.get_notice(notice_id))


@blp.route("/notices/<int:notice_id>/retire")
class NoticeRetire(AdminView):
    @blp.response(200, NoticeSchema)
    @errors(403, 404)
    def post(self, notice_id):
        """End a notice now: no longer listed, kept in the admin list as ended (admins)."""
        return notices.retire(current_user, notices.get_notice(notice_id))


@blp.route("/notices/<int:notice_id>/ack")
class NoticeAck(SignedInView):
    @blp.response(204)
    @errors(404)
    def post(self, notice_id):
        """Confirm having read a notice that requires it."""
        notices.acknowledge(current_user, notices.get_notice(notice_id))


@blp.route("/notices/<int:notice_id>/acks")
class NoticeConfirmations(AdminView):
    @blp.response(200, ConfirmationsSchema)
    @errors(403, 404)
    def get(self, notice_id):
        """Who has confirmed and who has not (admins)."""
        return notices.confirmations(notices.get_notice(notice_id))


@blp.route("/notices/<int:notice_id>/acks.csv")
class NoticeConfirmationsCsv(AdminView):
    @blp.arguments(CsvArgs, location="query")
    @blp.response(200, content_type="text/csv",
                  description="UTF-8 CSV with a byte order mark (Excel reads Korean names correctly)")
    @errors(403, 404)
    def get(self, args, notice_id):
        """Who has and has not confirmed, as a spreadsheet (admins)."""
        notice = notices.get_notice(notice_id)
        text = notices.confirmations_csv(current_user, notice, args["lang"])
        response = current_app.response_class("\ufeff" + text, mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="notice-{notice.id}-confirmations.csv"'
        return response
