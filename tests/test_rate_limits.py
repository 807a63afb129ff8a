"""Brute force is rate-limited: failed authentications per address, writes per token; answers are 429 problems."""

import re

import pytest

from tests.conftest import dispose, make_app


@pytest.fixture
def strict_app(databases):
    url = databases.create()
    app = make_app(url, RATE_LIMIT_AUTH_FAILURES="3 per minute", RATE_LIMIT_WRITES="2 per minute")
    yield app
    dispose(app)
    databases.drop(url)


def secret(app, role: str = "editor") -> str:
    output = app.test_cli_runner().invoke(args=["tokens", "create", role, "--role", role]).output
    return re.search(r"cag_\S+", output).group(0)


def test_failed_authentications_are_limited_and_public_reads_go_on(strict_app):
    client = strict_app.test_client()
    wrong = {"Authorization": "Bearer cag_guess"}
    assert [client.get("/api/v1/me", headers=wrong).status_code for _ in range(3)] == [401, 401, 401]
    refused = client.get("/api/v1/me", headers=wrong)
    assert (refused.status_code, refused.mimetype) == (429, "application/problem+json")
    assert int(refused.headers["Retry-After"]) > 0
    # Even a right token is refused from that address for now; anonymous reads are not.
    right = {"Authorization": f"Bearer {secret(strict_app)}"}
    assert client.get("/api/v1/me", headers=right).status_code == 429
    assert client.get("/api/v1/posts").status_code == 200


def test_successful_authentications_are_not_counted(strict_app):
    client = strict_app.test_client()
    right = {"Authorization": f"Bearer {secret(strict_app)}"}
    assert {client.get("/api/v1/me", headers=right).status_code for _ in range(10)} == {200}


def test_writes_are_limited_per_token(strict_app):
    client = strict_app.test_client()
    first, second = ({"Authorization": f"Bearer {secret(strict_app, role)}"} for role in ("editor", "admin"))
    body = {"name": "x", "role": "editor"}
    statuses = [client.post("/api/v1/tokens", json=body, headers=second).status_code for _ in range(3)]
    assert statuses == [201, 201, 429]
    # Another token has its own budget.
    assert client.post("/api/v1/posts", json={}, headers=first).status_code == 422
    assert client.get("/api/v1/posts", headers=second).status_code == 200  # reads are not writes


def bearer(app, role: str = "admin") -> dict:
    return {"Authorization": f"Bearer {secret(app, role)}"}


def new_token(client, headers) -> object:
    """One REST write that an admin may repeat."""
    return client.post("/api/v1/tokens", json={"name": "x", "role": "editor"}, headers=headers)


NEW_THEMES = """mutation {
  one: createTheme(input: {originalLocale: "en", translations: [{locale: "en", name: "One"}]}) { slug }
  two: createTheme(input: {originalLocale: "en", translations: [{locale: "en", name: "Two"}]}) { slug }
  three: createTheme(input: {originalLocale: "en", translations: [{locale: "en", name: "Three"}]}) { slug }
}"""
POSTS_QUERY = "{ posts(first: 1) { edges { node { slug } } } }"


def test_the_write_budget_belongs_to_the_token_however_the_header_is_spelt(strict_app):
    client = strict_app.test_client()
    token = secret(strict_app, "admin")
    assert [new_token(client, {"Authorization": f"Bearer {token}"}).status_code for _ in range(2)] == [201, 201]
    for spelling in (f"bearer {token}", f"BEARER {token}", f"Bearer  {token}", f"Bearer\t{token} "):
        assert new_token(client, {"Authorization": spelling}).status_code == 429, spelling


def test_anonymous_graphql_queries_by_post_are_not_refused_after_failed_logins(strict_app):
    client = strict_app.test_client()
    wrong = {"Authorization": "Bearer cag_guess"}
    assert [client.get("/api/v1/me", headers=wrong).status_code for _ in range(4)] == [401, 401, 401, 429]
    read = client.post("/graphql", json={"query": POSTS_QUERY})
    assert read.status_code == 200
    assert "errors" not in read.json
    assert client.get("/graphql", query_string={"query": POSTS_QUERY}).status_code == 200
    # Writes from that address are, GraphQL mutations included.
    mutation = client.post("/graphql", json={"query": NEW_THEMES})
    assert (mutation.status_code, mutation.json["type"]) == (429, "/problems/rate-limited")
    assert new_token(client, {}).status_code == 429


def test_refusals_are_rate_limited_problems_with_a_real_retry_after(strict_app):
    client = strict_app.test_client()
    wrong = {"Authorization": "Bearer cag_guess"}
    for _ in range(3):
        client.get("/api/v1/me", headers=wrong)
    refused = client.get("/api/v1/me", headers=wrong)
    assert (refused.status_code, refused.mimetype) == (429, "application/problem+json")
    assert refused.json["type"] == "/problems/rate-limited"
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert (refused.headers["X-RateLimit-Limit"], refused.headers["X-RateLimit-Remaining"]) == ("3", "0")


def test_writes_state_the_write_budget_and_its_remaining(strict_app):
    client = strict_app.test_client()
    admin = bearer(strict_app)
    answers = [new_token(client, admin) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [201, 201, 429]
    assert [answer.headers.get("X-RateLimit-Limit") for answer in answers] == ["2", "2", "2"]
    assert [answer.headers.get("X-RateLimit-Remaining") for answer in answers] == ["1", "0", "0"]
    assert "Retry-After" not in answers[0].headers
    refused = answers[2]
    assert (refused.mimetype, refused.json["type"]) == ("application/problem+json", "/problems/rate-limited")
    assert 0 < int(refused.headers["Retry-After"]) <= 60


def test_reads_carry_no_limit_headers(strict_app):
    client = strict_app.test_client()
    admin = bearer(strict_app)
    for response in (
        client.get("/api/v1/posts"),
        client.get("/api/v1/me", headers=admin),
        client.post("/graphql", json={"query": POSTS_QUERY}),
    ):
        assert response.status_code == 200
        assert not {"X-RateLimit-Limit", "X-RateLimit-Remaining", "Retry-After"} & set(response.headers.keys())


def test_a_failed_login_states_the_failed_login_limit(strict_app):
    client = strict_app.test_client()
    answers = [client.get("/api/v1/me", headers={"Authorization": "Bearer cag_guess"}) for _ in range(2)]
    assert [answer.headers.get("X-RateLimit-Limit") for answer in answers] == ["3", "3"]
    assert [answer.headers.get("X-RateLimit-Remaining") for answer in answers] == ["2", "1"]


def test_a_graphql_mutation_over_budget_says_when_to_retry(strict_app):
    client = strict_app.test_client()
    admin = bearer(strict_app)
    response = client.post("/graphql", json={"query": NEW_THEMES}, headers=admin)
    assert response.status_code == 200
    assert response.json["data"]["one"] and response.json["data"]["two"]
    [error] = response.json["errors"]
    assert (error["path"], error["extensions"]["code"]) == (["three"], "RATE_LIMITED")
    assert 0 < error["extensions"]["retryAfter"] <= 60
    assert response.headers["Retry-After"] == str(error["extensions"]["retryAfter"])
    assert (response.headers["X-RateLimit-Limit"], response.headers["X-RateLimit-Remaining"]) == ("2", "0")
    # With the budget spent, the next mutation is refused before it runs.
    refused = client.post("/graphql", json={"query": NEW_THEMES}, headers=admin)
    assert (refused.status_code, refused.json["type"]) == (429, "/problems/rate-limited")
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert client.get("/api/v1/themes/three").status_code == 404


def test_rest_and_graphql_writes_spend_one_budget(strict_app):
    client = strict_app.test_client()
    admin = bearer(strict_app)
    assert new_token(client, admin).status_code == 201
    one = (
        'mutation { createTheme(input: {originalLocale: "en", translations: [{locale: "en", name: "One"}]}) { slug } }'
    )
    answer = client.post("/graphql", json={"query": one}, headers=admin)
    assert (answer.status_code, answer.headers["X-RateLimit-Remaining"]) == (200, "0")
    assert new_token(client, admin).status_code == 429


def test_a_request_without_a_token_is_no_failed_login(strict_app):
    client = strict_app.test_client()
    assert {client.get("/api/v1/me").status_code for _ in range(4)} == {401}
    assert client.get("/api/v1/me", headers=bearer(strict_app)).status_code == 200


def test_a_refusal_says_why_in_the_readers_language(strict_app):
    client = strict_app.test_client()
    wrong = {"Authorization": "Bearer cag_guess", "Accept-Language": "sv"}
    for _ in range(3):
        client.get("/api/v1/me", headers=wrong)
    refused = client.get("/api/v1/me", headers=wrong)
    assert refused.json["detail"].startswith("För många misslyckade inloggningar")
