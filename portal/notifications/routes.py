from flask.views import MethodView
from flask_jwt_extended import current_user

from portal.auth.permissions import signed_in
from portal.errors import documents_errors
from portal.notifications import blp, service
from portal.notifications.schemas import (
    NotificationListArgs,
    NotificationPageSchema,
    ReadAllSchema,
    UnreadCountSchema,
)

errors = documents_errors(blp, 401)


@blp.route("")
class Notifications(MethodView):
    @signed_in
    @blp.arguments(NotificationListArgs, location="query")
    @blp.response(200, NotificationPageSchema)
    @errors()
    def get(self, args):
        """My notifications, newest first (keyset pages; `unread=true` for the unread ones only)."""
        items, next_cursor = service.list_for(current_user, args["unread"], args["cursor"], args["limit"])
        return {"items": items, "next_cursor": next_cursor}


@blp.route("/unread-count")
class UnreadCount(MethodView):
    @signed_in
    @blp.response(200, UnreadCountSchema)
    @errors()
    def get(self):
        """How many of my notifications are unread (the badge and the tab title)."""
        return {"count": service.unread_count(current_user)}


@blp.route("/<int:notification_id>/read")
class ReadOne(MethodView):
    @signed_in
    @blp.response(204)
    @errors(404)
    def post(self, notification_id):
        """Mark one of my notifications read."""
        service.mark_read(current_user, notification_id)


@blp.route("/read-all")
class ReadAll(MethodView):
    @signed_in
    @blp.arguments(ReadAllSchema)
    @blp.response(200, UnreadCountSchema)
    @errors()
    def post(self, data):
        """Mark my unread notifications read (all, or about one post or conversation); returns how
        many are still unread."""
        service.mark_all_read(current_user, data["post_id"], data["conversation_id"])
        return {"count": service.unread_count(current_user)}
