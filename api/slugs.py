"""What a slug looks like: lower-case ASCII letters and digits in hyphen-separated runs, at most 120 long.

New slugs are made from titles by python-slugify with the text-unidecode table, which transliterates readably
(Молодёжь → molodezh, Ысык-Көл → ysyk-kol, Malmö → malmo, Łódź → lodz, Straße → strasse).
"""

import re
from collections.abc import Callable
from itertools import count

from slugify import slugify as _library_slugify
from werkzeug.routing import BaseConverter

SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
MAX_LENGTH = 120
_SLUG = re.compile(SLUG_PATTERN)

# What a title with nothing to transliterate (only emoji or punctuation, say) becomes; unique_slug numbers it.
FALLBACK_SLUG = "item"

# Apostrophes join rather than split: "Don't" → "dont", not "don-t".
_APOSTROPHES = [(quote, "") for quote in ("'", "\u2019", "\u02bc", "`")]


def is_slug(value: str) -> bool:
    return len(value) <= MAX_LENGTH and _SLUG.fullmatch(value) is not None


def slugify(text: str, max_length: int = 80) -> str:
    """A readable ASCII slug of a title in any script, cut at a hyphen to at most max_length characters."""
    if not 1 <= max_length <= MAX_LENGTH:
        raise ValueError(f"max_length must be between 1 and {MAX_LENGTH}")
    slug = _library_slugify(
        text,
        max_length=max_length,
        word_boundary=True,  # cut between words; a single word longer than max_length is cut inside it
        save_order=True,  # stop at the first word that does not fit, rather than skip it for shorter later ones
        replacements=_APOSTROPHES,
        # Pinned rather than "auto", which would switch to Unidecode (other output, GPL) if it were ever installed.
        backend="text-unidecode",
    )
    # The library's output always matches here; the check keeps the contract even if a future version differs.
    return slug if is_slug(slug) else FALLBACK_SLUG[:max_length]


def unique_slug(base: str, taken: Callable[[str], bool]) -> str:
    """base, or base-2, base-3, … (base shortened if need be to stay within MAX_LENGTH): the first not taken.

    Checking and then inserting can race with another writer; the unique constraint on the column stays the
    final word, and a conflict there is a retry.
    """
    if not is_slug(base):
        raise ValueError(f"not a slug: {base!r}")
    if not taken(base):
        return base
    for number in count(2):
        suffix = f"-{number}"
        candidate = base[: MAX_LENGTH - len(suffix)].rstrip("-") + suffix
        if not taken(candidate):
            return candidate
    raise AssertionError("unreachable")  # count() never ends


class SlugConverter(BaseConverter):
    """`/posts/<slug:slug>`: anything else is a 404 from routing, before any database sees it."""

    regex = SLUG_PATTERN
