"""Preview links: a key shows one unpublished item to whoever holds it, until it expires, the item is archived or
taken back to draft, or staff revoke it; an ended key gets the same answer as one that never existed."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from tests.editing_helpers import PROBLEM, assert_problem, if_match, token
from tests.graphql_helpers import data, errors

DRAFT = {
    "kind": "news",
    "original_locale": "en",
    "themes": ["youth"],
    "translations": {"en": {"title": "Youth exchange in Osh"}},
}
URL = "/api/v1/posts/youth-exchange-in-osh"


@pytest.fixture
def editor(runner):
    return token(runner, "editor")


@pytest.fixture
def draft(client, editor):
    response = client.post("/api/v1/posts", json=DRAFT, headers=editor)
    assert response.status_code == 201, response.json
    return response


def make_key(client, headers, url=URL) -> dict:
    response = client.post(f"{url}/previews", headers=headers)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.json


def opened(client, key: str, url=URL):
    return client.get(url, query_string={"preview": key})


def assert_ended(response) -> None:
    """The one answer for a key that is unknown, expired or revoked: nothing tells them apart."""
    assert_problem(response, 403)
    assert response.json["type"] == "/problems/invalid-preview"
    assert response.json["detail"] == "The preview link is not valid: it may have expired or been revoked."


def test_a_key_shows_the_draft_until_the_post_is_archived(client, editor, draft):
    key = make_key(client, editor)["key"]
    assert opened(client, key).json["publication_status"] == "draft"
    archived = client.delete(URL, headers=if_match(draft, editor))
    assert archived.json["publication_status"] == "archived"
    assert_ended(opened(client, key))


def test_a_key_outlives_publishing_but_not_unpublishing(client, editor, draft):
    key = make_key(client, editor)["key"]
    published = client.post(f"{URL}/publish", json={}, headers=if_match(draft, editor))
    assert opened(client, key).status_code == 200  # it shows what everyone sees now
    client.post(f"{URL}/unpublish", headers=if_match(published, editor))
    assert_ended(opened(client, key))
    assert opened(client, make_key(client, editor)["key"]).json["publication_status"] == "draft"


def test_staff_list_an_items_keys_and_revoke_one(client, editor, draft):
    first, second = make_key(client, editor), make_key(client, editor)
    listed = client.get(f"{URL}/previews", headers=editor)
    assert listed.status_code == 200
    assert [entry["id"] for entry in listed.json["items"]] == [second["id"], first["id"]]
    assert set(listed.json["items"][0]) == {"id", "created_at", "created_by", "expires_at"}
    assert listed.json["items"][0]["created_by"] == "editor"
    revoked = client.delete(f"{URL}/previews/{first['id']}", headers=editor)
    assert revoked.status_code == 204
    assert_ended(opened(client, first["key"]))
    assert opened(client, second["key"]).status_code == 200
    assert_problem(client.delete(f"{URL}/previews/{first['id']}", headers=editor), 404)
    other = "/api/v1/posts/maria-from-journalist-to-ngo"
    assert_problem(client.delete(f"{other}/previews/{second['id']}", headers=editor), 404)  # not that item's key


def test_only_staff_list_and_revoke_keys(client, runner, editor, draft):
    made = make_key(client, editor)
    partner = token(runner, "partner", "novi-ritm")
    assert_problem(client.get(f"{URL}/previews"), 401)
    assert_problem(client.get(f"{URL}/previews", headers=partner), 403)
    assert_problem(client.delete(f"{URL}/previews/{made['id']}"), 401)
    assert_problem(client.delete(f"{URL}/previews/{made['id']}", headers=partner), 403)
    assert opened(client, made["key"]).status_code == 200


def test_unknown_expired_and_revoked_keys_get_one_answer(client, editor, draft, db_session):
    from api.models import PreviewKey

    expiring, revoked = make_key(client, editor), make_key(client, editor)
    db_session.execute(
        update(PreviewKey)
        .where(PreviewKey.id == expiring["id"])
        .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    db_session.commit()
    client.delete(f"{URL}/previews/{revoked['id']}", headers=editor)
    for key in (expiring["key"], revoked["key"], "not-a-key", revoked["key"][:-3] + "abc"):
        assert_ended(opened(client, key))


def test_a_key_expires_after_the_configured_time(client, editor, draft):
    made = make_key(client, editor)
    expires_at = datetime.fromisoformat(made["expires_at"])
    assert timedelta(days=7) - timedelta(minutes=1) < expires_at - datetime.now(UTC) <= timedelta(days=7)


def test_the_key_is_kept_only_as_a_digest(client, editor, draft, db_session):
    from api.models import PreviewKey

    made = make_key(client, editor)
    [stored] = db_session.scalars(select(PreviewKey)).all()
    assert stored.id == made["id"] and made["key"] not in {stored.id, stored.digest}
    assert len(made["key"]) >= 43 and len(made["id"]) >= 16  # 256 random bits; an id no one guesses either


def test_revoking_the_token_that_made_a_key_ends_it(client, runner, draft):
    partner = token(runner, "partner", "novi-ritm")
    mine = client.post("/api/v1/posts", json={**DRAFT, "translations": {"en": {"title": "Mine"}}}, headers=partner)
    made = make_key(client, partner, "/api/v1/posts/mine")
    assert opened(client, made["key"], "/api/v1/posts/mine").status_code == 200
    assert mine.status_code == 201
    listed = runner.invoke(args=["tokens", "list"]).output
    token_id = next(line.split()[0] for line in listed.splitlines() if "novi-ritm" in line)
    assert runner.invoke(args=["tokens", "revoke", token_id]).exit_code == 0
    assert_ended(opened(client, made["key"], "/api/v1/posts/mine"))


def test_an_archived_item_gets_no_new_key(client, editor, draft):
    client.delete(URL, headers=if_match(draft, editor))
    refused = client.post(f"{URL}/previews", headers=editor)
    assert (refused.status_code, refused.mimetype) == (409, PROBLEM)


def test_the_first_preview_route_still_makes_a_key(client, editor, draft):
    made = client.post(f"{URL}/preview", headers=editor)
    assert made.status_code == 201
    assert set(made.json) == {"id", "url", "key", "expires_at"}
    assert client.get(made.json["url"]).json["publication_status"] == "draft"


PREVIEW = 'mutation { previewPost(slug: "youth-exchange-in-osh") { id url key expiresAt } }'
REVOKE = 'mutation($id: ID!) { revokePostPreview(slug: "youth-exchange-in-osh", id: $id) { id expiresAt } }'
ARCHIVE = 'mutation($v: Int!) { deletePost(slug: "youth-exchange-in-osh", expectedVersion: $v) { publicationStatus } }'


def test_graphql_revokes_one_key_and_archiving_ends_the_rest(client, editor, draft):
    first = data(client, PREVIEW, headers=editor)["previewPost"]
    second = data(client, PREVIEW, headers=editor)["previewPost"]
    assert data(client, REVOKE, {"id": first["id"]}, editor)["revokePostPreview"]["id"] == first["id"]
    assert_ended(opened(client, first["key"]))
    [again] = errors(client, REVOKE, {"id": first["id"]}, editor)
    assert again["extensions"]["code"] == "NOT_FOUND"
    assert opened(client, second["key"]).status_code == 200
    version = client.get(URL, headers=editor).json["version"]
    assert data(client, ARCHIVE, {"v": version}, editor)["deletePost"] == {"publicationStatus": "ARCHIVED"}
    assert_ended(opened(client, second["key"]))


def test_graphql_revoking_is_for_staff(client, runner, editor, draft):
    made = data(client, PREVIEW, headers=editor)["previewPost"]
    partner = token(runner, "partner", "novi-ritm")
    [refused] = errors(client, REVOKE, {"id": made["id"]}, partner)
    assert refused["extensions"]["code"] == "FORBIDDEN"
    assert opened(client, made["key"]).status_code == 200
