"""REST /api/v1/projects: list, item, every filter, sorts, compact references and what is public."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from api.models import Country, Programme, Project, ProjectStatus, ProjectTranslation, PublicationStatus
from tests.rest_helpers import assert_invalid, find, slugs

MEN = "men-engaging-after-metoo"
YOUTH = "youth-workers-mobility-kyrgyzstan"
CLIMATE = "climate-residency-osh"
NEWEST_FIRST = [CLIMATE, YOUTH, MEN]
BASE = "http://localhost/api/v1"
LATER = datetime(2021, 1, 1, 9, tzinfo=UTC)


def add_project(session, slug: str, publication=PublicationStatus.PUBLISHED, published_at=LATER, **fields) -> Project:
    project = Project(
        slug=slug,
        status=fields.pop("status", ProjectStatus.ONGOING),
        publication_status=publication,
        published_at=published_at,
        translations=[ProjectTranslation(locale="en", title=f"Title of {slug}", body="<p>Body.</p>")],
        **fields,
    )
    session.add(project)
    return project


@pytest.fixture
def start_dates(db_session):
    """Men engaging starts 2018-09-03, youth workers 2019-01-14; the climate residency has no start date."""
    find(db_session, Project, MEN).start_date = date(2018, 9, 3)
    find(db_session, Project, YOUTH).start_date = date(2019, 1, 14)
    db_session.commit()


def test_list_serves_the_seeded_projects_newest_first(client):
    response = client.get("/api/v1/projects")
    assert slugs(response) == NEWEST_FIRST
    assert response.json["total"] == 3
    assert response.json["next"] is None


def test_item_by_slug_serves_the_full_project_with_its_body(client):
    response = client.get(f"/api/v1/projects/{YOUTH}")
    assert response.status_code == 200
    project = response.json
    assert project["id"] == 2
    assert project["title"] == "Youth workers' mobility in Kyrgyzstan"
    assert project["summary"].startswith("Central Asia Solidarity Groups, (Sweden) together with its partner")
    assert project["body"].startswith("<p>“Never doubt that a group of thoughtful, committed people")
    assert project["location"] == "Kyrgyzstan"
    assert project["status"] == "completed"
    assert project["participants_count"] == 20
    assert project["start_date"] is None
    assert project["end_date"] is None
    assert project["publication_status"] == "published"
    assert project["published_at"] == "2019-02-18T09:00:00+00:00"
    assert project["sensitive"] is False
    assert project["url"] == f"{BASE}/projects/{YOUTH}"


def test_item_refers_to_themes_partners_countries_and_programmes_compactly(client, db_session):
    find(db_session, Project, CLIMATE).programmes = [find(db_session, Programme, "erasmus-plus")]
    db_session.commit()
    project = client.get(f"/api/v1/projects/{CLIMATE}").json
    assert project["themes"] == [
        {"id": 2, "slug": "youth", "name": "Youth", "url": f"{BASE}/themes/youth"},
        {
            "id": 4,
            "slug": "environment-climate",
            "name": "Environment and climate",
            "url": f"{BASE}/themes/environment-climate",
        },
    ]
    assert project["partners"] == [
        {
            "id": 1,
            "slug": "central-asia-solidarity-groups",
            "name": "Central Asia Solidarity Groups",
            "url": f"{BASE}/partners/central-asia-solidarity-groups",
        },
        {"id": 2, "slug": "novi-ritm", "name": "Novi Ritm", "url": f"{BASE}/partners/novi-ritm"},
    ]
    assert project["countries"] == [{"code": "KG", "name": "Kyrgyzstan"}]
    assert project["programmes"] == [
        {"slug": "erasmus-plus", "name": "Erasmus+", "website": "https://erasmus-plus.ec.europa.eu"}
    ]


def test_list_items_omit_the_body_but_keep_the_summary(client):
    items = client.get("/api/v1/projects").json["items"]
    assert len(items) == 3
    for item in items:
        assert "body" not in item
        assert item["summary"]


def test_unknown_slug_is_a_404_problem(client):
    response = client.get("/api/v1/projects/no-such-project")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert "no-such-project" in response.json["detail"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"theme": "youth"}, [CLIMATE, YOUTH]),
        ({"theme": "gender-lgbtq"}, [MEN]),
        ({"theme": "environment-climate"}, [CLIMATE]),
        ({"theme": "human-rights"}, []),
        ({"partner": "central-asia-solidarity-groups"}, NEWEST_FIRST),
        ({"partner": "novi-ritm"}, [CLIMATE, YOUTH]),
        ({"partner": "kobiety"}, [YOUTH]),
        ({"partner": "man"}, [MEN]),
        ({"country": "KG"}, [CLIMATE, YOUTH]),
        ({"country": "se"}, [MEN]),
        ({"country": "KZ"}, []),
        ({"status": "completed"}, NEWEST_FIRST),
        ({"status": "ongoing"}, []),
        ({"status": "planned"}, []),
        ({"programme": "erasmus-plus"}, []),
        ({"published_after": "2019-02-18T09:00:00Z"}, [CLIMATE, YOUTH]),
        ({"published_after": "2019-02-18T09:00:01Z"}, [CLIMATE]),
        ({"published_before": "2019-02-18T09:00:00Z"}, [MEN]),
        ({"published_before": "2019-02-18T10:00:01+01:00"}, [YOUTH, MEN]),
        ({"published_after": "2019-01-01", "published_before": "2019-03-01"}, [YOUTH]),
        ({"theme": "youth", "partner": "kobiety"}, [YOUTH]),
        ({"q": "residency"}, [CLIMATE]),
    ],
)
def test_filter_serves_exactly_the_matching_projects(client, query, expected):
    response = client.get("/api/v1/projects", query_string=query)
    assert slugs(response) == expected
    assert response.json["total"] == len(expected)


def test_status_filter_tells_planned_ongoing_and_completed_apart(client, db_session):
    add_project(db_session, "planned-one", status=ProjectStatus.PLANNED)
    add_project(db_session, "ongoing-one", status=ProjectStatus.ONGOING)
    db_session.commit()
    assert slugs(client.get("/api/v1/projects?status=planned")) == ["planned-one"]
    assert slugs(client.get("/api/v1/projects?status=ongoing")) == ["ongoing-one"]
    assert slugs(client.get("/api/v1/projects?status=completed")) == NEWEST_FIRST


def test_programme_filter_serves_projects_funded_by_it(client, db_session):
    find(db_session, Project, YOUTH).programmes = [find(db_session, Programme, "erasmus-plus")]
    db_session.commit()
    response = client.get("/api/v1/projects?programme=erasmus-plus")
    assert slugs(response) == [YOUTH]
    assert response.json["items"][0]["programmes"] == [
        {"slug": "erasmus-plus", "name": "Erasmus+", "website": "https://erasmus-plus.ec.europa.eu"}
    ]
    assert slugs(client.get("/api/v1/projects?programme=european-solidarity-corps")) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"start_after": "2019-01-14"}, [YOUTH]),
        ({"start_after": "2019-01-15"}, []),
        ({"start_after": "2018-01-01"}, [YOUTH, MEN]),
        ({"start_before": "2019-01-14"}, [MEN]),
        ({"start_before": "2019-01-15"}, [YOUTH, MEN]),
        # A start date is the day's start in UTC, on SQLite as on PostgreSQL.
        ({"start_after": "2019-01-13T23:00:00-01:00"}, [YOUTH]),
        ({"start_after": "2019-01-14T00:00:01Z"}, []),
        ({"start_before": "2019-01-14T00:00:00+01:00"}, [MEN]),
        ({"start_before": "2019-01-14T00:00:01Z"}, [YOUTH, MEN]),
        ({"start_after": "2018-09-01", "start_before": "2019-01-01"}, [MEN]),
    ],
)
def test_start_date_filters_compare_days_consistently(client, start_dates, query, expected):
    response = client.get("/api/v1/projects", query_string=query)
    assert slugs(response) == expected
    assert response.json["total"] == len(expected)


def test_item_serves_its_start_and_end_dates(client, db_session):
    project = find(db_session, Project, MEN)
    project.start_date, project.end_date = date(2018, 9, 3), date(2019, 6, 28)
    db_session.commit()
    served = client.get(f"/api/v1/projects/{MEN}").json
    assert (served["start_date"], served["end_date"]) == ("2018-09-03", "2019-06-28")


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (None, NEWEST_FIRST),
        ("-published_at", NEWEST_FIRST),
        ("published_at", NEWEST_FIRST[::-1]),
        ("title", [CLIMATE, MEN, YOUTH]),
        ("-title", [YOUTH, MEN, CLIMATE]),
        # Projects without a start date come last when ascending, first when descending.
        ("start_date", [MEN, YOUTH, CLIMATE]),
        ("-start_date", [CLIMATE, YOUTH, MEN]),
    ],
)
def test_sort_orders_projects_in_both_directions(client, start_dates, sort, expected):
    response = client.get("/api/v1/projects", query_string={"sort": sort} if sort else {})
    assert slugs(response) == expected


def test_start_date_sort_pages_through_projects_without_a_start_date(client, start_dates, db_session):
    add_project(db_session, "undated", published_at=datetime(2018, 1, 1, tzinfo=UTC))
    db_session.commit()
    seen, url = [], "/api/v1/projects?sort=start_date&limit=1"
    while url:
        body = client.get(url).json
        assert body["total"] == 4
        seen += [item["slug"] for item in body["items"]]
        url = body["next"]
    assert seen == [MEN, YOUTH, CLIMATE, "undated"]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("theme=nope", "theme"),
        ("partner=nope", "partner"),
        ("programme=nope", "programme"),
        ("country=XX", "country"),
        ("country=KGZ", "country"),
        ("status=done", "status"),
        ("status=published", "status"),
        ("start_after=next-week", "start_after"),
        ("start_before=2019-02-30", "start_before"),
        ("published_after=yesterday", "published_after"),
        ("published_before=1.1.2019", "published_before"),
        ("updated_after=soon", "updated_after"),
        ("sort=deadline", "sort"),
        ("sort=relevance", "sort"),
        ("kind=article", "kind"),
        ("author=maria", "author"),
    ],
)
def test_unknown_parameter_values_are_a_400_naming_the_parameter(client, query, name):
    assert_invalid(client.get(f"/api/v1/projects?{query}"), name)


def test_updated_after_serves_projects_changed_since(client, db_session):
    for number, project in enumerate(db_session.scalars(select(Project).order_by(Project.id))):
        project.updated_at = datetime(2021, 1, 1 + number, tzinfo=UTC)
    db_session.commit()  # men 1 Jan, youth 2 Jan, climate 3 Jan
    assert slugs(client.get("/api/v1/projects?updated_after=2021-01-02")) == [CLIMATE, YOUTH]
    assert slugs(client.get("/api/v1/projects?updated_after=2021-01-02T00:00:01Z")) == [CLIMATE]
    assert slugs(client.get("/api/v1/projects?sort=updated_at")) == [MEN, YOUTH, CLIMATE]
    assert slugs(client.get("/api/v1/projects?sort=-updated_at")) == [CLIMATE, YOUTH, MEN]


@pytest.mark.parametrize(
    ("publication", "published_at"),
    [
        (PublicationStatus.DRAFT, None),
        (PublicationStatus.DRAFT, datetime(2019, 1, 1, tzinfo=UTC)),
        (PublicationStatus.ARCHIVED, datetime(2019, 1, 1, tzinfo=UTC)),
        (PublicationStatus.SCHEDULED, datetime.now(UTC) + timedelta(days=1)),
        (PublicationStatus.PUBLISHED, datetime.now(UTC) + timedelta(days=1)),
    ],
)
def test_non_public_project_is_invisible_in_lists_items_and_totals(client, db_session, publication, published_at):
    hidden = add_project(db_session, "hidden", publication, published_at, status=ProjectStatus.COMPLETED)
    hidden.countries = [db_session.get(Country, "KG")]
    db_session.commit()
    assert slugs(client.get("/api/v1/projects")) == NEWEST_FIRST
    assert client.get("/api/v1/projects").json["total"] == 3
    assert client.get("/api/v1/projects?country=KG").json["total"] == 2
    assert client.get("/api/v1/projects?status=completed").json["total"] == 3
    assert client.get("/api/v1/projects/hidden").status_code == 404


def test_scheduled_project_whose_time_has_passed_is_public(client, db_session):
    add_project(db_session, "scheduled", PublicationStatus.SCHEDULED, datetime(2019, 1, 1, tzinfo=UTC))
    db_session.commit()
    assert slugs(client.get("/api/v1/projects")) == [CLIMATE, YOUTH, "scheduled", MEN]
    assert client.get("/api/v1/projects").json["total"] == 4
    response = client.get("/api/v1/projects/scheduled")
    assert response.status_code == 200
    assert response.json["publication_status"] == "scheduled"


def test_sensitive_project_is_still_served_and_says_so(client, db_session):
    add_project(db_session, "sensitive", sensitive=True)
    db_session.commit()
    listed = client.get("/api/v1/projects").json["items"]
    assert [(item["slug"], item["sensitive"]) for item in listed] == [
        ("sensitive", True),
        (CLIMATE, False),
        (YOUTH, False),
        (MEN, False),
    ]
    response = client.get("/api/v1/projects/sensitive")
    assert response.status_code == 200
    assert response.json["sensitive"] is True
    assert response.json["body"] == "<p>Body.</p>"
