"""/graphql over HTTP (GET and POST, GraphiQL for browsers) and the SDL at /schema.graphql."""

from pathlib import Path
from urllib.parse import quote, urlencode

import click
from cross_web import HTTPException
from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    redirect,
    render_template_string,
    request,
    send_from_directory,
)
from flask.cli import AppGroup
from flask_babel import gettext
from strawberry.flask.views import GraphQLView as StrawberryView

from api import rate_limits, security_headers
from api.errors import ServiceUnavailable, problem
from schema import build_schema
from schema.operation import requested_operation

GRAPHQL_RESPONSE = "application/graphql-response+json"
GRAPHIQL_ASSETS = Path(__file__).resolve().parent / "static" / "graphiql"


class GraphQLView(StrawberryView):
    """Strawberry's view, answering as the GraphQL-over-HTTP spec asks and failing as problem+json."""

    def dispatch_request(self):
        if _browser_opens_a_query():
            # GraphiQL with the query in its editor (GraphiQL reads it from `q`), not the raw answer.
            # GraphiQL decodes with decodeURIComponent, which leaves "+" as it is: spaces go as %20.
            shared = {"q": request.args["query"], "variables": request.args.get("variables")}
            params = urlencode({name: value for name, value in shared.items() if value}, quote_via=quote)
            return redirect(f"{request.path}?{params}")
        if request.method == "POST" and request.mimetype != "application/json":
            return problem(415, gettext("Send GraphQL requests as application/json."))
        if self.writes():
            rate_limits.refuse_spent_writes()
        try:
            return self.run(request=request)
        except HTTPException as error:
            return problem(error.status_code, error.reason)

    @staticmethod
    def reads_only() -> bool:
        """A query may be answered from the read replica (api.database), even over POST; a mutation may not.

        GET never runs a mutation (strawberry refuses them there). A body that does not say plainly which operation
        it runs goes to the primary: it either fails before touching the database or is better safe."""
        return request.method != "POST" or requested_operation() == "query"

    @staticmethod
    def writes() -> bool:
        """Whether the request runs a mutation (api.rate_limits): a query is a read, over POST too. A body that does
        not say plainly which operation it runs runs none: it fails before executing anything."""
        return request.method == "POST" and requested_operation() == "mutation"

    @property
    def graphql_ide_html(self) -> str:
        """Strawberry's GraphiQL page, loading its scripts from this app (same files, same integrity hashes)."""
        return super().graphql_ide_html.replace("https://unpkg.com/", "/graphiql/")

    def render_graphql_ide(self, _request) -> Response:
        """GraphiQL under a policy that runs this app's scripts and the page's own inline blocks, nothing else."""
        page = render_template_string(self.graphql_ide_html)
        policy = security_headers.page_policy(page)
        return Response(page, mimetype="text/html", headers={"Content-Security-Policy": policy})

    def parse_http_body(self, request_adapter):
        """Strawberry's parsing, with bodies it does not expect (not UTF-8, JSON but not an object) as 400s."""
        try:
            return super().parse_http_body(request_adapter)
        except UnicodeDecodeError as error:
            raise HTTPException(400, "The request body is not UTF-8.") from error

    def decode_json(self, data: str | bytes) -> object:
        try:
            decoded = super().decode_json(data)
        except RecursionError as error:  # nested deeper than Python recurses: not a request to run
            raise HTTPException(400, "Unable to parse request body as JSON") from error
        if not isinstance(decoded, dict | list):
            raise HTTPException(400, "Expected a JSON object.")
        return decoded

    def create_response(self, response_data, sub_response: Response) -> Response:
        response = super().create_response(response_data, sub_response)
        if isinstance(response_data, dict) and _database_unavailable(response_data):
            # An outage is no answer to the query: a 503 is neither cached nor taken for data by clients and proxies.
            response.status_code = ServiceUnavailable.status
        retry_after = _retry_after(response_data)  # the outage's, or a spent write budget's
        if retry_after:
            response.headers["Retry-After"] = str(retry_after)
        if _wants_graphql_response():
            response.content_type = GRAPHQL_RESPONSE
            if isinstance(response_data, dict) and _is_request_error(response_data):
                response.status_code = 400
        return response


def _browser_opens_a_query() -> bool:
    """A GET whose best answer is HTML (a browser following a link), not JSON (curl's */*, a client)."""
    accepted = request.accept_mimetypes
    return (
        request.method == "GET"
        and "query" in request.args
        and accepted["text/html"] > 0
        and accepted.best_match(["application/json", GRAPHQL_RESPONSE, "text/html"]) == "text/html"
    )


def _wants_graphql_response() -> bool:
    """Only a client that names the new media type gets it; `*/*` and the like keep application/json."""
    accepted = request.accept_mimetypes
    named = max((quality for value, quality in accepted if value.lower() == GRAPHQL_RESPONSE), default=0)
    return named > 0 and named >= accepted["application/json"]


def _database_unavailable(response_data: dict) -> bool:
    codes = {(error.get("extensions") or {}).get("code") for error in response_data.get("errors") or ()}
    return ServiceUnavailable.code in codes


def _retry_after(response_data) -> int | None:
    """The longest wait that the errors ask for (a spent write budget, an outage), for the Retry-After header."""
    if not isinstance(response_data, dict):
        return None
    waits = [(error.get("extensions") or {}).get("retryAfter") for error in response_data.get("errors") or ()]
    return max((wait for wait in waits if isinstance(wait, int)), default=None)


def _is_request_error(response_data: dict) -> bool:
    """A request that could not run at all (parse, validation, variables) is the client's error under the new
    media type; an error while running (which has a `path`) is still a 200 with errors, as the spec asks."""
    errors = response_data.get("errors")
    return response_data.get("data") is None and bool(errors) and all("path" not in error for error in errors)


def schema_sdl() -> str:
    return str(build_schema()) + "\n"


graphql_cli = AppGroup("graphql", help="The GraphQL schema.")


@graphql_cli.command("export")
@click.argument("path", default="schema.graphql")
def export(path: str) -> None:
    """Write the schema in SDL for frontend code generators (committed as schema.graphql)."""
    with open(path, "w", encoding="utf-8") as target:
        target.write(schema_sdl())
    click.echo(f"wrote {path}")


sdl = Blueprint("graphql_sdl", __name__)


@sdl.get("/graphiql/<path:filename>")
def graphiql_assets(filename: str) -> Response:
    return send_from_directory(GRAPHIQL_ASSETS, filename, max_age=86400)


@sdl.get("/schema.graphql")
def schema_graphql() -> Response:
    """The SDL, unless introspection is switched off: then the schema is not published either."""
    if not current_app.config["GRAPHQL_INTROSPECTION"]:
        abort(404)
    return Response(schema_sdl(), mimetype="text/plain")


def register_graphql(app: Flask) -> None:
    schema = build_schema(introspection=app.config["GRAPHQL_INTROSPECTION"])
    view = GraphQLView.as_view("graphql", schema=schema, graphql_ide="graphiql")
    app.add_url_rule("/graphql", view_func=view, methods=["GET", "POST"])
    app.register_blueprint(sdl)
    app.cli.add_command(graphql_cli)
