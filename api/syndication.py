"""What partner sites get, read through here by feeds, the widget and oEmbed: public items that are not
sensitive (their people may be at risk), vacancies only while open unless closed ones are asked for, and each
item's address on the public website."""

import re
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext, lazy_gettext

from api.errors import NotFound
from api.extensions import db
from api.pagination import Page
from api.queries import listing as queries
from api.queries.posts import POSTS
from api.queries.projects import PROJECTS
from api.queries.vacancies import VACANCIES
from api.visibility import public_view

SITE_NAME = lazy_gettext("Central Asia Solidarity Groups")
LISTINGS = {"posts": POSTS, "projects": PROJECTS, "vacancies": VACANCIES}
TYPE_OF = {listing.model: kind for kind, listing in LISTINGS.items()}


def syndicated(kind: str, args: dict, locale: str) -> Page:
    """A page of what partner sites may show, newest first, filtered by the collection's own parameters."""
    public_view(db.session)
    listing = LISTINGS[kind]
    filters = {name: args.get(name) for name in listing.filters}
    if kind == "vacancies" and filters.get("status") is None:
        filters["status"] = "open"
    return queries.page(
        leave_out_sensitive(queries.build(listing, locale=locale, filters=filters, q=args.get("q"))), args
    )


def leave_out_sensitive(query: queries.ListQuery) -> queries.ListQuery:
    """The one rule that keeps sensitive items out of feeds, widgets, oEmbed and sync (types without the flag
    have nothing to leave out)."""
    if hasattr(query.model, "sensitive"):
        query.where(query.model.sensitive.is_(False))
    return query


def syndicated_item(kind: str, slug: str, locale: str):
    """One item a partner site may show; a 404 for sensitive ones, as for unknown ones."""
    public_view(db.session)
    item = queries.find(LISTINGS[kind], locale, slug=slug)
    if item is None or item.sensitive:
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
