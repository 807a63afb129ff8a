"""The one error shape: RFC 9457 problem+json, with titles and details in the request's locale."""

import logging
from collections.abc import Callable, Iterator

from flask import Flask, Response, current_app, json
from flask_babel import gettext, lazy_gettext
from marshmallow import Schema, fields
from sqlalchemy import exc
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

PROBLEM_MIMETYPE = "application/problem+json"

TITLES = {
    400: lazy_gettext("Bad request"),
    401: lazy_gettext("Authentication required"),
    403: lazy_gettext("Forbidden"),
    404: lazy_gettext("Not found"),
    405: lazy_gettext("Method not allowed"),
    406: lazy_gettext("Not acceptable"),
    409: lazy_gettext("Conflict"),
    412: lazy_gettext("Precondition failed"),
    428: lazy_gettext("Precondition required"),
    413: lazy_gettext("Request too large"),
    415: lazy_gettext("Unsupported media type"),
    422: lazy_gettext("Validation failed"),
    429: lazy_gettext("Too many requests"),
    500: lazy_gettext("Internal server error"),
    501: lazy_gettext("Not implemented"),
    503: lazy_gettext("Service unavailable"),
}

DETAILS = {
    404: lazy_gettext("The requested resource does not exist."),
    405: lazy_gettext("This method is not allowed on this resource."),
    413: lazy_gettext("The request body is larger than the server accepts."),
    500: lazy_gettext("The server could not complete the request. It has been logged."),
}


def N_(message: str) -> str:
    """Marks a message for the catalogs without translating it here."""
    return message


# marshmallow's own messages, translated when they reach a client (see _invalid_params).
MARSHMALLOW_MESSAGES = (
    N_("Unknown field."),
    N_("Missing data for required field."),
    N_("Field may not be null."),
    N_("Not a valid integer."),
    N_("Not a valid number."),
    N_("Not a valid string."),
    N_("Not a valid boolean."),
    N_("Not a valid list."),
    N_("Not a valid datetime."),
    N_("Not a valid date."),
    N_("Invalid value."),
    N_("Invalid input type."),
)


class ApiError(Exception):
    """An error the API means to return; raise it anywhere below a view or resolver.

    REST answers it as problem+json with `status`; GraphQL as an error whose `extensions.code` is `code`.
    """

    status = 400
    type = "about:blank"
    code = "BAD_REQUEST"
    headers: dict[str, str] = {}

    def __init__(self, detail: str, **extensions) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extensions = extensions


class InvalidParameter(ApiError):
    type = "/problems/invalid-parameter"
    code = "BAD_USER_INPUT"

    def __init__(self, name: str, reason: str) -> None:
        detail = gettext("The parameter “%(name)s” is invalid: %(reason)s", name=name, reason=reason)
        super().__init__(detail, invalid_params=[{"name": name, "reason": reason}])


class InvalidParameters(ApiError):
    """Several parameters at fault, from marshmallow's messages."""

    type = "/problems/invalid-parameter"
    code = "BAD_USER_INPUT"

    def __init__(self, params: list[dict], status: int = 400, paths: list[tuple] | None = None) -> None:
        super().__init__(_detail(params), invalid_params=params)
        self.status = status
        self.paths = paths or [(param["name"],) for param in params]

    @classmethod
    def from_messages(
        cls, messages: dict, rename: dict[str, str] | None = None, *, parameters: bool = False
    ) -> "InvalidParameters":
        """The messages about an input (or, with `parameters`, about query parameters: see _located); `rename`
        names a top-level field differently (a GraphQL argument for a REST parameter)."""
        rename = rename or {}
        located = _located(messages, "input", whole=not parameters)
        found = [((rename.get(path[0], path[0]), *path[1:]), reason) for path, reason in located]
        return cls([{"name": _dotted(path), "reason": reason} for path, reason in found], paths=[p for p, _ in found])

    def name_fields(self, name: Callable[[str], str]) -> None:
        """Name each field in the paths with `name` (GraphQL's camelCase); keys (locales) and indexes stay."""
        for param, path in zip(self.extensions["invalid_params"], self.paths, strict=True):
            param["name"] = _dotted(tuple(part if isinstance(part, Key | int) else name(part) for part in path))
        self.detail = _detail(self.extensions["invalid_params"])


class NotFound(ApiError):
    status = 404
    code = "NOT_FOUND"


class ServiceUnavailable(ApiError):
    """The database cannot be reached, or cannot answer now: the client should try again after Retry-After."""

    status = 503
    type = "/problems/service-unavailable"
    code = "SERVICE_UNAVAILABLE"

    def __init__(self) -> None:
        super().__init__(gettext("The content database cannot be reached just now: try again in a moment."))
        self.headers = {"Retry-After": str(current_app.config["DATABASE_RETRY_AFTER"])}


# Failures of the database's operation rather than of the request (PEP 249's OperationalError: a lost or refused
# connection, a statement timeout, a deadlock, a replica cancelling a query, SQLite's file locked past its busy
# timeout or missing), and of reaching it (the pool's wait, a connection the driver found closed). For each of them
# the same request may succeed a moment later, so each is a 503 with Retry-After; a programming error
# (ProgrammingError, IntegrityError, …) stays a 500.
DATABASE_UNAVAILABLE = (exc.OperationalError, exc.InterfaceError, exc.DisconnectionError, exc.TimeoutError)


def unavailable(error: Exception) -> ServiceUnavailable:
    """The 503 for a database failure, logged in one line: an outage would otherwise fill the log with tracebacks."""
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
    log.warning("database unavailable: %s: %s", type(error).__name__, reason)
    return ServiceUnavailable()


class InvalidParamOut(Schema):
    name = fields.String(
        metadata={
            "description": "The query parameter, or the body field by its path: `translations.en.title`, `themes.0`."
        }
    )
    reason = fields.String()


class ProblemOut(Schema):
    """RFC 9457 problem details (documentation of the shape `problem` writes)."""

    type = fields.String(metadata={"description": "A URI reference naming the kind of problem."})
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    invalid_params = fields.List(fields.Nested(InvalidParamOut), metadata={"description": "For invalid input."})


def problem(status: int, detail: str | None = None, type_: str = "about:blank", headers=None, **extensions) -> Response:
    body = {
        "type": type_,
        "title": str(TITLES.get(status, TITLES[500 if status >= 500 else 400])),
        "status": status,
        "detail": str(detail or DETAILS.get(status, "")) or None,
        **extensions,
    }
    body = {key: value for key, value in body.items() if value is not None}
    return Response(json.dumps(body), status=status, mimetype=PROBLEM_MIMETYPE, headers=headers)


# webargs' locations that hold a structured body, and how a message about the whole of one names it.
BODIES = {"json", "form"}
LOCATION_NAMES = {"json": "body"}


class Key(str):
    """A path segment that is a dict's key (a locale in `translations`) rather than a field's name."""


def _paths(messages, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """marshmallow's nested messages as (path, translated reason): a nested field by its name, a list's item by its
    index, a dict's entry by its key; a message about a whole object (`_schema`) names the object."""
    if isinstance(messages, list | tuple):
        for message in messages:
            yield from _paths(message, path)
    elif isinstance(messages, dict):
        for name, value in messages.items():
            if name == "_schema":
                yield from _paths(value, path)
            elif isinstance(value, dict) and value and value.keys() <= {"key", "value"}:
                # fields.Dict reports an entry as {"key": [...], "value": ...}: both are about the entry's key.
                for part in value.values():
                    yield from _paths(part, (*path, Key(name)))
            else:
                yield from _paths(value, (*path, name))
    else:
        yield path, gettext(str(messages))


def _located(messages, name: str, whole: bool) -> Iterator[tuple[tuple, str]]:
    """Paths for the messages about one location (a body, the query string): in a body the `whole` path, while a
    query parameter is named by itself (`type=post,poem` is at fault as `type`). A message about the location as
    a whole, such as a body that is not a JSON object, is named `name`."""
    for path, reason in _paths(messages if isinstance(messages, dict) else {"_schema": messages}):
        yield (path if whole else path[:1]) or (name,), reason


def _dotted(path: tuple) -> str:
    return ".".join(str(part) for part in path)


def _detail(params: list[dict]) -> str:
    names = ", ".join(f"“{param['name']}”" for param in params)
    return gettext("Invalid parameters: %(names)s.", names=names)


def _invalid_params(messages: dict) -> list[dict]:
    """Flatten webargs' {location: {field: messages}} into RFC 9457 `invalid_params`, translated, each named by
    its whole path (`translations.en.title`)."""
    return [
        {"name": _dotted(path), "reason": reason}
        for location, by_field in messages.items()
        for path, reason in _located(by_field, LOCATION_NAMES.get(location, location), whole=location in BODIES)
    ]


def handle_http_exception(error: HTTPException) -> Response:
    data = getattr(error, "data", None) or {}
    headers = dict(data.get("headers") or {})
    if error.code == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    if "messages" in data:
        params = _invalid_params(data["messages"])
        detail = _detail(params) if params else None
        invalid_type = "/problems/invalid-parameter" if error.code == 400 else "/problems/validation-failed"
        return problem(error.code, detail, invalid_type, headers=headers, invalid_params=params)
    detail = DETAILS.get(error.code) if error.description == type(error).description else error.description
    return problem(error.code or 500, detail, headers=headers)


def handle_api_error(error: ApiError) -> Response:
    return problem(error.status, error.detail, error.type, headers=error.headers, **error.extensions)


def handle_database_unavailable(error: Exception) -> Response:
    return handle_api_error(unavailable(error))


def handle_unexpected_error(error: Exception) -> Response:
    if isinstance(error, HTTPException):
        return handle_http_exception(error)
    log.exception("unhandled error", exc_info=error)
    return problem(500)


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(ApiError, handle_api_error)
    for error_class in DATABASE_UNAVAILABLE:
        app.register_error_handler(error_class, handle_database_unavailable)
    app.register_error_handler(Exception, handle_unexpected_error)
