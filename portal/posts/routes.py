from flask import current_app
from flask_jwt_extended import current_user

from portal.auth.permissions import SignedInView, signed_in
from portal.docs import documentation, follows, its_id
from portal.errors import documents_errors
from portal.extensions import limiter
from portal.posts import blp, reactions, service
from portal.posts.markdown import render
from portal.posts.schemas import (
    CommentListSchema,
    CommentSchema,
    CommentWriteSchema,
    PostCreateSchema,
    PostDetailSchema,
    PostListArgs,
    PostPageSchema,
    PostReactionsSchema,
    PostWriteSchema,
    PreviewSchema,
    PreviewWriteSchema,
    ReactionPathSchema,
)
from portal.schemas import shaped_response

errors = documents_errors(blp, 401)
# One instance for every request: given the class, webargs builds the schema again per request
# (a deepcopy of its fields), which cost ~5% of a page of posts. Loading does not change it.
_POST_LIST_ARGS = PostListArgs()


@blp.route("/posts")
class Posts(SignedInView):
    @blp.arguments(_POST_LIST_ARGS, location="query")
    @blp.response(200, PostPageSchema)
    @errors()
    def get(self, args):
        """Posts newest first; `q` matches title or body substrings (Korean too)."""
        items, next_cursor = service.list_posts(args["board_id"], args["q"], args["cursor"], args["limit"])
        return shaped_response(PostPageSchema, {"items": items, "next_cursor": next_cursor})

    @follows(blp, 201, read=("get", "/api/posts/{post_id}", its_id("post_id")),
             change=("put", "/api/posts/{post_id}", its_id("post_id")),
             comment=("post", "/api/posts/{post_id}/comments", its_id("post_id")),
             comments=("get", "/api/posts/{post_id}/comments", its_id("post_id")),
             delete=("delete", "/api/posts/{post_id}", its_id("post_id")))
    @blp.arguments(PostCreateSchema)
    @blp.response(201, PostDetailSchema)
    @errors(403)
    def post(self, data):
        """Write a post; attachment keys must come from /api/uploads/presign and be uploaded."""
        post = service.create_post(current_user, **data)
        return service.post_details(post.id, current_user)


def _previewer() -> str:
    return f"preview:user:{current_user.id}"


@blp.route("/posts/preview")
class PostPreview(SignedInView):
    # signed_in runs first (the list applies inside out), so the limit is per signed-in user.
    decorators = [limiter.limit(lambda: current_app.config["PREVIEW_LIMIT_PER_USER"], key_func=_previewer),
                  signed_in]

    @blp.arguments(PreviewWriteSchema)
    @blp.response(200, PreviewSchema)
    @documentation(blp.alt_response(429, response="TOO_MANY_REQUESTS"))
    @errors()
    def post(self, data):
        """The sanitised HTML a post body will show once published: the editor's preview."""
        return {"body_html": render(data["body"])}


@blp.route("/posts/<int:post_id>")
class PostResource(SignedInView):
    @blp.response(200, PostDetailSchema)
    @errors(404)
    def get(self, post_id):
        """A post with its attachments and rendered (sanitised) HTML."""
        return shaped_response(PostDetailSchema, service.post_details(post_id, current_user))

    @blp.arguments(PostWriteSchema)
    @blp.response(200, PostDetailSchema)
    @errors(403, 404)
    def put(self, data, post_id):
        """Replace title, body and attachments (author or admin)."""
        post = service.update_post(current_user, service.get_post(post_id), **data)
        return service.post_details(post.id, current_user)

    @blp.response(204)
    @errors(403, 404)
    def delete(self, post_id):
        """Delete a post and its comments (author or admin)."""
        service.delete_post(current_user, service.get_post(post_id))


@blp.route("/posts/<int:post_id>/view")
class PostView(SignedInView):
    @blp.response(200, PostReactionsSchema)
    @errors(404)
    def post(self, post_id):
        """The post page has opened: count the viewer once per post; returns its reactions and view count."""
        return reactions.record_view(current_user, post_id)


@blp.route("/posts/<int:post_id>/reactions/<kind>")
class PostReaction(SignedInView):
    @blp.arguments(ReactionPathSchema, location="path")
    @blp.response(200, PostReactionsSchema)
    @errors(404)
    def put(self, args, post_id, kind):
        """Leave a reaction (once per kind; again changes nothing); returns the post's reactions."""
        return reactions.react(current_user, post_id, args["kind"])

    @blp.arguments(ReactionPathSchema, location="path")
    @blp.response(200, PostReactionsSchema)
    @errors(404)
    def delete(self, args, post_id, kind):
        """Take a reaction back (if not there, nothing changes); returns the post's reactions."""
        return reactions.unreact(current_user, post_id, args["kind"])


@blp.route("/posts/<int:post_id>/comments")
class PostComments(SignedInView):
    @blp.response(200, CommentListSchema)
    @errors(404)
    def get(self, post_id):
        """Comments on a post, oldest first."""
        return shaped_response(CommentListSchema, {"items": service.list_comments(post_id, current_user)})

    @follows(blp, 201, change=("put", "/api/comments/{comment_id}", its_id("comment_id")),
             delete=("delete", "/api/comments/{comment_id}", its_id("comment_id")))
    @blp.arguments(CommentWriteSchema)
    @blp.response(201, CommentSchema)
    @errors(404)
    def post(self, data, post_id):
        """Comment on a post."""
        return service.add_comment(current_user, service.get_post(post_id), data["body"])


@blp.route("/comments/<int:comment_id>")
class CommentResource(SignedInView):
    @blp.arguments(CommentWriteSchema)
    @blp.response(200, CommentSchema)
    @errors(403, 404)
    def put(self, data, comment_id):
        """Change a comment's text (author or admin)."""
        return service.update_comment(current_user, comment_id, data["body"])

    @blp.response(204)
    @errors(403, 404)
    def delete(self, comment_id):
        """Delete a comment (author or admin)."""
        service.delete_comment(current_user, comment_id)
