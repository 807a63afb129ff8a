"""What a slug looks like: lower-case ASCII letters and digits in hyphen-separated runs, at most 120 long."""

import re

from werkzeug.routing import BaseConverter

SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
MAX_LENGTH = 120
_SLUG = re.compile(SLUG_PATTERN)


def is_slug(value: str) -> bool:
    return len(value) <= MAX_LENGTH and _SLUG.fullmatch(value) is not None


class SlugConverter(BaseConverter):
    """`/posts/<slug:slug>`: anything else is a 404 from routing, before any database sees it."""

    regex = SLUG_PATTERN
