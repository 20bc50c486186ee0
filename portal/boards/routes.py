from flask.views import MethodView

from portal.auth.permissions import signed_in
from portal.boards import blp, service
from portal.boards.schemas import BoardListSchema


@blp.route("/boards")
class Boards(MethodView):
    @signed_in
    @blp.response(200, BoardListSchema)
    @blp.alt_response(401, response="UNAUTHORIZED")
    def get(self):
        """Boards open for reading and writing, in display order."""
        return {"items": service.list_boards()}
