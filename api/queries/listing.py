"""The one query builder behind every collection and item: locale fallback, public filter, filters, search, sort.

REST, GraphQL, feeds and embeds all get their content from here, so an item is public, found, filtered and
ordered the same way wherever it is read.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from flask import current_app
from flask_babel import LazyString, gettext
from sqlalchemy import Select, func, literal, or_, select
from sqlalchemy.orm import aliased

from api import i18n
from api.errors import InvalidParameter, NotFound
from api.extensions import db
from api.models import Country
from api.pagination import Order, Page, paginate
from api.queries import search
from api.slugs import is_slug

Filter = Callable[["ListQuery", Any], Any]
FAR_FUTURE = datetime(9999, 12, 31, tzinfo=UTC)


@dataclass(frozen=True)
class Sort:
    key: Callable[["ListQuery"], Any]
    parse: Callable[[Any], Any] = lambda value: value


@dataclass(frozen=True)
class Listing:
    """What one collection is made of; each resource module in this package defines one."""

    model: type
    translation: type
    filters: Mapping[str, Filter]
    sorts: Mapping[str, Sort]
    default_sort: str
    not_found: LazyString
    # What REST serializes of each item, loaded in one SELECT per relation (GraphQL asks for its own shape).
    load: tuple = ()

    @property
    def sort_choices(self) -> list[str]:
        return [choice for name in self.sorts for choice in (name, f"-{name}")] + ["relevance"]


@dataclass
class ListQuery:
    listing: Listing
    stmt: Select
    translation: Any
    counting: Select  # the same items as `stmt` before the filters, in a form that is cheap to count
    score: Any = None
    criteria: list = field(default_factory=list)

    @property
    def model(self) -> type:
        return self.listing.model

    def where(self, criterion) -> "ListQuery":
        self.stmt = self.stmt.where(criterion)
        self.criteria.append(criterion)
        return self

    @property
    def counted(self) -> Select:
        """What `total` counts: every item that `stmt` would give, whatever the page."""
        return self.counting.where(*self.criteria)


def served_translation(model: type, translation: type, locale: str):
    """The id of the translation an item is served in: the SQL form of i18n.resolve."""
    candidate = aliased(translation)
    # SQLite cannot see outer columns from a subquery's ORDER BY, so the item is joined again inside it.
    owner = aliased(model)
    rank = i18n.rank_expression(candidate.locale, owner.original_locale, locale)
    return (
        select(candidate.id)
        .join(owner, owner.id == candidate.item_id)
        .where(candidate.item_id == model.id)
        .order_by(rank, candidate.locale)
        .limit(1)
        .correlate(model)
        .scalar_subquery()
    )


def build(
    listing: Listing,
    *,
    locale: str,
    filters: Mapping[str, Any] | None = None,
    q: str | None = None,
    load: list | None = None,
) -> ListQuery:
    model = listing.model
    served = aliased(listing.translation)
    serving = served.id == served_translation(model, listing.translation, locale)
    if q is None:
        # Every item has a translation to serve (its original), so the count needs none: one index range
        # instead of a fallback subquery per row.
        query = ListQuery(listing, select(model).join_from(model, served, serving), served, select(model.id))
    else:
        query = _search(listing, served, serving, locale, q)
    for name, value in (filters or {}).items():
        if value is not None:
            query.where(listing.filters[name](query, value))
    # REST loads a fixed shape; GraphQL passes the shape its query asks for (schema/loaders.py).
    query.stmt = query.stmt.options(*(listing.load if load is None else load))
    return query


def _search(listing: Listing, served, serving, locale: str, q: str) -> ListQuery:
    """Items whose served translation matches `q`, found from the matches rather than from every item.

    Only the SEARCH_CANDIDATES newest matching texts are ranked (scoring reads each text, so the cost of a page
    must not grow with the number of matches); `total` still counts every match.
    """
    matched = search.matches(listing.translation, q)
    if matched is None:
        raise InvalidParameter("q", gettext("The search has no words to look for."))
    # A translation in the requested locale is always the one served: most matches skip the fallback subquery.
    served_match = or_(served.locale == i18n.preference(locale)[0], serving)

    def items_of(ids, *columns) -> Select:
        return (
            select(*columns)
            .select_from(ids)
            .join(served, served.id == ids.c.translation_id)
            .join(listing.model, listing.model.id == served.item_id)
            .where(served_match)
        )

    stmt = items_of(matched.newest(current_app.config["SEARCH_CANDIDATES"]), listing.model)
    counting = items_of(matched.all(), listing.model.id)
    return ListQuery(listing, stmt, served, counting, search.score(served, matched.terms))


def order(query: ListQuery, sort: str | None) -> Order:
    """The Order for a `sort` parameter; relevance is the default when searching."""
    sort = sort or ("relevance" if query.score is not None else query.listing.default_sort)
    tiebreak = query.model.id
    if sort == "relevance":
        if query.score is None:
            raise InvalidParameter("sort", gettext("Sorting by relevance needs a search query “q”."))
        return Order(sort, query.score, tiebreak, descending=True, parse=float)
    definition = query.listing.sorts[sort.lstrip("-")]
    return Order(sort, definition.key(query), tiebreak, descending=sort.startswith("-"), parse=definition.parse)


def page(query: ListQuery, args: Mapping[str, Any]) -> Page:
    """The page that `limit`, `cursor` and `sort` ask for, with its total."""
    return paginate(query.stmt, order(query, args.get("sort")), args["limit"], args.get("cursor"), query.counted)


def find(listing: Listing, locale: str, *, load: list | None = None, **key):
    """One public item by `slug=` or `id=`, or None."""
    if "slug" in key and not is_slug(key["slug"]):
        return None
    model = listing.model
    stmt = build(listing, locale=locale, load=load).stmt.where(
        *(getattr(model, name) == value for name, value in key.items())
    )
    return db.session.scalars(stmt).first()


def get(listing: Listing, slug: str, locale: str):
    """One public item by slug; a 404 problem when there is none."""
    item = find(listing, locale, slug=slug)
    if item is None:
        raise NotFound(str(listing.not_found) % {"slug": slug})
    return item


# Building blocks the resource modules combine into their filters and sorts.


def related(relationship, target: type, parameter: str) -> Filter:
    """Items linked to the target with this slug; an unknown slug is a 400 naming the parameter."""

    def where(_query: ListQuery, slug: str):
        if db.session.scalar(select(target.id).where(target.slug == slug)) is None:
            raise InvalidParameter(parameter, gettext("Nothing is known by the slug “%(slug)s”.", slug=slug))
        if relationship.property.uselist:
            return relationship.any(target.slug == slug)
        return relationship.has(target.slug == slug)

    return where


def in_country(relationship) -> Filter:
    return lambda _query, code: relationship.any(Country.code == code)


def since(column) -> Filter:
    return lambda _query, moment: column >= moment


def until(column) -> Filter:
    return lambda _query, moment: column < moment


def equals(column) -> Filter:
    return lambda _query, value: column == value


def by_column(column, *, nulls: Any = None, parse: Callable[[Any], Any] = lambda value: value) -> Sort:
    key = (
        (lambda _query: column)
        if nulls is None
        else (lambda _query: func.coalesce(column, literal(nulls, column.type)))
    )
    return Sort(key, parse)


def by_translation(name: str) -> Sort:
    return Sort(lambda query: getattr(query.translation, name))


def parse_datetime(value: str) -> datetime:
    return datetime.fromisoformat(value)


def parse_date(value: str) -> date:
    return date.fromisoformat(value)
