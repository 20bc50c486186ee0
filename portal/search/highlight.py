"""The matched words of a result, marked: text split into segments, each a match or not.

Segments are plain text (the web app wraps matches in <mark>), so nothing a user wrote is ever
sent as markup. The match is the search's own (portal.bigrams): case-insensitive. Text is shown
with its runs of whitespace (a Markdown body's line breaks) as one space.
"""
from __future__ import annotations

import re

from portal.bigrams import normalize

SNIPPET = 160  # characters of a long text shown around its first match
BEFORE = 50    # of which this many come before the match
# Markdown's marks a reader does not want in a snippet: headings, quotes, list bullets, emphasis,
# code ticks; a link or an image shows its text.
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_LINE_MARKS = re.compile(r"^\s*(?:#{1,6}|>|[-*+]|\d+\.)\s+", re.MULTILINE)
_INLINE_MARKS = re.compile(r"\*\*|__|~~|`+")


def plain(markdown: str) -> str:
    """A Markdown body as a snippet shows it: its words without the marks around them."""
    return _INLINE_MARKS.sub("", _LINE_MARKS.sub("", _LINK.sub(r"\1", markdown)))


def segments(text: str, term: str) -> list[dict]:
    """Every occurrence of `term` in `text` marked."""
    text = " ".join(text.split())
    found, start = [], 0
    for match in re.finditer(re.escape(normalize(term)), text, re.IGNORECASE):
        if match.start() > start:
            found.append({"text": text[start:match.start()], "match": False})
        found.append({"text": match.group(), "match": True})
        start = match.end()
    if start < len(text):
        found.append({"text": text[start:], "match": False})
    return found


def snippet(text: str, term: str, fallback: str = "") -> list[dict]:
    """About SNIPPET characters of `text` around the first occurrence of `term`, marked; without
    one (the term was in a title, say), `fallback` unmarked, or the start of `text`."""
    text = " ".join(text.split())
    first = re.search(re.escape(normalize(term)), text, re.IGNORECASE)
    if first is None:
        shown = fallback or text
        return segments(shown[:SNIPPET] + ("…" if len(shown) > SNIPPET else ""), term)
    start = max(0, min(first.start() - BEFORE, len(text) - SNIPPET))
    end = start + SNIPPET
    return segments(("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else ""), term)
