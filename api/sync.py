"""Delta sync for offline clients (a mobile app): everything public once, then only what changed since, deletions
included, read from the change log (api.changes).

A client starts with no token and pages through the initial sync; the last page gives a sync token. Later it
sends that token and gets upserts (the item as it is now, in the token's locale) and tombstones (type, id and why
it left: deleted, archived, unpublished, sensitive) for every item changed since, paged the same way. Applying
every page in order leaves the client with exactly the public content. Sensitive items only ever appear as
tombstones. Tokens are signed and expire; a bad one is a 400 telling the client to start again.
"""

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from api import changes
from api.errors import ApiError
from api.extensions import db
from api.models import Change, PublicationStatus
from api.queries import listing as queries
from api.queries.authors import AUTHORS
from api.queries.partners import PARTNERS
from api.queries.posts import POSTS
from api.queries.projects import PROJECTS
from api.queries.themes import THEMES
from api.queries.vacancies import VACANCIES
from api.visibility import syndicated_view

# In the order the initial sync sends them: what others link to comes first.
LISTINGS = {
    "themes": THEMES,
    "authors": AUTHORS,
    "partners": PARTNERS,
    "projects": PROJECTS,
    "posts": POSTS,
    "vacancies": VACANCIES,
}
PUBLISHABLE = {name: LISTINGS[name].model for name in ("projects", "posts", "vacancies")}


class InvalidSyncToken(ApiError):
    type = "/problems/invalid-sync-token"
    code = "INVALID_SYNC_TOKEN"


@dataclass
class SyncPage:
    upserts: list = field(default_factory=list)  # (collection, item)
    tombstones: list = field(default_factory=list)  # (collection, id, reason)
    next_page: dict | None = None  # the state of the next page of this sync
    next_sync: dict | None = None  # the state to start the next sync from, on the last page


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="sync")


def encode(state: dict) -> str:
    return _serializer().dumps(state)


def decode(token: str) -> dict:
    try:
        return _serializer().loads(token, max_age=current_app.config["SYNC_TOKEN_TTL"])
    except SignatureExpired as error:
        message = gettext("The sync token has expired: start again with a sync without a token.")
        raise InvalidSyncToken(message) from error
    except BadSignature as error:
        message = gettext("The sync token is not valid: start again with a sync without a token.")
        raise InvalidSyncToken(message) from error


def begin(locale: str, types: list[str]) -> dict:
    """The state of a new initial sync: the log's position now, and the first item of the first type."""
    changes.note_went_live(db.session, PUBLISHABLE)
    position = db.session.scalar(select(func.coalesce(func.max(Change.id), 0)))
    return {"phase": "initial", "since": position, "type": 0, "after": 0, "lang": locale, "types": types}


def page(state: dict, limit: int) -> SyncPage:
    syndicated_view(db.session)  # the syndication gate: public and not sensitive, nested references included
    if state["phase"] == "initial":
        return _initial_page(state, limit)
    changes.note_went_live(db.session, PUBLISHABLE)
    return _delta_page(state, limit)


def _public(collection: str, locale: str):
    return queries.build(LISTINGS[collection], locale=locale).stmt


def _initial_page(state: dict, limit: int) -> SyncPage:
    result = SyncPage()
    index, after = state["type"], state["after"]
    while index < len(state["types"]) and len(result.upserts) < limit:
        collection = state["types"][index]
        model = LISTINGS[collection].model
        stmt = _public(collection, state["lang"]).where(model.id > after).order_by(model.id)
        found = db.session.scalars(stmt.limit(limit - len(result.upserts))).all()
        result.upserts.extend((collection, item) for item in found)
        if len(result.upserts) < limit:
            index, after = index + 1, 0
        else:
            after = found[-1].id
    if index < len(state["types"]):
        result.next_page = {**state, "type": index, "after": after}
    else:
        result.next_sync = {**state, "phase": "delta", "type": 0, "after": 0}
    return result


def _delta_page(state: dict, limit: int) -> SyncPage:
    stmt = (
        select(Change)
        .where(Change.id > state["since"], Change.item_type.in_(state["types"]))
        .order_by(Change.id)
        .limit(limit + 1)
    )
    logged = db.session.scalars(stmt).all()
    more, logged = len(logged) > limit, logged[:limit]
    touched: dict[str, dict[int, Change]] = {}
    for change in logged:
        touched.setdefault(change.item_type, {})[change.item_id] = change
    result = SyncPage()
    for collection, by_id in touched.items():
        _sort_out(result, collection, by_id, state["lang"])
    position = logged[-1].id if logged else state["since"]
    following = {**state, "since": position}
    if more:
        result.next_page = following
    else:
        result.next_sync = following
    return result


def _sort_out(result: SyncPage, collection: str, by_id: dict[int, Change], locale: str) -> None:
    """Each changed item as it is now: an upsert when public, else a tombstone saying why not."""
    model = LISTINGS[collection].model
    public = {item.id: item for item in db.session.scalars(_public(collection, locale).where(model.id.in_(by_id)))}
    table = model.__table__  # the rows as they are, past the public-only rule, to say why one is not public
    columns = [table.c.id, *(table.c[name] for name in ("publication_status", "sensitive") if name in table.c)]
    rows = {row.id: row for row in db.session.execute(select(*columns).where(table.c.id.in_(by_id)))}
    for item_id in by_id:
        if item_id in public:
            result.upserts.append((collection, public[item_id]))
        else:
            result.tombstones.append((collection, item_id, _reason(rows.get(item_id))))


def _reason(row) -> str:
    if row is None:
        return "deleted"
    if getattr(row, "sensitive", False):
        return "sensitive"
    if getattr(row, "publication_status", None) == PublicationStatus.ARCHIVED:
        return "archived"
    return "unpublished"
