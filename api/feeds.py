"""Feeds of posts, projects and vacancies: one list of entries, written as Atom 1.0 and RSS 2.0 by feedgen and
as JSON Feed 1.1 by a marshmallow schema."""

import mimetypes
from dataclasses import dataclass, field
from datetime import datetime

from feedgen.ext.base import BaseEntryExtension
from feedgen.feed import FeedGenerator
from flask import json
from flask_babel import gettext, lazy_gettext
from lxml import etree
from marshmallow import Schema, fields

from api import i18n
from api.models import Post, Project, Vacancy
from api.serializers.common import without_empty
from api.syndication import SITE_NAME, public_url

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
TITLES = {"posts": lazy_gettext("Posts"), "projects": lazy_gettext("Projects"), "vacancies": lazy_gettext("Vacancies")}
ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass
class Image:
    url: str
    mime_type: str


@dataclass
class Entry:
    """One item as every feed format needs it."""

    id: str
    url: str
    title: str
    language: str
    published: datetime | None
    updated: datetime
    summary: str | None = None
    content_html: str | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    image: Image | None = None


@dataclass
class Feed:
    kind: str
    title: str
    language: str
    home_page_url: str
    feed_url: str
    entries: list[Entry]
    next_url: str | None = None

    @property
    def updated(self) -> datetime | None:
        return max((entry.updated for entry in self.entries), default=None)


def entry_id(item) -> str:
    """Stable for the item's life, whatever becomes of its slug or texts (RFC 4151 tag URI)."""
    return f"tag:centralasiengrupperna.se,2020:{type(item).__tablename__}/{item.id}"


def entry(item, locale: str) -> Entry:
    text = i18n.resolve(item, locale)
    updated = max([item.updated_at, *(translation.updated_at for translation in item.translations)])
    common = {
        "id": entry_id(item),
        "url": public_url(item, text.locale),
        "title": text.title,
        "language": text.locale,
        "published": item.published_at,
        "updated": updated,
        "tags": [i18n.resolve(theme, locale).name for theme in item.themes],
    }
    if isinstance(item, Post):
        image = Image(item.image_url, _mime_type(item.image_url)) if item.image_url else None
        authors = [item.author.name] if item.author else []
        return Entry(**common, summary=text.excerpt, content_html=text.body, authors=authors, image=image)
    if isinstance(item, Project):
        authors = [i18n.resolve(partner, locale).name for partner in item.partners]
        return Entry(**common, summary=text.summary, content_html=text.body, authors=authors)
    if isinstance(item, Vacancy):
        return Entry(
            **common, summary=deadline_text(item, locale), content_html=text.description, authors=_host(item, locale)
        )
    raise TypeError(type(item))


def _host(vacancy: Vacancy, locale: str) -> list[str]:
    return [i18n.resolve(vacancy.host, locale).name]


def deadline_text(vacancy: Vacancy, locale: str) -> str | None:
    if vacancy.deadline is None:
        return None
    deadline = i18n.format_moment(vacancy.deadline, locale, vacancy.deadline_timezone)
    return gettext("Apply by %(deadline)s", deadline=deadline)


def _mime_type(url: str) -> str:
    return mimetypes.guess_type(url)[0] or "image/jpeg"


def feed_title(kind: str) -> str:
    return f"{SITE_NAME}: {TITLES[kind]}"


class _Image(BaseEntryExtension):
    """Images as enclosures: feedgen 1.0 writes an Atom link without its rel, so the link is written here."""

    def __init__(self) -> None:
        self.image: Image | None = None

    def extend_atom(self, entry_element):
        if self.image:
            etree.SubElement(
                entry_element, f"{ATOM}link", rel="enclosure", href=self.image.url, type=self.image.mime_type
            )
        return entry_element

    def extend_rss(self, item_element):
        if self.image:
            etree.SubElement(item_element, "enclosure", url=self.image.url, length="0", type=self.image.mime_type)
        return item_element


def _generator(feed: Feed) -> FeedGenerator:
    generator = FeedGenerator()
    generator.id(feed.feed_url)
    generator.title(feed.title)
    generator.subtitle(feed.title)
    generator.language(feed.language)
    generator.link(href=feed.feed_url, rel="self")
    generator.link(href=feed.home_page_url, rel="alternate")  # the last link is RSS's channel link
    if feed.next_url:
        generator.link(href=feed.next_url, rel="next")
    if feed.updated:
        generator.updated(feed.updated)
    for item in reversed(feed.entries):  # feedgen puts each new entry first
        _add_entry(generator, item)
    return generator


def _add_entry(generator: FeedGenerator, item: Entry) -> None:
    written = generator.add_entry()
    written.register_extension("image", _Image, _Image)
    written.id(item.id)
    written.guid(item.id, permalink=False)
    written.title(item.title)
    written.link(href=item.url)
    written.updated(item.updated)
    if item.published:
        written.published(item.published)
    if item.summary:
        written.summary(item.summary)
    if item.content_html:
        written.content(item.content_html, type="html")
    elif item.summary:
        written.description(item.summary)
    for name in item.authors:
        written.author(name=name)
    for tag in item.tags:
        written.category(term=tag)
    written.image.image = item.image


def atom(feed: Feed) -> bytes:
    return _generator(feed).atom_str(pretty=True)


def rss(feed: Feed) -> bytes:
    return _generator(feed).rss_str(pretty=True)


class JsonFeedAuthor(Schema):
    name = fields.String()


class JsonAttachment(Schema):
    url = fields.String()
    mime_type = fields.String()


class JsonFeedItem(Schema):
    id = fields.String()
    url = fields.String()
    title = fields.String()
    summary = fields.String()
    content_html = fields.String()
    # An item must carry content: without rich text, its summary or title stands in as plain text.
    content_text = fields.Function(lambda entry: None if entry.content_html else entry.summary or entry.title)
    image = fields.Function(lambda entry: entry.image.url if entry.image else None)
    attachments = fields.Function(lambda entry: JsonAttachment(many=True).dump([entry.image] if entry.image else []))
    date_published = fields.DateTime(attribute="published")
    date_modified = fields.DateTime(attribute="updated")
    authors = fields.Function(lambda entry: [{"name": name} for name in entry.authors])
    tags = fields.List(fields.String())
    language = fields.String()


class JsonFeed(Schema):
    version = fields.Constant(JSON_FEED_VERSION)
    title = fields.String()
    home_page_url = fields.String()
    feed_url = fields.String()
    next_url = fields.String()
    language = fields.String()
    items = fields.List(fields.Nested(JsonFeedItem), attribute="entries")


def json_feed(feed: Feed) -> bytes:
    return json.dumps(without_empty(JsonFeed().dump(feed)), ensure_ascii=False).encode()


FORMATS = {
    "atom": ("application/atom+xml", atom),
    "rss": ("application/rss+xml", rss),
    "json": ("application/feed+json", json_feed),
}
