"""Delta sync: a client that applies every page ends with exactly the public content, deletions included, and
sensitive items reach it only as tombstones. The change log behind it is written with each change or not at all."""

import json
import time
from datetime import timedelta

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import func, select

from api.models import Change
from tests.editing_helpers import created, if_match, token

TYPES = ["themes", "authors", "partners", "projects", "posts", "vacancies"]


@pytest.fixture
def editor(runner):
    return token(runner, "editor")


def apply_sync(client, url: str, copy: dict | None = None) -> tuple[dict, str, list]:
    """Follow a sync's pages as a client does; returns its copy, the next sync's URL and every entry seen."""
    copy = {} if copy is None else copy
    seen = []
    while True:
        response = client.get(url)
        assert response.status_code == 200, response.json
        assert "no-store" in response.headers["Cache-Control"]
        page = response.json
        for entry in page["items"]:
            seen.append(entry)
            key = (entry["type"], entry["id"])
            if entry["op"] == "upsert":
                copy[key] = entry["item"]
            else:
                copy.pop(key, None)
        if page["next_page"]:
            assert page["next_sync"] is None
            url = page["next_page"]
            continue
        return copy, page["next_sync"], seen


def public_state(client) -> dict:
    """What the public REST reads serve, less what must not be syndicated."""
    state = {}
    for collection in TYPES:
        url = f"/api/v1/{collection}?limit=100"
        while url:
            page = client.get(url).json
            for item in page["items"]:
                if not item.get("sensitive"):
                    state[(collection, item["id"])] = item["version"]
            url = page["next"]
    return state


def versions(copy: dict) -> dict:
    return {key: item["version"] for key, item in copy.items()}


def test_the_initial_sync_pages_through_everything_public(client):
    copy, next_sync, seen = apply_sync(client, "/api/v1/sync?limit=3")
    assert versions(copy) == public_state(client)
    assert len(seen) == len(copy)  # each item once
    assert next_sync and "token=" in next_sync
    maria = copy[("posts", 1)]
    assert maria["slug"] == "maria-from-journalist-to-ngo" and maria["body"]  # whole items, body included


def test_replayed_edits_leave_the_client_with_exactly_the_public_state(client, editor, clock):
    copy, next_sync, _ = apply_sync(client, "/api/v1/sync?limit=4")

    new = {"kind": "news", "original_locale": "en", "translations": {"en": {"title": "Spring news"}}}
    made = created(client, "posts", new, editor)
    client.post("/api/v1/posts/spring-news/publish", json={}, headers=if_match(made, editor))
    maria = client.get("/api/v1/posts/maria-from-journalist-to-ngo")
    client.patch(maria.request.path, json={"sensitive": True}, headers=if_match(maria, editor))
    clip = client.get("/api/v1/posts/climate-change-in-central-asia-clip")
    client.delete(clip.request.path, headers=if_match(clip, editor))
    osh = client.get("/api/v1/projects/climate-residency-osh")
    client.post(f"{osh.request.path}/unpublish", headers=if_match(osh, editor))
    peace = created(client, "themes", {"original_locale": "en", "translations": {"en": {"name": "Peace"}}}, editor)
    client.delete("/api/v1/themes/peace", headers=if_match(peace, editor))
    created(client, "partners", {"original_locale": "en", "translations": {"en": {"name": "Bishkek Youth"}}}, editor)
    job = client.get("/api/v1/vacancies/projektansvarig")
    client.patch(job.request.path, json={"positions": 2}, headers=if_match(job, editor))
    soon = (clock.now() + timedelta(hours=1)).isoformat()
    later = created(client, "posts", {**new, "translations": {"en": {"title": "Later news"}}}, editor)
    client.post("/api/v1/posts/later-news/publish", json={"published_at": soon}, headers=if_match(later, editor))

    copy, next_sync, seen = apply_sync(client, next_sync.replace("limit=4", "limit=2"), copy)
    assert versions(copy) == public_state(client)
    reasons = {(entry["type"], entry["id"]): entry.get("reason") for entry in seen if entry["op"] == "delete"}
    assert reasons[("posts", 1)] == "sensitive"
    assert reasons[("posts", 5)] == "archived"
    assert "unpublished" in reasons.values() and "deleted" in reasons.values()
    assert "maria-from-journalist-to-ngo" not in json.dumps(seen)  # a sensitive item's content never leaves

    clock.advance(hours=1, seconds=1)  # the scheduled post goes public with no write: the next sync brings it
    copy, next_sync, seen = apply_sync(client, next_sync, copy)
    assert [entry["item"]["slug"] for entry in seen] == ["later-news"]
    assert versions(copy) == public_state(client)
    copy, _, seen = apply_sync(client, next_sync, copy)
    assert seen == []  # nothing new, and the went-live moment was logged once


def test_a_sync_keeps_the_locale_it_started_in(client, editor):
    copy, next_sync, _ = apply_sync(client, "/api/v1/sync?lang=sv&types=themes")
    assert {item["locale"] for item in copy.values()} == {"sv"}
    youth = client.get("/api/v1/themes/youth")
    client.put("/api/v1/themes/youth/translations/sv", json={"name": "Unga"}, headers=if_match(youth, editor))
    copy, _, seen = apply_sync(client, next_sync, copy)
    assert [(entry["item"]["name"], entry["item"]["locale"]) for entry in seen] == [("Unga", "sv")]


@pytest.mark.parametrize("bad", ["nonsense", "eyJwaGFzZSI6ImRlbHRhIn0.forged.signature"])
def test_a_bad_token_is_a_400_that_says_start_again(client, bad):
    response = client.get("/api/v1/sync", query_string={"token": bad})
    assert (response.status_code, response.mimetype) == (400, "application/problem+json")
    assert "start again" in response.json["detail"]


def test_an_expired_token_is_a_400(client, monkeypatch):
    _, next_sync, _ = apply_sync(client, "/api/v1/sync?types=themes")
    issued = int(time.time())
    ttl = client.application.config["SYNC_TOKEN_TTL"]
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda _self: issued + ttl + 1)  # its signer's clock
    expired = client.get(next_sync)
    assert expired.status_code == 400
    assert "expired" in expired.json["detail"]


def test_the_change_log_holds_a_change_exactly_when_it_was_committed(client, editor, db_session):
    logged = lambda: db_session.scalar(select(func.count()).select_from(Change))  # noqa: E731
    before = logged()
    post = client.get("/api/v1/posts/maria-from-journalist-to-ngo")
    assert client.patch(post.request.path, json={"themes": ["nope"]}, headers=if_match(post, editor)).status_code == 422
    stale = {**editor, "If-Match": '"99.x"'}
    assert client.patch(post.request.path, json={"sensitive": True}, headers=stale).status_code == 412
    assert logged() == before
    assert client.patch(post.request.path, json={"sensitive": True}, headers=if_match(post, editor)).status_code == 200
    db_session.expire_all()
    assert logged() == before + 1
    last = db_session.scalars(select(Change).order_by(Change.id.desc())).first()
    assert (last.item_type, last.action, last.sensitive) == ("posts", "marked_sensitive", True)
