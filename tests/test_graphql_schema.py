"""The exported SDL: committed schema.graphql equals the live schema, the CLI writes it, /schema.graphql serves it;
GraphiQL for browsers."""

import base64
import hashlib
import re
from pathlib import Path

from graphql import build_schema

from schema.view import schema_sdl

COMMITTED = Path(__file__).resolve().parent.parent / "schema.graphql"


def live_sdl(app) -> str:
    with app.app_context():
        return schema_sdl()


def test_the_committed_schema_is_the_live_schema(app):
    """When this fails, run `flask --app wsgi graphql export` and commit schema.graphql."""
    assert COMMITTED.read_text(encoding="utf-8") == live_sdl(app)


def test_the_committed_schema_is_valid_sdl_with_every_public_type(app):
    schema = build_schema(COMMITTED.read_text(encoding="utf-8"))
    for name in ("Post", "Project", "Partner", "Vacancy", "Theme", "Author", "Country", "SearchHit", "PageInfo"):
        assert name in schema.type_map
    query = schema.query_type.fields
    for field in ("posts", "post", "projects", "project", "partners", "partner", "vacancies", "vacancy"):
        assert field in query
    for field in ("themes", "theme", "authors", "author", "search", "node"):
        assert field in query
    assert {member.name for member in schema.type_map["SearchResult"].types} == {
        "Post",
        "Project",
        "Vacancy",
        "Partner",
    }
    node_types = {"Post", "Project", "Partner", "Vacancy", "Theme", "Author"}
    assert {type_.name for type_ in schema.get_implementations(schema.type_map["Node"]).objects} == node_types
    mutations = schema.mutation_type.fields
    for type_name in ("Post", "Project", "Vacancy", "Partner", "Theme", "Author"):
        for action in ("create", "update", "delete", "set{}Translation", "remove{}Translation"):
            name = action.format(type_name) if "{}" in action else f"{action}{type_name}"
            assert name in mutations, name
    for type_name in ("Post", "Project", "Vacancy"):
        for action in ("publish", "unpublish", "preview"):
            assert f"{action}{type_name}" in mutations


def test_the_export_command_writes_the_live_schema(app, runner, tmp_path):
    target = tmp_path / "exported.graphql"
    result = runner.invoke(args=["graphql", "export", str(target)])
    assert result.exit_code == 0, result.output
    assert str(target) in result.output
    assert target.read_text(encoding="utf-8") == live_sdl(app) == COMMITTED.read_text(encoding="utf-8")


def test_the_export_command_writes_schema_graphql_by_default(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(args=["graphql", "export"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "schema.graphql").read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8")


def test_the_sdl_is_served_at_schema_graphql(client):
    response = client.get("/schema.graphql")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.mimetype_params.get("charset") == "utf-8"
    assert response.get_data(as_text=True) == COMMITTED.read_text(encoding="utf-8")


def test_the_sdl_answers_conditional_requests(client):
    etag = client.get("/schema.graphql").headers["ETag"]
    assert client.get("/schema.graphql", headers={"If-None-Match": etag}).status_code == 304


def test_graphiql_is_served_to_a_browser(client):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/graphql", headers={"Accept": browser})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "graphiql" in page.lower()
    assert "<html" in page.lower()


def test_graphiql_is_not_served_to_an_api_client(client):
    response = client.get("/graphql", headers={"Accept": "application/json"})
    assert response.mimetype != "text/html"
    assert 400 <= response.status_code < 500


def test_a_browser_get_with_a_query_opens_graphiql_with_it(client):
    response = client.get(
        "/graphql", query_string={"query": "{ themes { totalCount } }"}, headers={"Accept": "text/html"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/graphql?q=%7B%20themes%20%7B%20totalCount%20%7D%20%7D"


def test_graphiql_loads_nothing_from_other_hosts_and_every_file_matches_its_integrity_hash(client):
    page = client.get("/graphql", headers={"Accept": "text/html"}).get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="(/graphiql/[^"]+)"\s+integrity="(sha384-[^"]+)"', page)
    assert len(assets) == 7
    assert "unpkg.com" not in page
    for url, integrity in assets:
        with client.get(url) as asset:
            assert asset.status_code == 200, url
            digest = "sha384-" + base64.b64encode(hashlib.sha384(asset.get_data()).digest()).decode()
        assert digest == integrity, url
