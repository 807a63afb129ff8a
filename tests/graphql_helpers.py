"""Posting GraphQL queries through HTTP, comparing with REST, and arranging content the API cannot write yet."""

import base64
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from api.models import (
    Partner,
    PartnerTranslation,
    Post,
    PostKind,
    PostTranslation,
    Project,
    ProjectStatus,
    ProjectTranslation,
    PublicationStatus,
    Vacancy,
    VacancyKind,
    VacancyTranslation,
)

LATER = datetime(2021, 1, 1, 9, tzinfo=UTC)
LOCALES = ["en", "sv", "ru", "ky", "pl"]
TRACEBACK_MARKERS = ("Traceback", 'File "', "site-packages", '.py", line')


def post(client, query: str, variables: dict | None = None, headers: dict | None = None):
    """POST a query as application/json; the response, whatever it is."""
    body = {"query": query}
    if variables is not None:
        body["variables"] = variables
    return client.post("/graphql", json=body, headers=headers or {})


def data(client, query: str, variables: dict | None = None, headers: dict | None = None) -> dict:
    """The `data` of a query that must succeed."""
    response = post(client, query, variables, headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    assert "errors" not in response.json, response.json["errors"]
    return response.json["data"]


def errors(client, query: str, variables: dict | None = None, headers: dict | None = None) -> list[dict]:
    """The `errors` of a query that must fail (application/json: still a 200)."""
    response = post(client, query, variables, headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json.get("errors"), response.json
    assert_no_traceback(response)
    return response.json["errors"]


def assert_bad_argument(found: list[dict], name: str, code: str = "BAD_USER_INPUT") -> dict:
    """One error, with its code and `invalid_params` naming the GraphQL argument at fault."""
    assert len(found) == 1, found
    [error] = found
    assert error["extensions"]["code"] == code, error
    assert [param["name"] for param in error["extensions"]["invalid_params"]] == [name], error
    assert all(param["reason"] for param in error["extensions"]["invalid_params"])
    return error


def assert_no_traceback(response) -> None:
    text = response.get_data(as_text=True)
    for marker in TRACEBACK_MARKERS:
        assert marker not in text, text


def rest(client, url: str, headers: dict | None = None) -> dict:
    response = client.get(url, headers=headers or {})
    assert response.status_code == 200, response.json
    return response.json


def rest_slugs(client, url: str, headers: dict | None = None) -> list[str]:
    return [item["slug"] for item in rest(client, url, headers)["items"]]


def slugs(connection: dict) -> list[str]:
    return [node["slug"] for node in connection["nodes"]]


def walk(client, field: str, arguments: str = "", first: int = 3, selection: str = "slug") -> list[dict]:
    """Every page of a connection, following `pageInfo.endCursor`; the pages' connections in order."""
    query = f"""query Walk($first: Int!, $after: String) {{
      {field}(first: $first, after: $after{", " + arguments if arguments else ""}) {{
        totalCount
        edges {{ cursor node {{ {selection} }} }}
        pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
      }}
    }}"""
    pages, after = [], None
    while True:
        page = data(client, query, {"first": first, "after": after})[field]
        pages.append(page)
        assert len(pages) <= 200, "the cursors never end"
        if not page["pageInfo"]["hasNextPage"]:
            return pages
        after = page["pageInfo"]["endCursor"]
        assert after == page["edges"][-1]["cursor"]


def walked(pages: list[dict], key: str = "slug") -> list:
    return [edge["node"][key] for page in pages for edge in page["edges"]]


def global_id(type_name: str, database_id: int | str) -> str:
    return base64.b64encode(f"{type_name}:{database_id}".encode()).decode()


def find(session, model, slug: str):
    return session.scalar(select(model).where(model.slug == slug))


def add_post(session, slug: str, status=PublicationStatus.PUBLISHED, published_at=LATER, **fields) -> Post:
    translations = fields.pop(
        "translations",
        [PostTranslation(locale="en", title=f"Title of {slug}", excerpt="Excerpt.", body="<p>Body.</p>")],
    )
    item = Post(
        slug=slug,
        kind=fields.pop("kind", PostKind.NEWS),
        publication_status=status,
        published_at=published_at,
        translations=translations,
        **fields,
    )
    session.add(item)
    return item


def add_project(session, slug: str, status=PublicationStatus.PUBLISHED, published_at=LATER, **fields) -> Project:
    translations = fields.pop("translations", [ProjectTranslation(locale="en", title=f"Title of {slug}")])
    item = Project(
        slug=slug,
        status=fields.pop("project_status", ProjectStatus.ONGOING),
        publication_status=status,
        published_at=published_at,
        translations=translations,
        **fields,
    )
    session.add(item)
    return item


def add_partner(session, slug: str, **fields) -> Partner:
    translations = fields.pop("translations", [PartnerTranslation(locale="en", name=f"Name of {slug}")])
    item = Partner(slug=slug, translations=translations, **fields)
    session.add(item)
    return item


def add_vacancy(session, slug: str, host: Partner, status=PublicationStatus.PUBLISHED, **fields) -> Vacancy:
    translations = fields.pop("translations", [VacancyTranslation(locale="en", title=f"Title of {slug}")])
    item = Vacancy(
        slug=slug,
        kind=fields.pop("kind", VacancyKind.VOLUNTEER),
        host=host,
        publication_status=status,
        published_at=fields.pop("published_at", LATER),
        deadline=fields.pop("deadline", datetime.now(UTC) + timedelta(days=30)),
        translations=translations,
        **fields,
    )
    session.add(item)
    return item
