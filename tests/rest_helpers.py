"""Small assertions and look-ups the REST tests share."""

from sqlalchemy import select


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.json
    return [item["slug"] for item in response.json["items"]]


def assert_invalid(response, name: str) -> None:
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert response.json["status"] == 400
    assert [param["name"] for param in response.json["invalid_params"]] == [name]


def find(session, model, slug: str):
    return session.scalar(select(model).where(model.slug == slug))
