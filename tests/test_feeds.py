"""Feeds: every variant parses as readers parse it, JSON Feed validates, filters and language work, and what
must not be syndicated (sensitive items, drafts, closed vacancies) never is."""

import json
from datetime import datetime
from pathlib import Path

import feedparser
import jsonschema
import pytest
from feedparser import FeedParserDict

from api.models import Post
from tests.editing_helpers import token
from tests.rest_helpers import find

JSON_FEED_SCHEMA = json.loads((Path(__file__).parent / "schemas" / "jsonfeed-1.1.json").read_text())
KINDS = ["posts", "projects", "vacancies"]
FORMATS = {"atom": "application/atom+xml", "rss": "application/rss+xml", "json": "application/feed+json"}
SITE = "https://centralasiengrupperna.se"


def parsed(client, url: str, headers: dict | None = None):
    response = client.get(url, headers=headers or {})
    assert response.status_code == 200, response.get_data(as_text=True)
    return parse(response)


def parse(response):
    """As a reader does. feedparser 6 reads Atom and RSS but not JSON Feed, which is checked against its schema
    and read into the same shape here."""
    if response.mimetype == "application/feed+json":
        return read_json_feed(response.json)
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.bozo_exception
    return feed


def read_json_feed(body: dict) -> FeedParserDict:
    jsonschema.validate(body, JSON_FEED_SCHEMA, format_checker=jsonschema.FormatChecker())
    entries = [
        FeedParserDict(
            id=item["id"],
            link=item["url"],
            title=item["title"],
            author=", ".join(author["name"] for author in item.get("authors", [])),
            tags=[FeedParserDict(term=tag) for tag in item.get("tags", [])],
            published_parsed=datetime.fromisoformat(item["date_published"]).timetuple(),
            enclosures=[FeedParserDict(href=a["url"], type=a["mime_type"]) for a in item.get("attachments", [])],
        )
        for item in body["items"]
    ]
    return FeedParserDict(feed=FeedParserDict(language=body["language"], title=body["title"]), entries=entries)


def titles(feed) -> list[str]:
    return [entry.title for entry in feed.entries]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("feed_format", FORMATS)
def test_every_feed_parses_cleanly_with_stable_ids_and_public_links(client, kind, feed_format):
    response = client.get(f"/feeds/{kind}.{feed_format}")
    assert response.mimetype == FORMATS[feed_format]
    feed = parsed(client, f"/feeds/{kind}.{feed_format}")
    listed = client.get(f"/api/v1/{kind}?status=open" if kind == "vacancies" else f"/api/v1/{kind}").json
    assert len(feed.entries) == listed["total"] > 0
    assert feed.feed.language == "en"
    for entry in feed.entries:
        assert entry.id.startswith(f"tag:centralasiengrupperna.se,2020:{kind}/")
        assert entry.link.startswith(f"{SITE}/")
        assert entry.title
        assert entry.get("published_parsed") or "updated_parsed" in entry  # RSS has no updated time


@pytest.mark.parametrize("kind", KINDS)
def test_json_feeds_validate_against_the_json_feed_schema(client, kind):
    body = client.get(f"/feeds/{kind}.json?lang=sv").json
    jsonschema.validate(body, JSON_FEED_SCHEMA, format_checker=jsonschema.FormatChecker())
    assert body["language"] == "sv"


def test_posts_carry_authors_categories_dates_and_their_text_in_the_asked_language(client):
    feed = parsed(client, "/feeds/posts.atom?lang=sv")
    maria = next(entry for entry in feed.entries if entry.id.endswith("/1"))
    assert maria.author == "Maria"
    assert {tag.term for tag in maria.tags}
    assert maria.published_parsed
    swedish = parsed(client, "/feeds/posts.json?lang=sv")
    english = parsed(client, "/feeds/posts.json?lang=en")
    assert {entry.id for entry in swedish.entries} == {entry.id for entry in english.entries}
    tags = lambda feed: {tag.term for entry in feed.entries for tag in entry.tags}  # noqa: E731
    assert tags(swedish) != tags(english)  # theme names in the feed's language
    assert swedish.feed.title == "Centralasiengrupperna: Inlägg"


def test_filters_are_the_collections_filters(client):
    for kind, query in [
        ("projects", "partner=novi-ritm"),
        ("posts", "theme=environment-climate"),
        ("posts", "kind=story"),
    ]:
        listed = client.get(f"/api/v1/{kind}?{query}").json
        feed = parsed(client, f"/feeds/{kind}.rss?{query}")
        assert len(feed.entries) == listed["total"] > 0
        assert {entry.link.rsplit("/", 1)[1] for entry in feed.entries} == {item["slug"] for item in listed["items"]}


def test_images_are_enclosures_and_attachments(client, db_session):
    post = find(db_session, Post, "maria-from-journalist-to-ngo")
    post.image_url = "https://centralasiengrupperna.se/media/maria.png"
    db_session.commit()
    atom = next(entry for entry in parsed(client, "/feeds/posts.atom").entries if entry.id.endswith("/1"))
    assert atom.enclosures[0].href == post.image_url
    assert atom.enclosures[0].type == "image/png"
    assert atom.link.startswith(SITE)  # the enclosure is not taken for the entry's own link
    rss = next(entry for entry in parsed(client, "/feeds/posts.rss").entries if entry.id.endswith("/1"))
    assert rss.enclosures[0].href == post.image_url
    item = next(item for item in client.get("/feeds/posts.json").json["items"] if item["id"].endswith("/1"))
    assert item["attachments"] == [{"url": post.image_url, "mime_type": "image/png"}]


@pytest.mark.parametrize("feed_format", FORMATS)
def test_sensitive_items_are_never_syndicated(client, db_session, feed_format):
    post = find(db_session, Post, "maria-from-journalist-to-ngo")
    post.sensitive = True
    db_session.commit()
    assert client.get("/api/v1/posts/maria-from-journalist-to-ngo").status_code == 200  # still served here
    assert not [entry for entry in parsed(client, f"/feeds/posts.{feed_format}").entries if entry.id.endswith("/1")]


def test_closed_vacancies_drop_out_unless_asked_for(client):
    open_ones = parsed(client, "/feeds/vacancies.atom")
    assert [entry.link.rsplit("/", 1)[1] for entry in open_ones.entries] == ["projektansvarig"]
    closed = parsed(client, "/feeds/vacancies.atom?status=closed")
    assert [entry.link.rsplit("/", 1)[1] for entry in closed.entries] == ["esc-volunteers-malmo-2020"]


def test_drafts_stay_out_even_for_a_token(client, runner):
    editor = token(runner, "editor")
    body = {"kind": "news", "original_locale": "en", "translations": {"en": {"title": "Secret draft"}}}
    assert client.post("/api/v1/posts", json=body, headers=editor).status_code == 201
    assert "Secret draft" not in titles(parsed(client, "/feeds/posts.atom", editor))


def test_conditional_requests_get_a_304(client):
    first = client.get("/feeds/posts.atom")
    assert first.cache_control.public and first.cache_control.max_age
    assert "Accept-Language" in first.headers["Vary"]
    again = client.get("/feeds/posts.atom", headers={"If-None-Match": first.headers["ETag"]})
    assert (again.status_code, again.data) == (304, b"")
    since = client.get("/feeds/posts.atom", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304


def test_a_write_changes_the_feed(client, runner):
    editor = token(runner, "editor")
    before = client.get("/feeds/posts.json")
    url = "/api/v1/posts/maria-from-journalist-to-ngo"
    current = client.get(url)
    client.patch(
        url,
        json={"translations": {"en": {"title": "Maria, again"}}},
        headers={**editor, "If-Match": current.headers["ETag"]},
    )
    after = client.get("/feeds/posts.json", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert "Maria, again" in titles(parse(after))


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/feeds/projects.atom?partner=no-such-partner", 400),
        ("/feeds/posts.atom?theme=no-such-theme", 400),
        ("/feeds/posts.atom?limit=1000", 400),
        ("/feeds/posts.atom?colour=red", 400),
        ("/feeds/posts.xml", 404),
        ("/feeds/partners.atom", 404),
    ],
)
def test_bad_feed_urls_are_problems(client, url, status):
    response = client.get(url)
    assert (response.status_code, response.mimetype) == (status, "application/problem+json")


def test_the_docs_page_links_every_feed(client):
    page = client.get("/docs").get_data(as_text=True)
    for kind in KINDS:
        assert f'type="application/atom+xml" title="{kind.title()} (Atom)" href="/feeds/{kind}.atom"' in page
        assert f'href="/feeds/{kind}.json"' in page
