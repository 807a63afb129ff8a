"""Every test gets a fresh database through HTTP: SQLite always, PostgreSQL when TEST_DATABASE_URL is set.

Migrating and seeding takes longer than a test, so it is done once into a template that each test copies:
a file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL. A copy that a test only read from is as
fresh as a new one, so it is handed to the next test; a copy that saw any write is dropped.
"""

import itertools
import os
import shutil
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from flask import request as flask_request
from flask import request_finished
from sqlalchemy import create_engine, event, make_url, text

from api import create_app
from api.extensions import db
from api.models import base

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
_numbers = itertools.count()


def make_app(database_url: str, **overrides):
    config = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "AUTO_SETUP_DATABASE": False,
        "SECRET_KEY": "test-secret",
        **overrides,
    }
    return create_app(config)


def dispose(app) -> None:
    db.dispose(app)


def build_template(database_url: str) -> None:
    """Migrate and seed exactly as a first start does."""
    dispose(make_app(database_url, AUTO_SETUP_DATABASE=True))


WRITES = ("INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "REPLACE", "TRUNCATE")


class Pool:
    """Unwritten copies of the template, ready for the next test."""

    def __init__(self) -> None:
        self.clean: list[str] = []

    def acquire(self) -> str:
        return self.clean.pop() if self.clean else self.create()

    def release(self, url: str, written: bool) -> None:
        if written:
            self.drop(url)
        else:
            self.clean.append(url)


class SQLiteDatabases(Pool):
    def __init__(self, folder) -> None:
        super().__init__()
        self.folder = folder
        self.template = folder / "template.db"
        build_template(f"sqlite:///{self.template}")

    def create(self, empty: bool = False) -> str:
        path = self.folder / f"test-{next(_numbers)}.db"
        if not empty:
            shutil.copyfile(self.template, path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        path = make_url(url).database
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)


class PostgresDatabases(Pool):
    def __init__(self, url: str) -> None:
        super().__init__()
        self.base = make_url(url)
        self.admin = create_engine(url, isolation_level="AUTOCOMMIT")
        self.prefix = f"cag_test_{os.getpid()}"
        self.template = f"{self.prefix}_template"
        self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{self.template}"')
        build_template(self.url(self.template))

    def _execute(self, sql: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(sql))

    def url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def create(self, empty: bool = False) -> str:
        name = f"{self.prefix}_{next(_numbers)}"
        template = "template0" if empty else self.template
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url(name)

    def drop(self, url: str) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')

    def close(self) -> None:
        for url in self.clean:
            self.drop(url)
        self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self.admin.dispose()


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    if POSTGRES_URL:
        databases = PostgresDatabases(POSTGRES_URL)
        yield databases
        databases.close()
    else:
        yield SQLiteDatabases(tmp_path_factory.mktemp("databases"))


@pytest.fixture
def database_url(databases):
    url = databases.create()
    yield url
    databases.drop(url)


@pytest.fixture
def empty_database_url(databases):
    url = databases.create(empty=True)
    yield url
    databases.drop(url)


@pytest.fixture(autouse=True)
def no_server_errors(request):
    """No test sees a server error unless it says it means to (`@pytest.mark.server_errors`: outages, the error
    handler's own tests): a 5xx, or a GraphQL error the server masked, in any app a test makes in this process."""
    seen = []

    def note(_app, response, **_extra) -> None:
        masked = flask_request.path == "/graphql" and b"INTERNAL_SERVER_ERROR" in response.get_data()
        if response.status_code >= 500 or masked:
            seen.append(f"{flask_request.method} {flask_request.full_path} → {response.status_code}")

    request_finished.connect(note)
    yield
    request_finished.disconnect(note)
    if request.node.get_closest_marker("server_errors") is None:
        assert seen == [], "server errors"


@pytest.fixture
def app(databases):
    url = databases.acquire()
    app = make_app(url)
    writes = []

    def note_writes(_connection, _cursor, statement: str, *_args) -> None:
        if statement.lstrip().upper().startswith(WRITES):
            writes.append(statement)

    event.listen(app.extensions["database"].kw["bind"], "before_cursor_execute", note_writes)
    yield app
    dispose(app)
    databases.release(url, written=bool(writes))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@contextmanager
def recorded_statements(app):
    """The SQL statements the app sends meanwhile."""
    sent = []

    def record(_connection, _cursor, statement, *_args):
        sent.append(statement)

    engine = app.extensions["database"].kw["bind"]
    event.listen(engine, "before_cursor_execute", record)
    yield sent
    event.remove(engine, "before_cursor_execute", record)


def cpu_seconds(call):
    """Call it; its result and the CPU seconds this thread spent meanwhile. A test client's request runs in this
    thread, so this is the work the request cost the app, which a busy machine does not inflate as it does the
    wall-clock time (the database server's own work, on PostgreSQL, is not in it)."""
    started = time.thread_time()
    result = call()
    return result, time.thread_time() - started


@pytest.fixture
def statements(app):
    """The SQL statements the app sends while the test runs."""
    with recorded_statements(app) as sent:
        yield sent


@pytest.fixture
def db_session(app):
    """A session for arranging data the HTTP interface cannot (yet) write; commit what you arrange.

    It is not bound to an app context on purpose: requests made meanwhile get their own context and session,
    as they would in production, instead of sharing this one.
    """
    session = app.extensions["database"]()
    session.info["include_private"] = True  # arranging drafts and scheduled items must see them
    yield session
    session.close()


class Clock:
    """The app's idea of now (every reading goes through api.models.base.utcnow), moved by the test."""

    def __init__(self) -> None:
        self.offset = timedelta()
        self.stopped_at: datetime | None = None

    def now(self) -> datetime:
        return (self.stopped_at or datetime.now(UTC)) + self.offset

    def stop(self) -> None:
        """From now on time passes only by advance(): two readings differ by exactly what was advanced."""
        self.stopped_at = datetime.now(UTC)

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    """Scheduled publications, backoffs and leases come due when the test says so, not when a sleep ends: a busy
    machine cannot make them come early or late. Processes the test starts keep the real clock."""
    moved = Clock()

    class Shifted(datetime):
        @classmethod
        def now(cls, tz=None):
            return moved.now().astimezone(tz) if tz is not None else moved.now().astimezone().replace(tzinfo=None)

    monkeypatch.setattr(base, "datetime", Shifted)
    moved.advance(days=1)
    assert base.utcnow() - datetime.now(UTC) > timedelta(hours=23), "utcnow no longer reads api.models.base.datetime"
    moved.offset = timedelta()
    return moved
