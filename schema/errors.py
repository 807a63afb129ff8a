"""GraphQL errors: a stable `extensions.code` on every error, translated messages, no internals leaked."""

import logging

from flask_babel import gettext
from graphql import GraphQLError, GraphQLSyntaxError, OperationDefinitionNode
from strawberry.extensions import SchemaExtension

from api.errors import DATABASE_UNAVAILABLE, ApiError, InvalidParameter, unavailable

log = logging.getLogger(__name__)


class PageSizeExceeded(InvalidParameter):
    code = "PAGE_SIZE_EXCEEDED"

    def __init__(self, maximum: int) -> None:
        # The REST message for `limit`, so the catalogs translate it here too.
        super().__init__("first", gettext("Must be between {min} and {max}.").format(min=1, max=maximum))


class CodedError(GraphQLError):
    """A validation-time error with its code, for the cost limits (schema/limits.py)."""

    def __init__(self, message: str, code: str, node=None) -> None:
        super().__init__(message, nodes=node, extensions={"code": code})


class RequireOperationName(SchemaExtension):
    """A document with several operations must say which to run (GraphQL spec, GetOperation); strawberry would
    silently run the first."""

    def on_validate(self):
        context = self.execution_context
        document = context.graphql_document
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)] if document else []
        if len(operations) > 1 and not context._provided_operation_name:  # operation_name falls back to the first
            message = gettext("The document has several operations: name the one to run in “operationName”.")
            context.pre_execution_errors = [GraphQLError(message, extensions={"code": "BAD_USER_INPUT"})]
        yield


class ErrorCodes(SchemaExtension):
    """Gives every error a code: ours from ApiError, GraphQL's own as validation failures, the rest masked."""

    def on_operation(self):
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [self.coded(error) for error in result.errors]

    @staticmethod
    def coded(error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if isinstance(original, DATABASE_UNAVAILABLE):
            original = unavailable(original)
        if isinstance(original, ApiError):
            extensions = {"code": original.code, **original.extensions}
            if "Retry-After" in original.headers:  # a refusal that says when to retry says it in GraphQL too
                extensions["retryAfter"] = int(original.headers["Retry-After"])
            return GraphQLError(original.detail, error.nodes, path=error.path, extensions=extensions)
        if original is None or isinstance(original, GraphQLError):
            # No original: a parse or validation error. A GraphQLError: a variable value that does not coerce.
            if isinstance(error, GraphQLSyntaxError):
                default = "GRAPHQL_PARSE_FAILED"
            else:
                default = "GRAPHQL_VALIDATION_FAILED" if original is None else "BAD_USER_INPUT"
            code = (error.extensions or {}).get("code", default)
            # Source and positions carry the locations of errors that have no nodes, such as syntax errors.
            return GraphQLError(
                error.message,
                error.nodes,
                error.source,
                error.positions,
                error.path,
                extensions={**(error.extensions or {}), "code": code},
            )
        log.error("unhandled error in a resolver", exc_info=original)
        return GraphQLError(
            gettext("The server could not complete the request. It has been logged."),
            error.nodes,
            path=error.path,
            extensions={"code": "INTERNAL_SERVER_ERROR"},
        )
