"""Field errors as stable codes, so the web app can say them in the reader's language.

Every field error goes out twice: `fields` keeps the English sentences (API readers, older
clients) and `field_codes` gives each the same place a code plus parameters, which the SPA
translates (`fieldErrors.<code>` in its locale files). Services name their codes with `Problem`;
Marshmallow's validators only speak English, so a table of their sentences maps them back to
codes, and a sentence nobody coded becomes "invalid": the UI falls back to a translated
"check this value", never to English.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# Every code a field error can carry; the web app's locale test reads this list and requires a
# `fieldErrors.<code>` translation in Korean and English for each.
CODES = frozenset({
    "required", "null", "unknown_field", "invalid", "invalid_type", "invalid_email", "invalid_number",
    "invalid_boolean", "invalid_date", "too_short", "too_long", "length_between", "length_equal",
    "range_between", "range_min", "range_max", "one_of", "pattern", "too_large",
    "taken", "incorrect", "password_common", "slug_pattern", "bad_cursor", "not_found", "board_archived",
    "attachment_in_use", "attachment_not_yours", "attachment_missing", "client_id_reused", "unknown_user",
    "dm_self", "type_not_allowed", "extension_mismatch", "file_too_large", "unstorable_text",
    "before_or_after", "ends_before_start", "admins_only", "needs_sso", "needs_break_glass_admin",
    "password_login_forced_off", "same_as_current", "not_an_image", "phone_pattern",
})


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field: a code the SPA translates and the English sentence."""

    code: str
    message: str
    params: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.code not in CODES:
            raise ValueError(f"unknown field error code {self.code!r}: add it to CODES and the locale files")


# Marshmallow's own sentences (validators and fields), most specific first.
_MARSHMALLOW: list[tuple[re.Pattern, str]] = [(re.compile(pattern), code) for pattern, code in [
    (r"^Missing data for required field\.$", "required"),
    (r"^Field may not be null\.$", "null"),
    (r"^Unknown field\.$", "unknown_field"),
    (r"^Shorter than minimum length (?P<min>\d+)\.$", "too_short"),
    (r"^Longer than maximum length (?P<max>\d+)\.$", "too_long"),
    (r"^Length must be between (?P<min>\d+) and (?P<max>\d+)\.$", "length_between"),
    (r"^Length must be (?P<equal>\d+)\.$", "length_equal"),
    (r"^Must be greater than or equal to (?P<min>-?\d+) and less than or equal to (?P<max>-?\d+)\.$",
     "range_between"),
    (r"^Must be greater than or equal to (?P<min>-?\d+)\.$", "range_min"),
    (r"^Must be less than or equal to (?P<max>-?\d+)\.$", "range_max"),
    (r"^Must be one of: (?P<choices>.*)\.$", "one_of"),
    (r"^Not a valid email address\.$", "invalid_email"),
    (r"^Not a valid (integer|number)\.$", "invalid_number"),
    (r"^Not a valid boolean\.$", "invalid_boolean"),
    (r"^Not a valid (datetime|date)\.$", "invalid_date"),
    (r"^Not a valid (list|mapping type|string|utf-8 string)\.$|^Invalid (input )?type\.$", "invalid_type"),
    (r"^String does not match expected pattern\.$", "pattern"),
    (r"^Number too large\.$", "too_large"),
]]

# Sentences the portal's own schemas pass to Marshmallow validators (registered where defined).
_KNOWN: dict[str, Problem] = {}


def coded(code: str, message: str, **params) -> str:
    """Register a custom validator sentence under a code; returns the sentence for `error=`."""
    _KNOWN[message] = Problem(code, message, params)
    return message


def from_message(message: str) -> Problem:
    """The code for a sentence Marshmallow (or an uncoded service) produced."""
    if message in _KNOWN:
        return _KNOWN[message]
    for pattern, code in _MARSHMALLOW:
        match = pattern.match(message)
        if match:
            return Problem(code, message, {k: v for k, v in match.groupdict().items() if v is not None})
    return Problem("invalid", message)


def _leaves(value) -> list:
    """Marshmallow nests errors of list items and nested objects ({"0": [...]}); flatten them."""
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, (list, tuple)):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


def _sentences(value):
    """The same shape with each Problem replaced by its sentence (what `fields` always said)."""
    if isinstance(value, Problem):
        return value.message
    if isinstance(value, dict):
        return {key: _sentences(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_sentences(item) for item in value]
    return value


def split(fields: dict) -> tuple[dict, dict]:
    """`fields` as given (sentences, Problems, nested) → (`fields`, `field_codes`): the sentences
    in their usual shape, and a flat list of {code, params} per top-level field."""
    codes = {name: [{"code": problem.code, "params": problem.params}
                    for problem in (leaf if isinstance(leaf, Problem) else from_message(str(leaf))
                                    for leaf in _leaves(value))]
             for name, value in fields.items()}
    return _sentences(fields), codes
