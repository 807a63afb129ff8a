"""REST /api/v1/vacancies: list, item, every filter, open/closed by deadline, sorts and what is public."""

from datetime import UTC, datetime, timedelta

import pytest

from api.models import Country, Partner, PublicationStatus, Theme, Vacancy, VacancyKind, VacancyTranslation
from tests.rest_helpers import assert_invalid, find, slugs

JOB = "projektansvarig"  # no deadline: open
ESC = "esc-volunteers-malmo-2020"  # deadline 25 January 2020, 23:59:59 in Stockholm: closed
NEWEST_FIRST = [JOB, ESC]
BASE = "http://localhost/api/v1"
LATER = datetime(2021, 1, 1, 9, tzinfo=UTC)


def add_vacancy(session, slug: str, publication=PublicationStatus.PUBLISHED, published_at=LATER, **fields) -> Vacancy:
    vacancy = Vacancy(
        slug=slug,
        kind=fields.pop("kind", VacancyKind.INTERNSHIP),
        host=fields.pop("host", None) or find(session, Partner, "novi-ritm"),
        publication_status=publication,
        published_at=published_at,
        translations=[VacancyTranslation(locale="en", title=f"Title of {slug}", description="<p>About.</p>")],
        **fields,
    )
    session.add(vacancy)
    return vacancy


@pytest.fixture
def upcoming(db_session):
    """An internship at Novi Ritm, in Kyrgyzstan, whose deadline is a month away: open."""
    vacancy = add_vacancy(db_session, "upcoming", deadline=datetime.now(UTC) + timedelta(days=30))
    vacancy.themes = [find(db_session, Theme, "environment-climate")]
    vacancy.countries = [db_session.get(Country, "KG")]
    db_session.commit()


def test_list_serves_the_seeded_vacancies_newest_first(client):
    response = client.get("/api/v1/vacancies")
    assert slugs(response) == NEWEST_FIRST
    assert response.json["total"] == 2
    assert response.json["next"] is None


def test_item_by_slug_serves_the_full_vacancy_with_its_description(client):
    response = client.get(f"/api/v1/vacancies/{ESC}")
    assert response.status_code == 200
    vacancy = response.json
    assert vacancy["id"] == 2
    assert vacancy["kind"] == "volunteer"
    assert (
        vacancy["title"] == "Two volunteering positions with Central Asia Solidarity Groups (European Solidarity Corps)"
    )
    assert vacancy["description"].startswith("<p>Deadline: January 25th, 2020 Hosting organization:")
    assert vacancy["location"] == "Malmö, Sweden"
    assert vacancy["positions"] == 2
    assert vacancy["start_date"] == "2020-03-01"
    assert vacancy["start_date_flexible"] is True
    assert vacancy["duration"] == "P12M"
    assert vacancy["programme_reference"] == "OID E10064468"
    assert vacancy["eligibility"] == {
        "min_age": 18,
        "max_age": 30,
        "requirements": "Open to young people aged 18 to 30, as the European Solidarity Corps requires.",
    }
    assert vacancy["how_to_apply"]["url"] == "https://youth.europa.eu/solidarity_en"
    assert vacancy["how_to_apply"]["email"] is None
    assert vacancy["how_to_apply"]["instructions"].startswith("Register at the European Solidarity Corps portal")
    assert vacancy["published_at"] == "2019-12-02T09:00:00+00:00"
    assert vacancy["sensitive"] is False
    assert vacancy["url"] == f"{BASE}/vacancies/{ESC}"


def test_deadline_is_served_in_utc_and_in_its_own_time_zone(client):
    vacancy = client.get(f"/api/v1/vacancies/{ESC}").json
    assert vacancy["deadline"] == "2020-01-25T22:59:59+00:00"
    assert vacancy["deadline_local"] == "2020-01-25T23:59:59+01:00"
    assert vacancy["deadline_timezone"] == "Europe/Stockholm"
    assert vacancy["status"] == "closed"


def test_vacancy_without_deadline_is_open(client):
    vacancy = client.get(f"/api/v1/vacancies/{JOB}").json
    assert vacancy["deadline"] is None
    assert vacancy["deadline_local"] is None
    assert vacancy["status"] == "open"
    assert vacancy["locale"] == "sv"
    assert vacancy["title"] == "Projektansvarig"


def test_item_refers_to_host_programme_themes_and_countries_compactly(client):
    vacancy = client.get(f"/api/v1/vacancies/{ESC}").json
    assert vacancy["host"] == {
        "id": 1,
        "slug": "central-asia-solidarity-groups",
        "name": "Central Asia Solidarity Groups",
        "url": f"{BASE}/partners/central-asia-solidarity-groups",
    }
    assert vacancy["programme"] == {
        "slug": "european-solidarity-corps",
        "name": "European Solidarity Corps",
        "website": "https://youth.europa.eu/solidarity_en",
    }
    assert vacancy["themes"] == [{"id": 2, "slug": "youth", "name": "Youth", "url": f"{BASE}/themes/youth"}]
    assert vacancy["countries"] == [{"code": "SE", "name": "Sweden"}]
    assert client.get(f"/api/v1/vacancies/{JOB}").json["programme"] is None


def test_list_items_omit_the_description_but_keep_the_rest(client):
    items = client.get("/api/v1/vacancies").json["items"]
    assert len(items) == 2
    for item in items:
        assert "description" not in item
        assert item["title"]
        assert item["status"] in ("open", "closed")
    assert [item["status"] for item in items] == ["open", "closed"]


def test_unknown_slug_is_a_404_problem(client):
    response = client.get("/api/v1/vacancies/no-such-vacancy")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert "no-such-vacancy" in response.json["detail"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "volunteer"}, [ESC]),
        ({"kind": "employment"}, [JOB]),
        ({"kind": "internship"}, []),
        ({"status": "open"}, [JOB]),
        ({"status": "closed"}, [ESC]),
        ({"theme": "human-rights"}, [JOB]),
        ({"theme": "youth"}, NEWEST_FIRST),
        ({"partner": "central-asia-solidarity-groups"}, NEWEST_FIRST),
        ({"partner": "novi-ritm"}, []),
        ({"programme": "european-solidarity-corps"}, [ESC]),
        ({"programme": "erasmus-plus"}, []),
        ({"country": "SE"}, NEWEST_FIRST),
        ({"country": "kg"}, []),
        # The deadline is 2020-01-25T22:59:59Z (23:59:59 in Stockholm); after is inclusive, before exclusive.
        ({"deadline_before": "2020-01-25T23:00:00Z"}, [ESC]),
        ({"deadline_before": "2020-01-25T22:59:59Z"}, []),
        ({"deadline_before": "2020-01-26T00:00:00+01:00"}, [ESC]),
        ({"deadline_after": "2020-01-25T22:59:59Z", "deadline_before": "2021-01-01"}, [ESC]),
        ({"deadline_after": "2020-01-25T23:59:59.5+01:00", "deadline_before": "2021-01-01"}, []),
        ({"published_after": "2020-01-01"}, [JOB]),
        ({"published_before": "2020-01-01"}, [ESC]),
        ({"published_after": "2019-12-02T09:00:00Z", "published_before": "2020-08-24T09:00:00Z"}, [ESC]),
        ({"kind": "volunteer", "status": "open"}, []),
        ({"q": "projektansvarig"}, [JOB]),
    ],
)
def test_filter_serves_exactly_the_matching_vacancies(client, query, expected):
    response = client.get("/api/v1/vacancies", query_string=query)
    assert slugs(response) == expected
    assert response.json["total"] == len(expected)


def test_status_follows_the_deadline_now(client, upcoming):
    assert slugs(client.get("/api/v1/vacancies?status=open")) == ["upcoming", JOB]
    assert slugs(client.get("/api/v1/vacancies?status=closed")) == [ESC]
    assert client.get("/api/v1/vacancies/upcoming").json["status"] == "open"


def test_vacancy_closes_by_itself_once_its_deadline_has_passed(client, db_session):
    add_vacancy(db_session, "just-closed", deadline=datetime.now(UTC) - timedelta(seconds=1))
    db_session.commit()
    assert slugs(client.get("/api/v1/vacancies?status=closed")) == ["just-closed", ESC]
    assert client.get("/api/v1/vacancies/just-closed").json["status"] == "closed"


def test_filters_find_an_arranged_vacancy_by_every_link(client, upcoming):
    assert slugs(client.get("/api/v1/vacancies?partner=novi-ritm")) == ["upcoming"]
    assert slugs(client.get("/api/v1/vacancies?country=KG")) == ["upcoming"]
    assert slugs(client.get("/api/v1/vacancies?theme=environment-climate")) == ["upcoming", JOB]
    assert slugs(client.get("/api/v1/vacancies?kind=internship")) == ["upcoming"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (None, ["upcoming", JOB, ESC]),
        ("-published_at", ["upcoming", JOB, ESC]),
        ("published_at", [ESC, JOB, "upcoming"]),
        ("title", [JOB, "upcoming", ESC]),
        ("-title", [ESC, "upcoming", JOB]),
        # No deadline sorts as the farthest one: last when ascending, first when descending.
        ("deadline", [ESC, "upcoming", JOB]),
        ("-deadline", [JOB, "upcoming", ESC]),
    ],
)
def test_sort_orders_vacancies_in_both_directions(client, upcoming, sort, expected):
    response = client.get("/api/v1/vacancies", query_string={"sort": sort} if sort else {})
    assert slugs(response) == expected


@pytest.mark.parametrize("sort", ["deadline", "-deadline"])
def test_deadline_sort_pages_through_vacancies_without_a_deadline(client, upcoming, db_session, sort):
    add_vacancy(db_session, "open-ended", published_at=datetime(2018, 1, 1, tzinfo=UTC))
    db_session.commit()
    seen, url = [], f"/api/v1/vacancies?sort={sort}&limit=1"
    while url:
        body = client.get(url).json
        assert body["total"] == 4
        seen += [item["slug"] for item in body["items"]]
        url = body["next"]
    ascending = [ESC, "upcoming", JOB, "open-ended"]  # the two without a deadline by id
    assert seen == (ascending if sort == "deadline" else ascending[::-1])


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("kind=job", "kind"),
        ("kind=Volunteer", "kind"),
        ("status=pending", "status"),
        ("status=published", "status"),
        ("theme=nope", "theme"),
        ("partner=nope", "partner"),
        ("programme=nope", "programme"),
        ("country=XX", "country"),
        ("country=S", "country"),
        ("deadline_before=soon", "deadline_before"),
        ("deadline_after=2020-02-30", "deadline_after"),
        ("published_after=yesterday", "published_after"),
        ("published_before=never", "published_before"),
        ("updated_after=soon", "updated_after"),
        ("sort=start_date", "sort"),
        ("sort=relevance", "sort"),
        ("author=maria", "author"),
    ],
)
def test_unknown_parameter_values_are_a_400_naming_the_parameter(client, query, name):
    assert_invalid(client.get(f"/api/v1/vacancies?{query}"), name)


def test_updated_after_serves_vacancies_changed_since(client, db_session):
    find(db_session, Vacancy, JOB).updated_at = datetime(2021, 1, 1, tzinfo=UTC)
    find(db_session, Vacancy, ESC).updated_at = datetime(2021, 1, 2, tzinfo=UTC)
    db_session.commit()
    assert slugs(client.get("/api/v1/vacancies?updated_after=2021-01-02")) == [ESC]
    assert slugs(client.get("/api/v1/vacancies?updated_after=2021-01-01")) == NEWEST_FIRST
    assert slugs(client.get("/api/v1/vacancies?sort=updated_at")) == [JOB, ESC]
    assert slugs(client.get("/api/v1/vacancies?sort=-updated_at")) == [ESC, JOB]


@pytest.mark.parametrize(
    ("publication", "published_at"),
    [
        (PublicationStatus.DRAFT, None),
        (PublicationStatus.DRAFT, datetime(2020, 1, 1, tzinfo=UTC)),
        (PublicationStatus.ARCHIVED, datetime(2020, 1, 1, tzinfo=UTC)),
        (PublicationStatus.SCHEDULED, datetime.now(UTC) + timedelta(days=1)),
        (PublicationStatus.PUBLISHED, datetime.now(UTC) + timedelta(days=1)),
    ],
)
def test_non_public_vacancy_is_invisible_in_lists_items_and_totals(client, db_session, publication, published_at):
    add_vacancy(db_session, "hidden", publication, published_at, host=find(db_session, Partner, "man"))
    db_session.commit()
    assert slugs(client.get("/api/v1/vacancies")) == NEWEST_FIRST
    assert client.get("/api/v1/vacancies").json["total"] == 2
    assert client.get("/api/v1/vacancies?status=open").json["total"] == 1
    assert client.get("/api/v1/vacancies?partner=man").json["total"] == 0
    assert client.get("/api/v1/vacancies/hidden").status_code == 404


def test_scheduled_vacancy_whose_time_has_passed_is_public(client, db_session):
    add_vacancy(db_session, "scheduled", PublicationStatus.SCHEDULED, datetime(2020, 1, 1, tzinfo=UTC))
    db_session.commit()
    assert slugs(client.get("/api/v1/vacancies")) == [JOB, "scheduled", ESC]
    assert client.get("/api/v1/vacancies").json["total"] == 3
    response = client.get("/api/v1/vacancies/scheduled")
    assert response.status_code == 200
    assert response.json["publication_status"] == "scheduled"


def test_sensitive_vacancy_is_still_served_and_says_so(client, db_session):
    add_vacancy(db_session, "sensitive", sensitive=True)
    db_session.commit()
    listed = client.get("/api/v1/vacancies").json["items"]
    assert [(item["slug"], item["sensitive"]) for item in listed] == [("sensitive", True), (JOB, False), (ESC, False)]
    response = client.get("/api/v1/vacancies/sensitive")
    assert response.status_code == 200
    assert response.json["sensitive"] is True
    assert response.json["description"] == "<p>About.</p>"
