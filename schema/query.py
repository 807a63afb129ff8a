"""The Query root: every REST collection and item, cross-type search and `node`, on the same query code."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import strawberry
from marshmallow import Schema, ValidationError
from strawberry.relay.utils import from_base64
from strawberry.types import Info
from strawberry.types.nodes import SelectedField

from api import i18n
from api.errors import InvalidParameter, InvalidParameters
from api.models.base import MAX_ROW_ID
from api.pagination import MAX_LIMIT, Page
from api.queries import listing as queries
from api.queries.authors import AUTHORS
from api.queries.everything import SEARCHABLE, search
from api.queries.partners import PARTNERS
from api.queries.posts import POSTS
from api.queries.projects import PROJECTS
from api.queries.themes import THEMES
from api.queries.vacancies import VACANCIES
from api.serializers.author import AuthorArgs
from api.serializers.partner import PartnerArgs
from api.serializers.post import PostArgs
from api.serializers.project import ProjectArgs
from api.serializers.search import SearchArgs
from api.serializers.theme import ThemeArgs
from api.serializers.vacancy import VacancyArgs
from schema.errors import PageSizeExceeded
from schema.inputs import PartnerFilter, PostFilter, ProjectFilter, VacancyFilter, as_query_parameters
from schema.loaders import Tree, connection_nodes, eager, merge, selection_tree
from schema.types.author import Author
from schema.types.base import Connection, Edge, Node, PageInfo
from schema.types.partner import Partner
from schema.types.post import Post
from schema.types.project import Project
from schema.types.taxonomy import Theme
from schema.types.vacancy import Vacancy

TYPES = {
    "Post": (POSTS, Post),
    "Project": (PROJECTS, Project),
    "Partner": (PARTNERS, Partner),
    "Vacancy": (VACANCIES, Vacancy),
    "Theme": (THEMES, Theme),
    "Author": (AUTHORS, Author),
}
NODE_TYPES = {"post": Post, "project": Project, "vacancy": Vacancy, "partner": Partner}
# GraphQL argument names for the REST parameters they stand for, in error messages.
RENAMED = {"limit": "first", "cursor": "after", "type": "types"}

SearchResult = Annotated[Post | Project | Vacancy | Partner, strawberry.union("SearchResult")]


@strawberry.type
class SearchHit:
    type: str
    score: float
    node: SearchResult


def locale_for(lang: str | None) -> str:
    return i18n.match_locale(lang) or i18n.requested_locale()


def validated(schema: type[Schema], parameters: dict) -> dict:
    """GraphQL arguments checked by the REST schema for the same parameters: one set of rules and messages."""
    if parameters.get("limit", 0) > MAX_LIMIT:
        raise PageSizeExceeded(MAX_LIMIT)
    try:
        return schema().load({name: value for name, value in parameters.items() if value is not None})
    except ValidationError as error:
        raise InvalidParameters.from_messages(error.messages, RENAMED, parameters=True) from error


@contextmanager
def graphql_names() -> Iterator[None]:
    """Errors the shared query code raises name REST parameters (`cursor`); name the GraphQL argument instead."""
    try:
        yield
    except InvalidParameter as error:
        [param] = error.extensions["invalid_params"]
        if param["name"] not in RENAMED:
            raise
        raise InvalidParameter(RENAMED[param["name"]], param["reason"]) from error


def selected(info: Info) -> dict:
    return selection_tree(info.selected_fields)[info.field_name]


def connection(info: Info, listing, node_type, schema, *, lang, first, after, q=None, sort=None, filters=None):
    locale = locale_for(lang)
    parameters = {"limit": first, "cursor": after, "q": q, "sort": sort, **as_query_parameters(filters)}
    args = validated(schema, parameters)
    load = eager(listing.model, connection_nodes(selected(info)))
    chosen = {name: args.get(name) for name in listing.filters}
    query = queries.build(listing, locale=locale, filters=chosen, q=args.get("q"), load=load)
    with graphql_names():
        page = queries.page(query, args)
    edges = [Edge(cursor=page.cursor(row), node=node_type.from_model(row[0], locale)) for row in page.rows]
    return connection_of(page, edges, after)


def connection_of(page: Page, edges: list[Edge], after: str | None) -> Connection:
    page_info = PageInfo(
        has_next_page=page.next_cursor is not None,
        has_previous_page=after is not None,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=page_info, total_count=page.total)


def by_slug(info: Info, listing, node_type, slug: str, lang: str | None):
    locale = locale_for(lang)
    found = queries.find(listing, locale, slug=slug, load=eager(listing.model, selected(info)))
    return node_type.from_model(found, locale) if found else None


def fields_named(selections, name: str) -> Iterator:
    """The fields called `name` in a selection set, looking into fragments."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            if selection.name == name:
                yield selection
        else:
            yield from fields_named(selection.selections, name)


def hit_loads(info: Info) -> dict[str, list]:
    """Per type, what the query asks of the hits' nodes: one SELECT per type and relation, however many hits."""
    connection_field = info.selected_fields[0]
    hit_fields = [*fields_named(connection_field.selections, "nodes")]
    for edges in fields_named(connection_field.selections, "edges"):
        hit_fields.extend(fields_named(edges.selections, "node"))
    node_fields = [node for hit in hit_fields for node in fields_named(hit.selections, "node")]
    loads = {}
    for kind, listing in SEARCHABLE.items():
        tree: Tree = {}
        for node in node_fields:
            merge(tree, selection_tree(node.selections, NODE_TYPES[kind].__name__))
        loads[kind] = eager(listing.model, tree)
    return loads


def collection_field(listing, node_type, schema: type[Schema], description: str, filter_type=None):
    """A Relay connection over a REST collection: its filters, search, sorts and page size, by the same code."""
    if filter_type is None:

        def resolve(
            info: Info,
            first: int = 20,
            after: str | None = None,
            q: str | None = None,
            sort: str | None = None,
            lang: str | None = None,
        ) -> Connection[node_type]:
            return connection(info, listing, node_type, schema, lang=lang, first=first, after=after, q=q, sort=sort)

    else:

        def resolve(
            info: Info,
            first: int = 20,
            after: str | None = None,
            filter: filter_type | None = None,
            q: str | None = None,
            sort: str | None = None,
            lang: str | None = None,
        ) -> Connection[node_type]:
            return connection(
                info, listing, node_type, schema, lang=lang, first=first, after=after, q=q, sort=sort, filters=filter
            )

    return strawberry.field(resolver=resolve, description=description)


def item_field(listing, node_type, description: str):
    """One public item by slug, or null."""

    def resolve(info: Info, slug: str, lang: str | None = None) -> node_type | None:
        return by_slug(info, listing, node_type, slug, lang)

    return strawberry.field(resolver=resolve, description=description)


@strawberry.type
class Query:
    posts: Connection[Post] = collection_field(
        POSTS, Post, PostArgs, "Published posts, newest first; the filters and sorts of /api/v1/posts.", PostFilter
    )
    post: Post | None = item_field(POSTS, Post, "A published post by slug, or null.")
    projects: Connection[Project] = collection_field(
        PROJECTS, Project, ProjectArgs, "Published projects; the filters and sorts of /api/v1/projects.", ProjectFilter
    )
    project: Project | None = item_field(PROJECTS, Project, "A published project by slug, or null.")
    vacancies: Connection[Vacancy] = collection_field(
        VACANCIES,
        Vacancy,
        VacancyArgs,
        "Published vacancies; the filters and sorts of /api/v1/vacancies.",
        VacancyFilter,
    )
    vacancy: Vacancy | None = item_field(VACANCIES, Vacancy, "A published vacancy by slug, or null.")
    partners: Connection[Partner] = collection_field(
        PARTNERS,
        Partner,
        PartnerArgs,
        "Partner organisations; the filters and sorts of /api/v1/partners.",
        PartnerFilter,
    )
    partner: Partner | None = item_field(PARTNERS, Partner, "A partner organisation by slug, or null.")
    themes: Connection[Theme] = collection_field(THEMES, Theme, ThemeArgs, "Themes in editorial order.")
    theme: Theme | None = item_field(THEMES, Theme, "A theme by slug, or null.")
    authors: Connection[Author] = collection_field(AUTHORS, Author, AuthorArgs, "Authors by name.")
    author: Author | None = item_field(AUTHORS, Author, "An author by slug, or null.")

    @strawberry.field(description="Ranked search across posts, projects, vacancies and partners (/api/v1/search).")
    def search(
        self,
        info: Info,
        q: str,
        first: int = 20,
        after: str | None = None,
        types: list[str] | None = None,
        lang: str | None = None,
    ) -> Connection[SearchHit]:
        locale = locale_for(lang)
        args = validated(SearchArgs, {"q": q, "limit": first, "cursor": after, "type": types})
        wanted = list(dict.fromkeys(args.get("type") or SEARCHABLE))
        with graphql_names():
            page, hits = search(args["q"], locale, wanted, args["limit"], args.get("cursor"), hit_loads(info))
        edges = [
            Edge(
                cursor=page.cursor(row),
                node=SearchHit(type=kind, score=score, node=NODE_TYPES[kind].from_model(item, locale)),
            )
            for row, (kind, item, score) in zip(page.rows, hits, strict=True)
        ]
        return connection_of(page, edges, after)

    @strawberry.field(description="Any object by its global id, or null.")
    def node(self, info: Info, id: strawberry.ID, lang: str | None = None) -> Node | None:
        try:
            type_name, database_id = from_base64(id)
            listing, node_type = TYPES[type_name]
            database_id = int(database_id)
        except (ValueError, KeyError, TypeError):
            return None
        if not 1 <= database_id <= MAX_ROW_ID:
            return None
        locale = locale_for(lang)
        tree = selection_tree(info.selected_fields[0].selections, type_name)
        found = queries.find(listing, locale, id=database_id, load=eager(listing.model, tree))
        return node_type.from_model(found, locale) if found else None
