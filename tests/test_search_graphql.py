"""GraphQL cross-type search: the union SearchResult, the same hits and order as /api/v1/search, cursors, locales."""

from urllib.parse import quote

import pytest

from tests.graphql_helpers import assert_bad_argument, data, errors, rest

CAG = "central-asia-solidarity-groups"
MALMO_HITS = {
    ("post", "joining-central-asia-solidarity-groups"),
    ("partner", CAG),
    ("vacancy", "projektansvarig"),
    ("vacancy", "esc-volunteers-malmo-2020"),
}
TYPENAMES = {"post": "Post", "project": "Project", "vacancy": "Vacancy", "partner": "Partner"}

SEARCH = """query($q: String!, $first: Int = 20, $after: String, $types: [String!], $lang: String) {
  search(q: $q, first: $first, after: $after, types: $types, lang: $lang) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        type score
        node {
          __typename
          ... on Node { id }
          ... on Post { slug title locale }
          ... on Project { slug title locale }
          ... on Vacancy { slug title locale }
          ... on Partner { slug title: name locale }
        }
      }
    }
  }
}"""


def search(client, q: str, headers: dict | None = None, **variables) -> dict:
    return data(client, SEARCH, {"q": q, **variables}, headers)["search"]


def hits(result: dict) -> list[tuple[str, str]]:
    return [(edge["node"]["type"], edge["node"]["node"]["slug"]) for edge in result["edges"]]


def rest_search(client, q: str, query: str = "", headers: dict | None = None) -> dict:
    return rest(client, f"/api/v1/search?q={quote(q)}&limit=100{query}", headers)


def rest_hits(body: dict) -> list[tuple[str, str]]:
    return [(item["type"], item["slug"]) for item in body["items"]]


@pytest.mark.parametrize("q", ["malmo", "Malmö", "central", "climate", "central asia", "youth", "kyrgyzstan", "osh"])
def test_search_finds_the_hits_rest_finds_in_the_same_order_with_the_same_scores(client, q):
    result = search(client, q, first=100)
    body = rest_search(client, q)
    assert hits(result) == rest_hits(body)
    assert result["totalCount"] == body["total"] > 0
    assert [edge["node"]["score"] for edge in result["edges"]] == pytest.approx(
        [item["score"] for item in body["items"]]
    )
    for edge, item in zip(result["edges"], body["items"], strict=True):
        assert edge["node"]["node"]["title"] == item["title"]
        assert edge["node"]["node"]["locale"] == item["locale"]


def test_search_hits_are_members_of_the_search_result_union(client):
    result = search(client, "malmo")
    assert set(hits(result)) == MALMO_HITS
    for edge in result["edges"]:
        assert edge["node"]["node"]["__typename"] == TYPENAMES[edge["node"]["type"]]
        assert edge["node"]["node"]["id"]


def test_a_hits_node_is_the_object_node_fetches(client):
    for edge in search(client, "malmo")["edges"]:
        hit = edge["node"]["node"]
        query = "query($id: ID!) { node(id: $id) { __typename id } }"
        assert data(client, query, {"id": hit["id"]})["node"] == {"__typename": hit["__typename"], "id": hit["id"]}


def test_the_types_argument_restricts_the_types_like_rest(client):
    result = search(client, "malmo", types=["vacancy"])
    assert set(hits(result)) == {("vacancy", "projektansvarig"), ("vacancy", "esc-volunteers-malmo-2020")}
    assert result["totalCount"] == 2
    both = search(client, "malmo", types=["post", "partner"])
    assert hits(both) == rest_hits(rest_search(client, "malmo", "&type=post&type=partner"))
    assert both["totalCount"] == 2
    assert search(client, "malmo", types=["project"]) == {
        "totalCount": 0,
        "pageInfo": {"hasNextPage": False, "endCursor": None},
        "edges": [],
    }


def test_walking_after_cursors_visits_every_hit_once_in_order(client):
    everything = hits(search(client, "central", first=100))
    assert len(everything) == 8
    seen, after, pages = [], None, 0
    while True:
        page = search(client, "central", first=3, after=after)
        assert page["totalCount"] == 8
        seen.extend(hits(page))
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
        assert after == page["edges"][-1]["cursor"]
    assert pages == 3
    assert seen == everything


def test_search_hits_can_be_read_as_nodes_without_cursors(client):
    query = '{ search(q: "malmo") { nodes { type node { ... on Vacancy { slug } } } } }'
    nodes = data(client, query)["search"]["nodes"]
    assert {node["node"]["slug"] for node in nodes if node["type"] == "vacancy"} == {
        "projektansvarig",
        "esc-volunteers-malmo-2020",
    }
    assert all(node["node"] == {} for node in nodes if node["type"] != "vacancy")


def test_search_hits_bring_their_relations(client):
    query = """{ search(q: "climate residency") { edges { node { node {
        ... on Project { slug partners { slug vacancies { slug } } themes { slug } }
    } } } } }"""
    [edge] = data(client, query)["search"]["edges"]
    project = edge["node"]["node"]
    assert project["slug"] == "climate-residency-osh"
    assert [partner["slug"] for partner in project["partners"]] == [CAG, "novi-ritm"]
    assert project["partners"][0]["vacancies"] == [{"slug": "projektansvarig"}, {"slug": "esc-volunteers-malmo-2020"}]
    assert project["themes"] == [{"slug": "youth"}, {"slug": "environment-climate"}]


@pytest.mark.parametrize(("lang", "q"), [("sv", "centralasiengrupperna"), ("ru", "мальмё"), ("ky", "солидарности")])
def test_search_follows_the_locale_fallback_like_rest(client, lang, q):
    result = search(client, q, lang=lang, first=100)
    body = rest_search(client, q, f"&lang={lang}")
    assert hits(result) == rest_hits(body)
    assert result["totalCount"] == body["total"] > 0
    assert [edge["node"]["node"]["locale"] for edge in result["edges"]] == [item["locale"] for item in body["items"]]


def test_search_honours_accept_language_like_lang(client):
    headers = {"Accept-Language": "sv"}
    result = search(client, "centralasiengrupperna", headers)
    assert hits(result) == rest_hits(rest_search(client, "centralasiengrupperna", headers=headers))
    assert ("partner", CAG) in hits(result)
    assert (
        search(client, "centralasiengrupperna")["totalCount"] == rest_search(client, "centralasiengrupperna")["total"]
    )


def test_a_hit_can_be_read_in_another_language_field_by_field(client):
    query = """{ search(q: "malmo", types: ["partner"]) { nodes { node {
        ... on Partner { name sv: name(lang: "sv") }
    } } } }"""
    [hit] = data(client, query)["search"]["nodes"]
    assert hit["node"] == {"name": "Central Asia Solidarity Groups", "sv": "Centralasiengrupperna"}


@pytest.mark.parametrize(
    ("arguments", "name", "code"),
    [
        ('q: ""', "q", "BAD_USER_INPUT"),
        ('q: "!!!"', "q", "BAD_USER_INPUT"),
        (f'q: "{"a" * 201}"', "q", "BAD_USER_INPUT"),
        ('q: "malmo", first: 0', "first", "BAD_USER_INPUT"),
        ('q: "malmo", first: 101', "first", "PAGE_SIZE_EXCEEDED"),
        ('q: "malmo", after: "forged"', "after", "BAD_USER_INPUT"),
        ('q: "malmo", types: ["theme"]', "types", "BAD_USER_INPUT"),
    ],
)
def test_invalid_arguments_are_errors_naming_the_argument(client, arguments, name, code):
    assert_bad_argument(errors(client, f"{{ search({arguments}) {{ totalCount }} }}"), name, code)


def test_search_needs_q(client):
    [error] = errors(client, "{ search { totalCount } }")
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "q" in error["message"]


def test_a_cursor_of_a_collection_is_not_a_search_cursor(client):
    cursor = data(client, "{ posts(first: 1) { pageInfo { endCursor } } }")["posts"]["pageInfo"]["endCursor"]
    found = errors(
        client, 'query($after: String) { search(q: "malmo", after: $after) { totalCount } }', {"after": cursor}
    )
    assert_bad_argument(found, "after")
