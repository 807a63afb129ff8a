"""/healthz says the process is alive; /readyz whether this server should get traffic: the database answers and its
schema is the code's (a 503 problem naming what fails otherwise). Neither is ever cached."""

import socket

import pytest
from sqlalchemy import create_engine, text

from api.migrate import head_revision
from tests.conftest import dispose, make_app


def test_healthz_is_constant(client):
    response = client.get("/healthz")
    assert (response.status_code, response.json) == (200, {"status": "ok"})


def test_readyz_checks_the_database_and_its_migrations(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {
        "status": "ready",
        "checks": {
            "database": {"status": "ok"},
            "migrations": {"status": "ok", "revision": head_revision()},
            "redis": {"status": "disabled"},
        },
    }
    assert response.cache_control.no_store


@pytest.fixture
def app_on():
    """An app on a database URL of the test's choosing."""
    made = []

    def make(url: str, **overrides):
        made.append(make_app(url, **overrides))
        return made[-1]

    yield make
    for app in made:
        dispose(app)


def assert_not_ready(response, failing: str) -> dict:
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert int(response.headers["Retry-After"]) > 0
    assert response.cache_control.no_store
    assert response.json["detail"] == f"Not ready: {failing}."
    return response.json["checks"]


@pytest.mark.server_errors
def test_an_empty_database_is_not_ready(app_on, empty_database_url):
    checks = assert_not_ready(app_on(empty_database_url).test_client().get("/readyz"), "migrations")
    assert checks["database"] == {"status": "ok"}
    assert checks["migrations"]["status"] == "pending"
    assert "db upgrade" in checks["migrations"]["detail"]


def set_revision(url: str, revision: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :revision"), {"revision": revision})
    engine.dispose()


@pytest.mark.server_errors
def test_a_database_behind_the_code_is_not_ready(app_on, database_url):
    set_revision(database_url, "0001")
    checks = assert_not_ready(app_on(database_url).test_client().get("/readyz"), "migrations")
    assert checks["migrations"]["revision"] == "0001"
    assert head_revision() in checks["migrations"]["detail"]


def test_a_database_ahead_of_the_code_is_ready(app_on, database_url):
    """A newer release has migrated it (a rolling deploy): the servers still on this one keep serving."""
    set_revision(database_url, "9999_from_a_newer_release")
    response = app_on(database_url).test_client().get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"]["migrations"]["status"] == "ok"
    assert "ahead" in response.json["checks"]["migrations"]["detail"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.server_errors
def test_an_unreachable_database_is_not_ready_and_health_is_unaffected(app_on):
    app = app_on(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nowhere")
    client = app.test_client()
    checks = assert_not_ready(client.get("/readyz"), "database")
    assert checks["database"]["status"] == "unavailable"
    assert "migrations" not in checks
    assert client.get("/healthz").status_code == 200


@pytest.mark.server_errors
def test_a_database_that_never_answers_is_not_ready_within_the_timeout(app_on):
    """The driver would wait a minute to connect: "timeout" is /readyz giving up after READYZ_TIMEOUT instead."""
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts connections (the backlog), never answers
        port = silent.getsockname()[1]
        url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/nowhere"
        app = app_on(url, READYZ_TIMEOUT=0.5, DATABASE_CONNECT_TIMEOUT=60)
        checks = assert_not_ready(app.test_client().get("/readyz"), "database")
    assert checks["database"] == {"status": "timeout", "detail": "no answer within 0.5 s"}
