"""GraphQL over HTTP: POST and GET, media types and status codes, malformed requests, caching, no tracebacks."""

import json

import pytest

from tests.editing_helpers import token
from tests.graphql_helpers import assert_no_traceback, data, post

GRAPHQL_RESPONSE = "application/graphql-response+json"
THEMES = "{ themes { totalCount } }"
SYNTAX_ERROR = "{ themes { totalCount "
UNKNOWN_FIELD = "{ themes { weight } }"


def test_post_with_application_json_answers_application_json(client):
    response = post(client, THEMES)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.json == {"data": {"themes": {"totalCount": 4}}}


def test_post_with_variables_and_an_operation_name(client):
    body = {
        "query": "query A { themes { totalCount } } query B($slug: String!) { theme(slug: $slug) { slug } }",
        "variables": {"slug": "youth"},
        "operationName": "B",
    }
    response = client.post("/graphql", json=body)
    assert response.status_code == 200
    assert response.json == {"data": {"theme": {"slug": "youth"}}}


def test_a_charset_in_the_content_type_is_accepted(client):
    response = client.post(
        "/graphql", data=json.dumps({"query": THEMES}), content_type="application/json; charset=utf-8"
    )
    assert response.status_code == 200
    assert response.json == {"data": {"themes": {"totalCount": 4}}}


def test_get_runs_queries_from_the_query_string(client):
    response = client.get("/graphql", query_string={"query": THEMES})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.json == {"data": {"themes": {"totalCount": 4}}}


def test_get_takes_variables_and_an_operation_name_as_json_in_the_query_string(client):
    query_string = {
        "query": "query A { themes { totalCount } } query B($slug: String!) { theme(slug: $slug) { slug } }",
        "variables": json.dumps({"slug": "gender-lgbtq"}),
        "operationName": "B",
    }
    response = client.get("/graphql", query_string=query_string)
    assert response.status_code == 200
    assert response.json == {"data": {"theme": {"slug": "gender-lgbtq"}}}


def test_get_answers_are_cacheable_with_an_etag_and_vary_on_the_language(client):
    headers = {"Accept-Language": "sv"}
    response = client.get("/graphql", query_string={"query": '{ theme(slug: "youth") { name } }'}, headers=headers)
    assert response.status_code == 200
    assert response.json == {"data": {"theme": {"name": "Ungdomsfrågor"}}}
    assert response.headers["Content-Language"] == "sv"
    assert {"Accept-Language", "Accept"} <= set(response.vary)  # GraphiQL or JSON by Accept
    assert response.headers["ETag"]
    again = client.get(
        "/graphql",
        query_string={"query": '{ theme(slug: "youth") { name } }'},
        headers={**headers, "If-None-Match": response.headers["ETag"]},
    )
    assert again.status_code == 304
    assert again.get_data() == b""


CREATE_PEACE = (
    'mutation M { createTheme(input: {originalLocale: "en", translations: [{locale: "en", name: "Peace"}]}) { slug } }'
)


def test_a_valid_mutation_over_get_is_refused_and_changes_nothing(client, runner):
    """GET is safe: a mutation an editor could run over POST is refused outright, before it runs."""
    editor = token(runner, "editor")
    response = client.get("/graphql", query_string={"query": CREATE_PEACE}, headers=editor)
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert response.json["status"] == 400
    assert "GET" in response.json["detail"]
    assert_no_traceback(response)
    assert client.get("/api/v1/themes/peace", headers=editor).status_code == 404
    assert data(client, CREATE_PEACE, headers=editor) == {"createTheme": {"slug": "peace"}}  # the same, over POST


def test_a_mutation_over_get_is_refused_even_when_the_query_string_names_it_as_the_operation(client, runner):
    editor = token(runner, "editor")
    query_string = {"query": "query Q { themes { totalCount } } " + CREATE_PEACE, "operationName": "M"}
    response = client.get("/graphql", query_string=query_string, headers=editor)
    assert (response.status_code, response.mimetype) == (400, "application/problem+json")
    assert_no_traceback(response)
    assert client.get("/api/v1/themes/peace", headers=editor).status_code == 404


def test_a_subscription_is_refused_never_a_server_error(client):
    response = post(client, "subscription { x }")
    assert response.status_code == 200
    assert response.json["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


@pytest.mark.parametrize(
    "accept",
    [GRAPHQL_RESPONSE, f"{GRAPHQL_RESPONSE}, application/json;q=0.9", f"application/json;q=0.5, {GRAPHQL_RESPONSE}"],
)
def test_asking_for_graphql_response_json_gets_it(client, accept):
    response = client.post("/graphql", json={"query": THEMES}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == GRAPHQL_RESPONSE
    assert response.json == {"data": {"themes": {"totalCount": 4}}}


@pytest.mark.parametrize("accept", [None, "*/*", "application/json", f"application/json, {GRAPHQL_RESPONSE};q=0.5"])
def test_otherwise_the_answer_is_application_json(client, accept):
    headers = {"Accept": accept} if accept else {}
    response = client.post("/graphql", json={"query": THEMES}, headers=headers)
    assert response.status_code == 200
    assert response.mimetype == "application/json"


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        (SYNTAX_ERROR, None, "GRAPHQL_PARSE_FAILED"),
        (UNKNOWN_FIELD, None, "GRAPHQL_VALIDATION_FAILED"),
        ("query($slug: String!) { theme(slug: $slug) { slug } }", {}, "BAD_USER_INPUT"),
        ("query($n: Int!) { themes(first: $n) { totalCount } }", {"n": "many"}, "BAD_USER_INPUT"),
        ("mutation { x }", None, "GRAPHQL_VALIDATION_FAILED"),
    ],
)
def test_parse_and_validation_errors_are_400_under_graphql_response_json_and_200_under_json(
    client, query, variables, code
):
    body = {"query": query, "variables": variables}
    strict = client.post("/graphql", json=body, headers={"Accept": GRAPHQL_RESPONSE})
    assert strict.status_code == 400
    assert strict.mimetype == GRAPHQL_RESPONSE
    assert strict.json.get("data") is None
    assert strict.json["errors"][0]["extensions"]["code"] == code
    legacy = client.post("/graphql", json=body, headers={"Accept": "application/json"})
    assert legacy.status_code == 200
    assert legacy.mimetype == "application/json"
    assert legacy.json["errors"] == strict.json["errors"]
    for response in (strict, legacy):
        assert_no_traceback(response)


def test_an_error_while_executing_is_a_200_under_graphql_response_json(client):
    """A field error is part of a well-formed response: the request itself was fine (GraphQL over HTTP §7)."""
    response = client.post(
        "/graphql", json={"query": "{ themes(first: 101) { totalCount } }"}, headers={"Accept": GRAPHQL_RESPONSE}
    )
    assert response.status_code == 200
    assert response.mimetype == GRAPHQL_RESPONSE
    assert response.json["errors"][0]["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"
    assert response.json["errors"][0]["path"] == ["themes"]


def test_a_syntax_error_says_where_it_is(client):
    [error] = post(client, SYNTAX_ERROR).json["errors"]
    assert error["message"].startswith("Syntax Error")
    assert error["locations"] == [{"line": 1, "column": 23}]


def test_a_variable_of_the_wrong_type_is_bad_user_input_not_a_server_error(client):
    response = post(
        client, "query($when: DateTime) { posts(filter: {publishedAfter: $when}) { totalCount } }", {"when": "soon"}
    )
    assert response.status_code == 200
    [error] = response.json["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "$when" in error["message"]
    assert_no_traceback(response)


def assert_problem(response, status: int | None = None) -> None:
    assert 400 <= response.status_code < 500, response.get_data(as_text=True)
    if status:
        assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    problem = response.json
    assert problem["status"] == response.status_code
    assert problem["title"]
    assert problem["detail"]
    assert_no_traceback(response)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", "application/json"),
        ('{"query": "{ themes { totalCount } }"', "application/json"),
        ("", "application/json"),
        ("null", "application/json"),
        ('"{ themes { totalCount } }"', "application/json"),
        ("42", "application/json"),
        ("[]", "application/json"),
        ('[{"query": "{ themes { totalCount } }"}]', "application/json"),
        ("{}", "application/json"),
        ('{"query": null}', "application/json"),
        ('{"query": 42}', "application/json"),
        ('{"query": ["{ themes { totalCount } }"]}', "application/json"),
        ('{"query": "{ themes { totalCount } }", "variables": "slug"}', "application/json"),
        ('{"query": "{ themes { totalCount } }", "variables": [1]}', "application/json"),
        ('{"query": "{ themes { totalCount } }", "extensions": 1}', "application/json"),
        ('{"query": "{ themes { totalCount } }", "operationName": "Missing"}', "application/json"),
        (b"\xff\xfe{}", "application/json"),
        ("query=%7B+themes+%7B+totalCount+%7D+%7D", "application/x-www-form-urlencoded"),
        ("{ themes { totalCount } }", "application/graphql"),
        ("{ themes { totalCount } }", "text/plain"),
        ('{"query": "{ themes { totalCount } }"}', None),
    ],
)
def test_malformed_requests_are_4xx_problems(client, body, content_type):
    kwargs = {"content_type": content_type} if content_type else {}
    assert_problem(client.post("/graphql", data=body, **kwargs))


@pytest.mark.parametrize(
    "query_string",
    [
        {},
        {"query": ""},
        {"query": THEMES, "variables": "{not json"},
        {"query": THEMES, "variables": "[1, 2]"},
        {"query": THEMES, "extensions": "nope"},
    ],
)
def test_malformed_get_requests_are_4xx_problems(client, query_string):
    assert_problem(client.get("/graphql", query_string=query_string, headers={"Accept": "application/json"}))


def test_a_missing_query_is_a_400_problem(client):
    assert_problem(client.post("/graphql", json={"variables": {}}), 400)
    assert "query" in client.post("/graphql", json={}).json["detail"].lower()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_405_problems(client, method):
    response = getattr(client, method)("/graphql", json={"query": THEMES})
    assert_problem(response, 405)


def test_problems_are_translated_into_the_request_language(client):
    response = client.post(
        "/graphql", data="{not json", content_type="application/json", headers={"Accept-Language": "sv"}
    )
    assert_problem(response, 400)
    english = client.post("/graphql", data="{not json", content_type="application/json")
    assert response.json["title"] != english.json["title"]


@pytest.mark.parametrize(
    ("accept_language", "message", "reason"),
    [
        ("sv", "Parametern ”first” är ogiltig: Måste vara mellan 1 och 100.", "Måste vara mellan 1 och 100."),
        (
            "sv-SE, en;q=0.5",
            "Parametern ”first” är ogiltig: Måste vara mellan 1 och 100.",
            "Måste vara mellan 1 och 100.",
        ),
        ("ru", "Параметр «first» недопустим: Значение должно быть от 1 до 100.", "Значение должно быть от 1 до 100."),
        ("en", "The parameter “first” is invalid: Must be between 1 and 100.", "Must be between 1 and 100."),
    ],
)
def test_a_page_size_error_is_translated(client, accept_language, message, reason):
    response = post(client, "{ posts(first: 101) { totalCount } }", headers={"Accept-Language": accept_language})
    [error] = response.json["errors"]
    assert error["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"
    assert error["message"] == message
    assert error["extensions"]["invalid_params"] == [{"name": "first", "reason": reason}]


def test_a_page_size_error_follows_the_lang_argument_of_the_request_not_of_the_list(client):
    """Messages follow the request's locale (Accept-Language or ?lang=); a list's `lang` picks content only."""
    response = post(client, '{ posts(first: 101, lang: "sv") { totalCount } }')
    assert response.json["errors"][0]["message"].startswith("The parameter “first”")
    response = client.post("/graphql?lang=sv", json={"query": "{ posts(first: 101) { totalCount } }"})
    assert response.json["errors"][0]["message"].startswith("Parametern ”first”")


def test_a_too_small_page_is_explained_in_swedish(client):
    response = post(client, "{ posts(first: 0) { totalCount } }", headers={"Accept-Language": "sv"})
    [error] = response.json["errors"]
    assert error["extensions"]["invalid_params"] == [{"name": "first", "reason": "Måste vara mellan 1 och 100."}]
    assert error["message"] == "Ogiltiga parametrar: “first”."


def test_a_bad_cursor_is_explained_in_swedish(client):
    response = post(client, '{ posts(after: "forged") { totalCount } }', headers={"Accept-Language": "sv"})
    [error] = response.json["errors"]
    assert error["extensions"]["invalid_params"] == [
        {"name": "after", "reason": "Markören har inte utfärdats av detta API."}
    ]


@pytest.mark.server_errors
def test_an_unexpected_failure_is_masked_and_leaks_nothing(client, monkeypatch, caplog):
    from api.queries import listing

    def explode(*_args, **_kwargs):
        raise RuntimeError("connection string postgres://secret@db")

    monkeypatch.setattr(listing, "build", explode)
    response = post(client, "{ themes { totalCount } posts { totalCount } }")
    assert response.status_code == 200
    assert response.json["data"] is None
    assert {error["extensions"]["code"] for error in response.json["errors"]} == {"INTERNAL_SERVER_ERROR"}
    text = response.get_data(as_text=True)
    assert "secret" not in text and "RuntimeError" not in text
    assert_no_traceback(response)
    assert "unhandled error in a resolver" in caplog.text  # the operator gets the traceback in the log


@pytest.mark.server_errors
def test_an_unexpected_failure_is_masked_in_swedish_too(client, monkeypatch):
    from api.queries import listing

    monkeypatch.setattr(listing, "build", lambda *_args, **_kwargs: 1 / 0)
    response = post(client, "{ themes { totalCount } }", headers={"Accept-Language": "sv"})
    [error] = response.json["errors"]
    assert error["message"] == "Servern kunde inte slutföra begäran. Felet har loggats."
    assert_no_traceback(response)


def test_graphql_is_open_to_any_origin(client):
    response = client.post("/graphql", json={"query": THEMES}, headers={"Origin": "https://novi-ritm.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/graphql",
        headers={
            "Origin": "https://novi-ritm.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code < 400
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"


def test_accept_language_sets_the_locale_of_a_whole_post_request(client):
    query = '{ theme(slug: "youth") { name locale requestedLocale } themes(first: 1) { nodes { name } } }'
    assert data(client, query, headers={"Accept-Language": "ru"}) == {
        "theme": {"name": "Молодёжь", "locale": "ru", "requestedLocale": "ru"},
        "themes": {"nodes": [{"name": "Права человека"}]},
    }


@pytest.mark.parametrize("content_type", ["text/plain", "application/graphql", "application/x-www-form-urlencoded"])
def test_a_body_in_another_media_type_is_a_415(client, content_type):
    response = client.post("/graphql", data="{ themes { totalCount } }", content_type=content_type)
    assert response.status_code == 415
    assert response.mimetype == "application/problem+json"
    assert response.json["detail"] == "Send GraphQL requests as application/json."


def test_several_operations_without_an_operation_name_is_a_request_error(client):
    document = "query A { themes { totalCount } } query B { posts { totalCount } }"
    response = client.post("/graphql", json={"query": document}, headers={"Accept": GRAPHQL_RESPONSE})
    assert response.status_code == 400
    assert response.json["data"] is None
    assert response.json["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    named = client.post("/graphql", json={"query": document, "operationName": "B"})
    assert named.json == {"data": {"posts": {"totalCount": 5}}}


def test_each_media_type_has_a_validator_of_its_own(client):
    url = "/graphql?query=%7B__typename%7D"
    plain = client.get(url, headers={"Accept": "application/json"})
    newer = client.get(url, headers={"Accept": GRAPHQL_RESPONSE, "If-None-Match": plain.headers["ETag"]})
    assert newer.status_code == 200 and newer.mimetype == GRAPHQL_RESPONSE
