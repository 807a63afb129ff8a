"""Rich-text HTML from editors, cleaned before it is stored: an explicit allowlist applied by nh3 (Rust's ammonia).

Article bodies are rendered as HTML by every front end that reads the API, so whatever is stored is trusted
markup there. Cleaning once on the way in, with a parser-based sanitiser rather than regular expressions,
keeps script, event handlers, style, embedded documents and hostile URLs out of the database altogether.
A plain-text helper is not needed: titles and summaries are plain fields, escaped by whoever renders them.
"""

import nh3

TAGS = frozenset(
    {
        *("p", "br", "hr", "h2", "h3", "h4", "blockquote", "pre", "code"),
        *("strong", "em", "b", "i", "u", "s"),
        *("ul", "ol", "li"),
        *("a", "img", "figure", "figcaption"),
        *("table", "thead", "tbody", "tr", "th", "td"),
        # No span: without style or class attributes it carries nothing, so it is unwrapped and its text kept.
    }
)

ATTRIBUTES = {
    "a": {"href", "title"},  # rel is not listed: nh3 sets it on every link (LINK_REL).
    "img": {"src", "alt", "width", "height", "title"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
_NUMERIC_ATTRIBUTES = frozenset({"width", "height", "colspan", "rowspan"})

LINK_REL = "noopener noreferrer nofollow"

URL_SCHEMES = frozenset({"http", "https", "mailto"})

# Removed together with everything inside them; any other tag not in TAGS is unwrapped and its text kept.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "noscript", "iframe", "frame", "object", "svg", "math", "select", "textarea"}
)


def _numbers_only(tag: str, attribute: str, value: str) -> str | None:
    """Sizes and spans are plain numbers; anything else ("100%", "expression(…)") is dropped, not rewritten."""
    if attribute in _NUMERIC_ATTRIBUTES:
        return value if value.isascii() and value.isdigit() and len(value) <= 5 else None
    return value


_cleaner = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    attribute_filter=_numbers_only,
    strip_comments=True,
    link_rel=LINK_REL,
    url_schemes=set(URL_SCHEMES),
    # Relative URLs are dropped: the same body is rendered by the website, apps and partner sites, where a
    # relative (or protocol-relative "//host") URL would point somewhere different on each; store absolute URLs.
    url_relative="deny",
)


def clean_html(html: str | None) -> str | None:
    """The allowlisted subset of an HTML fragment; None stays None (a field left empty)."""
    if html is None:
        return None
    return _cleaner.clean(html)
