"""GET /api/health: is this process able to serve, including its database?"""
import logging

import marshmallow as ma
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db
from portal.schemas import shaped_response

blp = Blueprint("health", __name__, url_prefix="/api", description="Operations")
log = logging.getLogger("portal.health")


class HealthSchema(ma.Schema):
    status = ma.fields.String(required=True, metadata={"enum": ["ok", "error"]})
    db = ma.fields.String(required=True, metadata={"enum": ["ok", "error"]})


@blp.route("/health")
class Health(MethodView):
    @blp.doc(security=[])
    @blp.response(200, HealthSchema)
    @blp.alt_response(503, schema=HealthSchema, description="The database is unreachable")
    def get(self):
        """Liveness and database reachability, for load balancers and monitoring."""
        try:
            # A pooled connection straight from the engine: the check is about the database,
            # and the ORM session's bookkeeping would cost more than the round trip.
            with db.engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
        except SQLAlchemyError as exc:
            log.warning("health check failed: %s", type(exc).__name__)
            return {"status": "error", "db": "error"}, 503
        return shaped_response(HealthSchema, {"status": "ok", "db": "ok"})
