"""Flask extensions, created unbound and bound to the app in create_app()."""
import base64
import json

from flask import request
from flask_jwt_extended import JWTManager, view_decorators
from flask_jwt_extended.config import config as jwt_config
from flask_jwt_extended.default_callbacks import default_decode_key_callback
from flask_jwt_extended.tokens import _decode_jwt
from flask_limiter import Limiter
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from jwt import ExpiredSignatureError
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from portal.database import PortalSession
from portal.errors import PortalApi

# Deterministic constraint names, so migrations can refer to them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class PortalJWTManager(JWTManager):
    """flask-jwt-extended, parsing each token once: the library parses it three times (the claims
    and the header unverified, to hand them to a key callback, then verified), but the portal's
    key is one secret that does not depend on the token. Verification is the library's own."""

    def _decode_jwt_from_config(self, encoded_token: str, csrf_value=None, allow_expired: bool = False) -> dict:
        if allow_expired or self._decode_key_callback is not default_decode_key_callback:
            return super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired)
        try:
            return _decode_jwt(
                algorithms=jwt_config.decode_algorithms, allow_expired=False, audience=jwt_config.decode_audience,
                csrf_value=csrf_value, encoded_token=encoded_token, identity_claim_key=jwt_config.identity_claim_key,
                issuer=jwt_config.decode_issuer, leeway=jwt_config.leeway, secret=jwt_config.decode_key,
                verify_aud=jwt_config.decode_audience is not None, verify_sub=jwt_config.verify_sub)
        except ExpiredSignatureError:  # the library's own path, which attaches the header and claims
            return super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired)

    def init_app(self, app, add_context_processor: bool = False) -> None:
        super().init_app(app, add_context_processor)
        # After verifying a request's token, the library parses it a fourth time for its header
        # (`get_unverified_jwt_headers`: all three segments decoded and checked character by
        # character again, ~8% of a page of posts). Verification has already read and checked
        # that header, so the header segment alone is read here.
        view_decorators.get_unverified_jwt_headers = _header_of_verified_token


def _header_of_verified_token(encoded_token: str) -> dict:
    """The header of a token that decode_token() has just verified (signature, expiry, header)."""
    segment = encoded_token.split(".", 1)[0]
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def client_ip() -> str:
    return request.remote_addr or "unknown"


db = SQLAlchemy(model_class=Base, session_options={"class_": PortalSession})
migrate = Migrate()
jwt = PortalJWTManager()
api = PortalApi()
limiter = Limiter(key_func=client_ip)
socketio = SocketIO()
