"""The portal's tables, one module per aggregate."""
from portal.models.audit import AuditEvent
from portal.models.board import Board, Comment, Post
from portal.models.chat import Conversation, ConversationMember, Message
from portal.models.notice import Notice, NoticeAck
from portal.models.notification import Notification
from portal.models.reaction import PostReaction, PostReactionCount, PostView
from portal.models.upload import Upload
from portal.models.user import AuthSession, SignInPolicy, User

__all__ = ["AuditEvent", "AuthSession", "Board", "Comment", "Conversation", "ConversationMember",
           "Message", "Notice", "NoticeAck", "Notification", "Post", "PostReaction",
           "PostReactionCount", "PostView", "SignInPolicy", "Upload", "User"]
