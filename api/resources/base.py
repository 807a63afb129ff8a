"""What every REST resource shares: the API and Blueprint classes, and the collection and item responses."""

import json
from http import HTTPStatus

import flask_smorest
from flask import Response, g, request
from flask_smorest.utils import prepare_response
from marshmallow import RAISE
from webargs.flaskparser import FlaskParser

from api import auth, i18n, previews
from api.errors import PROBLEM_MIMETYPE, ProblemOut, handle_http_exception
from api.models import Role
from api.models.base import MAX_ROW_ID
from api.pagination import paginated_response
from api.queries import listing as queries
from api.serializers.common import item_url

# A row id in a URL: a larger number than a row can have is a 404.
ROW_ID = f"int(min=1, max={MAX_ROW_ID})"


class StrictParser(FlaskParser):
    """Query parameters are checked like bodies: an unknown one is an error naming it, not silently ignored."""

    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": RAISE, "querystring": RAISE}
    DEFAULT_VALIDATION_STATUS = 400

    def _raw_load_json(self, req):
        """JSON nested deeper than Python recurses is invalid JSON (a 400), not a RecursionError (a 500)."""
        try:
            return super()._raw_load_json(req)
        except RecursionError as error:
            raise json.JSONDecodeError("nested too deeply", "[", 0) from error


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = StrictParser()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.before_request(_writes_need_a_token)

    def arguments(self, schema, *, location="json", **kwargs):
        """Bad query parameters are a 400; a body that is well-formed but invalid is a 422."""
        kwargs.setdefault("error_status_code", 422 if location == "json" else 400)
        return super().arguments(schema, location=location, **kwargs)


class Api(flask_smorest.Api):
    ERROR_SCHEMA = ProblemOut

    def handle_http_exception(self, error) -> Response:
        return handle_http_exception(error)

    def _register_responses(self) -> None:
        """Document every error response as the problem+json it is (flask-smorest assumes plain JSON)."""
        for status in HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_MIMETYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_MIMETYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


def _writes_need_a_token() -> None:
    """Anonymous writes are a 401 before anything else, input validation included; roles are checked in views."""
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        auth.require(*Role)


def collection(listing: queries.Listing, args: dict) -> tuple[dict, dict]:
    query = queries.build(
        listing,
        locale=i18n.requested_locale(),
        filters={name: args.get(name) for name in listing.filters},
        q=args.get("q"),
    )
    page = queries.page(query, args)
    return paginated_response(page, page.items)


def item(listing: queries.Listing, slug: str, preview: str | None = None) -> tuple[object, dict]:
    """One item, with its alternates as RFC 8288 links for hreflang-aware clients; a preview key shows a draft."""
    previewed = previews.open_preview(preview) if preview else None
    found = queries.get(listing, slug, i18n.requested_locale())
    if previewed:
        previews.check_previewed(found, previewed)
    g.etag_version = found.version
    served = i18n.resolve(found)
    links = [f'<{item_url(found, t.locale)}>; rel="alternate"; hreflang="{t.locale}"' for t in found.translations]
    headers = {"Link": ", ".join(links)}
    if served:
        headers["Content-Language"] = served.locale
    return found, headers
