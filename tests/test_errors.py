"""Every error is RFC 9457 problem+json, names the parameter at fault, and speaks the request's language."""

import pytest

PROBLEM = "application/problem+json"


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response.mimetype == PROBLEM
    body = response.json
    assert {"type", "title", "status"} <= body.keys()
    assert body["status"] == status
    assert "Traceback" not in response.get_data(as_text=True)
    return body


def invalid_names(body: dict) -> list[str]:
    return [param["name"] for param in body["invalid_params"]]


@pytest.mark.parametrize("limit", ["0", "-1", "101", "10000", "abc", "1.5", ""])
def test_a_bad_limit_is_a_400_naming_limit(client, limit):
    body = assert_problem(client.get(f"/api/v1/posts?limit={limit}"), 400)
    assert invalid_names(body) == ["limit"]
    assert "limit" in body["detail"]


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/posts?cursor=forged", "cursor"),
        ("/api/v1/posts?sort=colour", "sort"),
        ("/api/v1/posts?theme=no-such-theme", "theme"),
        ("/api/v1/posts?partner=no-such-partner", "partner"),
        ("/api/v1/posts?country=XX", "country"),
        ("/api/v1/posts?kind=poem", "kind"),
        ("/api/v1/posts?published_after=yesterday", "published_after"),
        ("/api/v1/projects?status=abandoned", "status"),
        ("/api/v1/vacancies?status=maybe", "status"),
        ("/api/v1/posts?sort=relevance", "sort"),
        ("/api/v1/posts?colour=red", "colour"),
        ("/api/v1/search", "q"),
        ("/api/v1/search?q=climate&type=poem", "type"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, url, parameter):
    body = assert_problem(client.get(url), 400)
    assert parameter in invalid_names(body)
    assert body["type"] == "/problems/invalid-parameter"


def test_an_edited_cursor_is_refused(client):
    cursor = client.get("/api/v1/posts?limit=1").json["next_cursor"]
    tampered = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")
    body = assert_problem(client.get(f"/api/v1/posts?limit=1&cursor={tampered}"), 400)
    assert invalid_names(body) == ["cursor"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/posts/no-such-post",
        "/api/v1/projects/no-such-project",
        "/api/v1/partners/no-such-partner",
        "/api/v1/vacancies/no-such-vacancy",
        "/api/v1/themes/no-such-theme",
        "/api/v1/authors/no-such-author",
        "/api/v1/nothing-here",
    ],
)
def test_an_unknown_slug_or_path_is_a_404(client, url):
    assert_problem(client.get(url), 404)


def test_an_unknown_slug_says_which(client):
    body = assert_problem(client.get("/api/v1/posts/no-such-post"), 404)
    assert body["detail"] == "No post has the slug “no-such-post”."


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("put", "/api/v1/posts"),
        ("patch", "/api/v1/posts"),
        ("delete", "/api/v1/posts"),
        ("put", "/api/v1/themes"),
        ("post", "/api/v1/themes/youth"),
    ],
)
def test_a_wrong_method_is_a_405_with_allow(client, method, url):
    response = getattr(client, method)(url)
    assert_problem(response, 405)
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "HEAD"}


@pytest.mark.parametrize(
    ("language", "title", "reason"),
    [
        ("sv", "Felaktig begäran", "Måste vara mellan 1 och 100."),
        ("ru", "Некорректный запрос", "Значение должно быть от 1 до 100."),
        ("en", "Bad request", "Must be between 1 and 100."),
    ],
)
def test_errors_are_translated_into_the_request_locale(client, language, title, reason):
    body = assert_problem(client.get("/api/v1/posts?limit=0", headers={"Accept-Language": language}), 400)
    assert body["title"] == title
    assert body["invalid_params"] == [{"name": "limit", "reason": reason}]


def test_not_found_is_translated(client):
    body = assert_problem(client.get("/api/v1/vacancies/nope?lang=sv"), 404)
    assert body["title"] == "Hittades inte"
    assert body["detail"] == "Ingen ledig tjänst har sluggen ”nope”."
    body = assert_problem(client.get("/api/v1/vacancies/nope?lang=ru"), 404)
    assert body["detail"] == "Вакансия с идентификатором «nope» не найдена."


def test_unknown_parameter_reason_is_translated(client):
    body = assert_problem(client.get("/api/v1/posts?colour=red&lang=sv"), 400)
    assert body["invalid_params"] == [{"name": "colour", "reason": "Okänd parameter."}]


@pytest.mark.server_errors
def test_an_unexpected_failure_is_a_500_problem_without_traceback(app, client, monkeypatch):
    from api.resources import posts

    def explode(*_args, **_kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(posts, "collection", explode)
    response = client.get("/api/v1/posts")
    body = assert_problem(response, 500)
    assert "secret internals" not in response.get_data(as_text=True)
    assert body["title"] == "Internal server error"
