from flask_jwt_extended import current_user

from portal.auth.permissions import SignedInView
from portal.chat import blp, conversations, messages
from portal.chat.schemas import (
    ConversationListSchema,
    ConversationSchema,
    HistoryArgs,
    MessageEditSchema,
    MessagePageSchema,
    MessageSchema,
    MessageSendSchema,
    OpenDmSchema,
    PeopleArgs,
    PeopleSchema,
    ReadSchema,
    RoomCreateSchema,
    RoomMembersSchema,
    RoomRenameSchema,
)
from portal.docs import follows, its_id
from portal.errors import documents_errors
from portal.people import service as people
from portal.schemas import shaped_response

errors = documents_errors(blp, 401)


def _details(found):
    conversation, member = found
    return conversations.conversation_details(current_user, conversation, member)


@blp.route("/conversations")
class Conversations(SignedInView):
    @blp.response(200, ConversationListSchema)
    @errors()
    def get(self):
        """My conversations with title, members, last message and unread count, most recent first."""
        return {"items": conversations.list_conversations(current_user)}


@blp.route("/conversations/<int:conversation_id>")
class ConversationResource(SignedInView):
    @blp.response(200, ConversationSchema)
    @errors(403, 404)
    def get(self, conversation_id):
        """One of my conversations."""
        return _details(conversations.membership(current_user, conversation_id))


@blp.route("/dm")
class DirectMessages(SignedInView):
    @follows(blp, 200, read=("get", "/api/chat/conversations/{conversation_id}", its_id("conversation_id")),
             history=("get", "/api/chat/conversations/{conversation_id}/messages", its_id("conversation_id")),
             send=("post", "/api/chat/conversations/{conversation_id}/messages", its_id("conversation_id")))
    @blp.arguments(OpenDmSchema)
    @blp.response(200, ConversationSchema)
    @errors()
    def post(self, data):
        """Open the DM with a colleague: the same pair always gets the same conversation."""
        return _details(conversations.open_dm(current_user, data["user_id"]))


@blp.route("/rooms")
class Rooms(SignedInView):
    @follows(blp, 201, read=("get", "/api/chat/conversations/{conversation_id}", its_id("conversation_id")),
             history=("get", "/api/chat/conversations/{conversation_id}/messages", its_id("conversation_id")),
             send=("post", "/api/chat/conversations/{conversation_id}/messages", its_id("conversation_id")),
             rename=("patch", "/api/chat/rooms/{conversation_id}", its_id("conversation_id")),
             add_members=("post", "/api/chat/rooms/{conversation_id}/members", its_id("conversation_id")),
             leave=("post", "/api/chat/rooms/{conversation_id}/leave", its_id("conversation_id")))
    @blp.arguments(RoomCreateSchema)
    @blp.response(201, ConversationSchema)
    @errors()
    def post(self, data):
        """Create a room; I own it and am its first member."""
        return _details(conversations.create_room(current_user, data["name"], data["member_ids"]))


@blp.route("/rooms/<int:conversation_id>")
class RoomResource(SignedInView):
    @blp.arguments(RoomRenameSchema)
    @blp.response(200, ConversationSchema)
    @errors(403, 404)
    def patch(self, data, conversation_id):
        """Rename a room (its owner or an admin)."""
        return _details(conversations.rename_room(current_user, conversation_id, data["name"]))


@blp.route("/rooms/<int:conversation_id>/members")
class RoomMembers(SignedInView):
    @blp.arguments(RoomMembersSchema)
    @blp.response(200, ConversationSchema)
    @errors(403, 404)
    def post(self, data, conversation_id):
        """Add colleagues to a room (any member may)."""
        return _details(conversations.add_members(current_user, conversation_id, data["user_ids"]))


@blp.route("/rooms/<int:conversation_id>/leave")
class RoomLeave(SignedInView):
    @blp.response(204)
    @errors(403, 404)
    def post(self, conversation_id):
        """Leave a room: its messages and events stop at once."""
        conversations.leave(current_user, conversation_id)


@blp.route("/conversations/<int:conversation_id>/messages")
class ConversationMessages(SignedInView):
    @blp.arguments(HistoryArgs, location="query")
    @blp.response(200, MessagePageSchema)
    @errors(403, 404)
    def get(self, args, conversation_id):
        """History, oldest first: page back with `before`, catch up with `after` (message ids)."""
        items, has_more = messages.history(current_user, conversation_id, **args)
        return shaped_response(MessagePageSchema, {"items": items, "has_more": has_more})

    @follows(blp, 201, edit=("patch", "/api/chat/messages/{message_id}", its_id("message_id")),
             delete=("delete", "/api/chat/messages/{message_id}", its_id("message_id")))
    @blp.arguments(MessageSendSchema())  # an instance: webargs would build one per request from the class
    @blp.response(201, MessageSchema)
    @errors(403, 404, 409)
    def post(self, data, conversation_id):
        """Send a message; resending with the same `client_id` returns the stored one."""
        message = messages.send(current_user, conversation_id, **data)
        if isinstance(message, dict):  # the hot path's message, already shaped as MessageSchema
            return shaped_response(MessageSchema, message), 201
        return message


@blp.route("/conversations/<int:conversation_id>/read")
class ReadPosition(SignedInView):
    @blp.arguments(ReadSchema)
    @blp.response(204)
    @errors(403, 404)
    def post(self, data, conversation_id):
        """Mark everything up to `message_id` as read."""
        messages.mark_read(current_user, conversation_id, data["message_id"])


@blp.route("/messages/<int:message_id>")
class MessageResource(SignedInView):
    @blp.arguments(MessageEditSchema)
    @blp.response(200, MessageSchema)
    @errors(403, 404, 409)
    def patch(self, data, message_id):
        """Edit my message; others see it as edited."""
        return messages.edit(current_user, message_id, data["body"])

    @blp.response(204)
    @errors(403, 404)
    def delete(self, message_id):
        """Delete my message; others see that it was deleted."""
        messages.delete(current_user, message_id)


@blp.route("/people")
class People(SignedInView):
    @blp.arguments(PeopleArgs, location="query")
    @blp.response(200, PeopleSchema)
    @errors()
    def get(self, args):
        """Active colleagues matching `q` (name, email or department), for new DMs and rooms
        (the people directory's search, portal.people)."""
        return {"items": people.search(current_user, args["q"], args["limit"])}
