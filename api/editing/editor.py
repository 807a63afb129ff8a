"""What a content type's writes need to know about it: its input schemas, who may write it, which partner
organisations own an item, and how validated input lands on the model."""

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext
from marshmallow import Schema
from sqlalchemy import inspect

from api.auth import STAFF
from api.editing import operations
from api.errors import InvalidParameters
from api.extensions import db
from api.models import Country, Partner, Role
from api.models.base import PublishableMixin
from api.queries.listing import Listing


@dataclass(frozen=True)
class Editor:
    """One content type's write rules; api.editing.actions applies them for REST and GraphQL alike."""

    name: str  # the collection, e.g. "posts"
    listing: Listing
    input: type[Schema]
    patch: type[Schema]
    translation_input: type[Schema]
    # The field a new slug is made from: in the original locale's text, or on the item itself (an author's name).
    title_field: str = "title"
    html_fields: tuple[str, ...] = ()
    # Who may create (and delete) items, and who may change them; partner tokens only their own (see `owners`).
    creators: tuple[Role, ...] = STAFF
    writers: tuple[Role, ...] = STAFF
    owners: Callable[[object], set[int]] = lambda _item: set()
    # Makes a partner's new item its own (a post names it, a vacancy is hosted by it).
    claim: Callable[[object, Partner], None] = lambda _item, _partner: None
    # Input that needs the item to be read (a deadline without an offset is in the vacancy's own zone).
    prepare: Callable[[object, dict], dict] = lambda _item, data: data

    @property
    def model(self) -> type:
        return self.listing.model

    @property
    def translation_model(self) -> type:
        return self.listing.translation

    @property
    def publishable(self) -> bool:
        return issubclass(self.model, PublishableMixin)

    @property
    def organisation_fields(self) -> tuple[str, ...]:
        """The links that name partner organisations (a post's or project's `partners`, a vacancy's `host`)."""
        mapper = inspect(self.model)
        return tuple(
            relationship.key
            for relationship in mapper.relationships
            if relationship.mapper.class_ is Partner and not relationship.viewonly
        )

    def organisations(self, item) -> dict[str, set[int]]:
        """The partner organisations the item names, by field."""
        named = {}
        for field in self.organisation_fields:
            value = getattr(item, field)
            linked = value if isinstance(value, list) else [value] if value is not None else []
            named[field] = {partner.id for partner in linked}
        return named

    def title_in(self, data: dict) -> str:
        text = (data.get("translations") or {}).get(data.get("original_locale"), {})
        return text.get(self.title_field) or data.get(self.title_field) or ""

    def apply(self, item, data: dict) -> None:
        """Set the item's columns, links (given by slug or country code) and texts; only the keys present change."""
        mapper = inspect(self.model)
        data = self.prepare(item, dict(data))
        with db.session.no_autoflush:  # a half-set item is not flushed by the look-ups of its links
            self._apply(item, mapper, data)
        if not any(text.locale == item.original_locale for text in item.translations):
            self._add_original_text(item)

    def _add_original_text(self, item) -> None:
        """Every item has a text row in its original locale: an empty one where all its fields are optional (an
        author's role and bio); elsewhere a new original locale needs its text."""
        if self.input.text_required:
            reason = gettext("Give the text in the original locale.")
            raise InvalidParameters([{"name": "original_locale", "reason": reason}], status=422)
        item.translations.append(self.translation_model(locale=item.original_locale))

    def _apply(self, item, mapper, data: dict) -> None:
        for key, value in data.items():
            if key == "translations":
                for locale, text in value.items():
                    operations.set_translation(item, self.translation_model, locale, text, self.html_fields)
            elif key in mapper.relationships:
                setattr(item, key, _linked(mapper.relationships[key], key, value))
            else:
                setattr(item, key, value)


def _linked(relationship, key: str, value):
    target = relationship.mapper.class_
    if target is Country:
        found = operations.countries(value if relationship.uselist else [value] if value else [])
    else:
        found = operations.lookup(target, value if relationship.uselist else [value] if value else [], key)
    return found if relationship.uselist else (found[0] if found else None)
