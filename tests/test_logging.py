"""Logs: a request id on every response and log line, one line per request, JSON or text, never a secret."""

import io
import json
import logging
import re
from pathlib import Path

import pytest

from api import request_log
from tests.conftest import dispose, make_app

GENERATED_ID = re.compile(r"[0-9a-f]{32}")


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/api/v1/posts", 200),
        ("GET", "/api/v1/posts/no-such-post", 404),
        ("GET", "/nowhere", 404),
        ("DELETE", "/api/v1/themes", 405),
        ("POST", "/api/v1/posts", 401),
        ("OPTIONS", "/api/v1/posts", 200),
        ("GET", "/healthz", 200),
        ("GET", "/docs", 200),
        ("GET", "/embed/posts", 200),
    ],
)
def test_every_response_carries_a_request_id(client, method, url, status):
    response = client.open(url, method=method)
    assert response.status_code == status
    assert GENERATED_ID.fullmatch(response.headers["X-Request-ID"])


def test_a_304_carries_a_request_id(client):
    etag = client.get("/api/v1/themes").headers["ETag"]
    response = client.get("/api/v1/themes", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert GENERATED_ID.fullmatch(response.headers["X-Request-ID"])


def test_each_request_gets_its_own_id(client):
    assert len({client.get("/healthz").headers["X-Request-ID"] for _ in range(5)}) == 5


@pytest.mark.parametrize(
    "incoming", ["abc-123", "f3b1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "Root=1-67a0:b_c.d+e/f", "x" * 128]
)
def test_a_well_formed_incoming_id_is_kept(client, incoming):
    assert client.get("/healthz", headers={"X-Request-ID": incoming}).headers["X-Request-ID"] == incoming


@pytest.mark.parametrize("incoming", ["", "x" * 129, "two words", "<script>", 'quote"d', "naïve", "a;b"])
def test_a_malformed_incoming_id_is_replaced(client, incoming):
    assert GENERATED_ID.fullmatch(client.get("/healthz", headers={"X-Request-ID": incoming}).headers["X-Request-ID"])


def request_lines(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "api.request"]


def test_each_request_is_one_log_line_with_its_id_method_path_status_and_duration(client, caplog):
    caplog.set_level(logging.INFO, logger="api.request")
    response = client.get("/api/v1/posts?limit=1&q=private-words", headers={"X-Request-ID": "req-7"})
    [line] = request_lines(caplog)
    assert (line.request_id, line.method, line.path, line.status) == ("req-7", "GET", "/api/v1/posts", 200)
    assert line.duration_ms >= 0
    assert "private-words" not in line.getMessage()  # a query string may hold a preview key: never logged
    assert response.headers["X-Request-ID"] == "req-7"


def test_health_checks_and_scrapes_are_not_logged(client, caplog):
    caplog.set_level(logging.INFO, logger="api.request")
    for url in ("/healthz", "/readyz", "/metrics"):
        assert client.get(url).status_code == 200
    assert request_lines(caplog) == []


@pytest.fixture
def logged_app(database_url):
    """An app that configures logging as in production (not TESTING), writing to a string instead of stderr."""
    root = logging.getLogger()
    level = root.level
    made = []

    def make(**overrides):
        app = make_app(database_url, TESTING=False, **overrides)
        made.append(app)
        [handler] = [handler for handler in root.handlers if getattr(handler, "cag_api", False)]
        handler.setStream(io.StringIO())
        return app, handler.stream

    yield make
    for handler in [handler for handler in root.handlers if getattr(handler, "cag_api", False)]:
        root.removeHandler(handler)
    root.setLevel(level)
    for app in made:
        dispose(app)


def test_json_logs_are_one_object_per_line(logged_app):
    app, output = logged_app(LOG_FORMAT="json")
    output_of_cli = app.test_cli_runner().invoke(args=["tokens", "create", "Ed", "--role", "editor"]).output
    secret = re.search(r"cag_\S+", output_of_cli).group(0)
    client = app.test_client()
    client.get("/api/v1/posts/no-such-post", headers={"X-Request-ID": "abc-1", "Authorization": f"Bearer {secret}"})
    lines = [json.loads(line) for line in output.getvalue().splitlines()]
    [entry] = [line for line in lines if line["logger"] == "api.request"]
    assert entry["message"].startswith("GET /api/v1/posts/no-such-post 404 ")
    assert {key: entry[key] for key in ("level", "request_id", "method", "path", "status")} == {
        "level": "INFO",
        "request_id": "abc-1",
        "method": "GET",
        "path": "/api/v1/posts/no-such-post",
        "status": 404,
    }
    assert set(entry) == {"time", "level", "logger", "message", "request_id", "method", "path", "status", "duration_ms"}
    assert entry["time"].endswith("+00:00")
    assert secret not in output.getvalue()


@pytest.mark.server_errors
def test_an_error_is_logged_with_the_request_id_and_its_traceback(logged_app):
    app, output = logged_app(LOG_FORMAT="json")

    @app.get("/test-failure")
    def fail():
        raise RuntimeError("boom")

    assert app.test_client().get("/test-failure", headers={"X-Request-ID": "req-500"}).status_code == 500
    entries = [json.loads(line) for line in output.getvalue().splitlines()]
    [error] = [entry for entry in entries if entry["level"] == "ERROR"]
    assert error["request_id"] == "req-500"
    assert "RuntimeError: boom" in error["exception"]
    assert [entry["status"] for entry in entries if entry["logger"] == "api.request"] == [500]


def test_text_logs_and_the_level_are_configurable(logged_app):
    app, output = logged_app(LOG_FORMAT="text", LOG_LEVEL="INFO")
    app.test_client().get("/api/v1/themes", headers={"X-Request-ID": "t-1"})
    assert re.search(r" INFO api\.request \[t-1\] GET /api/v1/themes 200 [\d.]+ ms$", output.getvalue(), re.M)
    quiet, quiet_output = logged_app(LOG_LEVEL="WARNING")
    quiet.test_client().get("/api/v1/themes")
    assert quiet_output.getvalue() == ""


def test_a_second_app_replaces_the_first_ones_handler(logged_app):
    logged_app()
    logged_app()
    assert len([handler for handler in logging.getLogger().handlers if getattr(handler, "cag_api", False)]) == 1


def test_gunicorns_json_lines_have_the_apps_fields():
    """gunicorn.conf.py formats gunicorn's own lines itself, so that its master need not import the app."""
    import runpy

    config = runpy.run_path(str(Path(__file__).resolve().parents[1] / "gunicorn.conf.py"))
    record = logging.LogRecord("gunicorn.error", logging.INFO, __file__, 1, "Booting worker", (), None)
    ours = json.loads(request_log.JsonFormatter().format(record))
    theirs = json.loads(config["JsonFormatter"]().format(record))
    assert theirs == ours
