"""REST /api/v1/themes: the taxonomy in editorial order, by slug, translated, sorted."""

import pytest

from tests.rest_helpers import assert_invalid, slugs

BY_POSITION = ["human-rights", "youth", "gender-lgbtq", "environment-climate"]
BASE = "http://localhost/api/v1"


def test_list_serves_the_themes_in_editorial_order(client):
    response = client.get("/api/v1/themes")
    assert slugs(response) == BY_POSITION
    assert [item["name"] for item in response.json["items"]] == [
        "Human rights",
        "Youth",
        "Gender and LGBTQ",
        "Environment and climate",
    ]
    assert response.json["total"] == 4
    assert response.json["next"] is None


def test_item_by_slug_serves_the_theme_with_its_translations(client):
    response = client.get("/api/v1/themes/human-rights")
    assert response.status_code == 200
    theme = response.json
    assert theme["id"] == 1
    assert theme["name"] == "Human rights"
    assert theme["description"] == (
        "Freedom of expression, the rule of law and the defence of civil society in Central Asia."
    )
    assert theme["locale"] == "en"
    assert theme["url"] == f"{BASE}/themes/human-rights"
    assert {locale: link["url"] for locale, link in theme["translations"].items()} == {
        locale: f"{BASE}/themes/human-rights?lang={locale}" for locale in ("en", "ky", "pl", "ru", "sv")
    }


@pytest.mark.parametrize(
    ("lang", "name"),
    [("sv", "Mänskliga rättigheter"), ("ru", "Права человека"), ("ky", "Адам укуктары"), ("pl", "Prawa człowieka")],
)
def test_item_is_served_in_the_requested_language(client, lang, name):
    theme = client.get("/api/v1/themes/human-rights", query_string={"lang": lang}).json
    assert (theme["name"], theme["locale"], theme["requested_locale"]) == (name, lang, lang)


def test_list_items_carry_the_same_fields_as_the_item(client):
    single = client.get("/api/v1/themes/youth").json
    assert single.pop("history") is None  # item responses only, and for staff
    assert client.get("/api/v1/themes").json["items"][1] == single


def test_unknown_slug_is_a_404_problem(client):
    response = client.get("/api/v1/themes/no-such-theme")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert "no-such-theme" in response.json["detail"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"sort": "position"}, BY_POSITION),
        ({"sort": "-position"}, BY_POSITION[::-1]),
        ({"sort": "name"}, ["environment-climate", "gender-lgbtq", "human-rights", "youth"]),
        ({"sort": "-name"}, ["youth", "human-rights", "gender-lgbtq", "environment-climate"]),
        ({"sort": "slug"}, ["environment-climate", "gender-lgbtq", "human-rights", "youth"]),
        ({"sort": "-slug"}, ["youth", "human-rights", "gender-lgbtq", "environment-climate"]),
        # Genus och hbtq, Miljö och klimat, Mänskliga rättigheter, Ungdomsfrågor.
        ({"sort": "name", "lang": "sv"}, ["gender-lgbtq", "environment-climate", "human-rights", "youth"]),
    ],
)
def test_sort_orders_themes_in_both_directions(client, query, expected):
    response = client.get("/api/v1/themes", query_string=query)
    assert slugs(response) == expected
    assert response.json["total"] == 4


def test_small_pages_walk_every_theme_once(client):
    first = client.get("/api/v1/themes?limit=3").json
    assert [item["slug"] for item in first["items"]] == BY_POSITION[:3]
    assert first["total"] == 4
    second = client.get(first["next"]).json
    assert [item["slug"] for item in second["items"]] == BY_POSITION[3:]
    assert (second["total"], second["next"]) == (4, None)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("sort=title", "sort"),
        ("sort=relevance", "sort"),
        ("country=SE", "country"),
        ("published_after=2020-01-01", "published_after"),
        ("limit=101", "limit"),
        ("q=", "q"),
    ],
)
def test_unknown_parameters_and_values_are_a_400_naming_the_parameter(client, query, name):
    assert_invalid(client.get(f"/api/v1/themes?{query}"), name)
