"""Validators for content reads, derived from the data's state rather than from the rendered body, so that a
matching If-None-Match is answered 304 before any view runs.

What a content read returns depends on the request (path, query, locale, who asks) and on the content. The content
changes with writes, each of which appends to the change log (api.changes), and with no write when time passes a
scheduled publication or a vacancy's deadline.

A public answer shows only public items, and only those of some collections: a post names its project, partners,
themes and author; a partner lists its projects; a theme shows nothing else. So its state is, for each collection
it shows, the last change that can have changed what the public sees there (the log says which do: a draft's saves
do not), and the latest publication time and deadline of its public items that have passed. A token or a preview
link can see drafts: its state is the last change of any kind, the publication times and every deadline.
One SQL statement reads every part; each request takes the parts it depends on.
"""

import hashlib
import re
import time
from dataclasses import dataclass
from functools import cache

from flask import Response, current_app, g, request
from sqlalchemy import bindparam, event, func, select, true

from api import i18n
from api.extensions import db
from api.models import Change, Post, Project, PublicationStatus, Vacancy
from api.models.base import utcnow

# Reads whose answers depend only on content; the others (tokens, webhooks, sync, docs) keep body-hash tags.
CONTENT_PREFIXES = tuple(
    f"/api/v1/{name}" for name in ("posts", "projects", "vacancies", "partners", "themes", "authors", "search")
) + ("/feeds/", "/embed/", "/oembed", "/graphql")
ENCODING_SUFFIXES = ("-br", "-gzip")

# The collections of the change log, and what a public answer about each shows: its own items and those it embeds.
# Countries and funding programmes are not written through the API. A public read not named here (search, oEmbed,
# GraphQL, a widget's files) may show anything public.
COLLECTIONS = ("posts", "projects", "vacancies", "partners", "themes", "authors")
SHOWS = {
    "posts": ("posts", "projects", "partners", "themes", "authors"),
    "projects": ("projects", "partners", "themes"),
    "vacancies": ("vacancies", "partners", "themes"),
    "partners": ("partners", "projects"),
    "themes": ("themes",),
    "authors": ("authors",),
}
PUBLISHABLE = {"posts": Post, "projects": Project, "vacancies": Vacancy}
# REST lists and items (their JSON-LD too), feeds and widget pages of one collection.
_ONE_COLLECTION = re.compile(r"/(?:api/v1|feeds|embed)/([a-z]+)(?:[/.]|$)")


def varies_on_accept() -> bool:
    """/graphql answers GraphiQL to browsers, and JSON in one of two media types to the rest."""
    return request.path == "/graphql"


def for_everyone() -> bool:
    """Whether this read's answer may be shared: no token (editors may see drafts) and no preview link."""
    return "Authorization" not in request.headers and not request.args.get("preview")


def is_content_read() -> bool:
    return request.method in ("GET", "HEAD") and request.path.startswith(CONTENT_PREFIXES)


def _listed(table):
    return table.c.publication_status.in_([PublicationStatus.PUBLISHED, PublicationStatus.SCHEDULED])


@cache
def _state_query():
    """Built once: every part of the state, each a probe of an index (Core, no ORM rules). A publication time or
    deadline that has passed counts only for listed items (published or scheduled): a draft's shows nothing."""
    now = bindparam("now")
    changes = Change.__table__
    last = select(func.max(changes.c.id))
    parts = [last.scalar_subquery().label("changes")]
    parts += [
        last.where(changes.c.item_type == name, changes.c.public == true()).scalar_subquery().label(f"public_{name}")
        for name in COLLECTIONS
    ]
    for name, model in PUBLISHABLE.items():
        table = model.__table__
        latest = select(func.max(table.c.published_at)).where(table.c.published_at <= now, _listed(table))
        parts.append(latest.scalar_subquery().label(f"published_{name}"))
    vacancies = Vacancy.__table__
    passed = select(func.max(vacancies.c.deadline)).where(vacancies.c.deadline <= now)
    parts.append(passed.where(_listed(vacancies)).scalar_subquery().label("deadline"))
    parts.append(passed.scalar_subquery().label("any_deadline"))  # a draft's closes too, for the editors who see it
    return select(*parts)


def _read_state() -> dict:
    # On a read replica this reads the replica's change log: a lagging one gives the state of the lagging content
    # it serves, so the tag still names what the client gets.
    return dict(db.session.connection().execute(_state_query(), {"now": utcnow()}).one()._mapping)


def depends_on() -> tuple[str, ...]:
    """The parts of the state this request's answer depends on."""
    if not for_everyone():
        return ("changes", *(f"published_{name}" for name in PUBLISHABLE), "any_deadline")
    match = _ONE_COLLECTION.match(request.path)
    shown = SHOWS.get(match.group(1), COLLECTIONS) if match else COLLECTIONS
    parts = [f"public_{name}" for name in shown] + [f"published_{name}" for name in shown if name in PUBLISHABLE]
    return (*parts, "deadline") if "vacancies" in shown else tuple(parts)


@dataclass
class SharedReading:
    """The state as last read for anonymous readers of this process, and until when it may be reused."""

    state: dict | None = None
    until: float = 0.0

    def forget(self, *_args) -> None:
        self.state = None


def content_state() -> tuple:
    """The parts of the content's state this request depends on. Anonymous readers share one reading per process
    for CONTENT_STATE_TTL seconds, and a write in this process forgets it: a change reaches other processes'
    validators that much later, well inside the max-age every public answer already allows, and a 304 or a cached
    answer needs no SQL at all. A token's requests read it afresh, so editors always see their own writes."""
    state = _state()
    return tuple(state[part] for part in depends_on())


def _state() -> dict:
    ttl = current_app.config["CONTENT_STATE_TTL"]
    if ttl <= 0 or "Authorization" in request.headers:
        return _read_state()
    reading: SharedReading = current_app.extensions["content_state"]
    now = time.monotonic()
    if reading.state is None or reading.until <= now:
        reading.state, reading.until = _read_state(), now + ttl
    return reading.state


def register_content_state(app, sessions) -> None:
    app.extensions["content_state"] = reading = SharedReading()
    event.listen(sessions, "after_commit", reading.forget)


def content_tag() -> str:
    """This request's validator: its path, query, locale and reader, and the content's state."""
    if "content_tag" not in g:
        reader = request.headers.get("Authorization", "")
        parts = [request.path, sorted(request.args.items(multi=True)), i18n.requested_locale(), reader, content_state()]
        if varies_on_accept():
            parts.append(request.headers.get("Accept", ""))
        g.content_tag = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return g.content_tag


def tag_for(response: Response) -> str:
    if is_content_read():
        return content_tag()
    return hashlib.sha256(response.get_data()).hexdigest()[:32]


def _core(tag: str) -> str:
    """A tag without an item's version prefix ("5.") or an encoding's suffix ("-gzip"): the content validator."""
    core = tag.split(".", 1)[1] if "." in tag else tag
    for suffix in ENCODING_SUFFIXES:
        core = core.removesuffix(suffix)
    return core


def answer_unchanged() -> Response | None:
    """Before any view runs: 304 when the client's tag still holds (its representation is the one it has)."""
    if not is_content_read() or not request.if_none_match:
        return None
    current = content_tag()
    for tag in request.if_none_match.as_set():
        if _core(tag) == current:
            response = Response(status=304)
            response.set_etag(tag)
            set_cache_control(response)
            return response
    return None


def set_cache_control(response: Response) -> None:
    if not for_everyone() or g.get("preview"):
        # Editors see drafts: what a token sees must never be stored by a shared cache.
        response.cache_control.private = True
        response.cache_control.no_cache = True
        response.vary.add("Authorization")
    else:
        response.cache_control.public = True
        response.cache_control.max_age = current_app.config["CACHE_MAX_AGE"]
