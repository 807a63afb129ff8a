"""/graphql over HTTP (GET and POST, GraphiQL for browsers) and the SDL at /schema.graphql."""

import click
from cross_web import HTTPException
from flask import Blueprint, Flask, Response, request
from flask.cli import AppGroup
from strawberry.flask.views import GraphQLView as StrawberryView

from api.errors import problem
from schema import build_schema

GRAPHQL_RESPONSE = "application/graphql-response+json"


class GraphQLView(StrawberryView):
    """Strawberry's view, answering as the GraphQL-over-HTTP spec asks and failing as problem+json."""

    def dispatch_request(self):
        try:
            return self.run(request=request)
        except HTTPException as error:
            return problem(error.status_code, error.reason)

    def create_response(self, response_data, sub_response: Response) -> Response:
        response = super().create_response(response_data, sub_response)
        accepted = request.accept_mimetypes
        if accepted.best_match([GRAPHQL_RESPONSE, "application/json"]) == GRAPHQL_RESPONSE:
            response.content_type = GRAPHQL_RESPONSE
            # A request that could not run at all (no data) is the client's error under the new media type.
            if isinstance(response_data, dict) and response_data.get("data") is None and response_data.get("errors"):
                response.status_code = 400
        return response


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


@sdl.get("/schema.graphql")
def schema_graphql() -> Response:
    return Response(schema_sdl(), mimetype="text/plain")


def register_graphql(app: Flask) -> None:
    schema = build_schema(introspection=app.config["GRAPHQL_INTROSPECTION"])
    view = GraphQLView.as_view("graphql", schema=schema, graphql_ide="graphiql")
    app.add_url_rule("/graphql", view_func=view, methods=["GET", "POST"])
    app.register_blueprint(sdl)
    app.cli.add_command(graphql_cli)
