"""REST /api/v1/authors: people behind bylines, pseudonyms included."""

import pytest

from api.models import Author, AuthorTranslation
from tests.rest_helpers import assert_invalid, slugs

BASE = "http://localhost/api/v1"


@pytest.fixture
def pseudonym(db_session):
    """A pseudonymous author whose byline sorts before Maria's and whose slug sorts after it."""
    db_session.add(
        Author(
            slug="tulpar",
            name="Aruuke",
            is_pseudonym=True,
            original_locale="ru",
            translations=[AuthorTranslation(locale="ru", role="Активистка", bio="Пишет о правах человека.")],
        )
    )
    db_session.commit()


def test_list_serves_the_seeded_author(client):
    response = client.get("/api/v1/authors")
    assert slugs(response) == ["maria"]
    assert response.json["total"] == 1
    assert response.json["next"] is None


def test_item_by_slug_serves_name_role_and_bio(client):
    response = client.get("/api/v1/authors/maria")
    assert response.status_code == 200
    assert response.json == {
        "id": 1,
        "slug": "maria",
        "name": "Maria",
        "is_pseudonym": False,
        "role": "Journalist and communication specialist",
        "bio": "Journalist from Russia who has written about human rights, migration and the work of NGOs.",
        "locale": "en",
        "requested_locale": "en",
        "translations": {
            "en": {
                "url": f"{BASE}/authors/maria?lang=en",
                "updated_at": response.json["translations"]["en"]["updated_at"],
            }
        },
        "url": f"{BASE}/authors/maria",
        "version": 1,
        "history": None,
    }


def test_pseudonym_is_marked_and_served_in_its_only_language(client, pseudonym):
    author = client.get("/api/v1/authors/tulpar").json
    assert (author["name"], author["is_pseudonym"]) == ("Aruuke", True)
    assert (author["role"], author["locale"], author["requested_locale"]) == ("Активистка", "ru", "en")


def test_unknown_slug_is_a_404_problem(client):
    response = client.get("/api/v1/authors/no-such-author")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert "no-such-author" in response.json["detail"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (None, ["tulpar", "maria"]),
        ("name", ["tulpar", "maria"]),
        ("-name", ["maria", "tulpar"]),
        ("slug", ["maria", "tulpar"]),
        ("-slug", ["tulpar", "maria"]),
    ],
)
def test_sort_orders_authors_in_both_directions(client, pseudonym, sort, expected):
    response = client.get("/api/v1/authors", query_string={"sort": sort} if sort else {})
    assert slugs(response) == expected
    assert response.json["total"] == 2


def test_pages_of_one_walk_every_author_once(client, pseudonym):
    first = client.get("/api/v1/authors?limit=1").json
    second = client.get(first["next"]).json
    assert [first["items"][0]["slug"], second["items"][0]["slug"]] == ["tulpar", "maria"]
    assert (first["total"], second["total"], second["next"]) == (2, 2, None)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("sort=role", "sort"),
        ("sort=relevance", "sort"),
        ("theme=youth", "theme"),
        ("is_pseudonym=true", "is_pseudonym"),
        ("limit=0", "limit"),
    ],
)
def test_unknown_parameters_and_values_are_a_400_naming_the_parameter(client, query, name):
    assert_invalid(client.get(f"/api/v1/authors?{query}"), name)
