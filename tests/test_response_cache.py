"""Public content reads are answered again from the response cache without running the view; a write, a token,
another locale or encoding, or time passing a publication each get an answer of their own."""

import brotli
import pytest

from api.response_cache import MemoryStore
from tests.conftest import dispose, make_app, recorded_statements
from tests.editing_helpers import created, if_match, token
from tests.test_caching import only_the_state_was_read

PUBLIC_READS = [
    "/api/v1/posts?limit=3",
    "/api/v1/posts/maria-from-journalist-to-ngo",
    "/api/v1/search?q=youth",
    "/graphql?query=%7Bposts(first%3A2)%7Bnodes%7Bslug%7D%7D%7D",
    "/feeds/posts.atom",
    "/embed/projects?lang=ru",
]


@pytest.mark.parametrize("url", PUBLIC_READS)
def test_a_repeated_public_read_is_served_without_its_view(client, statements, url):
    first = client.get(url, headers={"Accept-Encoding": "br"})
    statements.clear()
    again = client.get(url, headers={"Accept-Encoding": "br"})
    assert only_the_state_was_read(statements)  # the key of the stored answer, and nothing the view would read
    assert (again.status_code, again.data, again.headers["ETag"]) == (200, first.data, first.headers["ETag"])
    for name in ("Content-Type", "Content-Encoding", "Content-Language", "Cache-Control", "Vary"):
        assert again.headers.get(name) == first.headers.get(name), name


def test_a_write_is_seen_at_once(client, runner):
    editor = token(runner, "editor")
    url = "/api/v1/posts/maria-from-journalist-to-ngo"
    before = client.get(url)
    assert client.get(url).json == before.json
    client.patch(
        url, json={"video_url": "https://v.example/1"}, headers=if_match(client.get(url, headers=editor), editor)
    )
    after = client.get(url)
    assert after.json["video_url"] == "https://v.example/1"
    assert after.headers["ETag"] != before.headers["ETag"]


def test_what_a_token_sees_is_neither_stored_nor_served_from_the_store(client, runner, statements):
    editor = token(runner, "editor")
    created(
        client, "posts", {"kind": "news", "original_locale": "en", "translations": {"en": {"title": "Draft"}}}, editor
    )
    url = "/api/v1/posts?publication_status=draft"
    assert client.get(url, headers=editor).json["total"] == 1
    public = client.get(url)
    assert public.json["total"] == 0  # the filter is for staff: the public still sees published items only
    statements.clear()
    assert client.get(url, headers=editor).json["total"] == 1
    assert len(statements) > 1  # rendered again for the token


def test_each_encoding_and_locale_has_its_own_answer(client):
    url = "/api/v1/posts?limit=5"
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    squeezed = client.get(url, headers={"Accept-Encoding": "br"})
    assert squeezed.headers["Content-Encoding"] == "br" and "Content-Encoding" not in plain.headers
    assert brotli.decompress(squeezed.data) == plain.data
    assert client.get(url, headers={"Accept-Encoding": "identity"}).data == plain.data
    swedish = client.get(url, headers={"Accept-Language": "sv", "Accept-Encoding": "identity"})
    assert swedish.headers["Content-Language"] == "sv" and swedish.data != plain.data


def test_headers_of_one_exchange_are_not_replayed(client):
    url = "/api/v1/posts?limit=2"
    client.get(url)
    again = client.get(url, headers={"Origin": "https://partner.example"})
    assert again.headers["Access-Control-Allow-Origin"] == "*"  # flask-cors answered this request itself
    assert again.headers["Content-Length"] == str(len(again.data))


def test_if_modified_since_is_honoured_on_a_stored_answer(client):
    first = client.get("/feeds/posts.atom")
    client.get("/feeds/posts.atom")
    since = client.get("/feeds/posts.atom", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304


def test_a_size_of_zero_turns_the_cache_off(database_url):
    app = make_app(database_url, RESPONSE_CACHE_MB=0)
    client = app.test_client()
    client.get("/api/v1/themes")
    with recorded_statements(app) as sent:
        assert client.get("/api/v1/themes").status_code == 200
    assert len(sent) > 1
    dispose(app)


def test_the_store_keeps_to_its_budget_and_drops_the_least_recently_used():
    store = MemoryStore(budget=1000)
    for key in "abcd":
        store.put(key, bytes(100))
    assert store.get("a") is not None  # now the most recently used
    for key in "efghijk":
        store.put(key, bytes(100))
    assert store.used == 1000
    assert store.get("a") is not None and store.get("b") is None and store.get("c") is not None
    store.put("huge", bytes(126))  # more than an eighth of the budget: not kept
    assert store.get("huge") is None
