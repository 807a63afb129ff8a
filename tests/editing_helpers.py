"""Tokens and conditional writes, as the editing tests use them."""

import re

PROBLEM = "application/problem+json"


def token(runner, role: str, partner: str | None = None) -> dict:
    """Authorization headers for a new token made through the CLI."""
    args = ["tokens", "create", f"{role} {partner or ''}".strip(), "--role", role]
    result = runner.invoke(args=args + (["--partner", partner] if partner else []))
    assert result.exit_code == 0, result.output
    secret = re.search(r"cag_\S+", result.output).group(0)
    return {"Authorization": f"Bearer {secret}"}


def if_match(response, headers: dict) -> dict:
    """The headers with the version `response` showed, for the next write."""
    return {**headers, "If-Match": response.headers["ETag"]}


def version(response) -> int:
    return int(response.headers["ETag"].strip('"').split(".")[0])


def created(client, collection: str, body: dict, headers: dict):
    response = client.post(f"/api/v1/{collection}", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response


def assert_problem(response, status: int, fields: list[str] | None = None) -> None:
    assert (response.status_code, response.mimetype) == (status, PROBLEM), response.get_data(as_text=True)
    if fields is not None:
        assert [param["name"] for param in response.json["invalid_params"]] == fields
