"""GET /api/health: is this process able to serve, including its database?"""
import logging

import marshmallow as ma
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal import database
from portal.docs import documentation
from portal.schemas import shaped_response

blp = Blueprint("health", __name__, url_prefix="/api", description="Operations")
log = logging.getLogger("portal.health")
_SELECT_ONE = text("SELECT 1")


class HealthSchema(ma.Schema):
    status = ma.fields.String(required=True, metadata={"enum": ["ok", "error"]})
    db = ma.fields.String(required=True, metadata={"enum": ["ok", "error"]})


@blp.route("/health")
class Health(MethodView):
    @documentation(blp.doc(security=[]))
    @blp.response(200, HealthSchema)
    @documentation(blp.alt_response(503, schema=HealthSchema, description="The database is unreachable"))
    def get(self):
        """Liveness and database reachability, for load balancers and monitoring."""
        try:
            # A pooled connection outside a transaction (database.rows): the check is about the
            # database, and neither the ORM session's bookkeeping nor a BEGIN and a ROLLBACK
            # around the statement (two more round trips) tell more than `SELECT 1`.
            database.rows(_SELECT_ONE, {})
        except SQLAlchemyError as exc:
            log.warning("health check failed: %s", type(exc).__name__)
            return {"status": "error", "db": "error"}, 503
        return shaped_response(HealthSchema, {"status": "ok", "db": "ok"})
