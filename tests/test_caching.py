"""HTTP caching and compression: validators derived from the content's state, 304s before any view runs,
validators that move with the writes that change what an answer shows and with time, brotli and gzip above a
threshold, and list endpoints whose SQL statement count does not grow with the page size."""

import gzip
from datetime import timedelta

import brotli
import pytest

from api.models import Author, Partner, Theme
from tests.conftest import dispose, make_app, recorded_statements
from tests.editing_helpers import created, if_match, token
from tests.graphql_helpers import add_post, find

PUBLIC_READS = [
    "/api/v1/posts",
    "/api/v1/posts/maria-from-journalist-to-ngo",
    "/api/v1/vacancies?status=open",
    "/api/v1/search?q=youth",
    "/graphql?query=%7Bposts(first%3A2)%7Bnodes%7Bslug%7D%7D%7D",
    "/feeds/posts.atom",
    "/embed/projects?lang=ru",
    "/oembed?url=https://centralasiengrupperna.se/en/posts/maria-from-journalist-to-ngo",
]


def only_the_state_was_read(statements: list[str]) -> bool:
    """At most the content's state (anonymous readers may share a recent reading), nothing a view would read."""
    return len(statements) <= 1 and all("max(changes.id)" in statement for statement in statements)


@pytest.mark.parametrize("url", PUBLIC_READS)
def test_every_public_read_is_revalidated_with_a_304_before_its_view_runs(client, statements, url):
    first = client.get(url)
    assert first.status_code == 200
    assert first.headers["ETag"].startswith('"') and not first.headers["ETag"].startswith("W/")
    assert first.cache_control.public and first.cache_control.max_age
    assert {"Accept-Language", "Accept-Encoding"} <= set(first.vary)
    statements.clear()
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert (again.status_code, again.data) == (304, b"")
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.cache_control.public
    assert only_the_state_was_read(statements)


def test_a_write_changes_the_validators_of_the_answers_that_show_it_and_a_failed_one_none(client, runner):
    editor = token(runner, "editor")
    tags = {url: client.get(url).headers["ETag"] for url in PUBLIC_READS}
    post = client.get("/api/v1/posts/maria-from-journalist-to-ngo", headers=editor)
    refused = client.patch(post.request.path, json={"themes": ["nope"]}, headers=if_match(post, editor))
    assert refused.status_code == 422
    assert {url: client.get(url).headers["ETag"] for url in PUBLIC_READS} == tags
    client.patch(post.request.path, json={"video_url": "https://v.example/1"}, headers=if_match(post, editor))
    unrelated = {"/api/v1/vacancies?status=open", "/embed/projects?lang=ru"}  # no post in them (test_validators.py)
    for url, tag in tags.items():
        expected = 304 if url in unrelated else 200
        assert client.get(url, headers={"If-None-Match": tag}).status_code == expected, url


def test_time_alone_changes_a_validator_when_a_scheduled_post_goes_live(app, client, runner, clock):
    app.config["CONTENT_STATE_TTL"] = 0  # no shared reading of the state may outlast the moment it goes live
    editor = token(runner, "editor")
    new = {"kind": "news", "original_locale": "en", "translations": {"en": {"title": "Soon"}}}
    made = created(client, "posts", new, editor)
    soon = clock.now() + timedelta(hours=1)
    client.post("/api/v1/posts/soon/publish", json={"published_at": soon.isoformat()}, headers=if_match(made, editor))
    before = client.get("/api/v1/posts")
    assert client.get("/api/v1/posts", headers={"If-None-Match": before.headers["ETag"]}).status_code == 304
    clock.advance(hours=1, seconds=1)
    after = client.get("/api/v1/posts", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.json["total"] == before.json["total"] + 1


def test_the_locale_and_the_reader_have_validators_of_their_own(client, runner):
    english = client.get("/api/v1/themes").headers["ETag"]
    swedish = client.get("/api/v1/themes", headers={"Accept-Language": "sv"})
    assert swedish.headers["ETag"] != english
    assert client.get("/api/v1/themes", headers={"If-None-Match": english, "Accept-Language": "sv"}).status_code == 200
    editor = token(runner, "editor")
    private = client.get("/api/v1/themes", headers=editor)
    assert private.headers["ETag"] != english
    assert private.cache_control.private and "Authorization" in private.vary


@pytest.mark.parametrize(("encoding", "decode"), [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_bodies_are_compressed_as_the_client_accepts(client, encoding, decode):
    plain = client.get("/api/v1/posts")
    squeezed = client.get("/api/v1/posts", headers={"Accept-Encoding": f"{encoding}, identity"})
    assert squeezed.headers["Content-Encoding"] == encoding
    assert decode(squeezed.data) == plain.data
    assert len(squeezed.data) < len(plain.data) / 3
    assert squeezed.headers["ETag"] == plain.headers["ETag"][:-1] + f'-{encoding}"'
    revalidated = client.get(
        "/api/v1/posts", headers={"Accept-Encoding": encoding, "If-None-Match": squeezed.headers["ETag"]}
    )
    assert revalidated.status_code == 304


def test_brotli_is_preferred_and_small_bodies_stay_plain(client):
    both = client.get("/api/v1/posts", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert both.headers["Content-Encoding"] == "br"
    assert (
        client.get("/api/v1/posts", headers={"Accept-Encoding": "gzip;q=1, br;q=0.5"}).headers["Content-Encoding"]
        == "gzip"
    )
    small = client.get("/api/v1/themes/youth?lang=xx", headers={"Accept-Encoding": "br"})
    assert len(small.data) < 1024
    assert "Content-Encoding" not in small.headers
    assert "Accept-Encoding" in small.vary


@pytest.fixture
def many_posts(db_session):
    author, theme = find(db_session, Author, "maria"), find(db_session, Theme, "youth")
    partner = find(db_session, Partner, "novi-ritm")
    for number in range(60):
        add_post(db_session, f"bulk-{number}", author=author, themes=[theme], partners=[partner])
    db_session.commit()


# Every statement a first read of a URL sends (nothing rendered yet to reuse) with the state read afresh: a new N+1
# or an unneeded load shows up as a changed number. The state is the first statement; the answer costs the rest.
# A post's relations: author, themes, countries, partners, then the translations of the post, the author, the themes
# and the partners.
POST_RELATIONS = 8
READ_STATEMENTS = {
    "/api/v1/posts": 1 + 1 + POST_RELATIONS + 1,  # state, page, relations, count
    "/api/v1/posts?theme=youth&sort=-updated_at": 1 + 1 + 1 + POST_RELATIONS + 1,  # state, theme, page, …, count
    "/api/v1/search?q=title": 1 + 1 + 1 + POST_RELATIONS + 1,  # state, ranked page, the posts, relations, count
    # state, page, themes, post and theme translations, count
    "/graphql?query=%7Bposts%7Bnodes%7Bslug%20title%20themes%7Bname%7D%7D%7D%7D": 1 + 1 + 3 + 1,
}


@pytest.fixture
def unshared(app):
    """Every request reads the state itself: no reading shared with an earlier request hides its statement."""
    app.config["CONTENT_STATE_TTL"] = 0
    return app


@pytest.mark.parametrize("url", READ_STATEMENTS)
def test_a_list_costs_pinned_statements_whatever_its_size(unshared, client, statements, many_posts, url):
    separator = "&" if "?" in url else "?"
    for limit in (2, 50):
        statements.clear()
        if url.startswith("/graphql"):
            response = client.get(url.replace("posts%7B", f"posts(first%3A{limit})%7B"))
            assert response.status_code == 200 and len(response.json["data"]["posts"]["nodes"]) == limit
        else:
            response = client.get(f"{url}{separator}limit={limit}")
            assert response.status_code == 200 and len(response.json["items"]) == limit
        assert (limit, len(statements)) == (limit, READ_STATEMENTS[url]), statements


ITEM_STATEMENTS = {
    "/api/v1/posts/maria-from-journalist-to-ngo": 1 + 1 + POST_RELATIONS,  # state, post, relations
    # state, project; themes, countries, partners, programmes; project, theme and partner translations
    "/api/v1/projects/climate-residency-osh": 1 + 1 + 7,
    # state, post; author, themes; post, author and theme translations
    '/graphql?query={post(slug:"maria-from-journalist-to-ngo"){title themes{name} author{name}}}': 1 + 1 + 5,
}


@pytest.mark.parametrize("url", ITEM_STATEMENTS)
def test_an_item_costs_pinned_statements(unshared, client, statements, url):
    response = client.get(url)
    assert response.status_code == 200 and "errors" not in response.json
    assert len(statements) == ITEM_STATEMENTS[url], statements


def test_anonymous_readers_share_one_reading_of_the_state_and_tokens_read_it_afresh(app, client, runner, statements):
    app.config["CONTENT_STATE_TTL"] = 3600  # however slow the requests below, they fall within one reading
    client.get("/api/v1/themes")
    statements.clear()
    tag = client.get("/api/v1/themes").headers["ETag"]
    assert client.get("/api/v1/themes", headers={"If-None-Match": tag}).status_code == 304
    assert statements == []  # within CONTENT_STATE_TTL of the first reading
    editor = token(runner, "editor")
    statements.clear()
    client.get("/api/v1/themes", headers=editor)
    assert any("max(changes.id)" in statement for statement in statements)


def test_without_a_shared_reading_every_request_reads_the_state(database_url):
    app = make_app(database_url, CONTENT_STATE_TTL=0)
    client = app.test_client()
    tag = client.get("/api/v1/themes").headers["ETag"]
    with recorded_statements(app) as sent:
        assert client.get("/api/v1/themes", headers={"If-None-Match": tag}).status_code == 304
    assert len(sent) == 1 and "max(changes.id)" in sent[0]
    dispose(app)
