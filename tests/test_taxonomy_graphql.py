"""GraphQL themes, authors and countries: lists, lookups, sorts, names in every locale, global ids."""

import pytest

from api.models import Author, AuthorTranslation, PublicationStatus, Theme
from tests.graphql_helpers import (
    LOCALES,
    add_post,
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

THEMES_IN_ORDER = ["human-rights", "youth", "gender-lgbtq", "environment-climate"]

THEMES = """query($lang: String, $sort: String) { themes(lang: $lang, sort: $sort) {
    totalCount
    nodes { id databaseId slug position name description locale requestedLocale availableLocales
            translations { locale url } }
} }"""


@pytest.fixture
def authors(db_session):
    """Two more authors: a pseudonym with a Russian bio and a Swedish role, and a plain one."""
    db_session.add_all(
        [
            Author(
                slug="aigul",
                name="Aigul",
                is_pseudonym=True,
                original_locale="ru",
                translations=[
                    AuthorTranslation(locale="ru", role="Активистка", bio="Пишет из Бишкека."),
                    AuthorTranslation(locale="sv", role="Aktivist"),
                ],
            ),
            Author(slug="bo", name="Bo", translations=[AuthorTranslation(locale="en", role="Editor")]),
        ]
    )
    db_session.commit()


def test_themes_are_listed_in_editorial_order_like_rest(client):
    themes = data(client, THEMES)["themes"]
    assert slugs(themes) == THEMES_IN_ORDER == rest_slugs(client, "/api/v1/themes")
    assert themes["totalCount"] == 4
    assert [node["position"] for node in themes["nodes"]] == [1, 2, 3, 4]
    assert [node["name"] for node in themes["nodes"]] == [
        "Human rights",
        "Youth",
        "Gender and LGBTQ",
        "Environment and climate",
    ]
    assert {tuple(node["availableLocales"]) for node in themes["nodes"]} == {("en", "ky", "pl", "ru", "sv")}


@pytest.mark.parametrize("sort", ["position", "-position", "name", "-name", "slug", "-slug"])
@pytest.mark.parametrize("lang", ["en", "sv", "ru"])
def test_theme_sorts_order_like_rest_in_each_language(client, sort, lang):
    themes = data(client, THEMES, {"lang": lang, "sort": sort})["themes"]
    assert slugs(themes) == rest_slugs(client, f"/api/v1/themes?sort={sort}&lang={lang}")


@pytest.mark.parametrize("locale", LOCALES)
def test_theme_names_and_descriptions_fall_back_like_rest(client, locale):
    themes = data(client, THEMES, {"lang": locale})["themes"]["nodes"]
    items = rest(client, f"/api/v1/themes?lang={locale}")["items"]
    assert [(node["slug"], node["name"], node["description"], node["locale"]) for node in themes] == [
        (item["slug"], item["name"], item["description"], item["locale"]) for item in items
    ]
    assert {node["requestedLocale"] for node in themes} == {locale}
    for node, item in zip(themes, items, strict=True):
        assert {link["locale"]: link["url"] for link in node["translations"]} == {
            locale: link["url"] for locale, link in item["translations"].items()
        }


@pytest.mark.parametrize("accept", ["sv", "ru-RU", "ky", "pl;q=0.8, sv;q=0.9", "fr"])
def test_accept_language_names_themes_like_rest(client, accept):
    headers = {"Accept-Language": accept}
    themes = data(client, THEMES, headers=headers)["themes"]["nodes"]
    items = rest(client, "/api/v1/themes", headers)["items"]
    assert [(node["name"], node["locale"], node["requestedLocale"]) for node in themes] == [
        (item["name"], item["locale"], item["requested_locale"]) for item in items
    ]


def test_a_missing_translation_of_a_theme_falls_back_to_the_chain(client, db_session):
    """ky falls back to ru before the original locale: a theme without a Kyrgyz name is named in Russian."""
    youth = find(db_session, Theme, "youth")
    youth.translations = [t for t in youth.translations if t.locale != "ky"]
    db_session.commit()
    query = '{ theme(slug: "youth", lang: "ky") { name locale requestedLocale availableLocales } }'
    assert data(client, query)["theme"] == {
        "name": "Молодёжь",
        "locale": "ru",
        "requestedLocale": "ky",
        "availableLocales": ["en", "pl", "ru", "sv"],
    }
    assert rest(client, "/api/v1/themes/youth?lang=ky")["name"] == "Молодёжь"


def test_a_theme_field_can_ask_for_its_own_language(client):
    query = (
        '{ theme(slug: "gender-lgbtq") { name sv: name(lang: "sv") pl: name(lang: "pl") ky: description(lang: "ky") } }'
    )
    assert data(client, query)["theme"] == {
        "name": "Gender and LGBTQ",
        "sv": "Genus och hbtq",
        "pl": "Płeć i LGBTQ",
        "ky": None,  # the Kyrgyz row has a name only: the served row is the Kyrgyz one, as in REST
    }
    assert rest(client, "/api/v1/themes/gender-lgbtq?lang=ky")["description"] is None


def test_theme_by_slug_and_by_unknown_slug(client):
    theme = data(client, '{ theme(slug: "youth") { id databaseId slug name } }')["theme"]
    item = rest(client, "/api/v1/themes/youth")
    assert theme == {"id": global_id("Theme", item["id"]), "databaseId": item["id"], "slug": "youth", "name": "Youth"}
    assert data(client, '{ theme(slug: "astrology") { slug } }') == {"theme": None}


def test_walking_theme_cursors_visits_every_theme_once(client):
    pages = walk(client, "themes", first=1)
    assert walked(pages) == THEMES_IN_ORDER
    assert [page["pageInfo"]["hasPreviousPage"] for page in pages] == [False, True, True, True]


def test_themes_can_be_searched_in_the_served_language_like_rest(client):
    for lang, q in [("en", "climate"), ("sv", "klimat"), ("ru", "климат"), ("pl", "srodowisko")]:
        query = f'{{ themes(q: "{q}", lang: "{lang}") {{ nodes {{ slug }} }} }}'
        assert slugs(data(client, query)["themes"]) == rest_slugs(client, f"/api/v1/themes?q={q}&lang={lang}")
        assert slugs(data(client, query)["themes"]) == ["environment-climate"]


@pytest.mark.parametrize(
    ("field", "arguments", "name", "code"),
    [
        ("themes", 'sort: "published_at"', "sort", "BAD_USER_INPUT"),
        ("themes", "first: 101", "first", "PAGE_SIZE_EXCEEDED"),
        ("themes", 'after: "x"', "after", "BAD_USER_INPUT"),
        ("authors", 'sort: "position"', "sort", "BAD_USER_INPUT"),
        ("authors", "first: 0", "first", "BAD_USER_INPUT"),
        ("authors", "first: 500", "first", "PAGE_SIZE_EXCEEDED"),
    ],
)
def test_invalid_arguments_are_errors_naming_the_argument(client, field, arguments, name, code):
    assert_bad_argument(errors(client, f"{{ {field}({arguments}) {{ totalCount }} }}"), name, code)


def test_node_fetches_themes_by_their_global_ids(client):
    themes = data(client, THEMES)["themes"]["nodes"]
    for theme in themes:
        query = "query($id: ID!) { node(id: $id) { id __typename ... on Theme { slug name } } }"
        node = data(client, query, {"id": theme["id"]})["node"]
        assert node == {"id": theme["id"], "__typename": "Theme", "slug": theme["slug"], "name": theme["name"]}


AUTHORS = """query($lang: String, $sort: String) { authors(lang: $lang, sort: $sort) {
    totalCount
    nodes { id slug name isPseudonym role bio locale requestedLocale availableLocales translations { locale url } }
} }"""


def test_authors_are_listed_by_name_like_rest(client, authors):
    authors_ = data(client, AUTHORS)["authors"]
    assert slugs(authors_) == ["aigul", "bo", "maria"] == rest_slugs(client, "/api/v1/authors")
    assert authors_["totalCount"] == 3
    aigul = authors_["nodes"][0]
    assert (aigul["name"], aigul["isPseudonym"]) == ("Aigul", True)


@pytest.mark.parametrize("sort", ["name", "-name", "slug", "-slug"])
def test_author_sorts_order_like_rest(client, authors, sort):
    assert slugs(data(client, AUTHORS, {"sort": sort})["authors"]) == rest_slugs(client, f"/api/v1/authors?sort={sort}")


@pytest.mark.parametrize("locale", LOCALES)
def test_author_roles_and_bios_fall_back_like_rest(client, authors, locale):
    nodes = data(client, AUTHORS, {"lang": locale})["authors"]["nodes"]
    items = rest(client, f"/api/v1/authors?lang={locale}")["items"]
    assert [(node["slug"], node["role"], node["bio"], node["locale"]) for node in nodes] == [
        (item["slug"], item["role"], item["bio"], item["locale"]) for item in items
    ]
    assert {node["requestedLocale"] for node in nodes} == {locale}


def test_an_author_in_several_languages(client, authors):
    query = '{ author(slug: "aigul") { role bio locale availableLocales sv: role(lang: "sv") en: role(lang: "en") } }'
    assert data(client, query)["author"] == {
        "role": "Активистка",
        "bio": "Пишет из Бишкека.",
        "locale": "ru",
        "availableLocales": ["ru", "sv"],
        "sv": "Aktivist",
        "en": "Активистка",
    }


def test_author_by_slug_by_unknown_slug_and_by_global_id(client):
    author = data(client, '{ author(slug: "maria") { id name role } }')["author"]
    assert author["name"] == "Maria"
    assert data(client, '{ author(slug: "nobody") { name } }') == {"author": None}
    query = "query($id: ID!) { node(id: $id) { __typename ... on Author { slug name } } }"
    assert data(client, query, {"id": author["id"]})["node"] == {
        "__typename": "Author",
        "slug": "maria",
        "name": "Maria",
    }


def test_an_authors_byline_is_shown_on_posts(client, authors, db_session):
    add_post(db_session, "from-bishkek", author=find(db_session, Author, "aigul"))
    add_post(db_session, "hidden", author=find(db_session, Author, "bo"), status=PublicationStatus.DRAFT)
    db_session.commit()
    query = '{ posts(filter: {author: "aigul"}, lang: "sv") { nodes { slug author { name isPseudonym role } } } }'
    assert data(client, query)["posts"]["nodes"] == [
        {"slug": "from-bishkek", "author": {"name": "Aigul", "isPseudonym": True, "role": "Aktivist"}}
    ]
    assert data(client, '{ posts(filter: {author: "bo"}) { totalCount } }')["posts"]["totalCount"] == 0


COUNTRIES = '{ post(slug: "why-central-asia-matters-to-the-great-powers") { countries { code name } } }'


@pytest.mark.parametrize("locale", LOCALES)
def test_country_names_are_in_the_requested_locale_like_rest(client, locale):
    countries = data(client, COUNTRIES, headers={"Accept-Language": locale})["post"]["countries"]
    item = rest(client, "/api/v1/posts/why-central-asia-matters-to-the-great-powers", {"Accept-Language": locale})
    assert countries == item["countries"]
    assert [country["code"] for country in countries] == ["CN", "KG", "KZ", "RU", "TJ", "TM", "US", "UZ"]


def test_country_names_in_swedish_and_russian(client):
    query = """{ post(slug: "maria-from-journalist-to-ngo") {
        countries { code name sv: name(lang: "sv") ru: name(lang: "ru") }
    } }"""
    assert data(client, query)["post"]["countries"] == [
        {"code": "RU", "name": "Russia", "sv": "Ryssland", "ru": "Россия"},
        {"code": "SE", "name": "Sweden", "sv": "Sverige", "ru": "Швеция"},
    ]


def test_nodes_of_every_type_answer_to_node(client):
    """One request, every type: each global id leads back to its own object and type."""
    ids = data(
        client,
        """{
            posts(first: 1) { nodes { id slug } }
            projects(first: 1) { nodes { id slug } }
            partners(first: 1) { nodes { id slug } }
            vacancies(first: 1) { nodes { id slug } }
            themes(first: 1) { nodes { id slug } }
            authors(first: 1) { nodes { id slug } }
        }""",
    )
    for field, type_name in [
        ("posts", "Post"),
        ("projects", "Project"),
        ("partners", "Partner"),
        ("vacancies", "Vacancy"),
        ("themes", "Theme"),
        ("authors", "Author"),
    ]:
        [expected] = ids[field]["nodes"]
        query = f"query($id: ID!) {{ node(id: $id) {{ id __typename ... on {type_name} {{ slug }} }} }}"
        assert data(client, query, {"id": expected["id"]})["node"] == {**expected, "__typename": type_name}


@pytest.mark.parametrize(
    "garbage",
    [
        "garbage",
        "",
        "!!!",
        global_id("Nope", 1),
        global_id("Post", "x"),
        global_id("Post", 99999),
        global_id("Country", "SE"),
        global_id("SearchHit", 1),
        "UG9zdDo",  # truncated base64
        global_id("Post", "1:2"),
        global_id("Post", ""),
    ],
)
def test_node_with_an_id_that_names_nothing_is_null(client, garbage):
    assert data(client, "query($id: ID!) { node(id: $id) { id } }", {"id": garbage}) == {"node": None}
