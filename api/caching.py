"""Validators for content reads, derived from the data's state rather than from the rendered body, so that a
matching If-None-Match is answered 304 before any view runs.

What a content read returns depends on the request (path, query, locale, who asks) and on the content. The content
changes with every write, and every write appends to the change log (api.changes); it also changes with no write
when time passes a scheduled publication or a vacancy's deadline. So the state is: the last change id, the latest
publication time and the latest deadline that have passed. One SQL statement reads it.
"""

import hashlib
import time
from dataclasses import dataclass
from functools import cache

from flask import Response, current_app, g, request
from sqlalchemy import bindparam, event, func, select

from api import i18n
from api.extensions import db
from api.models import Change, Post, Project, Vacancy
from api.models.base import utcnow

# Reads whose answers depend only on content; the others (tokens, webhooks, sync, docs) keep body-hash tags.
CONTENT_PREFIXES = tuple(
    f"/api/v1/{name}" for name in ("posts", "projects", "vacancies", "partners", "themes", "authors", "search")
) + ("/feeds/", "/embed/", "/oembed", "/graphql")
ENCODING_SUFFIXES = ("-br", "-gzip")


def varies_on_accept() -> bool:
    """/graphql answers GraphiQL to browsers, and JSON in one of two media types to the rest."""
    return request.path == "/graphql"


def for_everyone() -> bool:
    """Whether this read's answer may be shared: no token (editors may see drafts) and no preview link."""
    return "Authorization" not in request.headers and not request.args.get("preview")


def is_content_read() -> bool:
    return request.method in ("GET", "HEAD") and request.path.startswith(CONTENT_PREFIXES)


@cache
def _state_query():
    """Built once: the last change, and the latest publication and deadline that have passed (Core, no ORM rules)."""
    now = bindparam("now")
    latest = [
        select(func.max(table.c.published_at)).where(table.c.published_at <= now).scalar_subquery()
        for table in (Post.__table__, Project.__table__, Vacancy.__table__)
    ]
    deadline = Vacancy.__table__.c.deadline
    return select(
        select(func.max(Change.__table__.c.id)).scalar_subquery(),
        *latest,
        select(func.max(deadline)).where(deadline <= now).scalar_subquery(),
    )


def _read_state() -> tuple:
    # On a read replica this reads the replica's change log: a lagging one gives the state of the lagging content
    # it serves, so the tag still names what the client gets.
    return tuple(db.session.connection().execute(_state_query(), {"now": utcnow()}).one())


@dataclass
class SharedReading:
    """The state as last read for anonymous readers of this process, and until when it may be reused."""

    state: tuple | None = None
    until: float = 0.0

    def forget(self, *_args) -> None:
        self.state = None


def content_state() -> tuple:
    """The content's state. Anonymous readers share one reading per process for CONTENT_STATE_TTL seconds, and a
    write in this process forgets it: a change reaches other processes' validators that much later, well inside
    the max-age every public answer already allows, and a 304 or a cached answer needs no SQL at all. A token's
    requests read it afresh, so editors always see their own writes."""
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
