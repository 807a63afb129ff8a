"""The embeddable widget: /embed/{type} is a small accessible page of the latest posts, projects or open vacancies
that a partner's site shows in an iframe; /embed.js puts that iframe on the page from one script tag.

A widget URL with an unknown partner or theme still renders: a friendly "nothing to show", never an error page
in the middle of a partner's site."""

from dataclasses import dataclass
from datetime import date, datetime

from flask import Blueprint, Response, current_app, render_template, request, send_from_directory
from flask_babel import gettext, lazy_gettext
from marshmallow import ValidationError

from api import feeds, i18n
from api.errors import ApiError
from api.models import Post, Project, Vacancy
from api.serializers.post import PostArgs
from api.serializers.project import ProjectArgs
from api.serializers.vacancy import VacancyArgs
from api.syndication import SITE_NAME, channel, public_url, syndicated, syndicated_item

ARGS = {"posts": PostArgs, "projects": ProjectArgs, "vacancies": VacancyArgs}
HEADINGS = {
    "posts": lazy_gettext("Latest posts"),
    "projects": lazy_gettext("Projects"),
    "vacancies": lazy_gettext("Open vacancies"),
}
DEFAULT_COUNT, MAX_COUNT = 5, 20
# The widget page loads only its own stylesheet and script; any site may frame it.
CSP = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors *"
)

blp = Blueprint("widgets", __name__, static_folder="static/embed", static_url_path="/embed/static")


@dataclass
class Card:
    title: str
    url: str
    language: str
    date: date | datetime | None = None
    date_text: str | None = None
    badge: str | None = None
    summary: str | None = None


def card(item, locale: str) -> Card:
    text = i18n.resolve(item, locale)
    made = Card(title=text.title, url=public_url(item, text.locale), language=text.locale)
    if isinstance(item, Post):
        made.date, made.summary = item.published_at, text.excerpt
    elif isinstance(item, Project):
        made.date, made.summary = item.start_date or item.published_at, text.summary
    elif isinstance(item, Vacancy):
        made.date, made.summary = item.published_at, i18n.resolve(item.host, locale).name
        made.badge = feeds.deadline_text(item, locale) or gettext("No deadline")
    if made.date:
        made.date_text = i18n.format_day(made.date, locale)
    return made


def widget_args(kind: str) -> dict:
    """The collection's own parameters, with `count` for `limit`; a bad one raises, as in the REST API."""
    params = request.args.to_dict()
    count = params.pop("count", str(DEFAULT_COUNT))
    params["limit"] = count
    args = ARGS[kind]().load(params)
    if args["limit"] > MAX_COUNT:
        raise ValidationError({"count": [f"1–{MAX_COUNT}"]})
    return args


def page(kind: str, cards: list[Card], status: int = 200, heading: str | None = None) -> Response:
    locale = i18n.requested_locale()
    body = render_template(
        "embed/list.html",
        locale=locale,
        heading=heading or str(HEADINGS[kind]),
        cards=cards,
        empty=gettext("Nothing to show here yet."),
        site_url=current_app.config["PUBLIC_SITE_URL"],
        site_name=str(SITE_NAME),
    )
    return Response(body, status=status, mimetype="text/html", headers={"Content-Security-Policy": CSP})


@blp.get("/embed/<any(posts, projects, vacancies):kind>")
@channel
def embed(kind: str) -> Response:
    """The widget page; embed.js frames it, or a partner pastes an <iframe> of it."""
    locale = i18n.requested_locale()
    try:
        found = syndicated(kind, widget_args(kind), locale)
    except (ApiError, ValidationError):
        return page(kind, [], status=404)
    return page(kind, [card(item, locale) for item in found.items])


@blp.get("/embed/<any(posts, projects, vacancies):kind>/<slug:slug>")
@channel
def embed_item(kind: str, slug: str) -> Response:
    """One item as a card: what an oEmbed consumer (a partner's CMS) frames for a pasted link."""
    locale = i18n.requested_locale()
    try:
        found = syndicated_item(kind, slug, locale)
    except ApiError:
        return page(kind, [], status=404, heading=str(SITE_NAME))
    return page(kind, [card(found, locale)], heading=str(SITE_NAME))


@blp.get("/embed.js")
def embed_script() -> Response:
    response = send_from_directory(blp.static_folder, "embed.js", mimetype="text/javascript", max_age=3600)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
