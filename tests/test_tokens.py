"""API tokens: made by the CLI or an admin, stored only as a hash, checked on every call, revocable; roles."""

import hashlib
import re

import pytest
from sqlalchemy import select

from api.models import ApiToken

PROBLEM = "application/problem+json"


def create_token(runner, name: str, role: str, partner: str | None = None) -> str:
    args = ["tokens", "create", name, "--role", role] + (["--partner", partner] if partner else [])
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    return re.search(r"cag_\S+", result.output).group(0)


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def admin(runner):
    return create_token(runner, "Admin", "admin")


@pytest.fixture
def editor(runner):
    return create_token(runner, "Editor", "editor")


def test_the_cli_shows_the_secret_once_and_stores_only_its_hash(runner, db_session):
    secret = create_token(runner, "Maria", "editor")
    assert secret.startswith("cag_") and len(secret) > 40
    [stored] = db_session.scalars(select(ApiToken)).all()
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {stored.prefix, stored.digest, stored.name}
    listing = runner.invoke(args=["tokens", "list"]).output
    assert "Maria" in listing and "editor" in listing and "never" in listing
    assert secret not in listing


def test_a_partner_token_needs_a_known_partner_and_only_it_has_one(runner):
    assert runner.invoke(args=["tokens", "create", "X", "--role", "partner"]).exit_code != 0
    assert runner.invoke(args=["tokens", "create", "X", "--role", "partner", "--partner", "nope"]).exit_code != 0
    assert runner.invoke(args=["tokens", "create", "X", "--role", "editor", "--partner", "novi-ritm"]).exit_code != 0
    create_token(runner, "Novi Ritm", "partner", "novi-ritm")
    assert "novi-ritm" in runner.invoke(args=["tokens", "list"]).output


def test_a_token_says_who_it_is_and_records_its_last_use(client, runner, editor):
    response = client.get("/api/v1/me", headers=bearer(editor))
    assert response.status_code == 200
    assert response.json["name"] == "Editor"
    assert response.json["role"] == "editor"
    assert response.json["last_used_at"] is not None
    assert "used never" not in runner.invoke(args=["tokens", "list"]).output


@pytest.mark.parametrize(
    "header",
    [None, "Bearer cag_not-a-token", "Basic dXNlcjpwYXNz", "Bearer", "Bearer    ", "cag_no-scheme"],
)
def test_a_missing_or_wrong_token_is_a_401_problem(client, header):
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.mimetype == PROBLEM
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_stops_working_at_once(client, runner, editor):
    assert client.get("/api/v1/me", headers=bearer(editor)).status_code == 200
    token_id = client.get("/api/v1/me", headers=bearer(editor)).json["id"]
    result = runner.invoke(args=["tokens", "revoke", str(token_id)])
    assert result.exit_code == 0, result.output
    assert client.get("/api/v1/me", headers=bearer(editor)).status_code == 401
    assert "revoked" in runner.invoke(args=["tokens", "list"]).output


def test_only_an_admin_manages_tokens(client, runner, admin, editor):
    partner = create_token(runner, "KobieTY", "partner", "kobiety")
    for secret in (editor, partner):
        response = client.get("/api/v1/tokens", headers=bearer(secret))
        assert response.status_code == 403
        assert response.mimetype == PROBLEM
        assert (
            client.post("/api/v1/tokens", json={"name": "x", "role": "admin"}, headers=bearer(secret)).status_code
            == 403
        )
    assert client.get("/api/v1/tokens").status_code == 401
    listed = client.get("/api/v1/tokens", headers=bearer(admin)).json["items"]
    assert [token["name"] for token in listed] == ["Admin", "Editor", "KobieTY"]
    assert all("token" not in token and "digest" not in token for token in listed)


def test_an_admin_creates_and_revokes_tokens_over_http(client, admin):
    created = client.post(
        "/api/v1/tokens", json={"name": "MÄN", "role": "partner", "partner": "man"}, headers=bearer(admin)
    )
    assert created.status_code == 201
    secret = created.json["token"]
    assert created.json["partner"] == "man"
    assert client.get("/api/v1/me", headers=bearer(secret)).json["role"] == "partner"
    revoked = client.delete(f"/api/v1/tokens/{created.json['id']}", headers=bearer(admin))
    assert revoked.status_code == 204
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 401
    assert client.delete("/api/v1/tokens/9999", headers=bearer(admin)).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "editor"}, "name"),
        ({"name": "x", "role": "owner"}, "role"),
        ({"name": "x", "role": "partner"}, "partner"),
        ({"name": "x", "role": "editor", "partner": "man"}, "partner"),
        ({"name": "x", "role": "partner", "partner": "no-such-partner"}, "partner"),
        ({"name": "", "role": "editor"}, "name"),
        ({"name": "x", "role": "editor", "colour": "red"}, "colour"),
    ],
)
def test_an_invalid_token_request_is_a_422_naming_the_field(client, admin, body, field):
    response = client.post("/api/v1/tokens", json=body, headers=bearer(admin))
    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    assert field in [param["name"] for param in response.json["invalid_params"]]


@pytest.mark.parametrize(
    ("data", "content_type"), [("{not json", "application/json"), ("[1, 2]", "application/json"), ("x", "text/plain")]
)
def test_a_malformed_body_is_a_4xx_problem(client, admin, data, content_type):
    response = client.post("/api/v1/tokens", data=data, content_type=content_type, headers=bearer(admin))
    assert 400 <= response.status_code < 500
    assert response.mimetype == PROBLEM


def test_auth_errors_are_translated(client):
    response = client.get("/api/v1/me", headers={"Accept-Language": "sv"})
    assert response.json["title"] == "Inloggning krävs"
