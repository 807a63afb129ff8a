"""Findings 4 and 5 of issue #13, reproduced first."""

from tests.editing_helpers import assert_problem, created, token
from tests.graphql_helpers import errors

POST = {"kind": "news", "original_locale": "en", "translations": {"en": {"title": "Spring news"}}}


def test_a_partner_may_not_publish_under_another_organisation(client, runner):
    novi_ritm = token(runner, "partner", "novi-ritm")
    refused = client.post("/api/v1/posts", json={**POST, "partners": ["kobiety"]}, headers=novi_ritm)
    assert_problem(refused, 403)


def test_a_partner_creating_on_a_hidden_drafts_slug_is_a_409(client, runner):
    editor = token(runner, "editor")
    created(client, "posts", {**POST, "slug": "hidden"}, editor)
    novi_ritm = token(runner, "partner", "novi-ritm")
    clash = client.post("/api/v1/posts", json={**POST, "slug": "hidden"}, headers=novi_ritm)
    assert_problem(clash, 409)


def test_graphql_hidden_slug(client, runner):
    editor = token(runner, "editor")
    created(client, "posts", {**POST, "slug": "hidden"}, editor)
    novi_ritm = token(runner, "partner", "novi-ritm")
    q = """mutation($i: PostInput!) { createPost(input: $i) { slug } }"""
    i = {"kind": "NEWS", "originalLocale": "en", "slug": "hidden", "translations": [{"locale": "en", "title": "x"}]}
    [e] = errors(client, q, {"i": i}, novi_ritm)
    assert e["extensions"]["code"] == "CONFLICT"
