"""GraphQL posts: connections, lookups, nested relations, REST's filters and sorts, locale fallback, bad input."""

from datetime import UTC, datetime, timedelta

import pytest

from api.models import Author, Partner, Post, PostKind, PostTranslation, Project, PublicationStatus, Theme
from tests.graphql_helpers import (
    LATER,
    LOCALES,
    add_post,
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

CLIP = "climate-change-in-central-asia-clip"
DOES = "does-authoritarianism-exist-in-central-asia"
JOINING = "joining-central-asia-solidarity-groups"
WHY = "why-central-asia-matters-to-the-great-powers"
MARIA = "maria-from-journalist-to-ngo"
NEWEST_FIRST = [CLIP, DOES, JOINING, WHY, MARIA]
SORTS = ["published_at", "-published_at", "updated_at", "-updated_at", "title", "-title"]


@pytest.fixture
def dispatches(db_session):
    """12 more public posts with ties in every sort key, a project and a multilingual post among them."""
    youth = find(db_session, Theme, "youth")
    for number in range(12):
        add_post(
            db_session,
            f"dispatch-{number:02d}",
            published_at=datetime(2019, 10, 7, 9, tzinfo=UTC) + timedelta(days=number // 3),
            updated_at=datetime(2021, 6, 1, tzinfo=UTC) + timedelta(hours=number // 4),
            themes=[youth] if number % 2 else [],
            translations=[PostTranslation(locale="en", title=f"Dispatch {number % 4}", excerpt="News.")],
        )
    db_session.commit()


@pytest.fixture
def multilingual(db_session):
    """A post written in Swedish with a Russian translation: every locale falls back differently."""
    add_post(
        db_session,
        "flerspraakig",
        original_locale="sv",
        image_url="https://example.org/photo.jpg",
        image_credit="Photo: CAG",
        image_width=1200,
        image_height=800,
        translations=[
            PostTranslation(locale="sv", title="Svensk titel", excerpt="Svensk ingress.", image_alt="Svensk bildtext"),
            PostTranslation(locale="ru", title="Русский заголовок", excerpt="Русский анонс.", image_alt="Подпись"),
        ],
    )
    db_session.commit()


POSTS = "query($first: Int = 20) { posts(first: $first) { totalCount nodes { slug } } }"


def test_posts_lists_the_published_posts_newest_first_like_rest(client):
    posts = data(client, POSTS)["posts"]
    assert slugs(posts) == NEWEST_FIRST == rest_slugs(client, "/api/v1/posts")
    assert posts["totalCount"] == 5


def test_a_connection_has_edges_with_cursors_page_info_a_total_and_nodes(client):
    query = """{ posts(first: 2) {
        totalCount
        edges { cursor node { slug } }
        nodes { slug }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    } }"""
    posts = data(client, query)["posts"]
    assert posts["totalCount"] == 5
    assert [edge["node"]["slug"] for edge in posts["edges"]] == NEWEST_FIRST[:2]
    assert posts["nodes"] == [edge["node"] for edge in posts["edges"]]
    cursors = [edge["cursor"] for edge in posts["edges"]]
    assert all(cursors) and len(set(cursors)) == 2
    assert posts["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": False,
        "startCursor": cursors[0],
        "endCursor": cursors[-1],
    }


def test_the_last_page_says_there_is_no_next_page(client):
    query = """query($after: String) { posts(first: 3, after: $after) {
        nodes { slug } pageInfo { hasNextPage hasPreviousPage endCursor }
    } }"""
    first = data(client, query)["posts"]
    second = data(client, query, {"after": first["pageInfo"]["endCursor"]})["posts"]
    assert slugs(second) == NEWEST_FIRST[3:]
    assert second["pageInfo"]["hasNextPage"] is False
    assert second["pageInfo"]["hasPreviousPage"] is True


@pytest.mark.parametrize("sort", SORTS)
def test_walking_after_cursors_visits_every_post_once_in_the_order_of_one_big_page(client, dispatches, sort):
    pages = walk(client, "posts", f'sort: "{sort}"', first=4)
    visited = walked(pages)
    assert [len(page["edges"]) for page in pages] == [4, 4, 4, 4, 1]
    assert len(set(visited)) == len(visited) == 17
    assert {page["totalCount"] for page in pages} == {17}
    assert visited == slugs(data(client, f'{{ posts(first: 100, sort: "{sort}") {{ nodes {{ slug }} }} }}')["posts"])


@pytest.mark.parametrize("sort", [*SORTS, None])
def test_every_sort_orders_like_rest(client, dispatches, sort):
    argument = f'sort: "{sort}"' if sort else ""
    query = f"{{ posts(first: 100, {argument}) {{ nodes {{ slug }} }} }}"
    rest_url = "/api/v1/posts?limit=100" + (f"&sort={sort}" if sort else "")
    assert slugs(data(client, query)["posts"]) == rest_slugs(client, rest_url)


@pytest.mark.parametrize(
    ("graphql", "rest_query"),
    [
        ('filter: {theme: "human-rights"}', "theme=human-rights"),
        ('filter: {theme: "youth"}', "theme=youth"),
        ('filter: {partner: "central-asia-solidarity-groups"}', "partner=central-asia-solidarity-groups"),
        ('filter: {country: "KG"}', "country=KG"),
        ('filter: {country: "se"}', "country=se"),
        ('filter: {author: "maria"}', "author=maria"),
        ("filter: {kind: ARTICLE}", "kind=article"),
        ("filter: {kind: STORY}", "kind=story"),
        ('filter: {publishedAfter: "2019-06-01T00:00:00Z"}', "published_after=2019-06-01T00:00:00Z"),
        ('filter: {publishedBefore: "2019-10-07T09:00:00Z"}', "published_before=2019-10-07T09:00:00Z"),
        ('filter: {updatedAfter: "2000-01-01T00:00:00Z"}', "updated_after=2000-01-01T00:00:00Z"),
        ('filter: {theme: "human-rights", country: "KZ"}', "theme=human-rights&country=KZ"),
        ('q: "climate"', "q=climate"),
        ('q: "central asia"', "q=central%20asia"),
        ('q: "asia", sort: "-published_at"', "q=asia&sort=-published_at"),
        ('q: "asia", filter: {theme: "human-rights"}', "q=asia&theme=human-rights"),
        ('q: "dispatch", sort: "title"', "q=dispatch&sort=title"),
    ],
)
def test_filters_and_search_select_what_rest_selects(client, dispatches, graphql, rest_query):
    posts = data(client, f"{{ posts(first: 100, {graphql}) {{ totalCount nodes {{ slug }} }} }}")["posts"]
    body = rest(client, f"/api/v1/posts?limit=100&{rest_query}")
    assert body["items"], "a case that selects nothing proves little"
    assert slugs(posts) == [item["slug"] for item in body["items"]]
    assert posts["totalCount"] == body["total"]


def test_filters_narrow_the_seeded_posts(client):
    query = '{ posts(filter: {theme: "human-rights"}) { nodes { slug } } }'
    assert slugs(data(client, query)["posts"]) == [DOES, MARIA]
    query = "{ posts(filter: {kind: VIDEO}) { nodes { slug kind } } }"
    assert data(client, query)["posts"]["nodes"] == [{"slug": CLIP, "kind": "VIDEO"}]


def test_the_project_filter_finds_the_posts_about_a_project(client, db_session):
    add_post(db_session, "about-osh", project=find(db_session, Project, "climate-residency-osh"))
    db_session.commit()
    query = '{ posts(filter: {project: "climate-residency-osh"}) { nodes { slug } } }'
    assert slugs(data(client, query)["posts"]) == ["about-osh"]
    assert rest_slugs(client, "/api/v1/posts?project=climate-residency-osh") == ["about-osh"]


@pytest.mark.parametrize(
    ("arguments", "name", "code"),
    [
        ("first: 0", "first", "BAD_USER_INPUT"),
        ("first: -5", "first", "BAD_USER_INPUT"),
        ("first: 101", "first", "PAGE_SIZE_EXCEEDED"),
        ("first: 1000000", "first", "PAGE_SIZE_EXCEEDED"),
        ('after: "garbage"', "after", "BAD_USER_INPUT"),
        ('sort: "bogus"', "sort", "BAD_USER_INPUT"),
        ('sort: "relevance"', "sort", "BAD_USER_INPUT"),
        ('q: ""', "q", "BAD_USER_INPUT"),
        ('q: "!!!"', "q", "BAD_USER_INPUT"),
        ('filter: {theme: "nope"}', "theme", "BAD_USER_INPUT"),
        ('filter: {partner: "nope"}', "partner", "BAD_USER_INPUT"),
        ('filter: {author: "nope"}', "author", "BAD_USER_INPUT"),
        ('filter: {project: "nope"}', "project", "BAD_USER_INPUT"),
        ('filter: {country: "XX"}', "country", "BAD_USER_INPUT"),
        ('filter: {country: "Sweden"}', "country", "BAD_USER_INPUT"),
    ],
)
def test_invalid_arguments_are_errors_naming_the_argument(client, arguments, name, code):
    error = assert_bad_argument(errors(client, f"{{ posts({arguments}) {{ totalCount }} }}"), name, code)
    assert error["path"] == ["posts"]
    assert name in error["message"]


def test_a_cursor_of_another_sort_order_is_an_error_naming_after(client):
    cursor = data(client, "{ posts(first: 1) { pageInfo { endCursor } } }")["posts"]["pageInfo"]["endCursor"]
    found = errors(
        client, 'query($after: String) { posts(after: $after, sort: "title") { totalCount } }', {"after": cursor}
    )
    assert_bad_argument(found, "after")


def test_an_edited_cursor_is_an_error_naming_after(client):
    cursor = data(client, "{ posts(first: 1) { pageInfo { endCursor } } }")["posts"]["pageInfo"]["endCursor"]
    found = errors(
        client, "query($after: String) { posts(after: $after) { totalCount } }", {"after": cursor[:-2] + "xx"}
    )
    assert_bad_argument(found, "after")


def test_an_error_in_a_non_null_list_nulls_the_data_and_names_its_path(client):
    response = client.post("/graphql", json={"query": '{ themes { totalCount } posts(sort: "bogus") { totalCount } }'})
    assert response.status_code == 200
    assert response.json["data"] is None  # `posts` is non-null, so its error nulls the whole result
    assert [error["path"] for error in response.json["errors"]] == [["posts"]]


POST = """query($slug: String!) { post(slug: $slug) {
    id databaseId slug kind title excerpt body publishedAt updatedAt sensitive videoUrl
    author { slug name role bio isPseudonym }
    themes { slug name }
    countries { code name }
    partners { slug name }
    project { slug }
    featuredImage { url }
} }"""


def test_post_by_slug_serves_the_full_post_like_rest(client):
    post = data(client, POST, {"slug": MARIA})["post"]
    item = rest(client, f"/api/v1/posts/{MARIA}")
    assert post["id"] == global_id("Post", item["id"])
    assert post["databaseId"] == item["id"]
    assert post["slug"] == MARIA
    assert post["kind"] == "STORY"
    assert (post["title"], post["excerpt"], post["body"]) == (item["title"], item["excerpt"], item["body"])
    assert datetime.fromisoformat(post["publishedAt"]) == datetime(2019, 3, 4, 9, tzinfo=UTC)
    assert post["sensitive"] is False
    assert post["author"] == {
        "slug": "maria",
        "name": "Maria",
        "role": "Journalist and communication specialist",
        "bio": "Journalist from Russia who has written about human rights, migration and the work of NGOs.",
        "isPseudonym": False,
    }
    assert post["themes"] == [{"slug": "human-rights", "name": "Human rights"}]
    assert post["countries"] == [{"code": "RU", "name": "Russia"}, {"code": "SE", "name": "Sweden"}]
    assert post["partners"] == [{"slug": "central-asia-solidarity-groups", "name": "Central Asia Solidarity Groups"}]
    assert post["project"] is None
    assert post["featuredImage"] is None


def test_post_by_an_unknown_slug_is_null(client):
    assert data(client, POST, {"slug": "no-such-post"}) == {"post": None}


@pytest.mark.parametrize("status", [PublicationStatus.DRAFT, PublicationStatus.ARCHIVED, PublicationStatus.SCHEDULED])
def test_posts_that_are_not_public_are_nowhere(client, db_session, status):
    published_at = datetime.now(UTC) + timedelta(days=1) if status == PublicationStatus.SCHEDULED else LATER
    hidden = add_post(db_session, "hidden", status=status, published_at=published_at)
    db_session.commit()
    assert data(client, POST, {"slug": "hidden"}) == {"post": None}
    assert "hidden" not in slugs(data(client, POSTS)["posts"])
    assert data(client, POSTS)["posts"]["totalCount"] == 5
    assert data(client, f'{{ node(id: "{global_id("Post", hidden.id)}") {{ id }} }}') == {"node": None}


def test_a_scheduled_post_appears_once_its_time_has_come(client, db_session):
    add_post(db_session, "was-scheduled", status=PublicationStatus.SCHEDULED, published_at=LATER)
    db_session.commit()
    assert data(client, POST, {"slug": "was-scheduled"})["post"]["slug"] == "was-scheduled"


def test_sensitive_posts_are_served_to_the_site_and_say_so(client, db_session):
    add_post(db_session, "sensitive-story", sensitive=True)
    db_session.commit()
    posts = data(client, "{ posts(first: 1) { nodes { slug sensitive } } }")["posts"]
    assert posts["nodes"] == [{"slug": "sensitive-story", "sensitive": True}]


def test_a_post_brings_its_project_with_partners_vacancies_and_themes(client, db_session):
    osh = find(db_session, Project, "climate-residency-osh")
    add_post(
        db_session,
        "osh-report",
        project=osh,
        author=find(db_session, Author, "maria"),
        partners=[find(db_session, Partner, "novi-ritm")],
    )
    db_session.commit()
    query = """{ post(slug: "osh-report") {
        author { slug }
        partners { slug }
        project {
            slug title
            themes { slug }
            partners { slug name vacancies { slug } projects { slug } }
        }
    } }"""
    post = data(client, query)["post"]
    assert post["author"] == {"slug": "maria"}
    assert post["partners"] == [{"slug": "novi-ritm"}]
    project = post["project"]
    assert project["slug"] == "climate-residency-osh"
    assert project["title"] == "Climate residency in Osh"
    assert project["themes"] == [{"slug": "youth"}, {"slug": "environment-climate"}]
    partners = {partner["slug"]: partner for partner in project["partners"]}
    assert list(partners) == ["central-asia-solidarity-groups", "novi-ritm"]
    assert partners["central-asia-solidarity-groups"]["vacancies"] == [
        {"slug": "projektansvarig"},
        {"slug": "esc-volunteers-malmo-2020"},
    ]
    assert partners["novi-ritm"]["vacancies"] == []
    assert partners["novi-ritm"]["projects"] == [
        {"slug": "youth-workers-mobility-kyrgyzstan"},
        {"slug": "climate-residency-osh"},
    ]


def test_a_post_about_a_project_that_is_not_public_has_no_project(client, db_session):
    draft = add_project(db_session, "secret-project", status=PublicationStatus.DRAFT)
    add_post(db_session, "about-a-draft", project=draft)
    db_session.commit()
    assert data(client, '{ post(slug: "about-a-draft") { project { slug } } }') == {"post": {"project": None}}
    listed = data(client, "{ posts(first: 1) { nodes { slug project { slug } } } }")["posts"]["nodes"]
    assert listed == [{"slug": "about-a-draft", "project": None}]


def test_nested_lists_leave_out_what_is_not_public(client, db_session):
    cag = find(db_session, Partner, "central-asia-solidarity-groups")
    draft = add_project(db_session, "draft-with-cag", status=PublicationStatus.DRAFT, partners=[cag])
    add_post(db_session, "linked", project=add_project(db_session, "public-with-cag", partners=[cag]))
    add_post(db_session, "draft-post", status=PublicationStatus.DRAFT, project=draft)
    db_session.commit()
    query = '{ post(slug: "linked") { project { partners { slug projects { slug } } } } }'
    [partner] = data(client, query)["post"]["project"]["partners"]
    assert "draft-with-cag" not in [project["slug"] for project in partner["projects"]]
    assert "public-with-cag" in [project["slug"] for project in partner["projects"]]


def test_the_featured_image_has_its_alt_text_in_the_served_locale(client, multilingual):
    query = """{ post(slug: "flerspraakig") {
        featuredImage { url alt credit width height }
        ru: featuredImage(lang: "ru") { alt }
    } }"""
    post = data(client, query)["post"]
    assert post["featuredImage"] == {
        "url": "https://example.org/photo.jpg",
        "alt": "Svensk bildtext",
        "credit": "Photo: CAG",
        "width": 1200,
        "height": 800,
    }
    assert post["ru"] == {"alt": "Подпись"}


LOCALIZED = """query($slug: String!, $lang: String) { post(slug: $slug, lang: $lang) {
    title excerpt locale requestedLocale availableLocales translations { locale url updatedAt }
} }"""


@pytest.mark.parametrize("locale", LOCALES)
def test_the_lang_argument_falls_back_like_rest(client, multilingual, locale):
    post = data(client, LOCALIZED, {"slug": "flerspraakig", "lang": locale})["post"]
    item = rest(client, f"/api/v1/posts/flerspraakig?lang={locale}")
    assert (post["title"], post["excerpt"], post["locale"]) == (item["title"], item["excerpt"], item["locale"])
    assert post["requestedLocale"] == item["requested_locale"] == locale
    assert post["availableLocales"] == ["ru", "sv"]
    assert {link["locale"]: link["url"] for link in post["translations"]} == {
        locale: link["url"] for locale, link in item["translations"].items()
    }
    for link in post["translations"]:
        assert datetime.fromisoformat(link["updatedAt"]) == datetime.fromisoformat(
            item["translations"][link["locale"]]["updated_at"]
        )


@pytest.mark.parametrize(("accept", "served"), [("en", "sv"), ("sv", "sv"), ("ru", "ru"), ("ky", "ru"), ("pl", "sv")])
def test_accept_language_falls_back_like_rest(client, multilingual, accept, served):
    headers = {"Accept-Language": accept}
    post = data(client, LOCALIZED, {"slug": "flerspraakig"}, headers)["post"]
    item = rest(client, "/api/v1/posts/flerspraakig", headers)
    assert post["locale"] == item["locale"] == served
    assert post["title"] == item["title"]
    assert post["requestedLocale"] == item["requested_locale"] == accept


def test_the_lang_argument_beats_accept_language(client, multilingual):
    post = data(client, LOCALIZED, {"slug": "flerspraakig", "lang": "ru"}, {"Accept-Language": "sv"})["post"]
    assert (post["locale"], post["requestedLocale"], post["title"]) == ("ru", "ru", "Русский заголовок")


def test_an_unsupported_lang_falls_back_to_accept_language_and_then_the_default(client, multilingual):
    post = data(client, LOCALIZED, {"slug": "flerspraakig", "lang": "de"}, {"Accept-Language": "ru"})["post"]
    assert (post["requestedLocale"], post["locale"]) == ("ru", "ru")
    post = data(client, LOCALIZED, {"slug": "flerspraakig", "lang": "xx-YY"})["post"]
    assert (post["requestedLocale"], post["locale"]) == ("en", "sv")


def test_a_regional_tag_matches_its_language(client, multilingual):
    post = data(client, LOCALIZED, {"slug": "flerspraakig", "lang": "ru-KG"})["post"]
    assert (post["requestedLocale"], post["locale"]) == ("ru", "ru")


def test_a_field_lang_argument_picks_that_fields_locale_only(client, multilingual):
    query = """{ post(slug: "flerspraakig", lang: "sv") {
        title ru: title(lang: "ru") ky: title(lang: "ky") pl: title(lang: "pl")
        locale ruLocale: locale(lang: "ru") requestedLocale
    } }"""
    assert data(client, query)["post"] == {
        "title": "Svensk titel",
        "ru": "Русский заголовок",
        "ky": "Русский заголовок",
        "pl": "Svensk titel",
        "locale": "sv",
        "ruLocale": "ru",
        "requestedLocale": "sv",
    }


def test_a_list_lang_argument_serves_every_item_and_nested_item_in_that_locale(client, multilingual, db_session):
    post = find(db_session, Post, "flerspraakig")
    post.themes = [find(db_session, Theme, "youth")]
    db_session.commit()
    query = '{ posts(first: 2, lang: "ky") { nodes { slug title locale requestedLocale themes { name locale } } } }'
    first, second = data(client, query)["posts"]["nodes"]
    assert first == {
        "slug": "flerspraakig",
        "title": "Русский заголовок",
        "locale": "ru",
        "requestedLocale": "ky",
        "themes": [{"name": "Жаштар", "locale": "ky"}],
    }
    assert (second["slug"], second["locale"], second["requestedLocale"]) == (CLIP, "en", "ky")


def test_search_and_filters_follow_the_served_translation(client, multilingual):
    assert slugs(data(client, '{ posts(q: "svensk") { nodes { slug } } }')["posts"]) == ["flerspraakig"]
    assert slugs(data(client, '{ posts(q: "svensk", lang: "ru") { nodes { slug } } }')["posts"]) == []
    assert rest_slugs(client, "/api/v1/posts?q=svensk&lang=ru") == []


def test_node_fetches_a_post_by_its_global_id(client):
    post = data(client, POST, {"slug": DOES})["post"]
    query = "query($id: ID!) { node(id: $id) { id __typename ... on Post { slug title } } }"
    node = data(client, query, {"id": post["id"]})["node"]
    assert node == {"id": post["id"], "__typename": "Post", "slug": DOES, "title": post["title"]}


def test_node_in_another_language(client, multilingual):
    post = data(client, '{ post(slug: "flerspraakig") { id } }')["post"]
    query = 'query($id: ID!) { node(id: $id, lang: "ru") { ... on Post { title locale requestedLocale } } }'
    assert data(client, query, {"id": post["id"]})["node"] == {
        "title": "Русский заголовок",
        "locale": "ru",
        "requestedLocale": "ru",
    }


def test_posts_of_every_kind_are_listed_with_their_kind(client):
    kinds = {node["slug"]: node["kind"] for node in data(client, "{ posts { nodes { slug kind } } }")["posts"]["nodes"]}
    assert kinds == {CLIP: "VIDEO", DOES: "ARTICLE", JOINING: "STORY", WHY: "ARTICLE", MARIA: "STORY"}
    assert {kind.name for kind in PostKind} >= set(kinds.values())
