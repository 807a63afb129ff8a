"""Output building blocks shared by every resource: translated fields, locale metadata, compact references."""

from flask import url_for
from marshmallow import Schema, fields

from api import auth, i18n
from api.extensions import db
from api.models import Author, Partner, Post, Project, PublicationStatus, Theme, Vacancy
from api.visibility import is_syndicated

ENDPOINTS = {
    Post: "posts.PostBySlug",
    Project: "projects.ProjectBySlug",
    Partner: "partners.PartnerBySlug",
    Vacancy: "vacancies.VacancyBySlug",
    Theme: "themes.ThemeBySlug",
    Author: "authors.AuthorBySlug",
}


def item_url(item, lang: str | None = None) -> str:
    return url_for(ENDPOINTS[type(item)], slug=item.slug, lang=lang, _external=True)


class Derived:
    """A field whose value a function computes from the item (documented with the field's own type)."""

    def __init__(self, *args, getter, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.getter = getter

    def get_value(self, obj, attr, accessor=None, default=None):
        return self.getter(obj)


class DerivedString(Derived, fields.String):
    pass


class DerivedNested(Derived, fields.Nested):
    pass


class DerivedDict(Derived, fields.Dict):
    pass


class Translated(fields.String):
    """A text field read from the translation the item is served in (see i18n.resolve)."""

    def get_value(self, obj, attr, accessor=None, default=None):
        translation = i18n.resolve(obj)
        return getattr(translation, self.attribute or attr, None) if translation else None


def without_empty(value):
    """JSON with what is unknown left out rather than sent as null or empty (JSON Feed, JSON-LD)."""
    if isinstance(value, dict):
        cleaned = {key: without_empty(item) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if item not in (None, [], {})}
    if isinstance(value, list):
        return [without_empty(item) for item in value]
    return value


class TokenRef(Schema):
    id = fields.Integer()
    name = fields.String()
    role = fields.String()


class HistoryOut(Schema):
    created_at = fields.DateTime()
    created_by = fields.Nested(TokenRef, allow_none=True)
    updated_at = fields.DateTime()
    updated_by = fields.Nested(TokenRef, allow_none=True)


def history(item):
    """Who created and last changed the item: for staff only, since a name can put a volunteer at risk, and never
    in a syndicated answer (a sync page read with a staff token)."""
    return item if auth.is_staff() and not is_syndicated(db.session) else None


class LocalizedSchema(Schema):
    """Every translatable item says which locale it was served in, which was asked for, and what else exists."""

    locale = fields.Method("served_locale", metadata={"description": "The locale the text is served in."})
    requested_locale = fields.Function(
        lambda _item: i18n.requested_locale(), metadata={"description": "The locale the client asked for."}
    )
    translations = fields.Method(
        "translation_links",
        metadata={"description": "Every locale the item exists in: its URL and last update (for hreflang)."},
    )
    url = fields.Function(item_url, metadata={"description": "This item in the API."})
    # Item responses only: each type's Summary (its list form) leaves the history out, as it costs a look-up per item.
    version = fields.Integer(metadata={"description": "Goes up with every saved change (the ETag starts with it)."})
    history = DerivedNested(
        HistoryOut,
        getter=history,
        allow_none=True,
        metadata={"description": "Who created and last changed it, and when; with a staff token only, else null."},
    )

    def served_locale(self, item) -> str | None:
        translation = i18n.resolve(item)
        return translation.locale if translation else None

    def translation_links(self, item) -> dict:
        return {
            translation.locale: {
                "url": item_url(item, translation.locale),
                "updated_at": translation.updated_at.isoformat(),
            }
            for translation in item.translations
        }


class CountryRef(Schema):
    code = fields.String()
    name = DerivedString(getter=lambda country: country.name(i18n.requested_locale()))


class ThemeRef(Schema):
    id = fields.Integer()
    slug = fields.String()
    name = Translated()
    url = DerivedString(getter=item_url)


class PartnerRef(Schema):
    id = fields.Integer()
    slug = fields.String()
    name = Translated()
    url = DerivedString(getter=item_url)


class AuthorRef(Schema):
    id = fields.Integer()
    slug = fields.String()
    name = fields.String()
    is_pseudonym = fields.Boolean()
    url = DerivedString(getter=item_url)


class ProjectRef(Schema):
    id = fields.Integer()
    slug = fields.String()
    title = Translated()
    url = DerivedString(getter=item_url)


class ProgrammeRef(Schema):
    slug = fields.String()
    name = fields.String()
    website = fields.String(attribute="url", allow_none=True)


def page_schema(name: str, item_schema: type[Schema]) -> type[Schema]:
    """The list envelope shared by every collection (see api.pagination.paginated_response)."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema)),
            "total": fields.Integer(metadata={"description": "How many items match, across all pages."}),
            "limit": fields.Integer(),
            "next": fields.String(allow_none=True, metadata={"description": "The next page's URL, or null."}),
            "next_cursor": fields.String(allow_none=True),
        },
        name=name,
    )


class PublishableSchema(LocalizedSchema):
    """What posts, projects and vacancies share: editorial state, the sensitive flag and their filing."""

    publication_status = fields.Enum(PublicationStatus, by_value=True)
    published_at = fields.DateTime(allow_none=True)
    updated_at = fields.DateTime()
    sensitive = fields.Boolean(metadata={"description": "Served here, never syndicated."})
    themes = fields.List(fields.Nested(ThemeRef))
    countries = fields.List(fields.Nested(CountryRef))
