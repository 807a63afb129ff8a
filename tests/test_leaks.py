"""Nothing of a sensitive item leaves through any syndicated channel, and no pseudonym is tied to a person.

The fixture makes sensitive posts, projects and vacancies with a marker in every text field, in two languages,
linked from and to public items of every type (a public post's project, a partner's projects, shared themes,
partners and authors), and one item that was public before it was marked sensitive. The test then fetches every
channel the gate (api.syndication) serves, in every language and with every filter the channel takes, follows
every next page, asks for the sensitive items by slug, reads every sync page anonymously and with partner and
staff tokens, and receives the webhook bodies on a real local receiver; the marker must appear nowhere.

A new channel is a view marked with `syndication.channel`: the last step fails until this test fetches it.
"""

import re
from urllib.parse import unquote, urlencode, urlsplit

import pytest

from api.syndication import is_channel
from tests.editing_helpers import created, if_match, token
from tests.webhook_receiver import Receiver

MARKER = "qzleak"
SENSITIVE = {"posts": ["qzleak-post", "qzleak-late"], "projects": ["qzleak-project"], "vacancies": ["qzleak-vacancy"]}
KINDS = ("posts", "projects", "vacancies")
FORMATS = ("atom", "rss", "json")
SHARED_WORD = "youth"  # in sensitive and public texts alike: a search that must find only the public ones

# Every filter each syndicated collection takes, with values that reach the sensitive items if the gate fails.
FILTERS = {
    "posts": [
        {"theme": "youth"},
        {"theme": "human-rights"},
        {"partner": "novi-ritm"},
        {"partner": "kobiety"},
        {"country": "KG"},
        {"author": "maria"},
        {"project": "climate-residency-osh"},
        {"kind": "news"},
        {"kind": "article"},
        {"q": SHARED_WORD},
        {"published_after": "2000-01-01T00:00:00Z"},
        {"updated_after": "2000-01-01T00:00:00Z"},
        {"sort": "title"},
        {"limit": "2"},
    ],
    "projects": [
        {"theme": "youth"},
        {"partner": "novi-ritm"},
        {"programme": "erasmus-plus"},
        {"country": "KG"},
        {"status": "ongoing"},
        {"q": SHARED_WORD},
        {"start_after": "2000-01-01"},
        {"published_after": "2000-01-01T00:00:00Z"},
        {"limit": "1"},
    ],
    "vacancies": [
        {"theme": "youth"},
        {"partner": "novi-ritm"},
        {"programme": "european-solidarity-corps"},
        {"country": "KG"},
        {"kind": "volunteer"},
        {"status": "open"},
        {"status": "closed"},
        {"q": SHARED_WORD},
        {"deadline_after": "2000-01-01T00:00:00Z"},
        {"published_after": "2000-01-01T00:00:00Z"},
        {"limit": "1"},
    ],
}


def marked(kind: str, field: str, locale: str) -> str:
    return f"{MARKER} {kind} {field} {locale} {SHARED_WORD}"


def texts(kind: str, fields: tuple[str, ...]) -> dict:
    return {locale: {field: marked(kind, field, locale) for field in fields} for locale in ("en", "ru")}


def sensitive_bodies() -> dict[str, list[dict]]:
    """Sensitive items whose every text carries the marker; linked to public partners, themes, authors, projects."""
    post_texts = texts("post", ("title", "excerpt", "body", "image_alt"))
    return {
        "posts": [
            {
                "slug": "qzleak-post",
                "kind": "news",
                "original_locale": "en",
                "sensitive": True,
                "author": "maria",
                "project": "climate-residency-osh",
                "themes": ["youth", "human-rights"],
                "countries": ["KG"],
                "partners": ["novi-ritm", "kobiety"],
                "featured_image": {"url": f"https://images.example.org/{MARKER}.jpg", "credit": f"{MARKER} credit"},
                "video_url": f"https://video.example.org/{MARKER}",
                "translations": post_texts,
            }
        ],
        "projects": [
            {
                "slug": "qzleak-project",
                "status": "ongoing",
                "original_locale": "en",
                "sensitive": True,
                "start_date": "2024-01-01",
                "themes": ["youth"],
                "countries": ["KG"],
                "partners": ["novi-ritm", "kobiety"],
                "programmes": ["erasmus-plus"],
                "translations": texts("project", ("title", "summary", "body", "location")),
            }
        ],
        "vacancies": [
            {
                "slug": "qzleak-vacancy",
                "kind": "volunteer",
                "original_locale": "en",
                "sensitive": True,
                "host": "novi-ritm",
                "deadline": "2099-01-01T12:00:00+01:00",
                "programme": "european-solidarity-corps",
                "programme_reference": f"{MARKER}-ref",
                "how_to_apply": {"url": f"https://apply.example.org/{MARKER}", "email": f"{MARKER}@example.org"},
                "themes": ["youth"],
                "countries": ["KG"],
                "translations": texts("vacancy", ("title", "description", "location", "eligibility", "how_to_apply")),
            }
        ],
    }


def publish(client, collection: str, response, headers: dict):
    slug = response.json["slug"]
    published = client.post(f"/api/v1/{collection}/{slug}/publish", json={}, headers=if_match(response, headers))
    assert published.status_code == 200, published.json
    return published


def make_sensitive_content(client, editor: dict) -> None:
    for collection, bodies in sensitive_bodies().items():
        for body in bodies:
            publish(client, collection, created(client, collection, body, editor), editor)
    # A public post that names the sensitive project: its reference must be dropped wherever it is syndicated.
    public = {
        "kind": "article",
        "original_locale": "en",
        "project": "qzleak-project",
        "partners": ["novi-ritm"],
        "themes": ["youth"],
        "translations": {"en": {"title": f"A public {SHARED_WORD} story"}, "ru": {"title": "Публичная история"}},
    }
    publish(client, "posts", created(client, "posts", public, editor), editor)
    # Public first, then marked sensitive: the change log holds its slug from before; nothing may name it now.
    late = {
        "slug": "qzleak-late",
        "kind": "story",
        "original_locale": "en",
        "partners": ["novi-ritm"],
        "translations": texts("late", ("title", "excerpt", "body")),
    }
    published = publish(client, "posts", created(client, "posts", late, editor), editor)
    marking = client.patch("/api/v1/posts/qzleak-late", json={"sensitive": True}, headers=if_match(published, editor))
    assert marking.status_code == 200, marking.json


class Crawler:
    """Fetches channels, remembers which endpoints it reached, and collects every leak it finds."""

    def __init__(self, app, client) -> None:
        self.app, self.client = app, client
        self.adapter = app.url_map.bind("localhost")
        self.endpoints: set[str] = set()
        self.leaks: list[str] = []

    def get(self, url: str, headers: dict | None = None, expect: tuple[int, ...] = (200,)):
        response = self.client.get(url, headers=headers or {})
        assert response.status_code in expect, (url, response.status_code, response.get_data(as_text=True)[:300])
        self.endpoints.add(self.adapter.match(urlsplit(url).path)[0])
        self.scan(url, response.get_data(as_text=True), response.headers)
        return response

    def scan(self, where: str, body: str, headers=()) -> None:
        # The request's own words may come back (a 404 naming the slug asked for): only the rest can leak.
        echoed = {part.lower() for part in re.split(r"[/?&=]", unquote(where)) if MARKER in part.lower()}
        seen = (body + "\n" + "\n".join(f"{name}: {value}" for name, value in headers)).lower()
        for echo in echoed:
            seen = seen.replace(echo, "")
        if MARKER in seen:
            start = seen.index(MARKER)
            self.leaks.append(f"{where}: …{seen[max(0, start - 80) : start + 40]}…")

    def follow(self, url: str, headers: dict | None = None) -> None:
        """A list and each of its next pages (the body's `next`, a feed's next link)."""
        seen = set()
        while url and url not in seen and len(seen) < 50:
            seen.add(url)
            response = self.get(url, headers)
            url = next_page(response)


def next_page(response) -> str | None:
    if response.is_json and isinstance(response.json, dict):
        url = response.json.get("next") or response.json.get("next_url") or response.json.get("next_page")
    else:
        found = re.search(r'<link[^>]*rel="next"[^>]*href="([^"]+)"', response.get_data(as_text=True))
        url = found.group(1).replace("&amp;", "&") if found else None
    return url.replace("http://localhost", "") if url else None


def sensitive_ids(client, collection: str) -> set[int]:
    return {client.get(f"/api/v1/{collection}/{slug}").json["id"] for slug in SENSITIVE[collection]}


def public_slugs(client) -> dict[str, list[str]]:
    """Every item the organisation's own site lists (sensitive ones included there), by collection."""
    slugs = {}
    for collection in (*KINDS, "partners"):
        items = client.get(f"/api/v1/{collection}?limit=100").json["items"]
        slugs[collection] = [item["slug"] for item in items if not item.get("sensitive")]
        assert not set(slugs[collection]) & set(SENSITIVE.get(collection, []))
    return slugs


@pytest.fixture
def world(app, client, runner):
    """The sensitive fixture, a sync started before it, and a webhook receiver registered before it."""
    receiver = Receiver()
    admin, editor = token(runner, "admin"), token(runner, "editor")
    assert client.post("/api/v1/webhooks", json={"url": receiver.url}, headers=admin).status_code == 201
    partner = token(runner, "partner", "novi-ritm")
    before = {
        name: sync_all(client, "/api/v1/sync?limit=7", headers)[1]
        for name, headers in (("anonymous", {}), ("partner", partner), ("editor", editor))
    }
    make_sensitive_content(client, editor)
    yield {"receiver": receiver, "editor": editor, "partner": partner, "syncs_before": before}
    receiver.stop()


def sync_all(client, url: str, headers: dict) -> tuple[list, str]:
    responses = []
    while True:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, response.json
        responses.append(response)
        if not response.json["next_page"]:
            return responses, response.json["next_sync"].replace("http://localhost", "")
        url = response.json["next_page"].replace("http://localhost", "")


def crawl_feeds(crawler: Crawler, locales: list[str]) -> None:
    for kind in KINDS:
        for feed_format in FORMATS:
            for locale in locales:
                crawler.follow(f"/feeds/{kind}.{feed_format}?lang={locale}")
            for filters in FILTERS[kind]:
                crawler.follow(f"/feeds/{kind}.{feed_format}?{urlencode(filters)}")
        for locale in locales:
            for filters in FILTERS[kind]:
                crawler.follow(f"/feeds/{kind}.json?{urlencode({**filters, 'lang': locale})}")


def crawl_widgets(crawler: Crawler, locales: list[str], slugs: dict) -> None:
    for kind in KINDS:
        for locale in locales:
            crawler.get(f"/embed/{kind}?lang={locale}")
            for slug in slugs[kind]:
                crawler.get(f"/embed/{kind}/{slug}?lang={locale}")
        for filters in FILTERS[kind]:
            args = {("count" if name == "limit" else name): value for name, value in filters.items()}
            crawler.get(f"/embed/{kind}?{urlencode(args)}", expect=(200, 404))
        for slug in SENSITIVE[kind]:
            crawler.get(f"/embed/{kind}/{slug}", expect=(404,))


def crawl_oembed(crawler: Crawler, locales: list[str], slugs: dict, site: str) -> None:
    for kind in KINDS:
        for locale in locales:
            for slug in slugs[kind]:
                crawler.get(f"/oembed?{urlencode({'url': f'{site}/{locale}/{kind}/{slug}'})}")
            for slug in SENSITIVE[kind]:
                crawler.get(f"/oembed?{urlencode({'url': f'{site}/{locale}/{kind}/{slug}'})}", expect=(404,))


def crawl_json_ld(crawler: Crawler, locales: list[str], slugs: dict) -> None:
    for collection in (*KINDS, "partners"):
        for locale in locales:
            for slug in slugs[collection]:
                crawler.get(f"/api/v1/{collection}/{slug}/jsonld?lang={locale}")
        for slug in SENSITIVE.get(collection, []):
            crawler.get(f"/api/v1/{collection}/{slug}/jsonld", expect=(404,))


def crawl_graphql_json_ld(crawler: Crawler, client, editor: dict) -> None:
    """GraphQL serves sensitive items to the organisation's own site, but never their JSON-LD."""
    for field, collection in (("posts", "posts"), ("projects", "projects"), ("vacancies", "vacancies")):
        query = f"{{ {field}(first: 50) {{ nodes {{ slug sensitive jsonLd }} }} }}"
        nodes = client.post("/graphql", json={"query": query}, headers=editor).json["data"][field]["nodes"]
        assert {node["slug"] for node in nodes if node["sensitive"]} == set(SENSITIVE[collection])
        for node in nodes:
            if node["sensitive"]:
                assert node["jsonLd"] is None, node["slug"]
            else:
                crawler.scan(f"graphql {field} {node['slug']} jsonLd", node["jsonLd"])


def crawl_sync(crawler: Crawler, world: dict) -> None:
    tokens = {"anonymous": {}, "partner": world["partner"], "editor": world["editor"]}
    for name, headers in tokens.items():
        for start in ("/api/v1/sync?limit=5", world["syncs_before"][name]):
            crawler.follow(start, headers)
        for locale in ("ru", "ky"):
            crawler.follow(f"/api/v1/sync?limit=50&lang={locale}", headers)


def crawl_webhooks(crawler: Crawler, runner, receiver: Receiver) -> None:
    result = runner.invoke(args=["webhooks", "worker", "--once"])
    assert result.exit_code == 0, result.output
    assert receiver.received, "the webhook worker delivered nothing"
    for delivery in receiver.received:
        crawler.scan("webhook", delivery["raw"].decode(), delivery["headers"].items())


def test_no_sensitive_marker_leaves_through_any_channel(app, client, runner, world):
    crawler = Crawler(app, client)
    locales = app.config["LOCALES"]
    slugs = public_slugs(client)
    crawl_feeds(crawler, locales)
    crawl_widgets(crawler, locales, slugs)
    crawl_oembed(crawler, locales, slugs, app.config["PUBLIC_SITE_URL"].rstrip("/"))
    crawl_json_ld(crawler, locales, slugs)
    crawl_graphql_json_ld(crawler, client, world["editor"])
    crawl_sync(crawler, world)
    crawl_webhooks(crawler, runner, world["receiver"])
    assert crawler.leaks == []
    removed = [entry["body"] for entry in world["receiver"].received if entry["body"]["event"] == "post.removed"]
    assert {body["item"]["id"] for body in removed} >= sensitive_ids(client, "posts")

    channels = {endpoint for endpoint, view in app.view_functions.items() if is_channel(view)}
    assert channels - crawler.endpoints == set(), "a syndicated channel this test does not fetch"


def test_every_route_that_partners_or_apps_receive_is_a_channel_of_the_gate(app):
    """Feeds, widget pages, oEmbed, JSON-LD and sync pass the gate; a new route there must be marked and crawled."""
    syndicated_paths = re.compile(r"^/(feeds|embed/|oembed|api/v1/sync)|/jsonld$")
    not_content = {"widgets.embed_script", "widgets.static"}
    for rule in app.url_map.iter_rules():
        if syndicated_paths.search(rule.rule) and rule.endpoint not in not_content:
            assert is_channel(app.view_functions[rule.endpoint]), rule.rule


def test_the_sensitive_items_are_served_to_the_organisations_own_reads(client, world):
    """The other half of the promise: REST and GraphQL reads of the own site still carry them."""
    for collection, slugs in SENSITIVE.items():
        for slug in slugs:
            response = client.get(f"/api/v1/{collection}/{slug}")
            assert response.status_code == 200 and response.json["sensitive"] is True
    story = client.get("/api/v1/posts?q=public+story").json["items"][0]
    assert story["project"]["slug"] == "qzleak-project"  # shown on the own site, dropped when syndicated


def test_a_filter_naming_a_sensitive_item_answers_as_for_an_unknown_one(client, world):
    for url in ("/feeds/posts.json?project={}", "/embed/posts?project={}"):
        sensitive, unknown = client.get(url.format("qzleak-project")), client.get(url.format("no-such-project"))
        assert sensitive.status_code == unknown.status_code != 200
        assert sensitive.get_data(as_text=True).replace("qzleak-project", "X") == unknown.get_data(
            as_text=True
        ).replace("no-such-project", "X")


PSEUDONYM = {"name": "Aigul", "is_pseudonym": True, "original_locale": "en", "translations": {"en": {"role": "Writer"}}}


def test_a_pseudonym_is_never_tied_to_the_person_behind_it(app, client, runner):
    """The model keeps no legal name: the only link from a pseudonym to a person is the staff token that wrote
    the byline and its posts (a token is named after its holder). Only staff reads show it; no channel does."""
    real_name = "Qzleak Realname"
    writer = token(runner, "editor")
    named = runner.invoke(args=["tokens", "create", real_name, "--role", "editor"]).output
    person = {"Authorization": "Bearer " + re.search(r"cag_\S+", named).group(0)}
    receiver = Receiver()
    try:
        admin = token(runner, "admin")
        assert client.post("/api/v1/webhooks", json={"url": receiver.url}, headers=admin).status_code == 201
        author = created(client, "authors", PSEUDONYM, person).json["slug"]
        post = {
            "kind": "story",
            "original_locale": "en",
            "author": author,
            "translations": {"en": {"title": "Written under a pseudonym"}},
        }
        made = created(client, "posts", post, person)
        publish(client, "posts", made, person)
        slug = made.json["slug"]
        staff_view = client.get(f"/api/v1/posts/{slug}", headers=writer).json
        assert staff_view["history"]["created_by"]["name"] == real_name  # staff know who wrote it

        crawler = Crawler(app, client)
        partner = token(runner, "partner", "novi-ritm")
        query = f'{{ post(slug: "{slug}") {{ author {{ name }} history {{ createdBy {{ name }} }} }} }}'
        for headers in ({}, partner):
            crawler.get(f"/api/v1/posts/{slug}", headers)
            crawler.get(f"/api/v1/authors/{author}", headers)
            crawler.follow("/api/v1/posts?limit=50", headers)
            answer = client.post("/graphql", json={"query": query}, headers=headers)
            crawler.scan("graphql", answer.get_data(as_text=True))
        for headers in ({}, partner, writer):
            crawler.follow("/api/v1/sync?limit=100", headers)
        crawl_feeds(crawler, ["en"])
        crawl_widgets(crawler, ["en"], public_slugs(client))
        crawl_json_ld(crawler, ["en"], public_slugs(client))
        crawl_webhooks(crawler, runner, receiver)
        assert crawler.leaks == []
    finally:
        receiver.stop()
