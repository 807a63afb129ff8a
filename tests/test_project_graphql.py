"""GraphQL projects: list and lookup, partners and programmes, REST's filters and sorts, locale fallback."""

from datetime import UTC, date, datetime

import pytest

from api.models import Partner, Programme, Project, ProjectStatus, ProjectTranslation, PublicationStatus, Theme
from tests.graphql_helpers import (
    LOCALES,
    add_project,
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

MEN = "men-engaging-after-metoo"
YOUTH = "youth-workers-mobility-kyrgyzstan"
CLIMATE = "climate-residency-osh"
NEWEST_FIRST = [CLIMATE, YOUTH, MEN]
SORTS = ["published_at", "-published_at", "updated_at", "-updated_at", "start_date", "-start_date", "title", "-title"]


@pytest.fixture
def more_projects(db_session):
    """Start dates (some missing, some tied), statuses, programmes and a Swedish-only project."""
    find(db_session, Project, MEN).start_date = date(2018, 9, 3)
    find(db_session, Project, YOUTH).start_date = date(2019, 1, 14)
    erasmus = find(db_session, Programme, "erasmus-plus")
    youth = find(db_session, Theme, "youth")
    novi_ritm = find(db_session, Partner, "novi-ritm")
    for number, status in enumerate([ProjectStatus.PLANNED, ProjectStatus.ONGOING, ProjectStatus.ONGOING] * 2):
        add_project(
            db_session,
            f"exchange-{number}",
            project_status=status,
            published_at=datetime(2020, 3, 1 + number // 2, tzinfo=UTC),
            start_date=date(2020, 6, 1 + number // 3) if number < 5 else None,
            programmes=[erasmus] if number % 2 else [],
            themes=[youth] if number % 3 == 0 else [],
            partners=[novi_ritm] if number < 3 else [],
            translations=[ProjectTranslation(locale="en", title=f"Exchange {number % 3}", location="Bishkek")],
        )
    add_project(
        db_session,
        "sommarlaeger",
        original_locale="sv",
        translations=[
            ProjectTranslation(locale="sv", title="Sommarläger", summary="Ett läger.", location="Malmö"),
            ProjectTranslation(locale="ru", title="Летний лагерь", summary="Лагерь.", location="Мальмё"),
        ],
    )
    db_session.commit()


def test_projects_lists_the_published_projects_newest_first_like_rest(client):
    projects = data(client, "{ projects { totalCount nodes { slug } } }")["projects"]
    assert slugs(projects) == NEWEST_FIRST == rest_slugs(client, "/api/v1/projects")
    assert projects["totalCount"] == 3


@pytest.mark.parametrize("sort", SORTS)
def test_walking_after_cursors_visits_every_project_once(client, more_projects, sort):
    pages = walk(client, "projects", f'sort: "{sort}"', first=2)
    visited = walked(pages)
    assert len(visited) == len(set(visited)) == 10
    assert visited == rest_slugs(client, f"/api/v1/projects?limit=100&sort={sort}")


@pytest.mark.parametrize(
    ("graphql", "rest_query"),
    [
        ('filter: {theme: "youth"}', "theme=youth"),
        ('filter: {partner: "novi-ritm"}', "partner=novi-ritm"),
        ('filter: {partner: "man"}', "partner=man"),
        ('filter: {programme: "erasmus-plus"}', "programme=erasmus-plus"),
        ('filter: {country: "KG"}', "country=KG"),
        ("filter: {status: PLANNED}", "status=planned"),
        ("filter: {status: ONGOING}", "status=ongoing"),
        ("filter: {status: COMPLETED}", "status=completed"),
        ('filter: {startAfter: "2019-01-14T00:00:00Z"}', "start_after=2019-01-14T00:00:00Z"),
        ('filter: {startAfter: "2020-06-01T12:00:00Z"}', "start_after=2020-06-01T12:00:00Z"),
        ('filter: {startBefore: "2020-06-02T00:00:00Z"}', "start_before=2020-06-02T00:00:00Z"),
        ('filter: {publishedAfter: "2020-03-02T00:00:00Z"}', "published_after=2020-03-02T00:00:00Z"),
        ('filter: {publishedBefore: "2019-03-01T00:00:00Z"}', "published_before=2019-03-01T00:00:00Z"),
        ('filter: {updatedAfter: "2000-01-01T00:00:00Z"}', "updated_after=2000-01-01T00:00:00Z"),
        ('filter: {status: ONGOING, programme: "erasmus-plus"}', "status=ongoing&programme=erasmus-plus"),
        ('q: "climate"', "q=climate"),
        ('q: "youth workers"', "q=youth%20workers"),
        ('q: "bishkek", sort: "title"', "q=bishkek&sort=title"),
        ('q: "läger"', "q=l%C3%A4ger"),
    ],
)
def test_filters_and_search_select_what_rest_selects(client, more_projects, graphql, rest_query):
    projects = data(client, f"{{ projects(first: 100, {graphql}) {{ totalCount nodes {{ slug }} }} }}")["projects"]
    body = rest(client, f"/api/v1/projects?limit=100&{rest_query}")
    assert body["items"], "a case that selects nothing proves little"
    assert slugs(projects) == [item["slug"] for item in body["items"]]
    assert projects["totalCount"] == body["total"]


@pytest.mark.parametrize(
    ("arguments", "name", "code"),
    [
        ("first: 101", "first", "PAGE_SIZE_EXCEEDED"),
        ("first: 0", "first", "BAD_USER_INPUT"),
        ('after: "nope"', "after", "BAD_USER_INPUT"),
        ('sort: "deadline"', "sort", "BAD_USER_INPUT"),
        ('filter: {theme: "nope"}', "theme", "BAD_USER_INPUT"),
        ('filter: {partner: "nope"}', "partner", "BAD_USER_INPUT"),
        ('filter: {programme: "nope"}', "programme", "BAD_USER_INPUT"),
        ('filter: {country: "ZZ"}', "country", "BAD_USER_INPUT"),
    ],
)
def test_invalid_arguments_are_errors_naming_the_argument(client, arguments, name, code):
    assert_bad_argument(errors(client, f"{{ projects({arguments}) {{ totalCount }} }}"), name, code)


def test_an_unknown_status_is_a_validation_error(client):
    [error] = errors(client, "{ projects(filter: {status: FINISHED}) { totalCount } }")
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "FINISHED" in error["message"]


PROJECT = """query($slug: String!) { project(slug: $slug) {
    id databaseId slug title summary body location status startDate endDate participantsCount publishedAt sensitive
    themes { slug name }
    countries { code name }
    partners { slug name }
    programmes { slug name url }
} }"""


def test_project_by_slug_serves_the_full_project_like_rest(client):
    project = data(client, PROJECT, {"slug": YOUTH})["project"]
    item = rest(client, f"/api/v1/projects/{YOUTH}")
    assert project["id"] == global_id("Project", item["id"])
    assert project["databaseId"] == item["id"]
    for field in ("title", "summary", "body", "location"):
        assert project[field] == item[field]
    assert project["status"] == "COMPLETED"
    assert project["participantsCount"] == 20
    assert (project["startDate"], project["endDate"]) == (None, None)
    assert datetime.fromisoformat(project["publishedAt"]) == datetime.fromisoformat(item["published_at"])
    assert project["themes"] == [{"slug": "youth", "name": "Youth"}]
    assert project["countries"] == [{"code": "KG", "name": "Kyrgyzstan"}]
    assert (
        [partner["slug"] for partner in project["partners"]]
        == [partner["slug"] for partner in item["partners"]]
        == ["central-asia-solidarity-groups", "kobiety", "novi-ritm"]
    )
    assert project["programmes"] == []


def test_a_project_lists_its_funding_programmes(client, more_projects):
    project = data(client, PROJECT, {"slug": "exchange-1"})["project"]
    assert project["programmes"] == [
        {"slug": "erasmus-plus", "name": "Erasmus+", "url": "https://erasmus-plus.ec.europa.eu"}
    ]
    assert project["startDate"] == "2020-06-01"


def test_project_by_an_unknown_slug_is_null(client):
    assert data(client, PROJECT, {"slug": "no-such-project"}) == {"project": None}


def test_a_project_that_is_not_public_is_nowhere(client, db_session):
    draft = add_project(db_session, "draft-project", status=PublicationStatus.DRAFT)
    db_session.commit()
    assert data(client, PROJECT, {"slug": "draft-project"}) == {"project": None}
    assert "draft-project" not in slugs(data(client, "{ projects { nodes { slug } } }")["projects"])
    assert data(client, f'{{ node(id: "{global_id("Project", draft.id)}") {{ id }} }}') == {"node": None}


def test_projects_bring_their_partners_and_the_partners_vacancies(client):
    query = "{ projects { nodes { slug partners { slug vacancies { slug host { slug } } } } } }"
    nodes = data(client, query)["projects"]["nodes"]
    by_slug = {node["slug"]: node for node in nodes}
    cag = by_slug[MEN]["partners"][0]
    assert cag["slug"] == "central-asia-solidarity-groups"
    assert [vacancy["slug"] for vacancy in cag["vacancies"]] == ["projektansvarig", "esc-volunteers-malmo-2020"]
    assert {vacancy["host"]["slug"] for vacancy in cag["vacancies"]} == {"central-asia-solidarity-groups"}
    assert [partner["slug"] for partner in by_slug[MEN]["partners"]] == ["central-asia-solidarity-groups", "man"]


LOCALIZED = """query($slug: String!, $lang: String) { project(slug: $slug, lang: $lang) {
    title summary location locale requestedLocale availableLocales translations { locale url }
} }"""


@pytest.mark.parametrize("locale", LOCALES)
def test_the_lang_argument_falls_back_like_rest(client, more_projects, locale):
    project = data(client, LOCALIZED, {"slug": "sommarlaeger", "lang": locale})["project"]
    item = rest(client, f"/api/v1/projects/sommarlaeger?lang={locale}")
    for field in ("title", "summary", "location", "locale"):
        assert project[field] == item[field]
    assert project["requestedLocale"] == item["requested_locale"]
    assert project["availableLocales"] == ["ru", "sv"]
    assert {link["locale"]: link["url"] for link in project["translations"]} == {
        locale: link["url"] for locale, link in item["translations"].items()
    }


@pytest.mark.parametrize("accept", ["sv-SE,sv;q=0.9", "ru", "ky, en;q=0.5", "pl", "de, en;q=0.1"])
def test_accept_language_falls_back_like_rest(client, more_projects, accept):
    headers = {"Accept-Language": accept}
    project = data(client, LOCALIZED, {"slug": "sommarlaeger"}, headers)["project"]
    item = rest(client, "/api/v1/projects/sommarlaeger", headers)
    assert (project["title"], project["locale"]) == (item["title"], item["locale"])
    assert project["requestedLocale"] == item["requested_locale"]


def test_a_field_lang_argument_translates_that_field_only(client, more_projects):
    query = '{ project(slug: "sommarlaeger") { title location ru: location(lang: "ru") locale } }'
    assert data(client, query)["project"] == {
        "title": "Sommarläger",
        "location": "Malmö",
        "ru": "Мальмё",
        "locale": "sv",
    }


def test_sorting_by_title_follows_the_served_locale_like_rest(client, more_projects):
    for lang in ("en", "ru"):
        query = f'{{ projects(first: 100, sort: "title", lang: "{lang}") {{ nodes {{ slug }} }} }}'
        assert slugs(data(client, query)["projects"]) == rest_slugs(
            client, f"/api/v1/projects?limit=100&sort=title&lang={lang}"
        )


def test_node_fetches_a_project_by_its_global_id(client):
    project = data(client, PROJECT, {"slug": CLIMATE})["project"]
    query = "query($id: ID!) { node(id: $id) { id __typename ... on Project { slug partners { slug } } } }"
    node = data(client, query, {"id": project["id"]})["node"]
    assert node["__typename"] == "Project"
    assert node["slug"] == CLIMATE
    assert node["partners"] == [{"slug": partner["slug"]} for partner in project["partners"]]
