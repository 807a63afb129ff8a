"""The front door: `/` links everything a newcomer looks for, as a small page for browsers and as JSON for clients,
and the partner examples of examples/ are served from /examples/ so that they work against this very server."""

from pathlib import Path

from flask import Blueprint, Response, abort, jsonify, render_template, request, send_from_directory, url_for

from api.security_headers import page_policy

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FEED_KINDS = ("posts", "projects", "vacancies")
# The demo partner page frames the widget and loads embed.js from this server: its policy allows exactly that.
PARTNER_PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; frame-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; "
    "form-action 'none'"
)

blp = Blueprint("home", __name__)


def links() -> list[dict]:
    """What the front door points to: (title, URL, media type) for people and clients alike."""
    made = [
        {"rel": "docs", "title": "REST API documentation", "href": url_for("api-docs.openapi_swagger_ui")},
        {"rel": "openapi", "title": "OpenAPI document", "href": url_for("docs.spec_yaml")},
        {"rel": "graphql", "title": "GraphQL (GraphiQL in a browser)", "href": "/graphql"},
        {"rel": "graphql-schema", "title": "GraphQL schema (SDL)", "href": "/schema.graphql"},
        {"rel": "collection", "title": "Posts", "href": "/api/v1/posts"},
        {"rel": "sync", "title": "Delta sync for offline clients", "href": "/api/v1/sync"},
    ]
    for kind in FEED_KINDS:
        for feed_format in ("atom", "rss", "json"):
            made.append({"rel": "feed", "title": f"{kind}.{feed_format}", "href": f"/feeds/{kind}.{feed_format}"})
    made += [
        {"rel": "examples", "title": "For partner sites: feeds, widget, oEmbed", "href": "/examples/"},
        {
            "rel": "example",
            "title": "A partner page with the widget",
            "href": "/examples/partner-page.html",
        },
        {"rel": "health", "title": "Health", "href": "/healthz"},
    ]
    return made


@blp.get("/")
def home() -> Response:
    """The front door: an HTML page for browsers, the same links as JSON for everyone else."""
    found = links()
    if request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html":
        page = render_template("home.html", links=found)
        response = Response(page, mimetype="text/html", headers={"Content-Security-Policy": page_policy(page)})
    else:
        response = jsonify({"name": "CAG Content API", "links": found})
    response.vary.add("Accept")
    return response


@blp.get("/examples/")
@blp.get("/examples/<name>")
def examples(name: str = "index.html") -> Response:
    """The partner examples of the repository, served so that they work against this server."""
    if name not in {path.name for path in EXAMPLES.iterdir()}:
        abort(404)
    response = send_from_directory(EXAMPLES, name, max_age=300)
    if name == "partner-page.html":
        response.headers["Content-Security-Policy"] = PARTNER_PAGE_POLICY
    return response
