import re

from flask_babel import lazy_gettext
from marshmallow import Schema, fields, validate

from api import i18n
from api.queries.everything import SEARCHABLE
from api.serializers.args import CHOICES_ERROR, ListArgs
from api.serializers.common import item_url

SNIPPET_LENGTH = 240
_TAG = re.compile(r"<[^>]+>")
# Which translated fields give a hit its title and snippet, per type.
_FIELDS = {
    "post": ("title", "excerpt"),
    "project": ("title", "summary"),
    "vacancy": ("title", "description"),
    "partner": ("name", "description"),
}


def _snippet(text: str | None) -> str | None:
    if not text:
        return None
    plain = " ".join(_TAG.sub(" ", text).split())
    return plain if len(plain) <= SNIPPET_LENGTH else plain[: SNIPPET_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def hit(kind: str, item, score: float) -> dict:
    translation = i18n.resolve(item)
    title_field, text_field = _FIELDS[kind]
    return {
        "type": kind,
        "id": item.id,
        "slug": item.slug,
        "title": getattr(translation, title_field),
        "snippet": _snippet(getattr(translation, text_field)),
        "locale": translation.locale,
        "url": item_url(item),
        "score": score,
    }


class SearchHitOut(Schema):
    type = fields.String(metadata={"enum": list(_FIELDS)})
    id = fields.Integer()
    slug = fields.String()
    title = fields.String()
    snippet = fields.String(allow_none=True)
    locale = fields.String(metadata={"description": "The locale the hit was matched and served in."})
    url = fields.String()
    score = fields.Float(metadata={"description": "Relevance; higher is better. Comparable within one response."})


class SearchPage(Schema):
    items = fields.List(fields.Nested(SearchHitOut))
    total = fields.Integer()
    limit = fields.Integer()
    next = fields.String(allow_none=True)
    next_cursor = fields.String(allow_none=True)
    requested_locale = fields.String()


class SearchArgs(ListArgs):
    q = fields.String(
        required=True,
        validate=validate.Length(1, 200, error=lazy_gettext("Must be between {min} and {max} characters long.")),
        metadata={"description": "Words to find; inflected forms and accents are matched."},
    )
    type = fields.List(
        fields.String(validate=validate.OneOf(list(SEARCHABLE), error=CHOICES_ERROR)),
        metadata={"description": "Restrict to these types (repeat the parameter for several)."},
    )
