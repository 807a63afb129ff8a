"""REST /api/v1/partners: list, item, filters, sorts, and only public projects in a partner's list."""

from datetime import UTC, datetime, timedelta

import pytest

from api.models import Partner, Project, ProjectStatus, ProjectTranslation, PublicationStatus
from tests.rest_helpers import assert_invalid, find, slugs

CAG = "central-asia-solidarity-groups"
BY_NAME = [CAG, "kobiety", "man", "novi-ritm"]
BASE = "http://localhost/api/v1"


def project_ref(id_: int, slug: str, title: str) -> dict:
    return {"id": id_, "slug": slug, "title": title, "url": f"{BASE}/projects/{slug}"}


def test_list_serves_the_seeded_partners_by_name(client):
    response = client.get("/api/v1/partners")
    assert slugs(response) == BY_NAME
    assert response.json["total"] == 4
    assert response.json["next"] is None


def test_item_by_slug_serves_the_partner_with_its_projects(client):
    response = client.get(f"/api/v1/partners/{CAG}")
    assert response.status_code == 200
    partner = response.json
    assert partner["id"] == 1
    assert partner["name"] == "Central Asia Solidarity Groups"
    assert partner["description"].startswith("Central Asia Solidarity Groups (CAG) is a non-profit organisation")
    assert partner["country"] == {"code": "SE", "name": "Sweden"}
    assert partner["city"] == "Malmö"
    assert partner["website"] == "https://centralasiengrupperna.se"
    assert partner["logo"] is None
    assert partner["url"] == f"{BASE}/partners/{CAG}"
    assert partner["projects"] == [
        project_ref(1, "men-engaging-after-metoo", "Men engaging against violence after #MeToo"),
        project_ref(2, "youth-workers-mobility-kyrgyzstan", "Youth workers' mobility in Kyrgyzstan"),
        project_ref(3, "climate-residency-osh", "Climate residency in Osh"),
    ]


def test_partner_without_city_website_or_projects_serves_nulls_and_an_empty_list(client, db_session):
    find(db_session, Project, "youth-workers-mobility-kyrgyzstan").partners = []
    db_session.commit()
    partner = client.get("/api/v1/partners/kobiety").json
    assert partner["country"] == {"code": "PL", "name": "Poland"}
    assert (partner["city"], partner["website"], partner["projects"]) == (None, None, [])


def test_item_links_its_translations_and_serves_the_requested_one(client):
    response = client.get(f"/api/v1/partners/{CAG}", query_string={"lang": "sv"})
    assert response.json["name"] == "Centralasiengrupperna"
    assert response.json["locale"] == "sv"
    assert response.json["requested_locale"] == "sv"
    assert response.headers["Content-Language"] == "sv"
    assert sorted(response.json["translations"]) == ["en", "ru", "sv"]
    assert response.headers["Link"] == ", ".join(
        f'<{BASE}/partners/{CAG}?lang={locale}>; rel="alternate"; hreflang="{locale}"' for locale in ("en", "ru", "sv")
    )


def test_logo_is_served_with_its_translated_alt_text(client, db_session):
    partner = find(db_session, Partner, "novi-ritm")
    partner.logo_url = "https://example.org/novi-ritm.png"
    partner.translations[0].logo_alt = "Novi Ritm logo"
    db_session.commit()
    logo = {"url": "https://example.org/novi-ritm.png", "alt": "Novi Ritm logo"}
    assert client.get("/api/v1/partners/novi-ritm").json["logo"] == logo
    listed = client.get("/api/v1/partners?country=KG").json["items"]
    assert [item["logo"] for item in listed] == [logo]


def test_list_items_carry_the_same_fields_as_the_item(client):
    listed = client.get("/api/v1/partners").json["items"]
    single = client.get(f"/api/v1/partners/{CAG}").json
    assert single.pop("history") is None  # item responses only, and for staff
    assert listed[0] == single


def test_unknown_slug_is_a_404_problem(client):
    response = client.get("/api/v1/partners/no-such-partner")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert "no-such-partner" in response.json["detail"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"country": "SE"}, [CAG, "man"]),
        ({"country": "kg"}, ["novi-ritm"]),
        ({"country": "PL"}, ["kobiety"]),
        ({"country": "KZ"}, []),
        ({"q": "Osh"}, ["novi-ritm"]),
    ],
)
def test_filter_serves_exactly_the_matching_partners(client, query, expected):
    response = client.get("/api/v1/partners", query_string=query)
    assert slugs(response) == expected
    assert response.json["total"] == len(expected)


def test_updated_after_serves_partners_changed_since(client, db_session):
    for number, slug in enumerate(["novi-ritm", CAG, "man", "kobiety"]):
        find(db_session, Partner, slug).updated_at = datetime(2021, 1, 1 + number, tzinfo=UTC)
    db_session.commit()
    response = client.get("/api/v1/partners?updated_after=2021-01-03")
    assert slugs(response) == ["kobiety", "man"]
    assert response.json["total"] == 2
    assert slugs(client.get("/api/v1/partners?updated_after=2021-01-04T00:00:01Z")) == []
    assert slugs(client.get("/api/v1/partners?sort=updated_at")) == ["novi-ritm", CAG, "man", "kobiety"]
    assert slugs(client.get("/api/v1/partners?sort=-updated_at")) == ["kobiety", "man", CAG, "novi-ritm"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, BY_NAME),
        ({"sort": "name"}, BY_NAME),
        ({"sort": "-name"}, BY_NAME[::-1]),
        ({"sort": "slug"}, [CAG, "kobiety", "man", "novi-ritm"]),
        ({"sort": "-slug"}, ["novi-ritm", "man", "kobiety", CAG]),
        # Names sort in the served language: CAG's Russian name is Cyrillic and comes after the Latin ones.
        ({"sort": "name", "lang": "ru"}, ["kobiety", "man", "novi-ritm", CAG]),
    ],
)
def test_sort_orders_partners_in_both_directions(client, query, expected):
    assert slugs(client.get("/api/v1/partners", query_string=query)) == expected


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("country=XX", "country"),
        ("country=SWE", "country"),
        ("updated_after=soon", "updated_after"),
        ("sort=title", "sort"),
        ("sort=published_at", "sort"),
        ("sort=relevance", "sort"),
        ("theme=youth", "theme"),
        ("status=open", "status"),
    ],
)
def test_unknown_parameter_values_are_a_400_naming_the_parameter(client, query, name):
    assert_invalid(client.get(f"/api/v1/partners?{query}"), name)


def test_partner_lists_only_its_public_projects(client, db_session):
    novi_ritm = find(db_session, Partner, "novi-ritm")
    soon = datetime.now(UTC) + timedelta(days=1)
    for slug, publication, published_at, sensitive in [
        ("draft", PublicationStatus.DRAFT, None, False),
        ("archived", PublicationStatus.ARCHIVED, datetime(2020, 1, 1, tzinfo=UTC), False),
        ("scheduled-later", PublicationStatus.SCHEDULED, soon, False),
        ("published-later", PublicationStatus.PUBLISHED, soon, False),
        ("scheduled-earlier", PublicationStatus.SCHEDULED, datetime(2020, 1, 1, tzinfo=UTC), False),
        ("sensitive", PublicationStatus.PUBLISHED, datetime(2020, 1, 1, tzinfo=UTC), True),
    ]:
        db_session.add(
            Project(
                slug=slug,
                status=ProjectStatus.PLANNED,
                publication_status=publication,
                published_at=published_at,
                sensitive=sensitive,
                partners=[novi_ritm],
                translations=[ProjectTranslation(locale="en", title=slug.title())],
            )
        )
    db_session.commit()
    expected = [
        project_ref(2, "youth-workers-mobility-kyrgyzstan", "Youth workers' mobility in Kyrgyzstan"),
        project_ref(3, "climate-residency-osh", "Climate residency in Osh"),
        project_ref(8, "scheduled-earlier", "Scheduled-Earlier"),
        project_ref(9, "sensitive", "Sensitive"),
    ]
    assert client.get("/api/v1/partners/novi-ritm").json["projects"] == expected
    assert client.get("/api/v1/partners?country=KG").json["items"][0]["projects"] == expected
