"""GraphQL mutations: the REST write API through /graphql, with the same rules, messages and permissions."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.editing_helpers import token
from tests.graphql_helpers import assert_bad_argument, data, errors, post

CREATE_POST = """
mutation Create($input: PostInput!) {
  createPost(input: $input) { slug version publicationStatus title locale themes { slug } partners { slug }
                              history { createdBy { name } } }
}"""
NEW_POST = {
    "kind": "NEWS",
    "originalLocale": "sv",
    "themes": ["youth"],
    "countries": ["KG"],
    "partners": ["novi-ritm"],
    "translations": [{"locale": "sv", "title": "Ungdomsutbyte i Osh", "body": "<p onclick='x()'>Hej</p>"}],
}
UPDATE_POST = """
mutation Update($slug: String!, $version: Int!, $input: PostInput!) {
  updatePost(slug: $slug, expectedVersion: $version, input: $input) { slug version sensitive videoUrl }
}"""
PUBLISH_POST = """
mutation Publish($slug: String!, $version: Int!, $at: DateTime) {
  publishPost(slug: $slug, expectedVersion: $version, publishedAt: $at) { version publicationStatus publishedAt }
}"""


@pytest.fixture
def editor(runner):
    return token(runner, "editor")


def create_post(client, headers, new=NEW_POST) -> dict:
    return data(client, CREATE_POST, {"input": new}, headers)["createPost"]


def test_an_editor_creates_a_draft_that_the_public_does_not_see(client, editor):
    created = create_post(client, editor)
    assert created["slug"] == "ungdomsutbyte-i-osh"
    assert (created["publicationStatus"], created["locale"], created["version"]) == ("DRAFT", "sv", 1)
    assert created["history"] == {"createdBy": {"name": "editor"}}
    assert [theme["slug"] for theme in created["themes"]] == ["youth"]
    query = '{ post(slug: "ungdomsutbyte-i-osh") { slug body } }'
    assert data(client, query)["post"] is None
    assert data(client, query, headers=editor)["post"]["body"] == "<p>Hej</p>"


def test_publishing_and_scheduling_follow_the_expected_version(client, editor):
    created = create_post(client, editor)
    later = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    variables = {"slug": created["slug"], "version": created["version"], "at": later}
    scheduled = data(client, PUBLISH_POST, variables, editor)["publishPost"]
    assert scheduled["publicationStatus"] == "SCHEDULED"
    stale = errors(client, PUBLISH_POST, {**variables, "at": None}, editor)
    assert stale[0]["extensions"]["code"] == "STALE_VERSION"
    published = data(client, PUBLISH_POST, {**variables, "version": scheduled["version"], "at": None}, editor)
    assert published["publishPost"]["publicationStatus"] == "PUBLISHED"
    assert client.get("/api/v1/posts/ungdomsutbyte-i-osh").status_code == 200


def test_a_stale_update_changes_nothing(client, editor):
    created = create_post(client, editor)
    variables = {"slug": created["slug"], "version": created["version"], "input": {"sensitive": True}}
    assert data(client, UPDATE_POST, variables, editor)["updatePost"]["sensitive"] is True
    stale = errors(client, UPDATE_POST, {**variables, "input": {"videoUrl": "https://v.example/1"}}, editor)
    assert stale[0]["extensions"]["code"] == "STALE_VERSION"
    assert data(client, '{ post(slug: "ungdomsutbyte-i-osh") { videoUrl } }', headers=editor)["post"] == {
        "videoUrl": None
    }


@pytest.mark.parametrize(
    ("change", "name"),
    [
        ({"originalLocale": "xx"}, "originalLocale"),
        ({"themes": ["no-such-theme"]}, "themes"),
        ({"countries": ["XX"]}, "countries.0"),
        ({"videoUrl": "javascript:alert(1)"}, "videoUrl"),
        ({"translations": [{"locale": "en", "title": "Only English"}]}, "translations"),
    ],
)
def test_invalid_input_is_refused_with_the_field_named(client, editor, change, name):
    found = errors(client, CREATE_POST, {"input": {**NEW_POST, **change}}, editor)
    assert_bad_argument(found, name)
    assert client.get("/api/v1/posts", headers=editor).json["total"] == 5  # nothing half-written


@pytest.mark.parametrize(
    ("change", "name"),
    [
        ({"translations": [{"locale": "sv", "title": ""}]}, "translations.sv.title"),
        ({"translations": [{"locale": "sv", "title": "Hej", "imageAlt": "x" * 301}]}, "translations.sv.imageAlt"),
        ({"translations": [*NEW_POST["translations"], {"locale": "en_GB", "title": "Hi"}]}, "translations.en_GB"),
        ({"featuredImage": {"url": "javascript:alert(1)"}}, "featuredImage.url"),
        ({"countries": ["KG", "XX"]}, "countries.1"),
    ],
)
def test_a_nested_field_at_fault_is_named_by_its_camel_case_path_and_a_locale_as_given(client, editor, change, name):
    [error] = errors(client, CREATE_POST, {"input": {**NEW_POST, **change}}, editor)
    assert_bad_argument([error], name)
    assert f"“{name}”" in error["message"]


def test_messages_are_the_rest_messages_translated(client, editor):
    headers = {**editor, "Accept-Language": "ru"}
    [error] = errors(client, CREATE_POST, {"input": {**NEW_POST, "countries": ["XX"]}}, headers)
    assert error["extensions"]["invalid_params"][0]["reason"] == "Некорректный код страны ISO 3166-1 alpha-2."


def test_no_token_is_unauthenticated_and_the_wrong_partner_forbidden(client, runner):
    [anonymous] = errors(client, CREATE_POST, {"input": NEW_POST})
    assert anonymous["extensions"]["code"] == "UNAUTHENTICATED"
    kobiety = token(runner, "partner", "kobiety")
    variables = {"slug": "maria-from-journalist-to-ngo", "version": 1, "input": {"sensitive": True}}
    [refused] = errors(client, UPDATE_POST, variables, kobiety)
    assert refused["extensions"]["code"] == "FORBIDDEN"
    mine = create_post(client, kobiety, {**NEW_POST, "partners": []})
    assert [partner["slug"] for partner in mine["partners"]] == ["kobiety"]


def test_translations_are_set_and_removed_but_not_the_original(client, editor):
    created = create_post(client, editor)
    set_text = """mutation($v: Int!) { setPostTranslation(slug: "ungdomsutbyte-i-osh", expectedVersion: $v,
                  input: {locale: "ru", title: "Молодёжный обмен"}) { version availableLocales title(lang: "ru") } }"""
    translated = data(client, set_text, {"v": created["version"]}, editor)["setPostTranslation"]
    assert translated["availableLocales"] == ["ru", "sv"]
    assert translated["title"] == "Молодёжный обмен"
    remove = """mutation($v: Int!, $l: String!) {
                  removePostTranslation(slug: "ungdomsutbyte-i-osh", expectedVersion: $v, locale: $l) { version } }"""
    [original] = errors(client, remove, {"v": translated["version"], "l": "sv"}, editor)
    assert original["extensions"]["code"] == "CONFLICT"
    assert data(client, remove, {"v": translated["version"], "l": "ru"}, editor)["removePostTranslation"]


def test_a_failed_mutation_does_not_leak_into_the_next_one_in_the_same_request(client, editor):
    document = """mutation {
      bad: updatePost(slug: "maria-from-journalist-to-ngo", expectedVersion: 1,
                      input: {slug: "renamed", themes: ["nope"]}) { slug }
      good: createTheme(input: {originalLocale: "en", translations: [{locale: "en", name: "Peace"}]}) { slug }
    }"""
    response = post(client, document, headers=editor)
    assert response.json["data"] == {"bad": None, "good": {"slug": "peace"}}
    assert client.get("/api/v1/posts/maria-from-journalist-to-ngo").json["version"] == 1
    assert client.get("/api/v1/posts/renamed", headers=editor).status_code == 404


def test_taxonomy_is_deleted_only_when_unused(client, editor):
    youth = data(client, '{ theme(slug: "youth") { version } }')["theme"]
    delete = "mutation($s: String!, $v: Int!) { deleteTheme(slug: $s, expectedVersion: $v) { id slug } }"
    [in_use] = errors(client, delete, {"s": "youth", "v": youth["version"]}, editor)
    assert in_use["extensions"]["code"] == "CONFLICT"
    create = 'mutation { createTheme(input: {originalLocale: "en", translations: [{locale: "en", name: "Peace"}]}) '
    peace = data(client, create + "{ slug version } }", headers=editor)["createTheme"]
    deleted = data(client, delete, {"s": "peace", "v": peace["version"]}, editor)["deleteTheme"]
    assert deleted["slug"] == "peace"
    assert data(client, '{ theme(slug: "peace") { slug } }')["theme"] is None


def test_a_vacancy_and_a_preview_link(client, runner):
    novi_ritm = token(runner, "partner", "novi-ritm")
    create = """mutation($input: VacancyInput!) { createVacancy(input: $input) {
                  slug host { slug } deadline deadlineLocal eligibility { minAge maxAge } } }"""
    new = {
        "kind": "VOLUNTEER",
        "originalLocale": "en",
        "deadline": "2031-01-25T23:59:00",
        "eligibility": {"minAge": 18, "maxAge": 30},
        "translations": [{"locale": "en", "title": "Volunteers in Osh"}],
    }
    vacancy = data(client, create, {"input": new}, novi_ritm)["createVacancy"]
    assert vacancy["host"] == {"slug": "novi-ritm"}
    assert vacancy["deadlineLocal"] == "2031-01-25T23:59:00+01:00"
    assert vacancy["eligibility"] == {"minAge": 18, "maxAge": 30}
    link = data(client, 'mutation { previewVacancy(slug: "volunteers-in-osh") { url key } }', headers=novi_ritm)
    assert client.get(link["previewVacancy"]["url"]).json["slug"] == "volunteers-in-osh"
    [age] = errors(client, create, {"input": {**new, "eligibility": {"minAge": 30, "maxAge": 18}}}, novi_ritm)
    assert age["extensions"]["invalid_params"][0]["name"] == "eligibility.maxAge"


def test_mutations_are_refused_over_get_and_from_other_origins(client, editor):
    document = 'mutation { createTheme(input: {originalLocale: "en", translations: [{locale: "en", name: "X"}]}) '
    response = client.get("/graphql", query_string={"query": document + "{ slug } }"}, headers=editor)
    assert response.status_code in (400, 405)
    [foreign] = errors(client, document + "{ slug } }", headers={**editor, "Origin": "https://evil.example"})
    assert foreign["extensions"]["code"] == "FORBIDDEN"
    assert client.get("/api/v1/themes/x").status_code == 404


def test_mutation_writes_are_rate_limited(databases):
    from tests.conftest import dispose, make_app

    url = databases.create()
    app = make_app(url, RATE_LIMIT_WRITES="2/minute")
    client = app.test_client()
    headers = token(app.test_cli_runner(), "editor")
    document = """mutation($n: String!) {
      createTheme(input: {originalLocale: "en", translations: [{locale: "en", name: $n}]}) { slug } }"""
    answers = [post(client, document, {"n": name}, headers) for name in ("One", "Two", "Three")]
    assert [(answer.status_code, "errors" in answer.json) for answer in answers[:2]] == [(200, False)] * 2
    # The budget spent, the next request of mutations is refused before it runs (tests/test_rate_limits.py).
    assert (answers[2].status_code, answers[2].json["type"]) == (429, "/problems/rate-limited")
    dispose(app)
    databases.drop(url)
