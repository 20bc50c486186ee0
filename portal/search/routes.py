from flask_jwt_extended import current_user

from portal.auth.permissions import SignedInView
from portal.errors import documents_errors
from portal.search import blp, service
from portal.search.schemas import SearchArgs, SearchPageSchema

errors = documents_errors(blp, 401)


@blp.route("")
class Search(SignedInView):
    @blp.arguments(SearchArgs, location="query")
    @blp.response(200, SearchPageSchema)
    @errors()
    def get(self, args):
        """Find a term in posts, comments, people or my conversations' messages (`scope`), newest
        first (people by name), with the matched words marked in `title` and `snippet`."""
        items, next_cursor = service.search(current_user, **args)
        return {"items": items, "next_cursor": next_cursor}
