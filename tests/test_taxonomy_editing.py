"""Writing themes and authors: deleted only when nothing links to them, by staff only."""

import pytest

from tests.editing_helpers import assert_problem, created, if_match, token


@pytest.fixture
def editor(runner):
    return token(runner, "editor")


def test_a_theme_in_use_is_not_deleted_and_an_unused_one_is(client, editor):
    youth = client.get("/api/v1/themes/youth")
    refused = client.delete("/api/v1/themes/youth", headers=if_match(youth, editor))
    assert_problem(refused, 409)
    assert client.get("/api/v1/posts?theme=youth").json["total"] > 0
    made = created(client, "themes", {"original_locale": "sv", "translations": {"sv": {"name": "Fred"}}}, editor)
    assert client.delete("/api/v1/themes/fred", headers=if_match(made, editor)).status_code == 204
    assert client.get("/api/v1/themes/fred").status_code == 404


def test_a_new_theme_is_public_at_once_and_files_content(client, editor):
    made = created(
        client, "themes", {"original_locale": "en", "position": 5, "translations": {"en": {"name": "Peace"}}}, editor
    )
    assert client.get("/api/v1/themes").json["items"][-1]["slug"] == "peace"
    post = client.get("/api/v1/posts/maria-from-journalist-to-ngo")
    filed = client.patch(post.request.path, json={"themes": ["peace", "youth"]}, headers=if_match(post, editor))
    assert [theme["slug"] for theme in filed.json["themes"]] == ["youth", "peace"]
    assert client.get("/api/v1/posts?theme=peace").json["total"] == 1
    assert_problem(client.delete("/api/v1/themes/peace", headers=if_match(made, editor)), 409)


def test_an_author_with_a_pseudonym_and_no_bio_yet(client, editor):
    author = created(client, "authors", {"name": "Aigerim", "is_pseudonym": True}, editor).json
    assert (author["slug"], author["is_pseudonym"], author["bio"], author["locale"]) == ("aigerim", True, None, "en")
    post = client.get("/api/v1/posts/joining-central-asia-solidarity-groups")
    signed = client.patch(post.request.path, json={"author": "aigerim"}, headers=if_match(post, editor))
    assert signed.json["author"]["slug"] == "aigerim"
    url = "/api/v1/authors/aigerim"
    assert_problem(client.delete(url, headers=if_match(client.get(url), editor)), 409)


def test_partners_change_no_themes_or_authors(client, runner):
    novi_ritm = token(runner, "partner", "novi-ritm")
    for url in ("/api/v1/themes/youth", "/api/v1/authors/maria"):
        current = client.get(url)
        assert_problem(client.patch(url, json={}, headers=if_match(current, novi_ritm)), 403)
        assert_problem(client.delete(url, headers=if_match(current, novi_ritm)), 403)


def test_a_theme_needs_a_name(client, editor):
    body = {"original_locale": "en", "translations": {"en": {"name": ""}}}
    assert_problem(client.post("/api/v1/themes", json=body, headers=editor), 422, ["translations.en.name"])
