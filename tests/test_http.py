"""Headers every public read carries: validators and 304s, caching, negotiation, CORS."""

import pytest

URLS = [
    "/api/v1/posts",
    "/api/v1/posts/does-authoritarianism-exist-in-central-asia",
    "/api/v1/vacancies?status=open",
    "/api/v1/search?q=climate",
]


@pytest.mark.parametrize("url", URLS)
def test_a_repeated_get_with_its_etag_is_a_304_without_body(client, url):
    first = client.get(url)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert not etag.startswith("W/")
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag


def test_the_etag_differs_by_locale(client):
    url = "/api/v1/themes/youth"
    assert client.get(url + "?lang=sv").headers["ETag"] != client.get(url + "?lang=ru").headers["ETag"]


@pytest.mark.parametrize("url", URLS)
def test_public_reads_are_cacheable_and_vary_by_language_and_encoding(client, url):
    response = client.get(url)
    assert response.cache_control.public
    assert response.cache_control.max_age == 60
    assert {"Accept-Language", "Accept-Encoding"} <= set(response.vary)


def test_errors_are_not_marked_public(client):
    response = client.get("/api/v1/posts/nope")
    assert not response.cache_control.public
    assert "ETag" not in response.headers


def test_reads_are_open_to_any_origin(client):
    response = client.get("/api/v1/posts", headers={"Origin": "https://novi-ritm.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_json_is_utf8_not_escaped(client):
    body = client.get("/api/v1/themes/youth?lang=ru").get_data(as_text=True)
    assert "Молодёжь" in body


def preflight(client, origin: str, method: str):
    headers = {
        "Origin": origin,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "authorization, content-type",
    }
    return client.options("/api/v1/posts", headers=headers)


@pytest.fixture
def site_client(databases):
    from tests.conftest import dispose, make_app

    url = databases.create()
    app = make_app(url, CORS_ORIGINS=["https://centralasiengrupperna.se"])
    yield app.test_client()
    dispose(app)
    databases.drop(url)


def test_writes_are_allowed_only_from_configured_origins(site_client):
    refused = preflight(site_client, "https://elsewhere.example", "POST")
    assert "Access-Control-Allow-Origin" not in refused.headers
    allowed = preflight(site_client, "https://centralasiengrupperna.se", "PATCH")
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://centralasiengrupperna.se"
    assert "Origin" in allowed.vary


def test_reads_stay_open_to_every_origin_when_writes_are_restricted(site_client):
    assert preflight(site_client, "https://elsewhere.example", "GET").headers["Access-Control-Allow-Origin"] == "*"
    response = site_client.get("/api/v1/posts", headers={"Origin": "https://elsewhere.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    graphql = site_client.post(
        "/graphql", json={"query": "{ themes { totalCount } }"}, headers={"Origin": "https://elsewhere.example"}
    )
    assert graphql.headers["Access-Control-Allow-Origin"] == "*"
