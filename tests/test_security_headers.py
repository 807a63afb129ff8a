"""Headers that keep browsers safe on every response; HSTS and client addresses only from trusted proxies; CORS
for writes; request bodies bounded. (GraphiQL and Swagger UI under their policies in a browser:
tests/test_docs_browser.py.)"""

import base64
import hashlib
import re

import pytest

from tests.conftest import dispose, make_app

API_POLICY = "default-src 'none'; frame-ancestors 'none'"

URLS = [
    "/api/v1/posts",
    "/graphql?query={themes{totalCount}}",
    "/feeds/posts.atom",
    "/oembed?url=https://centralasiengrupperna.se/en/posts/does-authoritarianism-exist-in-central-asia",
    "/healthz",
    "/metrics",
    "/openapi.yaml",
    "/docs",
    "/embed/posts",
    "/embed.js",
]


@pytest.mark.parametrize("url", URLS)
def test_every_response_says_nosniff_and_a_strict_referrer_policy(client, url):
    with client.get(url) as response:
        assert response.status_code == 200
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "Strict-Transport-Security" not in response.headers  # off by default, and this is no TLS request


@pytest.mark.parametrize("url", ["/api/v1/posts", "/api/v1/posts/no-such-post", "/feeds/posts.rss", "/healthz"])
def test_the_api_may_run_nothing_and_be_framed_nowhere(client, url):
    response = client.get(url)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == API_POLICY
    assert response.headers["X-Frame-Options"] == "DENY"


def directives(policy: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in policy.split(";"))}


def test_the_docs_page_runs_only_this_apps_scripts(client):
    response = client.get("/docs")
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert not re.search(r"<script(?![^>]*\bsrc=)", response.get_data(as_text=True)), "no inline script"


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_graphiql_may_run_its_own_inline_blocks_and_nothing_else(client):
    response = client.get("/graphql", headers={"Accept": "text/html"})
    page = response.get_data(as_text=True)
    policy = directives(response.headers["Content-Security-Policy"])
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    styles = re.findall(r"<style>(.*?)</style>", page, re.S)
    assert scripts and styles
    assert policy["script-src"] == ["'self'", *map(sha256, scripts)]
    assert policy["style-src"] == ["'self'", *map(sha256, styles)]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("url", ["/embed/posts", "/embed/projects/climate-residency-osh"])
def test_widget_pages_keep_their_own_policy_and_may_be_framed(client, url):
    response = client.get(url)
    assert (response.status_code, response.mimetype) == (200, "text/html")
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers


def test_a_304_keeps_the_policy_the_client_has_stored(client):
    first = client.get("/graphql", headers={"Accept": "text/html"})
    again = client.get("/graphql", headers={"Accept": "text/html", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert "Content-Security-Policy" not in again.headers  # not the JSON API's, which would break the stored page
    assert again.headers["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def app_with(databases):
    made = []

    def make(**overrides):
        url = databases.acquire()
        made.append((make_app(url, **overrides), url))
        return made[-1][0]

    yield make
    for app, url in made:
        dispose(app)
        databases.release(url, written=True)


def test_hsts_is_sent_over_tls_when_configured(app_with):
    client = app_with(HSTS_SECONDS=31536000).test_client()
    assert client.get("/healthz", base_url="https://api.example").headers["Strict-Transport-Security"] == (
        "max-age=31536000"
    )
    assert "Strict-Transport-Security" not in client.get("/healthz").headers


def test_x_forwarded_proto_counts_only_from_trusted_proxies(app_with):
    tls = {"X-Forwarded-Proto": "https"}
    untrusting = app_with(HSTS_SECONDS=600).test_client()
    assert "Strict-Transport-Security" not in untrusting.get("/healthz", headers=tls).headers
    behind_a_load_balancer = app_with(HSTS_SECONDS=600, TRUSTED_PROXIES=1).test_client()
    assert behind_a_load_balancer.get("/healthz", headers=tls).headers["Strict-Transport-Security"] == "max-age=600"


def failed_logins(client, address: str) -> list[int]:
    headers = {"Authorization": "Bearer cag_guess", "X-Forwarded-For": address}
    return [client.get("/api/v1/me", headers=headers).status_code for _ in range(2)]


def test_rate_limits_see_the_clients_address_behind_trusted_proxies_only(app_with):
    limits = {"RATE_LIMIT_AUTH_FAILURES": "2 per minute"}
    trusting = app_with(TRUSTED_PROXIES=1, **limits).test_client()
    assert failed_logins(trusting, "203.0.113.1") == [401, 401]
    assert failed_logins(trusting, "203.0.113.2") == [401, 401]  # another client, its own budget
    untrusting = app_with(**limits).test_client()
    assert failed_logins(untrusting, "203.0.113.1") == [401, 401]
    assert failed_logins(untrusting, "203.0.113.2") == [429, 429]  # a forged header changes nothing


def test_a_write_from_another_origin_gets_no_cors_permission(app_with):
    client = app_with(CORS_ORIGINS=["https://centralasiengrupperna.se"]).test_client()
    foreign = client.post("/api/v1/posts", json={}, headers={"Origin": "https://elsewhere.example"})
    assert "Access-Control-Allow-Origin" not in foreign.headers
    own = client.post("/api/v1/posts", json={}, headers={"Origin": "https://centralasiengrupperna.se"})
    assert own.headers["Access-Control-Allow-Origin"] == "https://centralasiengrupperna.se"


def editor(app) -> dict:
    output = app.test_cli_runner().invoke(args=["tokens", "create", "Ed", "--role", "editor"]).output
    return {"Authorization": "Bearer " + re.search(r"cag_\S+", output).group(0)}


@pytest.mark.parametrize("url", ["/api/v1/posts", "/graphql"])
def test_a_body_larger_than_max_content_length_is_a_413_problem(app_with, url):
    app = app_with(MAX_CONTENT_LENGTH=1000)
    body = '{"query": "{ themes { totalCount } }", "padding": "' + "x" * 2000 + '"}'
    response = app.test_client().post(url, data=body, content_type="application/json", headers=editor(app))
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert response.json["status"] == 413
