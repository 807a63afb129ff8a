"""GraphQL partner organisations: list and lookup, their public projects and vacancies, filters, sorts, locales."""

import pytest

from api.models import Country, Partner, PartnerTranslation, PublicationStatus
from tests.graphql_helpers import (
    LOCALES,
    add_partner,
    add_project,
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

CAG = "central-asia-solidarity-groups"
SORTS = ["name", "-name", "slug", "-slug", "updated_at", "-updated_at"]


@pytest.fixture
def more_partners(db_session):
    """Partners in several countries, one with a logo described in two languages."""
    kyrgyzstan = db_session.get(Country, "KG")
    for number in range(7):
        add_partner(
            db_session,
            f"partner-{number}",
            country=kyrgyzstan if number % 2 else None,
            city="Bishkek" if number % 2 else None,
            translations=[PartnerTranslation(locale="en", name=f"Partner {number % 3}", description="Youth work.")],
        )
    add_partner(
        db_session,
        "bildverkstaden",
        country=db_session.get(Country, "SE"),
        city="Malmö",
        website="https://example.org",
        logo_url="https://example.org/logo.svg",
        original_locale="sv",
        translations=[
            PartnerTranslation(locale="sv", name="Bildverkstaden", description="Fotografer.", logo_alt="Kamera"),
            PartnerTranslation(
                locale="en", name="The Picture Workshop", description="Photographers.", logo_alt="Camera"
            ),
        ],
    )
    db_session.commit()


def test_partners_lists_the_partner_organisations_by_name_like_rest(client):
    partners = data(client, "{ partners { totalCount nodes { slug name } } }")["partners"]
    assert slugs(partners) == rest_slugs(client, "/api/v1/partners")
    assert [node["name"] for node in partners["nodes"]] == [
        "Central Asia Solidarity Groups",
        "KobieTY",
        "MÄN",
        "Novi Ritm",
    ]
    assert partners["totalCount"] == 4


@pytest.mark.parametrize("sort", SORTS)
def test_walking_after_cursors_visits_every_partner_once_in_rests_order(client, more_partners, sort):
    visited = walked(walk(client, "partners", f'sort: "{sort}"', first=3))
    assert len(visited) == len(set(visited)) == 12
    assert visited == rest_slugs(client, f"/api/v1/partners?limit=100&sort={sort}")


@pytest.mark.parametrize(
    ("graphql", "rest_query"),
    [
        ('filter: {country: "KG"}', "country=KG"),
        ('filter: {country: "se"}', "country=se"),
        ('filter: {updatedAfter: "2000-01-01T00:00:00Z"}', "updated_after=2000-01-01T00:00:00Z"),
        ('q: "youth"', "q=youth"),
        ('q: "malmö"', "q=malm%C3%B6"),
        ('q: "youth", sort: "-slug"', "q=youth&sort=-slug"),
        ('q: "photographers", filter: {country: "SE"}', "q=photographers&country=SE"),
    ],
)
def test_filters_and_search_select_what_rest_selects(client, more_partners, graphql, rest_query):
    partners = data(client, f"{{ partners(first: 100, {graphql}) {{ totalCount nodes {{ slug }} }} }}")["partners"]
    body = rest(client, f"/api/v1/partners?limit=100&{rest_query}")
    assert body["items"], "a case that selects nothing proves little"
    assert slugs(partners) == [item["slug"] for item in body["items"]]
    assert partners["totalCount"] == body["total"]


@pytest.mark.parametrize(
    ("arguments", "name", "code"),
    [
        ("first: 101", "first", "PAGE_SIZE_EXCEEDED"),
        ("first: 0", "first", "BAD_USER_INPUT"),
        ('after: "nope"', "after", "BAD_USER_INPUT"),
        ('sort: "published_at"', "sort", "BAD_USER_INPUT"),
        ('filter: {country: "XX"}', "country", "BAD_USER_INPUT"),
        ('q: ""', "q", "BAD_USER_INPUT"),
    ],
)
def test_invalid_arguments_are_errors_naming_the_argument(client, arguments, name, code):
    assert_bad_argument(errors(client, f"{{ partners({arguments}) {{ totalCount }} }}"), name, code)


PARTNER = """query($slug: String!, $lang: String) { partner(slug: $slug, lang: $lang) {
    id databaseId slug name description city website
    country { code name }
    logo { url alt }
    projects { slug title }
    vacancies { slug title host { slug } }
    locale requestedLocale availableLocales translations { locale url updatedAt }
} }"""


def test_partner_by_slug_serves_the_organisation_like_rest(client):
    partner = data(client, PARTNER, {"slug": CAG})["partner"]
    item = rest(client, f"/api/v1/partners/{CAG}")
    assert partner["id"] == global_id("Partner", item["id"])
    assert partner["databaseId"] == item["id"]
    for field in ("name", "description", "city", "website", "locale"):
        assert partner[field] == item[field]
    assert partner["country"] == {"code": "SE", "name": "Sweden"} == item["country"]
    assert partner["logo"] is None
    assert [project["slug"] for project in partner["projects"]] == [
        "men-engaging-after-metoo",
        "youth-workers-mobility-kyrgyzstan",
        "climate-residency-osh",
    ]
    assert [project["slug"] for project in partner["projects"]] == [project["slug"] for project in item["projects"]]
    assert partner["vacancies"] == [
        {"slug": "projektansvarig", "title": "Projektansvarig", "host": {"slug": CAG}},
        {
            "slug": "esc-volunteers-malmo-2020",
            "title": "Two volunteering positions with Central Asia Solidarity Groups (European Solidarity Corps)",
            "host": {"slug": CAG},
        },
    ]
    assert partner["availableLocales"] == ["en", "ru", "sv"]


def test_partner_by_an_unknown_slug_is_null(client):
    assert data(client, PARTNER, {"slug": "no-such-partner"}) == {"partner": None}


def test_a_partner_lists_only_its_public_projects_and_vacancies(client, db_session):
    novi_ritm = find(db_session, Partner, "novi-ritm")
    add_project(db_session, "draft-project", status=PublicationStatus.DRAFT, partners=[novi_ritm])
    add_project(db_session, "archived-project", status=PublicationStatus.ARCHIVED, partners=[novi_ritm])
    add_project(db_session, "public-project", partners=[novi_ritm])
    add_vacancy(db_session, "draft-vacancy", novi_ritm, status=PublicationStatus.DRAFT)
    add_vacancy(db_session, "public-vacancy", novi_ritm)
    db_session.commit()
    for query in (
        '{ partner(slug: "novi-ritm") { projects { slug } vacancies { slug } } }',
        '{ partners(filter: {country: "KG"}) { nodes { projects { slug } vacancies { slug } } } }',
    ):
        result = data(client, query)
        partner = result["partner"] if "partner" in result else result["partners"]["nodes"][0]
        assert [project["slug"] for project in partner["projects"]] == [
            "youth-workers-mobility-kyrgyzstan",
            "climate-residency-osh",
            "public-project",
        ]
        assert partner["vacancies"] == [{"slug": "public-vacancy"}]


def test_a_partners_projects_bring_their_own_partners(client):
    query = '{ partner(slug: "kobiety") { projects { slug partners { slug projects { slug } } } } }'
    [project] = data(client, query)["partner"]["projects"]
    assert project["slug"] == "youth-workers-mobility-kyrgyzstan"
    assert [partner["slug"] for partner in project["partners"]] == [CAG, "kobiety", "novi-ritm"]


def test_the_logo_has_alt_text_in_the_served_or_asked_locale(client, more_partners):
    query = '{ partner(slug: "bildverkstaden") { logo { url alt } en: logo(lang: "en") { alt } } }'
    assert data(client, query)["partner"] == {
        "logo": {"url": "https://example.org/logo.svg", "alt": "Camera"},
        "en": {"alt": "Camera"},
    }
    query = '{ partner(slug: "bildverkstaden", lang: "pl") { name logo { alt } en: logo(lang: "en") { alt } } }'
    assert data(client, query)["partner"] == {
        "name": "Bildverkstaden",
        "logo": {"alt": "Kamera"},
        "en": {"alt": "Camera"},
    }


@pytest.mark.parametrize("locale", LOCALES)
def test_the_lang_argument_falls_back_like_rest(client, locale):
    partner = data(client, PARTNER, {"slug": CAG, "lang": locale})["partner"]
    item = rest(client, f"/api/v1/partners/{CAG}?lang={locale}")
    for field in ("name", "description", "locale"):
        assert partner[field] == item[field]
    assert partner["country"] == item["country"]
    assert partner["requestedLocale"] == item["requested_locale"] == locale
    assert {link["locale"]: link["url"] for link in partner["translations"]} == {
        locale: link["url"] for locale, link in item["translations"].items()
    }


@pytest.mark.parametrize(("accept", "served"), [("sv", "sv"), ("ky", "ru"), ("pl", "sv"), ("en-GB", "en")])
def test_accept_language_falls_back_like_rest_in_lists_too(client, accept, served):
    headers = {"Accept-Language": accept}
    partners = data(client, "{ partners { nodes { slug name locale requestedLocale } } }", headers=headers)["partners"]
    body = rest(client, "/api/v1/partners", headers)
    assert [(node["slug"], node["name"], node["locale"]) for node in partners["nodes"]] == [
        (item["slug"], item["name"], item["locale"]) for item in body["items"]
    ]
    cag = next(node for node in partners["nodes"] if node["slug"] == CAG)
    assert cag["locale"] == served
    assert {node["requestedLocale"] for node in partners["nodes"]} == {body["items"][0]["requested_locale"]}


def test_a_field_lang_argument_names_the_organisation_in_another_language(client):
    query = '{ partner(slug: "central-asia-solidarity-groups") { name sv: name(lang: "sv") ru: name(lang: "ru") } }'
    assert data(client, query)["partner"] == {
        "name": "Central Asia Solidarity Groups",
        "sv": "Centralasiengrupperna",
        "ru": "Группы солидарности с Центральной Азией",
    }


def test_country_names_follow_the_locale_and_their_own_lang_argument(client):
    query = (
        '{ partner(slug: "kobiety", lang: "sv") { country { code name en: name(lang: "en") ru: name(lang: "ru") } } }'
    )
    assert data(client, query)["partner"]["country"] == {"code": "PL", "name": "Polen", "en": "Poland", "ru": "Польша"}
    assert rest(client, "/api/v1/partners/kobiety?lang=sv")["country"]["name"] == "Polen"


def test_node_fetches_a_partner_by_its_global_id(client):
    partner = data(client, PARTNER, {"slug": "man"})["partner"]
    query = "query($id: ID!) { node(id: $id) { id __typename ... on Partner { slug name } } }"
    assert data(client, query, {"id": partner["id"]})["node"] == {
        "id": partner["id"],
        "__typename": "Partner",
        "slug": "man",
        "name": "MÄN",
    }
