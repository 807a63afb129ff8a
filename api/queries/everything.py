"""Cross-type search: one ranked list over posts, projects, vacancies and partner organisations."""

from sqlalchemy import String, literal, select, union_all

from api.extensions import db
from api.pagination import Order, Page, paginate
from api.queries import listing as queries
from api.queries.partners import PARTNERS
from api.queries.posts import POSTS
from api.queries.projects import PROJECTS
from api.queries.vacancies import VACANCIES

SEARCHABLE = {"post": POSTS, "project": PROJECTS, "vacancy": VACANCIES, "partner": PARTNERS}


def search(
    q: str, locale: str, types: list[str], limit: int, cursor: str | None, loads: dict[str, list] | None = None
) -> tuple[Page, list]:
    """Ranked hits as (type, item, score), best first; each type matched in its served translation.

    `loads` gives per type the relations to load with the hits (GraphQL's query shape); REST's shape by default.
    """
    selects, counted = [], []
    for name in types:
        query = queries.build(SEARCHABLE[name], locale=locale, q=q)
        model = query.model
        uid = literal(f"{name}:") + model.id.cast(String)
        selects.append(
            query.stmt.with_only_columns(
                literal(name).label("type"), model.id.label("id"), query.score.label("score"), uid.label("uid")
            )
        )
        counted.append(query.counted)
    hits = union_all(*selects).subquery()
    stmt = select(hits.c.type, hits.c.id, hits.c.score)
    order = Order("relevance", hits.c.score, hits.c.uid, descending=True, parse=float)
    page = paginate(stmt, order, limit, cursor, union_all(*counted).subquery().select())
    return page, _load(page, loads or {})


def _load(page: Page, loads: dict[str, list]) -> list:
    wanted: dict[str, list[int]] = {}
    for row in page.rows:
        wanted.setdefault(row.type, []).append(row.id)
    loaded = {}
    for name, ids in wanted.items():
        listing = SEARCHABLE[name]
        options = loads.get(name, listing.load)
        stmt = select(listing.model).where(listing.model.id.in_(ids)).options(*options)
        loaded.update({(name, item.id): item for item in db.session.scalars(stmt)})
    return [(row.type, loaded[(row.type, row.id)], row.score) for row in page.rows]
