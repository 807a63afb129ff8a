"""While the database is away the API answers 503 problem+json with Retry-After, quickly, and recovers by itself."""

import time

import pytest
from sqlalchemy import make_url

from tests.conftest import POSTGRES_URL, dispose, make_app
from tests.live_server import TcpProxy, call, serving

PROBLEM = "application/problem+json"
POSTS_QUERY = {"query": "{ posts(first: 2) { nodes { slug } } }"}

# Every test here provokes 503s on purpose.
pytestmark = pytest.mark.server_errors

postgres_only = pytest.mark.skipif(
    not POSTGRES_URL, reason="the outage is simulated on PostgreSQL: set TEST_DATABASE_URL"
)


@pytest.fixture
def proxy(database_url):
    """A TCP proxy in front of the test's PostgreSQL database."""
    url = make_url(database_url)
    proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432))
    proxy.start()
    yield proxy, url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    proxy.stop()


@pytest.fixture
def server(proxy):
    """A real server whose DATABASE_URL goes through the proxy; short waits, so the test is short too."""
    proxy, url = proxy
    app = make_app(url, DATABASE_CONNECT_TIMEOUT=CONNECT_TIMEOUT, DATABASE_POOL_TIMEOUT=2, DATABASE_RETRY_AFTER=7)
    with serving(app) as base:
        yield proxy, base
    dispose(app)


def assert_all_served(base: str, times: int = 12) -> None:
    """More requests than the pool holds connections, so every stale pooled connection is tried."""
    for _ in range(times):
        assert call("GET", f"{base}/api/v1/posts?limit=2")[0] == 200
        assert call("POST", f"{base}/graphql", body=POSTS_QUERY)[0] == 200


CONNECT_TIMEOUT = 2


def unavailable(path: str, headers: dict | None = None) -> tuple[int, dict, dict, float]:
    """The answer to a GET while the database is away, and how long it took; a request that hung would end in the
    client's own timeout (an error, not an answer) after the generous bound of `call`."""
    started = time.monotonic()
    status, headers, body = call("GET", path, headers)
    return status, headers, body, time.monotonic() - started


def assert_unavailable(answer) -> None:
    status, headers, body, _seconds = answer
    assert (status, headers["Content-Type"], headers["Retry-After"]) == (503, PROBLEM, "7")
    assert (body["status"], body["type"]) == (503, "/problems/service-unavailable")


@postgres_only
def test_an_unreachable_database_is_a_quick_503_and_the_api_recovers_when_it_returns(server):
    proxy, base = server
    assert_all_served(base)

    proxy.stop()
    for path in (
        "/api/v1/posts",
        "/api/v1/posts/maria-from-journalist-to-ngo",
        "/api/v1/search?q=malmo",
        "/feeds/posts.atom",
    ):
        assert_unavailable(unavailable(f"{base}{path}"))
    status, headers, _body, _seconds = unavailable(f"{base}/api/v1/me", {"Authorization": "Bearer cag_whoever"})
    # The token cannot be checked; the auth-failure rate limit then names its own window's end, never an earlier one.
    assert (status, headers["Content-Type"], int(headers["Retry-After"]) >= 6) == (503, PROBLEM, True)
    swedish = call("GET", f"{base}/api/v1/posts", {"Accept-Language": "sv"})[2]
    assert swedish["detail"] == "Innehållsdatabasen kan inte nås just nu: försök igen om en stund."
    status, headers, body = call("POST", f"{base}/graphql", body=POSTS_QUERY)
    # POST counts against the write rate limit, whose headers re-state Retry-After from its clock, rounding down.
    assert (status, headers["Retry-After"] in ("6", "7")) == (503, True)
    assert [error["extensions"]["code"] for error in body["errors"]] == ["SERVICE_UNAVAILABLE"]

    proxy.start()
    assert_all_served(base)


@postgres_only
def test_connections_cut_while_idle_are_replaced_without_an_error(server):
    """A database restart between two requests: the pool's connections are dead, and no client notices."""
    proxy, base = server
    assert_all_served(base)
    proxy.stop()
    proxy.start()
    assert_all_served(base)


@postgres_only
def test_a_database_that_does_not_answer_is_a_503_after_the_connect_timeout(server):
    proxy, base = server
    assert_all_served(base)
    proxy.stop()
    proxy.start(silent=True)
    answer = unavailable(f"{base}/api/v1/posts")
    assert_unavailable(answer)
    assert answer[3] >= CONNECT_TIMEOUT  # ended by the connect timeout, the only thing that ends it
    proxy.stop()
    proxy.start()
    assert_all_served(base)


def test_a_missing_sqlite_database_is_a_503_not_a_500(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'gone' / 'cag.db'}")
    response = app.test_client().get("/api/v1/posts")
    assert (response.status_code, response.mimetype) == (503, PROBLEM)
    assert response.headers["Retry-After"] == str(app.config["DATABASE_RETRY_AFTER"])
    answer = app.test_client().post("/graphql", json=POSTS_QUERY)
    assert (answer.status_code, answer.json["errors"][0]["extensions"]["code"]) == (503, "SERVICE_UNAVAILABLE")
    dispose(app)
