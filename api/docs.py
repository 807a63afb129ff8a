"""Human docs at /docs and the spec at /openapi.yaml, served from this app alone (no third-party host)."""

from pathlib import Path

import yaml
from flask import Blueprint, Response, current_app, send_from_directory

# Swagger UI 5, the first to read OpenAPI 3.1, copied unchanged from npm's swagger-ui-dist (api/static/docs/README.md).
SWAGGER_ASSETS = Path(__file__).resolve().parent / "static" / "docs" / "swagger-ui-dist@5.35.0"

blp = Blueprint("docs", __name__)


def openapi_yaml() -> str:
    """The spec exactly as `flask openapi write --format yaml` writes it (and as openapi.yaml is committed)."""
    return yaml.dump(current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict())


@blp.get("/openapi.yaml")
def spec_yaml() -> Response:
    """The OpenAPI document."""
    return Response(openapi_yaml(), mimetype="application/yaml")


@blp.get("/docs/assets/<path:filename>")
def swagger_assets(filename: str) -> Response:
    return send_from_directory(SWAGGER_ASSETS, filename, max_age=86400)
