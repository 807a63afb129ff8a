"""What every GraphQL content type shares: the Node interface, translated fields, locale metadata, connections."""

from datetime import datetime
from typing import Generic, TypeVar

import strawberry
from strawberry.relay.utils import to_base64

from api import auth, i18n, models, structured_data, syndication
from api.serializers.common import item_url

T = TypeVar("T")


@strawberry.interface(description="An object with a global id, fetchable with `node(id:)`.")
class Node:
    id: strawberry.ID


def global_id(type_name: str, database_id: int) -> strawberry.ID:
    return strawberry.ID(to_base64(type_name, database_id))


def locale_of(root, lang: str | None) -> str:
    """A field's `lang` argument beats its parent's locale, which came from the request or a list's `lang`."""
    return i18n.match_locale(lang) or root.requested


def translated(name: str, description: str | None = None, required: bool = False):
    """A text field read from the item's translation in the requested locale, with the REST fallback chain."""

    def resolve(root, lang: str | None = None) -> str | None:
        translation = i18n.resolve(root.model, locale_of(root, lang))
        return getattr(translation, name) if translation else None

    if required:

        def resolve_required(root, lang: str | None = None) -> str:
            return resolve(root, lang) or ""

        return strawberry.field(resolver=resolve_required, description=description)
    return strawberry.field(resolver=resolve, description=description)


@strawberry.type(description="One locale an item exists in.")
class TranslationLink:
    locale: str
    url: str
    updated_at: datetime


@strawberry.type(description="A token that wrote content.")
class TokenRef:
    id: int
    name: str
    role: str


def token_ref(token) -> TokenRef | None:
    return TokenRef(id=token.id, name=token.name, role=token.role.value) if token else None


@strawberry.type(description="Who created and last changed an item, and when.")
class History:
    created_at: datetime
    created_by: TokenRef | None
    updated_at: datetime
    updated_by: TokenRef | None


@strawberry.type
class Localized:
    """Locale metadata: which locale the text is served in, which was asked for, and which exist; the version
    and, for staff, the history."""

    @strawberry.field(description="Goes up with every saved change: the expectedVersion of a mutation.")
    def version(self) -> int:
        return self.model.version

    @strawberry.field(description="Who created and last changed it, and when; with a staff token only, else null.")
    def history(self) -> History | None:
        item = self.model
        if not auth.is_staff():
            return None
        return History(
            created_at=item.created_at,
            created_by=token_ref(item.created_by),
            updated_at=item.updated_at,
            updated_by=token_ref(item.updated_by),
        )

    @strawberry.field(description="The locale the text is served in (after fallback).")
    def locale(self, lang: str | None = None) -> str | None:
        translation = i18n.resolve(self.model, locale_of(self, lang))
        return translation.locale if translation else None

    @strawberry.field(description="The locale that was asked for.")
    def requested_locale(self) -> str:
        return self.requested

    @strawberry.field(description="Every locale the item exists in.")
    def available_locales(self) -> list[str]:
        return [translation.locale for translation in self.model.translations]

    @strawberry.field(description="Every translation with its REST URL and last update (for hreflang).")
    def translations(self) -> list[TranslationLink]:
        return [
            TranslationLink(locale=t.locale, url=item_url(self.model, t.locale), updated_at=t.updated_at)
            for t in self.model.translations
        ]


PublicationStatus = strawberry.enum(models.PublicationStatus, name="PublicationStatus")


@strawberry.type
class Editorial:
    """Where a post, project or vacancy stands: only staff and its own partner see other than published."""

    @strawberry.field
    def publication_status(self) -> PublicationStatus:
        return self.model.publication_status


@strawberry.type
class StructuredData:
    """schema.org JSON-LD (api.structured_data): meant for an item's page; in a long list it costs a look-up per
    item and relation."""

    @strawberry.field(
        description='schema.org JSON-LD as text to place in a <script type="application/ld+json"> element as it is '
        "(<, > and & escaped); null for an item that is never syndicated (sensitive, or not public)."
    )
    def json_ld(self, lang: str | None = None) -> str | None:
        if not syndication.may_carry(self.model):
            return None
        return structured_data.script_safe(structured_data.json_ld(self.model, locale_of(self, lang)))


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int = strawberry.field(description="How many items match, across all pages.")

    @strawberry.field(description="The nodes of `edges`, for clients that need no cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]
