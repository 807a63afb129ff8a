"""openapi.yaml is generated from the code's schemas, valid, committed up to date, and served with its docs."""

import re
from pathlib import Path

import yaml
from openapi_spec_validator import validate

from api.docs import openapi_yaml

COMMITTED = Path(__file__).resolve().parents[1] / "openapi.yaml"


def test_committed_spec_matches_the_code(app):
    with app.app_context():
        generated = openapi_yaml()
    assert generated == COMMITTED.read_text(encoding="utf-8"), "run: make openapi"


def test_spec_is_valid_openapi_3_1():
    spec = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    assert spec["openapi"] == "3.1.0"
    validate(spec)


def test_cli_writes_the_committed_spec(runner, tmp_path):
    target = tmp_path / "openapi.yaml"
    result = runner.invoke(args=["openapi", "write", "--format", "yaml", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8")


def test_served_spec_is_the_committed_file(client):
    response = client.get("/openapi.yaml")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == COMMITTED.read_text(encoding="utf-8")


def test_every_collection_is_documented_with_its_filters():
    paths = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))["paths"]
    for collection in ("posts", "projects", "partners", "vacancies", "themes", "authors"):
        assert f"/api/v1/{collection}" in paths
        assert f"/api/v1/{collection}/{{slug}}" in paths
    post_parameters = {parameter["name"] for parameter in paths["/api/v1/posts"]["get"]["parameters"]}
    assert {"lang", "limit", "cursor", "sort", "q", "theme", "partner", "country", "kind"} <= post_parameters
    assert "/api/v1/search" in paths


def test_errors_are_documented_as_problem_json():
    spec = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    assert "application/problem+json" in spec["components"]["responses"]["DEFAULT_ERROR"]["content"]


def test_docs_page_loads_nothing_from_other_hosts(client):
    page = client.get("/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, "the docs page should load its scripts and styles"
    for source in sources:
        assert source.startswith("/"), source
        with client.get(source) as asset:
            assert asset.status_code == 200, source
