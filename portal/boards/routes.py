
from portal.auth.permissions import SignedInView
from portal.boards import blp, service
from portal.boards.schemas import BoardListSchema
from portal.errors import documents_errors
from portal.schemas import shaped_response

errors = documents_errors(blp, 401)


@blp.route("/boards")
class Boards(SignedInView):
    @blp.response(200, BoardListSchema)
    @errors()
    def get(self):
        """Boards open for reading and writing, in display order."""
        return shaped_response(BoardListSchema, {"items": service.list_boards()})
