"""A bounded load of reads and writes against gunicorn: no 5xx, 4xx only where designed, no acknowledged write lost.

The load itself is bench/load_writes.py (also run by hand); here it runs for a few seconds on the loopback.
"""

import sys

import pytest

from bench import load_writes
from tests.conftest import POSTGRES_URL, dispose, make_app
from tests.editing_helpers import token
from tests.live_server import gunicorn

PROCESSES = 4
# SQLite takes one writer at a time: a shorter run there still shows that its locking gives no errors.
SECONDS = 15 if POSTGRES_URL else 6


@pytest.fixture
def editors(database_url):
    """One editor token per client process, made by the CLI."""
    app = make_app(database_url)
    secrets = [token(app.test_cli_runner(), "editor")["Authorization"].split()[1] for _ in range(PROCESSES)]
    dispose(app)
    return secrets


def test_reads_and_writes_under_load_lose_nothing_and_fail_only_by_design(database_url, editors, tmp_path, capsys):
    env = {"DATABASE_URL": database_url, "AUTO_SETUP_DATABASE": "false", "SECRET_KEY": "test-secret"}
    env["RATE_LIMIT_WRITES"] = "100000 per minute"  # the load is one office of editors, not abuse
    with gunicorn(env, tmp_path / "gunicorn.log", workers=2, threads=4) as base:
        result = load_writes.run(base, editors, SECONDS)
    with capsys.disabled():
        sys.stdout.write(f"\nload with writes: {result.summary()}\n")
    assert result.unexpected == []
    assert result.problems == []
    statuses = result.statuses
    for operation in ("create", "patch", "publish", "patch_shared", "read_graphql", "read_own_published"):
        assert any(count for (done, status), count in statuses.items() if done == operation and status < 300)
    assert statuses["patch_stale", 412] and statuses["create_taken_slug", 409] and statuses["patch_invalid", 422]
