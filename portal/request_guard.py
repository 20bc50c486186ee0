"""What every request must be before a view sees it: small, shallow, and storable.

A body over MAX_CONTENT_LENGTH is a 413 (Werkzeug stops reading there). JSON nested deeper
than any portal schema goes is refused before parsing, since Python's parser recurses and a
body of 100,000 brackets would otherwise end in a RecursionError. PostgreSQL cannot store NUL in
text and no encoding carries an unpaired surrogate (JSON can spell one: "\\ud800"); such
characters anywhere in the query string or the JSON body are a 422 naming the field, once,
here, rather than a 500 at whichever INSERT meets them first.
"""
from __future__ import annotations

import json
import re

from flask import Flask, request

from portal.errors import BadRequest, InvalidInput
from portal.field_problems import coded

MAX_JSON_DEPTH = 32  # the deepest portal schema is 3 levels
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_UNSTORABLE_MESSAGE = coded("unstorable_text", "Text may not contain NUL or unpaired surrogate characters.")


def nests_deeper(text: str, limit: int) -> bool:
    """Whether arrays and objects nest more than `limit` levels deep in `text` (brackets inside
    strings do not count)."""
    if text.count("[") + text.count("{") <= limit:  # too few brackets to nest that deep
        return False
    depth = 0
    for token in _JSON_TOKENS.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > limit:
                return True
        elif bracket in "]}":
            depth -= 1
    return False


def unstorable_fields(value, path: str = "") -> dict[str, list[str]]:
    """{field path: [message]} for every string (or key) in `value` the database cannot store."""
    if isinstance(value, str):
        return {path or "_body": [_UNSTORABLE_MESSAGE]} if _UNSTORABLE.search(value) else {}
    fields: dict[str, list[str]] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            if _UNSTORABLE.search(key):
                fields[name] = [_UNSTORABLE_MESSAGE]
            fields.update(unstorable_fields(item, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            fields.update(unstorable_fields(item, f"{path}.{index}" if path else str(index)))
    return fields


def _check_request() -> None:
    fields = {}
    if request.environ.get("QUERY_STRING"):  # most requests have none: none to parse
        fields = {name: [_UNSTORABLE_MESSAGE] for name, value in request.args.items(multi=True)
                  if _UNSTORABLE.search(name) or _UNSTORABLE.search(value)}
    if request.method not in ("GET", "HEAD") and request.is_json:  # is_json parses a header: reads skip it
        try:
            text = request.get_data(cache=True).decode()
        except UnicodeDecodeError:
            text = None  # not UTF-8: the schema layer answers "not valid JSON"
        if text is not None:
            if nests_deeper(text, MAX_JSON_DEPTH):
                raise BadRequest(f"The request body nests deeper than {MAX_JSON_DEPTH} levels.", code="too_deep")
            # JSON text can only carry NUL or a lone surrogate as a \u escape (raw control
            # characters are invalid JSON, and the text decoded as UTF-8): most bodies have none.
            if "\\u" in text:
                try:
                    fields.update(unstorable_fields(json.loads(text)))
                except ValueError:
                    pass  # malformed JSON: the schema layer answers it
    if fields:
        raise InvalidInput(_UNSTORABLE_MESSAGE, code="unstorable_text", fields=fields)


def init_app(app: Flask) -> None:
    app.before_request(_check_request)
