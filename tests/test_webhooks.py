"""Webhooks through HTTP against a real receiver on loopback: registration, signed ordered deliveries, filters,
sensitive tombstones, backoff, disabling, and nothing lost when the worker or the receiver is killed."""

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from api.models import Change, WebhookAttempt
from tests.editing_helpers import assert_problem, created, if_match, token
from tests.webhook_receiver import Receiver, signature_holds

ROOT = Path(__file__).resolve().parents[1]
NEW = {"kind": "news", "original_locale": "en", "partners": ["novi-ritm"], "translations": {"en": {"title": "Hooked"}}}


@pytest.fixture
def receiver():
    found = Receiver()
    yield found
    found.stop()


@pytest.fixture
def admin(runner):
    return token(runner, "admin")


@pytest.fixture
def editor(runner):
    return token(runner, "editor")


def register(client, admin, url: str, **filters) -> dict:
    response = client.post("/api/v1/webhooks", json={"url": url, **filters}, headers=admin)
    assert response.status_code == 201, response.json
    return response.json


def deliver(runner) -> None:
    result = runner.invoke(args=["webhooks", "worker", "--once"])
    assert result.exit_code == 0, result.output


def test_only_admins_register_endpoints_and_the_secret_is_shown_once(client, admin, editor, receiver):
    assert_problem(client.post("/api/v1/webhooks", json={"url": receiver.url}), 401)
    assert_problem(client.post("/api/v1/webhooks", json={"url": receiver.url}, headers=editor), 403)
    made = register(client, admin, receiver.url, events=["post.*"], types=["posts"], partner="novi-ritm")
    assert made["secret"].startswith("whsec_") and made["active"]
    listed = client.get("/api/v1/webhooks", headers=admin).json["items"]
    assert [endpoint["id"] for endpoint in listed] == [made["id"]]
    assert "secret" not in listed[0]
    assert listed[0]["partner"] == "novi-ritm"
    for body, field in [
        ({"url": "ftp://example.org/x"}, "url"),
        ({"url": receiver.url, "events": ["not an event"]}, "events.0"),
        ({"url": receiver.url, "types": ["poems"]}, "types.0"),
        ({"url": receiver.url, "partner": "no-such-partner"}, "partner"),
    ]:
        assert_problem(client.post("/api/v1/webhooks", json=body, headers=admin), 422, [field])
    assert client.delete(f"/api/v1/webhooks/{made['id']}", headers=admin).status_code == 204
    assert client.get(f"/api/v1/webhooks/{made['id']}", headers=admin).status_code == 404


def test_events_arrive_signed_in_order_with_an_idempotency_id(client, runner, admin, editor, receiver):
    secret = register(client, admin, receiver.url)["secret"]
    made = created(client, "posts", NEW, editor)
    url = "/api/v1/posts/hooked"
    published = client.post(f"{url}/publish", json={}, headers=if_match(made, editor))
    changed = client.patch(url, json={"video_url": "https://v.example/1"}, headers=if_match(published, editor))
    client.delete(url, headers=if_match(changed, editor))
    deliver(runner)
    assert receiver.events() == ["post.created", "post.published", "post.updated", "post.archived"]
    for entry in receiver.received:
        headers, body = entry["headers"], entry["body"]
        assert signature_holds(secret, headers["x-cag-signature"], entry["raw"])
        assert headers["x-cag-delivery"] == body["id"] and headers["x-cag-event"] == body["event"]
        assert body["item"]["slug"] == "hooked" and body["item"]["type"] == "posts"
        assert body["item"]["public_url"] == "https://centralasiengrupperna.se/en/posts/hooked"
    deliver(runner)
    assert len(receiver.received) == 4  # delivered once the receiver said yes; not again


def test_filters_choose_events_types_and_partner(client, runner, admin, editor, receiver):
    register(client, admin, receiver.url, events=["*.published"], types=["posts"], partner="kobiety")
    mine = created(client, "posts", {**NEW, "partners": ["kobiety"]}, editor)
    client.post("/api/v1/posts/hooked/publish", json={}, headers=if_match(mine, editor))
    other = created(client, "posts", {**NEW, "translations": {"en": {"title": "Other"}}}, editor)
    client.post("/api/v1/posts/other/publish", json={}, headers=if_match(other, editor))
    theme = created(client, "themes", {"original_locale": "en", "translations": {"en": {"name": "Peace"}}}, editor)
    assert theme.status_code == 201
    deliver(runner)
    assert [(entry["body"]["event"], entry["body"]["item"]["slug"]) for entry in receiver.received] == [
        ("post.published", "hooked")
    ]


def test_sensitive_items_arrive_only_as_removed_tombstones(client, runner, admin, editor, receiver):
    register(client, admin, receiver.url)
    post = client.get("/api/v1/posts/maria-from-journalist-to-ngo")
    marked = client.patch(post.request.path, json={"sensitive": True}, headers=if_match(post, editor))
    client.patch(post.request.path, json={"video_url": "https://v.example/2"}, headers=if_match(marked, editor))
    deliver(runner)
    assert [entry["body"] for entry in receiver.received] == [
        {
            "id": entry["body"]["id"],
            "event": "post.removed",
            "occurred_at": entry["body"]["occurred_at"],
            "reason": "sensitive",
            "item": {"type": "posts", "id": 1},
        }
        for entry in receiver.received
    ]
    assert len(receiver.received) == 2
    assert b"maria" not in b"".join(entry["raw"] for entry in receiver.received)


def attempts(client, admin, endpoint: dict) -> list[dict]:
    return client.get(f"/api/v1/webhooks/{endpoint['id']}/attempts", headers=admin).json["items"]


def next_attempt_at(client, admin, endpoint: dict) -> datetime:
    return datetime.fromisoformat(
        client.get(f"/api/v1/webhooks/{endpoint['id']}", headers=admin).json["next_attempt_at"]
    )


def test_failures_back_off_are_logged_and_disable_the_endpoint(
    app, client, runner, admin, editor, receiver, caplog, clock
):
    app.config.update(WEBHOOK_MAX_ATTEMPTS=3, WEBHOOK_RETRY_BASE=60)
    clock.stop()
    endpoint = register(client, admin, receiver.url)
    receiver.status = 500
    created(client, "posts", NEW, editor)
    deliver(runner)
    waiting = client.get(f"/api/v1/webhooks/{endpoint['id']}", headers=admin).json
    assert waiting["failures"] == 1 and waiting["active"]
    assert next_attempt_at(client, admin, endpoint) == clock.now() + timedelta(seconds=60)  # the base
    clock.advance(seconds=59)
    deliver(runner)  # too early: the backoff holds it
    assert len(attempts(client, admin, endpoint)) == 1
    clock.advance(seconds=1)
    deliver(runner)
    assert len(attempts(client, admin, endpoint)) == 2
    assert next_attempt_at(client, admin, endpoint) == clock.now() + timedelta(seconds=120)  # doubled
    clock.advance(seconds=119)
    deliver(runner)
    assert len(attempts(client, admin, endpoint)) == 2
    clock.advance(seconds=1)
    deliver(runner)
    disabled = client.get(f"/api/v1/webhooks/{endpoint['id']}", headers=admin).json
    assert not disabled["active"]
    assert disabled["disabled_reason"].startswith("3 failed attempts in a row; the last: HTTP 500")
    assert [
        (attempt["attempt"], attempt["status_code"], attempt["delivered"])
        for attempt in attempts(client, admin, endpoint)
    ] == [(3, 500, False), (2, 500, False), (1, 500, False)]
    assert "disabled: 3 failed attempts" in runner.invoke(args=["webhooks", "list"]).output
    [logged] = [record.getMessage() for record in caplog.records if record.name == "api.webhooks"]
    assert f"webhook endpoint {endpoint['id']} (127.0.0.1:{receiver.port}) disabled: 3 failed" in logged
    assert "/hooks" not in logged  # the host, never the URL: some receivers take their secret in the path
    receiver.status = 204
    assert client.post(f"/api/v1/webhooks/{endpoint['id']}/enable", headers=admin).json["active"]
    deliver(runner)
    assert receiver.events() == ["post.created"]


def test_a_scheduled_post_is_announced_when_it_goes_live(client, runner, admin, editor, receiver, clock):
    register(client, admin, receiver.url)
    made = created(client, "posts", NEW, editor)
    soon = (clock.now() + timedelta(hours=1)).isoformat()
    client.post("/api/v1/posts/hooked/publish", json={"published_at": soon}, headers=if_match(made, editor))
    deliver(runner)
    assert receiver.events() == ["post.created", "post.scheduled"]
    clock.advance(hours=1, seconds=1)
    deliver(runner)
    deliver(runner)
    assert receiver.events() == ["post.created", "post.scheduled", "post.went_live"]


def start_worker(database_url: str, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "AUTO_SETUP_DATABASE": "false",
        "SECRET_KEY": "test-secret",
        "WEBHOOK_RETRY_BASE": "0.1",
        "WEBHOOK_RETRY_MAX": "0.4",
        "WEBHOOK_LEASE": "1",
        "WEBHOOK_MAX_ATTEMPTS": "1000",
        "WEBHOOK_TIMEOUT": "2",
    }
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "webhooks", "worker", "--interval", "0.05"]
    with log.open("a") as output:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_killing_the_worker_or_the_receiver_loses_nothing(databases, tmp_path):
    from tests.conftest import dispose, make_app

    url = databases.create()
    app = make_app(url)
    client, runner = app.test_client(), app.test_cli_runner()
    admin, editor = token(runner, "admin"), token(runner, "editor")
    receiver = Receiver()
    receiver.delay = 0.05
    start = register(client, admin, receiver.url)["position"]

    def edit(rounds: int) -> None:
        for round_number in range(rounds):
            for slug in ("maria-from-journalist-to-ngo", "joining-central-asia-solidarity-groups"):
                post = client.get(f"/api/v1/posts/{slug}")
                video = {"video_url": f"https://v.example/{round_number}-{time.monotonic_ns()}"}
                assert client.patch(post.request.path, json=video, headers=if_match(post, editor)).status_code == 200

    def logged_since_start(query):
        with app.app_context():
            session = app.extensions["database"]()
            found = session.scalars(query).all()
            session.close()
        return found

    log = tmp_path / "worker.log"
    edit(6)
    worker = start_worker(url, log)
    try:
        wait_for(lambda: len(receiver.received) >= 4, 120, "the first deliveries")
        worker.send_signal(signal.SIGKILL)  # mid-delivery: the receiver takes 50 ms per event
        worker.wait()
        edit(3)
        receiver.stop()
        worker = start_worker(url, log)
        failed = select(WebhookAttempt.id).where(WebhookAttempt.delivered.is_(False))
        wait_for(lambda: logged_since_start(failed), 120, "a failed delivery to the stopped receiver")
        receiver.start()
        edit(2)
        logged = logged_since_start(select(Change.id).where(Change.id > start).order_by(Change.id))
        wait_for(lambda: set(logged) <= set(receiver.change_ids()), 180, "every event: " + log.read_text()[-2000:])
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=30) == 0, (
            "SIGTERM ends the worker cleanly after its pass: " + log.read_text()[-2000:]
        )
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        receiver.stop()
    by_item: dict[int, list[int]] = {}
    for entry in receiver.received:
        first_seen = by_item.setdefault(entry["body"]["item"]["id"], [])
        change_id = int(entry["body"]["id"].removeprefix("evt_"))
        if change_id not in first_seen:
            first_seen.append(change_id)
    assert all(ids == sorted(ids) for ids in by_item.values())  # in order per item, duplicates aside
    assert len(logged) == 22
    dispose(app)
    databases.drop(url)


def test_the_cli_lists_each_endpoints_partner_scope(client, runner, admin, receiver):
    register(client, admin, receiver.url, partner="kobiety")
    register(client, admin, receiver.url)
    lines = runner.invoke(args=["webhooks", "list"]).output.splitlines()
    assert ["partner kobiety" in lines[0], "all partners" in lines[1]] == [True, True]
