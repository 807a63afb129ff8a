"""GraphQL vacancies: list and lookup, deadlines and status, hosts and programmes, REST's filters and sorts, locales."""

from datetime import UTC, datetime, timedelta

import pytest

from api.models import Country, Partner, Programme, PublicationStatus, Theme, Vacancy, VacancyKind, VacancyTranslation
from tests.graphql_helpers import (
    LOCALES,
    add_vacancy,
    assert_bad_argument,
    data,
    errors,
    find,
    global_id,
    rest,
    rest_slugs,
    slugs,
    walk,
    walked,
)

JOB = "projektansvarig"
ESC = "esc-volunteers-malmo-2020"
SORTS = ["published_at", "-published_at", "updated_at", "-updated_at", "deadline", "-deadline", "title", "-title"]


@pytest.fixture
def more_vacancies(db_session):
    """Open and closed vacancies of every kind, with tied, missing and past deadlines, at two hosts."""
    now = datetime.now(UTC).replace(microsecond=0)
    esc = find(db_session, Programme, "european-solidarity-corps")
    novi_ritm = find(db_session, Partner, "novi-ritm")
    cag = find(db_session, Partner, "central-asia-solidarity-groups")
    youth = find(db_session, Theme, "youth")
    kinds = list(VacancyKind)
    deadlines = [now + timedelta(days=10), now + timedelta(days=10), now - timedelta(days=3), None]
    for number in range(9):
        add_vacancy(
            db_session,
            f"place-{number}",
            novi_ritm if number % 2 else cag,
            kind=kinds[number % 3],
            deadline=deadlines[number % 4],
            published_at=datetime(2021, 2, 1 + number // 2, tzinfo=UTC),
            programme=esc if number % 3 == 0 else None,
            themes=[youth] if number < 4 else [],
            countries=[db_session.get(Country, "KG" if number % 2 else "SE")],
            translations=[VacancyTranslation(locale="en", title=f"Place {number % 4}", location="Osh")],
        )
    db_session.commit()


VACANCIES = "{ vacancies { totalCount nodes { slug } } }"


def test_vacancies_lists_the_published_vacancies_newest_first_like_rest(client):
    vacancies = data(client, VACANCIES)["vacancies"]
    assert slugs(vacancies) == [JOB, ESC] == rest_slugs(client, "/api/v1/vacancies")
    assert vacancies["totalCount"] == 2


@pytest.mark.parametrize("sort", SORTS)
def test_walking_after_cursors_visits_every_vacancy_once_in_rests_order(client, more_vacancies, sort):
    visited = walked(walk(client, "vacancies", f'sort: "{sort}"', first=4))
    assert len(visited) == len(set(visited)) == 11
    assert visited == rest_slugs(client, f"/api/v1/vacancies?limit=100&sort={sort}")


@pytest.mark.parametrize(
    ("graphql", "rest_query"),
    [
        ('filter: {theme: "youth"}', "theme=youth"),
        ('filter: {partner: "novi-ritm"}', "partner=novi-ritm"),
        ('filter: {partner: "central-asia-solidarity-groups"}', "partner=central-asia-solidarity-groups"),
        ('filter: {programme: "european-solidarity-corps"}', "programme=european-solidarity-corps"),
        ('filter: {country: "KG"}', "country=KG"),
        ("filter: {kind: VOLUNTEER}", "kind=volunteer"),
        ("filter: {kind: INTERNSHIP}", "kind=internship"),
        ("filter: {status: OPEN}", "status=open"),
        ("filter: {status: CLOSED}", "status=closed"),
        ('filter: {deadlineAfter: "2021-01-01T00:00:00Z"}', "deadline_after=2021-01-01T00:00:00Z"),
        ('filter: {deadlineBefore: "2021-01-01T00:00:00Z"}', "deadline_before=2021-01-01T00:00:00Z"),
        ('filter: {publishedAfter: "2021-02-03T00:00:00Z"}', "published_after=2021-02-03T00:00:00Z"),
        ('filter: {publishedBefore: "2021-02-03T00:00:00Z"}', "published_before=2021-02-03T00:00:00Z"),
        ('filter: {updatedAfter: "2000-01-01T00:00:00Z"}', "updated_after=2000-01-01T00:00:00Z"),
        (
            'filter: {status: OPEN, kind: VOLUNTEER, partner: "central-asia-solidarity-groups"}',
            "status=open&kind=volunteer&partner=central-asia-solidarity-groups",
        ),
        ('q: "place"', "q=place"),
        ('q: "osh", sort: "deadline"', "q=osh&sort=deadline"),
        ('q: "malmö"', "q=malm%C3%B6"),
    ],
)
def test_filters_and_search_select_what_rest_selects(client, more_vacancies, graphql, rest_query):
    vacancies = data(client, f"{{ vacancies(first: 100, {graphql}) {{ totalCount nodes {{ slug }} }} }}")["vacancies"]
    body = rest(client, f"/api/v1/vacancies?limit=100&{rest_query}")
    assert body["items"], "a case that selects nothing proves little"
    assert slugs(vacancies) == [item["slug"] for item in body["items"]]
    assert vacancies["totalCount"] == body["total"]


@pytest.mark.parametrize(
    ("arguments", "name", "code"),
    [
        ("first: 101", "first", "PAGE_SIZE_EXCEEDED"),
        ("first: 0", "first", "BAD_USER_INPUT"),
        ('after: "nope"', "after", "BAD_USER_INPUT"),
        ('sort: "start_date"', "sort", "BAD_USER_INPUT"),
        ('filter: {theme: "nope"}', "theme", "BAD_USER_INPUT"),
        ('filter: {partner: "nope"}', "partner", "BAD_USER_INPUT"),
        ('filter: {programme: "nope"}', "programme", "BAD_USER_INPUT"),
        ('filter: {country: "XX"}', "country", "BAD_USER_INPUT"),
    ],
)
def test_invalid_arguments_are_errors_naming_the_argument(client, arguments, name, code):
    assert_bad_argument(errors(client, f"{{ vacancies({arguments}) {{ totalCount }} }}"), name, code)


def test_an_unknown_kind_is_a_validation_error(client):
    [error] = errors(client, "{ vacancies(filter: {kind: FREELANCE}) { totalCount } }")
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


VACANCY = """query($slug: String!, $lang: String) { vacancy(slug: $slug, lang: $lang) {
    id databaseId slug kind title description location positions status
    deadline deadlineLocal deadlineTimezone startDate startDateFlexible duration programmeReference
    publishedAt sensitive
    host { slug name }
    programme { slug name }
    eligibility { minAge maxAge requirements }
    howToApply { url email instructions }
    themes { slug }
    countries { code }
    locale requestedLocale availableLocales translations { locale url updatedAt }
} }"""


def test_vacancy_by_slug_serves_the_full_vacancy_like_rest(client):
    vacancy = data(client, VACANCY, {"slug": ESC})["vacancy"]
    item = rest(client, f"/api/v1/vacancies/{ESC}")
    assert vacancy["id"] == global_id("Vacancy", item["id"])
    assert vacancy["databaseId"] == item["id"]
    assert vacancy["kind"] == "VOLUNTEER"
    assert vacancy["status"] == "CLOSED"
    assert item["status"] == "closed"
    assert vacancy["positions"] == 2
    assert datetime.fromisoformat(vacancy["deadline"]) == datetime(2020, 1, 25, 22, 59, 59, tzinfo=UTC)
    assert vacancy["deadlineLocal"] == item["deadline_local"] == "2020-01-25T23:59:59+01:00"
    assert vacancy["deadlineTimezone"] == "Europe/Stockholm"
    assert (vacancy["startDate"], vacancy["startDateFlexible"], vacancy["duration"]) == ("2020-03-01", True, "P12M")
    assert vacancy["programmeReference"] == "OID E10064468"
    assert vacancy["host"] == {"slug": "central-asia-solidarity-groups", "name": "Central Asia Solidarity Groups"}
    assert vacancy["programme"] == {"slug": "european-solidarity-corps", "name": "European Solidarity Corps"}
    assert vacancy["eligibility"] == {
        "minAge": 18,
        "maxAge": 30,
        "requirements": item["eligibility"]["requirements"],
    }
    assert vacancy["eligibility"]["requirements"].startswith("Open to young people aged 18 to 30")
    assert vacancy["howToApply"] == {
        "url": "https://youth.europa.eu/solidarity_en",
        "email": None,
        "instructions": item["how_to_apply"]["instructions"],
    }
    for field in ("title", "description", "location", "locale"):
        assert vacancy[field] == item[field]
    assert vacancy["themes"] == [{"slug": "youth"}]
    assert vacancy["countries"] == [{"code": "SE"}]


def test_a_vacancy_without_a_deadline_is_open(client):
    vacancy = data(client, VACANCY, {"slug": JOB})["vacancy"]
    assert (vacancy["status"], vacancy["deadline"], vacancy["deadlineLocal"]) == ("OPEN", None, None)
    assert vacancy["kind"] == "EMPLOYMENT"
    assert vacancy["programme"] is None
    assert [theme["slug"] for theme in vacancy["themes"]] == [
        "human-rights",
        "youth",
        "gender-lgbtq",
        "environment-climate",
    ]


def test_status_follows_the_deadline(client, more_vacancies):
    nodes = data(client, "{ vacancies(first: 100) { nodes { slug status } } }")["vacancies"]["nodes"]
    statuses = {node["slug"]: node["status"] for node in nodes}
    assert statuses["place-0"] == statuses["place-3"] == "OPEN"
    assert statuses["place-2"] == statuses["place-6"] == "CLOSED"
    body = rest(client, "/api/v1/vacancies?limit=100")
    assert statuses == {item["slug"]: item["status"].upper() for item in body["items"]}


def test_vacancy_by_an_unknown_slug_is_null(client):
    assert data(client, VACANCY, {"slug": "no-such-vacancy"}) == {"vacancy": None}


def test_a_vacancy_that_is_not_public_is_nowhere(client, db_session):
    draft = add_vacancy(
        db_session, "draft-vacancy", find(db_session, Partner, "novi-ritm"), status=PublicationStatus.DRAFT
    )
    db_session.commit()
    assert data(client, VACANCY, {"slug": "draft-vacancy"}) == {"vacancy": None}
    assert "draft-vacancy" not in slugs(data(client, VACANCIES)["vacancies"])
    assert data(client, f'{{ node(id: "{global_id("Vacancy", draft.id)}") {{ id }} }}') == {"node": None}


def test_a_vacancy_brings_its_host_with_the_hosts_projects_and_vacancies(client):
    query = '{ vacancy(slug: "projektansvarig") { host { slug projects { slug } vacancies { slug } } } }'
    host = data(client, query)["vacancy"]["host"]
    assert host["slug"] == "central-asia-solidarity-groups"
    assert [project["slug"] for project in host["projects"]] == [
        "men-engaging-after-metoo",
        "youth-workers-mobility-kyrgyzstan",
        "climate-residency-osh",
    ]
    assert host["vacancies"] == [{"slug": JOB}, {"slug": ESC}]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_swedish_job_ad_is_served_in_swedish_in_every_locale_like_rest(client, locale):
    vacancy = data(client, VACANCY, {"slug": JOB, "lang": locale})["vacancy"]
    item = rest(client, f"/api/v1/vacancies/{JOB}?lang={locale}")
    assert (vacancy["title"], vacancy["locale"]) == (item["title"], item["locale"]) == ("Projektansvarig", "sv")
    assert vacancy["requestedLocale"] == item["requested_locale"] == locale
    assert vacancy["availableLocales"] == ["sv"]
    assert [(link["locale"], link["url"]) for link in vacancy["translations"]] == [
        (locale, link["url"]) for locale, link in item["translations"].items()
    ]
    assert vacancy["translations"][0]["url"] == "http://localhost/api/v1/vacancies/projektansvarig?lang=sv"


def test_eligibility_and_how_to_apply_follow_their_lang_argument(client, db_session):
    esc = find(db_session, Vacancy, ESC)
    esc.translations.append(
        VacancyTranslation(
            locale="sv", title="Två volontärplatser", eligibility="För unga 18–30 år.", how_to_apply="Ansök."
        )
    )
    db_session.commit()
    query = """{ vacancy(slug: "esc-volunteers-malmo-2020") {
        title locale
        eligibility { requirements } sv: eligibility(lang: "sv") { requirements }
        howToApply(lang: "sv") { instructions }
    } }"""
    vacancy = data(client, query)["vacancy"]
    assert vacancy["locale"] == "en"
    assert vacancy["eligibility"]["requirements"].startswith("Open to young people")
    assert vacancy["sv"] == {"requirements": "För unga 18–30 år."}
    assert vacancy["howToApply"] == {"instructions": "Ansök."}
    swedish = data(client, query, headers={"Accept-Language": "sv"})["vacancy"]
    assert (swedish["title"], swedish["locale"]) == ("Två volontärplatser", "sv")


def test_node_fetches_a_vacancy_by_its_global_id(client):
    vacancy = data(client, VACANCY, {"slug": JOB})["vacancy"]
    query = "query($id: ID!) { node(id: $id) { __typename ... on Vacancy { slug host { slug } } } }"
    assert data(client, query, {"id": vacancy["id"]})["node"] == {
        "__typename": "Vacancy",
        "slug": JOB,
        "host": {"slug": "central-asia-solidarity-groups"},
    }
