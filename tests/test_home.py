"""The front door: / gives browsers a small page and clients the same links as JSON; every link answers; the
partner examples are served; a browser's GET /graphql?query=… opens GraphiQL with that query."""

from urllib.parse import parse_qs, urlsplit

import pytest

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}  # what a browser sends


def test_clients_get_the_links_as_json(client):
    response = client.get("/", headers={"Accept": "application/json"})
    assert (response.status_code, response.mimetype) == (200, "application/json")
    rels = {link["rel"] for link in response.json["links"]}
    assert {"docs", "openapi", "graphql", "graphql-schema", "feed", "examples", "sync"} <= rels
    assert "Accept" in response.headers["Vary"]


def test_curl_gets_json_too(client):
    assert client.get("/").mimetype == "application/json"


def test_every_link_answers(client):
    for link in client.get("/").json["links"]:
        headers = HTML if link["rel"] == "graphql" else {"Accept": "application/json"}  # GraphiQL is for browsers
        with client.get(link["href"], headers=headers) as response:
            assert response.status_code == 200, (link, response.status_code)


def test_browsers_get_a_page_with_the_same_links_under_the_apps_policy(client):
    response = client.get("/", headers=HTML)
    assert (response.status_code, response.mimetype) == (200, "text/html")
    page = response.get_data(as_text=True)
    for link in client.get("/").json["links"]:
        assert f'href="{link["href"]}"' in page
    policy = response.headers["Content-Security-Policy"]
    assert policy.startswith("default-src 'none'") and "script-src 'self';" in policy and "https:" not in policy
    assert "<script" not in page and "http://" not in page and "https://" not in page  # nothing from elsewhere


@pytest.mark.parametrize("name", ["", "index.html", "partner-page.html", "partner-site.css"])
def test_the_partner_examples_are_served(client, name):
    with client.get(f"/examples/{name}") as response:
        assert response.status_code == 200


def test_the_partner_page_may_frame_the_widget_and_nothing_else(client):
    with client.get("/examples/partner-page.html") as response:
        policy = response.headers["Content-Security-Policy"]
    assert "frame-src 'self'" in policy and "script-src 'self'" in policy and "frame-ancestors" not in policy


@pytest.mark.parametrize("name", ["nothing.html", "..%2Fwsgi.py", "%2E%2E"])
def test_nothing_else_is_served_from_examples(client, name):
    with client.get(f"/examples/{name}") as response:
        assert response.status_code == 404


def test_a_browser_opening_a_graphql_query_gets_graphiql_with_it(client):
    query = "{ posts(first: 2) { nodes { slug } } }"
    response = client.get("/graphql", query_string={"query": query}, headers=HTML)
    assert response.status_code == 302
    assert parse_qs(urlsplit(response.headers["Location"]).query) == {"q": [query]}
    page = client.get(response.headers["Location"], headers=HTML)
    assert page.mimetype == "text/html" and "graphiql" in page.get_data(as_text=True).lower()


@pytest.mark.parametrize("accept", ["*/*", "application/json", "application/graphql-response+json", None])
def test_clients_opening_a_graphql_query_get_its_answer(client, accept):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/graphql", query_string={"query": "{ themes { totalCount } }"}, headers=headers)
    assert response.status_code == 200 and response.json["data"]["themes"]["totalCount"] == 4
