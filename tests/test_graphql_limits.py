"""Cost limits: depth, aliases and page size are refused with stable codes, at once and without touching the database;
introspection is on by default and can be switched off."""

import pytest
from graphql import get_introspection_query

from schema.limits import MAX_ALIASES, MAX_DEPTH
from tests.conftest import cpu_seconds, dispose, make_app
from tests.graphql_helpers import assert_no_traceback, data, post

# posts(1) edges(2) node(3) project(4) partners(5) projects(6) partners(7) slug(8)
AT_MAX_DEPTH = "{ posts { edges { node { project { partners { projects { partners { slug } } } } } } } }"
TOO_DEEP = "{ posts { edges { node { project { partners { projects { partners { projects { slug } } } } } } } } }"
CONNECTIONS = ["posts", "projects", "partners", "vacancies", "themes", "authors"]


def refused(client, query: str, code: str, statements: list | None = None) -> dict:
    """The query is answered at once with one coded error, no data and no SQL."""
    if statements is not None:
        statements.clear()
    response, spent = cpu_seconds(lambda: post(client, query))
    assert response.status_code == 200
    assert response.json["data"] is None
    [error] = response.json["errors"]
    assert error["extensions"]["code"] == code, error
    assert spent < 2, f"a refused query took {spent:.1f} s of CPU"
    if statements is not None:
        assert statements == []
    assert_no_traceback(response)
    return error


def test_the_limits_are_the_documented_ones():
    assert (MAX_DEPTH, MAX_ALIASES) == (8, 30)


def test_a_query_at_the_maximum_depth_runs(client):
    assert data(client, AT_MAX_DEPTH)["posts"]["edges"]


def test_a_query_deeper_than_the_maximum_is_refused_before_it_runs(client, statements):
    error = refused(client, TOO_DEEP, "QUERY_TOO_DEEP", statements)
    assert str(MAX_DEPTH) in error["message"]


def test_depth_counts_through_named_fragments(client, statements):
    query = """
        query { posts { ...Edges } }
        fragment Edges on PostConnection { edges { node { ...WithProject } } }
        fragment WithProject on Post { project { partners { ...Deep } } }
        fragment Deep on Partner { projects { partners { projects { slug } } } }
    """
    refused(client, query, "QUERY_TOO_DEEP", statements)


def test_depth_counts_through_inline_fragments_and_unions(client, statements):
    query = """{ search(q: "malmo") { edges { node { node {
        ... on Post { project { partners { projects { partners { slug } } } } }
    } } } } }"""
    refused(client, query, "QUERY_TOO_DEEP", statements)
    query = "{ posts { ... on PostConnection { edges { ... on PostEdge { node { ... on Post { slug } } } } } } }"
    assert data(client, query)["posts"]["edges"]


def test_every_operation_of_a_document_is_held_to_the_depth_limit(client, statements):
    query = """
        query Shallow { themes { totalCount } }
        query Deep { ...Everything }
        fragment Everything on Query { posts { edges { node { project { partners { projects { partners {
            projects { slug } } } } } } } } }
    """
    response = client.post("/graphql", json={"query": query, "operationName": "Shallow"})
    [error] = response.json["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_DEEP"  # documents are validated whole, as GraphQL asks


def test_a_fragment_spread_again_and_again_is_measured_at_once(client, statements):
    """Each fragment spreads the next one twice: measuring it naively takes 2^40 steps."""
    fragments = " ".join(f"fragment F{n} on Query {{ ...F{n + 1} ...F{n + 1} }}" for n in range(40))
    query = f"query {{ ...F0 }} {fragments} fragment F40 on Query {{ __typename }}"
    answer, spent = cpu_seconds(lambda: data(client, query))
    assert answer == {"__typename": "Query"}
    assert spent < 2, f"took {spent:.1f} s of CPU"


def test_a_fragment_chain_that_grows_too_deep_is_refused_at_once(client, statements):
    fragments = " ".join(
        f"fragment F{n} on Partner {{ projects {{ partners {{ ...F{n + 1} ...F{n + 1} }} }} }}" for n in range(30)
    )
    query = f"query {{ partners {{ nodes {{ ...F0 }} }} }} {fragments} fragment F30 on Partner {{ slug }}"
    refused(client, query, "QUERY_TOO_DEEP", statements)


def test_a_fragment_cycle_is_a_validation_error_not_a_hang(client, statements):
    query = """
        query { partners { nodes { ...A } } }
        fragment A on Partner { projects { partners { ...B } } }
        fragment B on Partner { projects { partners { ...A } } }
    """
    response = post(client, query)
    assert response.json["data"] is None
    assert response.json["errors"]
    assert {error["extensions"]["code"] for error in response.json["errors"]} <= {
        "GRAPHQL_VALIDATION_FAILED",
        "QUERY_TOO_DEEP",
    }
    assert statements == []


def aliased(count: int, field: str = "themes(first: 1) { totalCount }") -> str:
    return " ".join(f"a{number}: {field}" for number in range(count))


def test_as_many_aliases_as_allowed_run(client):
    result = data(client, "{ " + aliased(MAX_ALIASES) + " }")
    assert len(result) == MAX_ALIASES
    assert {value["totalCount"] for value in result.values()} == {4}


def test_one_alias_too_many_is_refused_before_it_runs(client, statements):
    error = refused(client, "{ " + aliased(MAX_ALIASES + 1) + " }", "TOO_MANY_ALIASES", statements)
    assert str(MAX_ALIASES) in error["message"]


def test_aliases_of_cheap_fields_count_too(client, statements):
    refused(client, "{ " + aliased(MAX_ALIASES + 1, "__typename") + " }", "TOO_MANY_ALIASES", statements)


def test_aliases_count_inside_nested_selections_and_fragments(client, statements):
    query = "{ posts { nodes { ...Titles } } } fragment Titles on Post { " + aliased(MAX_ALIASES + 1, "title") + " }"
    refused(client, query, "TOO_MANY_ALIASES", statements)


def test_aliases_count_each_time_their_fragment_is_spread(client, statements):
    """16 aliases written once in a fragment that two lists use are 32 aliases' worth of work."""
    query = "{ first: posts { nodes { ...Titles } } second: posts(first: 2) { nodes { ...Titles } } }"
    query += " fragment Titles on Post { " + aliased(16, "title") + " }"
    refused(client, query, "TOO_MANY_ALIASES", statements)
    assert data(client, query.replace(aliased(16, "title"), aliased(14, "title")))["second"]["nodes"]


def test_a_fragment_of_aliases_spread_exponentially_is_refused_at_once(client, statements):
    """One alias in each of 20 fragments, but each fragment spreads the next twice: 2^20 aliases once expanded."""
    chain = " ".join(f"fragment F{n} on Query {{ x{n}: __typename ...F{n + 1} ...F{n + 1} }}" for n in range(20))
    query = f"query {{ ...F0 }} {chain} fragment F20 on Query {{ __typename }}"
    refused(client, query, "TOO_MANY_ALIASES", statements)


@pytest.mark.parametrize("field", CONNECTIONS)
def test_every_list_refuses_pages_over_the_maximum_and_serves_the_maximum(client, field, statements):
    refused(client, f"{{ {field}(first: 101) {{ totalCount }} }}", "PAGE_SIZE_EXCEEDED")
    assert data(client, f"{{ {field}(first: 100) {{ totalCount }} }}")[field]["totalCount"] > 0


def test_search_refuses_pages_over_the_maximum(client):
    error = refused(client, '{ search(q: "malmo", first: 101) { totalCount } }', "PAGE_SIZE_EXCEEDED")
    assert error["extensions"]["invalid_params"][0]["name"] == "first"
    assert data(client, '{ search(q: "malmo", first: 100) { totalCount } }')["search"]["totalCount"] == 4


def test_the_page_size_limit_holds_for_variables_too(client):
    response = post(client, "query($n: Int!) { posts(first: $n) { totalCount } }", {"n": 10_000})
    [error] = response.json["errors"]
    assert error["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"


def test_limit_errors_are_400_under_graphql_response_json(client):
    for query in (TOO_DEEP, "{ " + aliased(MAX_ALIASES + 1) + " }"):
        response = client.post(
            "/graphql", json={"query": query}, headers={"Accept": "application/graphql-response+json"}
        )
        assert response.status_code == 400
        assert response.mimetype == "application/graphql-response+json"


def test_introspection_works_by_default_whatever_its_depth(client):
    result = data(client, get_introspection_query(descriptions=True))
    types = {item["name"] for item in result["__schema"]["types"]}
    assert {"Post", "Project", "Partner", "Vacancy", "Theme", "Author", "SearchResult", "Node"} <= types
    assert result["__schema"]["queryType"]["name"] == "Query"
    assert data(client, '{ __type(name: "Post") { name kind } }') == {"__type": {"name": "Post", "kind": "OBJECT"}}


@pytest.fixture
def closed_client(database_url):
    app = make_app(database_url, GRAPHQL_INTROSPECTION=False)
    yield app.test_client()
    dispose(app)


@pytest.mark.parametrize(
    "query", ["{ __schema { queryType { name } } }", '{ __type(name: "Post") { name } }', get_introspection_query()]
)
def test_introspection_can_be_switched_off(closed_client, query):
    response = post(closed_client, query)
    assert response.status_code == 200
    assert response.json["data"] is None
    assert response.json["errors"]
    assert {error["extensions"]["code"] for error in response.json["errors"]} == {"GRAPHQL_VALIDATION_FAILED"}
    assert "introspection" in response.json["errors"][0]["message"].lower()


def test_with_introspection_off_queries_and_typenames_still_work(closed_client):
    assert data(closed_client, "{ __typename themes(first: 1) { nodes { __typename slug } } }") == {
        "__typename": "Query",
        "themes": {"nodes": [{"__typename": "Theme", "slug": "human-rights"}]},
    }


def test_with_introspection_off_the_limits_still_hold(closed_client):
    assert post(closed_client, TOO_DEEP).json["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"


def test_with_introspection_off_the_sdl_is_not_published_either(closed_client, client):
    assert closed_client.get("/schema.graphql").status_code == 404
    assert client.get("/schema.graphql").status_code == 200
