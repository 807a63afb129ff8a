"""The syndication gate: what leaves the organisation's own reads (feeds, widget pages, oEmbed cards, JSON-LD, delta
sync and webhook bodies) and each item's address on the public website.

A channel is a view marked with `@channel`; before it runs (and before its parameters are read) its session
enters the syndicated view (api.visibility.syndicated_view): only public items that are not sensitive are loaded,
whatever token the request carries, so a sensitive item is absent from the page and from every nested reference
in it (a post's project, a partner's projects), and a filter naming one finds nothing. The webhook worker, which
has no request, asks `withheld` which items a body must not name. tests/test_leaks.py fetches every channel.
"""

import re
from urllib.parse import urlsplit

from flask import current_app, request
from flask_babel import gettext, lazy_gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.errors import NotFound
from api.extensions import db
from api.models.base import PublicationStatus, PublishableMixin, utcnow
from api.pagination import Page
from api.queries import listing as queries
from api.queries.posts import POSTS
from api.queries.projects import PROJECTS
from api.queries.vacancies import VACANCIES
from api.visibility import syndicated_view

SITE_NAME = lazy_gettext("Central Asia Solidarity Groups")
LISTINGS = {"posts": POSTS, "projects": PROJECTS, "vacancies": VACANCIES}
TYPE_OF = {listing.model: kind for kind, listing in LISTINGS.items()}


def channel(view):
    """Marks a view (a function or a MethodView class) as a syndicated channel: it answers through the gate."""
    view.syndicated_channel = True
    return view


def is_channel(view) -> bool:
    return getattr(view, "syndicated_channel", False) or getattr(
        getattr(view, "view_class", None), "syndicated_channel", False
    )


def guard() -> None:
    """Before a channel's view: its session sees only what may be syndicated (a before_request hook)."""
    if is_channel(current_app.view_functions.get(request.endpoint)):
        syndicated_view(db.session)


def may_carry(item) -> bool:
    """Whether a syndicated answer may carry this item (for answers that are not channels of their own, such as
    GraphQL's jsonLd field): public now and not sensitive; types without an editorial state always."""
    if not isinstance(item, PublishableMixin):
        return True
    public = item.publication_status in (PublicationStatus.PUBLISHED, PublicationStatus.SCHEDULED)
    return public and not item.sensitive and item.published_at is not None and item.published_at <= utcnow()


def withheld(session: Session, kind: str, ids) -> set[int]:
    """Which of these items of a collection are sensitive now (a webhook body sent later must not name them)."""
    listing = LISTINGS.get(kind)
    if listing is None or not ids:
        return set()
    table = listing.model.__table__  # the rows as they are, past any view
    return set(session.scalars(select(table.c.id).where(table.c.id.in_(ids), table.c.sensitive.is_(True))))


def syndicated(kind: str, args: dict, locale: str) -> Page:
    """A page of what partner sites may show, newest first, filtered by the collection's own parameters."""
    syndicated_view(db.session)
    listing = LISTINGS[kind]
    filters = {name: args.get(name) for name in listing.filters}
    if kind == "vacancies" and filters.get("status") is None:
        filters["status"] = "open"
    return queries.page(queries.build(listing, locale=locale, filters=filters, q=args.get("q")), args)


def syndicated_item(kind: str, slug: str, locale: str):
    """One item a partner site may show; a 404 for sensitive ones, as for unknown ones."""
    syndicated_view(db.session)
    item = queries.find(LISTINGS[kind], locale, slug=slug)
    if item is None:
        raise NotFound(gettext("Nothing is known by the slug “%(slug)s”.", slug=slug))
    return item


def public_url(item, locale: str) -> str:
    """The item's page on the public website (PUBLIC_ITEM_URL)."""
    return public_url_of(TYPE_OF[type(item)], item.slug, locale)


def public_url_of(kind: str, slug: str, locale: str) -> str:
    site = current_app.config["PUBLIC_SITE_URL"].rstrip("/")
    return current_app.config["PUBLIC_ITEM_URL"].format(site=site, lang=locale, type=kind, slug=slug)


def parse_public_url(url: str) -> dict | None:
    """{type, slug, lang} of a public website URL (PUBLIC_ITEM_URL read backwards), or None."""
    site = current_app.config["PUBLIC_SITE_URL"].rstrip("/")
    pattern = re.escape(current_app.config["PUBLIC_ITEM_URL"].replace("{site}", site))
    for name, part in (("lang", r"[A-Za-z-]+"), ("type", "posts|projects|vacancies"), ("slug", r"[a-z0-9-]+")):
        pattern = pattern.replace(re.escape("{" + name + "}"), f"(?P<{name}>{part})", 1)
    pattern = re.sub(r"^https?://", "https?://", pattern)  # a pasted link may have either scheme
    cleaned = urlsplit(url)._replace(query="", fragment="").geturl().rstrip("/")
    match = re.fullmatch(pattern, cleaned)
    return match.groupdict() if match else None
