"""Markdown to HTML that can never carry script: raw HTML off, then nh3 (ammonia) cleans."""
import html

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).enable(
    ["table", "strikethrough"]
)
_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "s", "code",
    "pre", "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th",
    "td",
}
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"},
               "th": {"align"}, "td": {"align"}}


def render(markdown: str) -> str:
    return nh3.clean(
        _md.render(markdown),
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def plain_text(markdown: str, length: int) -> str:
    """The words of a Markdown text without its markup, for excerpts in lists."""
    text = " ".join(html.unescape(nh3.clean(_md.render(markdown), tags=set())).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
