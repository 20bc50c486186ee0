"""Markdown to HTML that can never carry script: raw HTML off, then nh3 (ammonia) cleans.

Images load only from the portal itself (a path on this origin) or from hosts an admin listed
in MARKDOWN_IMAGE_HOSTS: any other image would be fetched by every reader's browser the moment
the post opens, which is how a read-tracking pixel works. Such an image becomes a plain link.
"""
import html
from urllib.parse import urlsplit

import nh3
from flask import current_app, has_app_context
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).enable(
    ["table", "strikethrough"]
)


def image_allowed(src: str) -> bool:
    parts = urlsplit(src)
    if not parts.scheme and not parts.netloc:
        # This origin: one leading slash. Browsers read "//host" and "///host" as another host,
        # though only the first has a netloc to Python. (markdown-it percent-encodes "\\".)
        return src.startswith("/") and not src.startswith("//")
    hosts = current_app.config.get("MARKDOWN_IMAGE_HOSTS", []) if has_app_context() else []
    return parts.scheme == "https" and parts.hostname in hosts


def _image(_renderer, tokens, index, options, env):
    token = tokens[index]
    src = token.attrGet("src") or ""
    if image_allowed(src):
        return _default_image(tokens, index, options, env)
    alt = html.escape(token.content or src)
    return f'<a href="{html.escape(src)}">{alt}</a>'


_default_image = _md.renderer.rules["image"]
_md.add_render_rule("image", _image)
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
