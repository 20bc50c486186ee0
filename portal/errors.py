"""The one JSON error envelope: {"error": {"code", "message", "fields"}}."""
from __future__ import annotations

import logging

import marshmallow as ma
from flask import jsonify
from flask_smorest import Api
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from portal import field_problems
from portal.docs import documentation

log = logging.getLogger("portal.errors")

CODES_BY_STATUS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


SHORT_MESSAGES = {
    404: "Not found.",
    405: "This method is not allowed here.",
    413: "The request is too large.",
    415: "Send the request body as JSON.",
}


# Names of the error responses flask-smorest registers in the OpenAPI document.
RESPONSE_NAMES = {400: "BAD_REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND",
                  409: "CONFLICT", 429: "TOO_MANY_REQUESTS"}


def documents_errors(blp, *always):
    """One blueprint's `errors(*statuses)` decorator: documents on a view the error statuses it
    can answer, besides `always` (401 for signed-in views, 403 too for admin views)."""

    def errors(*statuses):
        def decorate(view):
            for status in (*always, *statuses):
                view = documentation(blp.alt_response(status, response=RESPONSE_NAMES[status]))(view)
            return view

        return decorate

    return errors


class FieldCodeSchema(ma.Schema):
    code = ma.fields.String(required=True, metadata={"description": "Stable code, e.g. taken, too_short"})
    params = ma.fields.Dict(required=True, metadata={"description": "Values the sentence names (min, max)"})


class ErrorDetailSchema(ma.Schema):
    code = ma.fields.String(required=True, metadata={"description": "Machine-readable code"})
    message = ma.fields.String(required=True, metadata={"description": "Human-readable message"})
    fields = ma.fields.Dict(metadata={"description": "Messages per input field (English sentences)"})
    field_codes = ma.fields.Dict(
        keys=ma.fields.String(), values=ma.fields.List(ma.fields.Nested(FieldCodeSchema)),
        metadata={"description": "The same problems as codes with parameters, per field, to translate"})


class ErrorSchema(ma.Schema):
    error = ma.fields.Nested(ErrorDetailSchema, required=True)


class PortalError(Exception):
    """An expected failure a service reports to the client."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, fields: dict | None = None,
                 status: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.status = status or self.status
        self.fields = fields or {}


class BadRequest(PortalError):
    status, code = 400, "bad_request"


class InvalidInput(PortalError):
    status, code = 422, "validation_error"


class Unauthorized(PortalError):
    status, code = 401, "unauthorized"


class Forbidden(PortalError):
    status, code = 403, "forbidden"


class NotFound(PortalError):
    status, code = 404, "not_found"


class Conflict(PortalError):
    status, code = 409, "conflict"


def error_response(status: int, code: str, message: str, fields: dict | None = None, headers=None):
    body = {"error": {"code": code, "message": message}}
    if fields:
        body["error"]["fields"], body["error"]["field_codes"] = field_problems.split(fields)
    response = jsonify(body)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _webargs_fields(messages) -> dict:
    """webargs reports {"json": {...}} or {"query": {...}}; clients want the field names."""
    fields: dict = {}
    if isinstance(messages, dict):
        for location_messages in messages.values():
            if isinstance(location_messages, dict):
                fields.update(location_messages)
            else:
                fields.setdefault("_body", location_messages)
    return fields


class PortalApi(Api):
    """flask-smorest's Api with the portal's error envelope for every HTTP error."""

    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error: HTTPException):
        status = error.code or 500
        code = CODES_BY_STATUS.get(status, "error")
        data = getattr(error, "data", None) or {}
        message = data.get("message") or SHORT_MESSAGES.get(status) or error.description or error.name
        fields = _webargs_fields(data.get("messages")) if "messages" in data else {}
        headers = dict(data.get("headers") or {})
        if status == 400 and fields.get("_body") == ["Invalid JSON body."]:
            code, message, fields = "bad_json", "The request body is not valid JSON.", {}
        elif status == 422:
            message = "Some fields are missing or invalid."
        elif status == 429:
            message = "Too many attempts. Try again later."
            response = error.get_response()
            if "Retry-After" in response.headers:
                headers["Retry-After"] = response.headers["Retry-After"]
        elif status >= 500:
            message = "Something went wrong on the server."
        return error_response(status, code, message, fields, headers)


def _database_unreachable(error: Exception) -> bool:
    """PostgreSQL refused, dropped or timed out a connection (not a bug in the request)."""
    return isinstance(error, OperationalError) or (
        isinstance(error, DBAPIError) and error.connection_invalidated)


def register_error_handlers(app) -> None:
    @app.errorhandler(PortalError)
    def handle_portal_error(error: PortalError):
        return error_response(error.status, error.code, error.message, error.fields)

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return PortalApi.handle_http_exception(None, error)
        if _database_unreachable(error):
            log.warning("database unavailable: %s", str(error).splitlines()[0])
            return error_response(503, "database_unavailable",
                                  "The database is unavailable. Try again in a few seconds.",
                                  headers={"Retry-After": "5"})
        log.exception("unhandled error")
        return error_response(500, "internal_error", "Something went wrong on the server.")
