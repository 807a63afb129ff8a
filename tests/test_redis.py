"""Redis shares the rate limits between app servers; without it, at start or later, the API serves on with limits
per process, says so once in the log and in /readyz, and says so once again when it is back.

A real Redis: the machine's on 127.0.0.1:6379 (database 15, keys under a prefix of the test's own), and for the
outage a redis-server of the test's own that it stops and starts. CI has both; elsewhere the tests are skipped when
there is neither, and say so.
"""

import contextlib
import logging
import os
import re
import shutil
import socket
import subprocess
import time
import uuid

import pytest
import redis

from tests.conftest import dispose, make_app, recorded_statements

SHARED_REDIS = "redis://127.0.0.1:6379/15"
REDIS_SERVER = shutil.which("redis-server")


def redis_answers(url: str) -> bool:
    try:
        with redis.Redis.from_url(url, socket_connect_timeout=0.5) as client:
            return client.ping()
    except redis.RedisError:
        return False


def keys(url: str, pattern: str) -> list[bytes]:
    with redis.Redis.from_url(url) as client:
        return client.keys(pattern)


needs_redis = pytest.mark.skipif(
    not redis_answers(SHARED_REDIS) and not os.environ.get("CI"), reason="no Redis answers on 127.0.0.1:6379"
)
needs_redis_server = pytest.mark.skipif(
    REDIS_SERVER is None and not os.environ.get("CI"), reason="redis-server is not installed here"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def token(app, role: str = "admin") -> dict:
    output = app.test_cli_runner().invoke(args=["tokens", "create", role, "--role", role]).output
    secret = re.search(r"cag_\S+", output).group(0)
    return {"Authorization": f"Bearer {secret}"}


def write(client, headers) -> int:
    """One write that any admin may repeat: a new token."""
    return client.post("/api/v1/tokens", json={"name": "x", "role": "editor"}, headers=headers).status_code


def redis_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "api.redis_store"]


@pytest.fixture
def prefix():
    """A key prefix of this test's own; its keys are removed afterwards."""
    name = f"cag-test-{uuid.uuid4().hex[:12]}"
    yield name
    with contextlib.suppress(redis.RedisError), redis.Redis.from_url(SHARED_REDIS) as client:
        for key in client.scan_iter(f"{name}:*"):
            client.delete(key)


@pytest.fixture
def apps(database_url):
    made = []

    def make(**overrides):
        # A Redis that answers late on a busy machine must not count as away: these tests stop it when they mean it.
        settings = {"RATE_LIMIT_WRITES": "2 per minute", "REDIS_TIMEOUT": 10, **overrides}
        app = make_app(database_url, **settings)
        made.append(app)
        return app

    yield make
    for app in made:
        dispose(app)


@needs_redis
def test_app_servers_share_one_write_budget_through_redis(apps, prefix):
    first, second = (apps(REDIS_URL=SHARED_REDIS, REDIS_KEY_PREFIX=prefix) for _ in range(2))
    admin = token(first)
    assert [write(first.test_client(), admin), write(first.test_client(), admin)] == [201, 201]
    refused = second.test_client().post("/api/v1/tokens", json={"name": "x", "role": "editor"}, headers=admin)
    assert refused.status_code == 429  # the other server has counted them too
    assert refused.mimetype == "application/problem+json"
    assert keys(SHARED_REDIS, f"{prefix}:limits:*"), "the counters are in Redis, under the configured prefix"
    ready = second.test_client().get("/readyz")
    assert (ready.status_code, ready.json["checks"]["redis"]) == (200, {"status": "ok"})


@needs_redis
def test_one_budget_per_token_through_redis_whatever_the_spelling_or_the_api(apps, prefix):
    first, second = (apps(REDIS_URL=SHARED_REDIS, REDIS_KEY_PREFIX=prefix) for _ in range(2))
    admin = token(first)
    assert write(first.test_client(), admin) == 201
    mutation = (
        'mutation { createTheme(input: {originalLocale: "en", translations: [{locale: "en", name: "X"}]}) { slug } }'
    )
    shouted = {"Authorization": admin["Authorization"].replace("Bearer ", "BEARER  ")}
    spent = second.test_client().post("/graphql", json={"query": mutation}, headers=shouted)
    assert (spent.status_code, spent.headers["X-RateLimit-Remaining"]) == (200, "0")
    refused = first.test_client().post("/api/v1/tokens", json={"name": "x", "role": "editor"}, headers=admin)
    assert (refused.status_code, refused.json["type"]) == (429, "/problems/rate-limited")
    assert 0 < int(refused.headers["Retry-After"]) <= 60


def test_a_redis_that_is_away_at_start_leaves_the_api_serving_with_limits_per_process(apps, caplog):
    caplog.set_level(logging.INFO, logger="api.redis_store")
    app = apps(REDIS_URL=f"redis://:s3cret-password@127.0.0.1:{free_port()}/0", REDIS_CHECK_INTERVAL=60)
    [warning] = redis_records(caplog)  # said at start, before any request
    assert warning.levelno == logging.WARNING
    assert "unavailable" in warning.getMessage()
    assert "s3cret" not in warning.getMessage()  # a URL's password is never logged
    client, admin = app.test_client(), token(app)
    assert client.get("/api/v1/posts").status_code == 200
    assert [write(client, admin) for _ in range(3)] == [201, 201, 429]  # still limited, in this process
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json["status"] == "ready"
    assert ready.json["checks"]["redis"]["status"] == "unavailable"
    assert len(redis_records(caplog)) == 1  # once, not once a request


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own, which it may stop and start again on the same port."""
    port = free_port()
    command = [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    command += ["--dir", str(tmp_path)]
    servers = []

    def start():
        servers.append(subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        deadline = time.monotonic() + 10
        while not redis_answers(f"redis://127.0.0.1:{port}/0"):
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def stop():
        servers[-1].terminate()
        servers[-1].wait(timeout=10)

    start()
    yield f"redis://127.0.0.1:{port}/0", start, stop
    for server in servers:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)


@needs_redis_server
def test_a_redis_that_goes_away_and_comes_back_is_said_once_each_way(apps, own_redis, caplog):
    url, start, stop = own_redis
    caplog.set_level(logging.INFO, logger="api.redis_store")
    app = apps(REDIS_URL=url, REDIS_CHECK_INTERVAL=0.2, RATE_LIMIT_WRITES="100 per minute")
    client, admin = app.test_client(), token(app)
    assert write(client, admin) == 201
    assert keys(url, "cag:limits:*"), "counted in Redis while it answers"
    assert redis_records(caplog) == []

    stop()
    assert [write(client, admin) for _ in range(5)] == [201] * 5  # served all the same
    assert client.get("/readyz").json["checks"]["redis"]["status"] == "unavailable"
    time.sleep(0.3)  # past the check interval: it is tried again, and found away again
    assert write(client, admin) == 201
    [went] = redis_records(caplog)
    assert went.levelno == logging.WARNING

    start()
    time.sleep(0.3)
    assert write(client, admin) == 201
    assert client.get("/readyz").json["checks"]["redis"] == {"status": "ok"}
    came_back = redis_records(caplog)[1:]
    assert [(record.levelno, "available again" in record.getMessage()) for record in came_back] == [
        (logging.INFO, True)
    ]
    assert keys(url, "cag:limits:*"), "counted in Redis again"


@needs_redis
def test_app_servers_share_rendered_answers_through_redis(apps, prefix):
    first, second = (apps(REDIS_URL=SHARED_REDIS, REDIS_KEY_PREFIX=prefix) for _ in range(2))
    url = "/api/v1/posts?limit=3"
    rendered = first.test_client().get(url)
    assert keys(SHARED_REDIS, f"{prefix}:answers:*"), "the answer is in Redis, under the configured prefix"
    with recorded_statements(second) as sent:
        shared = second.test_client().get(url)
    assert (shared.data, shared.headers["ETag"]) == (rendered.data, rendered.headers["ETag"])
    assert len(sent) == 1 and "max(changes.id)" in sent[0]  # the state alone: no view ran on the second server


def test_a_redis_that_is_away_leaves_answers_cached_per_process(apps):
    app = apps(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0", REDIS_CHECK_INTERVAL=60, CONTENT_STATE_TTL=0)
    client = app.test_client()
    with recorded_statements(app) as rendering:
        first = client.get("/api/v1/posts?limit=3")
    with recorded_statements(app) as reusing:
        again = client.get("/api/v1/posts?limit=3")
    assert first.status_code == 200 and len(rendering) > 1  # the state, then the view's reads
    assert (again.status_code, again.data, again.headers["ETag"]) == (200, first.data, first.headers["ETag"])
    assert len(reusing) == 1 and "max(changes.id)" in reusing[0]  # the state alone: no view ran the second time
