"""The HTML a news body may hold. Anything else (scripts, styles, event-handler attributes,
``javascript:`` links, images, iframes, classes) is stripped; the text inside stripped tags stays."""

import nh3

TAGS = {
    "p", "br", "strong", "em", "h2", "h3", "ul", "ol", "li", "a", "blockquote",
    "table", "caption", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(text: str) -> str:
    """Sanitised ``text``: only the allow-listed tags and attributes; links only to http, https and
    mailto addresses (relative ones are dropped too) and always with ``rel="noopener"``."""
    return nh3.clean(
        text or "",
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        url_relative="deny",
        link_rel="noopener",
        strip_comments=True,
    ).strip()
