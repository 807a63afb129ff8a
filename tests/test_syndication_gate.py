"""The syndication gate's findings, each reproduced through HTTP: nested references to sensitive items, JSON-LD of
sensitive items, JSON-LD that could close its <script> element, and webhook bodies sent after an item turned
sensitive. (tests/test_leaks.py crawls every channel at once.)"""

import json

import pytest

from tests.editing_helpers import created, if_match, token
from tests.webhook_receiver import Receiver

SCRIPT = "T</script><script>alert(1)</script>&"


@pytest.fixture
def editor(runner):
    return token(runner, "editor")


def published(client, collection: str, body: dict, editor: dict):
    made = created(client, collection, body, editor)
    answer = client.post(f"/api/v1/{collection}/{made.json['slug']}/publish", json={}, headers=if_match(made, editor))
    assert answer.status_code == 200, answer.json
    return answer


def hidden_project(client, editor) -> dict:
    body = {
        "slug": "hidden-project",
        "status": "ongoing",
        "original_locale": "en",
        "sensitive": True,
        "partners": ["novi-ritm"],
        "translations": {"en": {"title": "Hidden project"}},
    }
    return published(client, "projects", body, editor).json


def post_naming(client, editor, project: str) -> dict:
    body = {
        "slug": "open-post",
        "kind": "news",
        "original_locale": "en",
        "project": project,
        "translations": {"en": {"title": "Open post"}},
    }
    return published(client, "posts", body, editor).json


def sync_pages(client, url: str, headers=None) -> list[dict]:
    pages = []
    while url:
        response = client.get(url, headers=headers or {})
        assert response.status_code == 200, response.json
        pages.append(response.json)
        url = response.json["next_page"]
    return pages


def sync_items(client, url: str, headers=None) -> list[dict]:
    return [entry for page in sync_pages(client, url, headers) for entry in page["items"]]


def upserts(items: list[dict]) -> dict:
    return {(entry["type"], entry["item"]["slug"]): entry["item"] for entry in items if entry["op"] == "upsert"}


@pytest.mark.parametrize("who", ["anonymous", "partner"])
def test_sync_drops_references_to_a_sensitive_project(client, runner, editor, who):
    headers = token(runner, "partner", "novi-ritm") if who == "partner" else {}
    *_, last = sync_pages(client, "/api/v1/sync?limit=100", headers)
    hidden_project(client, editor)
    post_naming(client, editor, "hidden-project")
    assert client.get("/api/v1/posts/open-post").json["project"]["slug"] == "hidden-project"  # the own site

    initial = upserts(sync_items(client, "/api/v1/sync?limit=5", headers))
    delta = upserts(sync_items(client, last["next_sync"], headers))
    for found in (initial, delta):
        assert ("projects", "hidden-project") not in found
        assert found[("posts", "open-post")]["project"] is None
    partner_projects = [project["slug"] for project in initial[("partners", "novi-ritm")]["projects"]]
    assert partner_projects == ["youth-workers-mobility-kyrgyzstan", "climate-residency-osh"]


def test_sync_with_a_staff_token_carries_no_history(client, editor):
    items = sync_items(client, "/api/v1/sync?limit=100", editor)
    assert items and all(entry["item"]["history"] is None for entry in items if entry["op"] == "upsert")


def test_a_sensitive_item_has_no_json_ld_and_public_ones_name_no_sensitive_one(client, editor):
    hidden_project(client, editor)
    assert client.get("/api/v1/projects/hidden-project").status_code == 200
    refused = client.get("/api/v1/projects/hidden-project/jsonld")
    unknown = client.get("/api/v1/projects/no-such-project/jsonld")
    assert (refused.status_code, refused.mimetype) == (404, "application/problem+json")
    assert refused.json["type"] == unknown.json["type"]
    partner = client.get("/api/v1/partners/novi-ritm/jsonld").get_data(as_text=True)
    assert "hidden-project" not in partner and "Hidden project" not in partner


def test_graphql_json_ld_of_a_sensitive_item_is_null(client, editor):
    hidden_project(client, editor)
    query = '{ project(slug: "hidden-project") { sensitive jsonLd } }'
    found = client.post("/graphql", json={"query": query}, headers=editor).json["data"]["project"]
    assert found == {"sensitive": True, "jsonLd": None}


def test_json_ld_cannot_close_its_script_element(client, editor):
    body = {"slug": "scripted", "kind": "news", "original_locale": "en", "translations": {"en": {"title": SCRIPT}}}
    published(client, "posts", body, editor)
    rest = client.get("/api/v1/posts/scripted/jsonld").get_data(as_text=True)
    query = '{ post(slug: "scripted") { jsonLd } }'
    graphql = client.post("/graphql", json={"query": query}).json["data"]["post"]["jsonLd"]
    for text in (rest, graphql):
        assert "<" not in text and ">" not in text and "&" not in text
        assert "\\u003c/script\\u003e" in text
        assert json.loads(text)["headline"] == SCRIPT  # the same document, escaped only


def test_a_webhook_sent_after_an_item_turned_sensitive_does_not_name_it(client, runner, editor):
    receiver = Receiver()
    try:
        admin = token(runner, "admin")
        assert client.post("/api/v1/webhooks", json={"url": receiver.url}, headers=admin).status_code == 201
        body = {
            "slug": "turned-secret",
            "kind": "news",
            "original_locale": "en",
            "translations": {"en": {"title": "x"}},
        }
        answer = published(client, "posts", body, editor)
        marked = client.patch("/api/v1/posts/turned-secret", json={"sensitive": True}, headers=if_match(answer, editor))
        assert marked.status_code == 200
        result = runner.invoke(args=["webhooks", "worker", "--once"])
        assert result.exit_code == 0, result.output
        bodies = [entry["body"] for entry in receiver.received]
        assert [body["event"] for body in bodies] == ["post.removed", "post.removed", "post.removed"]
        assert all("turned-secret" not in entry["raw"].decode() for entry in receiver.received)
        assert {entry["headers"]["x-cag-event"] for entry in receiver.received} == {"post.removed"}
    finally:
        receiver.stop()
