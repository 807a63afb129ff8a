"""What a GraphQL-over-HTTP request runs, known before it runs: the read replica and the rate limits ask.

The body's document is parsed once per request: strawberry runs the document parsed here (ParsedOnce) rather than
parsing it again, so asking costs nothing more than answering.
"""

from flask import g, has_request_context, request
from graphql import DocumentNode, GraphQLError, OperationDefinitionNode, parse
from strawberry.extensions import SchemaExtension


def requested_operation() -> str | None:
    """What this request's body will run ("query", "mutation"), when that is clear; None when it runs nothing."""
    if "graphql_operation" not in g:
        g.graphql_operation = _operation_type(_body())
    return g.graphql_operation


def _body():
    try:
        return request.get_json(silent=True)
    except RecursionError:  # nested deeper than Python recurses: no operation, and the view answers a 400
        return None


def _operation_type(body) -> str | None:
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        return None
    try:
        document = parse(body["query"])
    except GraphQLError:
        return None  # strawberry parses it again, to answer with the error
    g.graphql_document = (body["query"], document)
    operations = [node for node in document.definitions if isinstance(node, OperationDefinitionNode)]
    name = body.get("operationName")
    chosen = [node for node in operations if name is None or (node.name and node.name.value == name)]
    return chosen[0].operation.value if len(chosen) == 1 else None


def _parsed(query: str | None) -> DocumentNode | None:
    parsed = g.get("graphql_document") if has_request_context() else None
    return parsed[1] if parsed is not None and parsed[0] == query else None


class ParsedOnce(SchemaExtension):
    """Runs the document requested_operation parsed, when it did; strawberry parses only what it has not."""

    def on_parse(self):
        context = self.execution_context
        if context.graphql_document is None and not context.parse_options:
            context.graphql_document = _parsed(context.query)
        yield
