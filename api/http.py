"""Response headers every response shares: validators, caching, language negotiation."""

from flask import Flask, Response, current_app, g, request

from api import caching, compression, i18n, response_cache


def add_headers(response: Response) -> Response:
    if response_cache.served_from_cache():
        return response  # stored with its final headers
    reading = request.method in ("GET", "HEAD")
    if reading:
        response.vary.update(("Accept-Language", "Accept-Encoding"))
        if caching.varies_on_accept():
            response.vary.add("Accept")
        if "Content-Language" not in response.headers:
            response.headers["Content-Language"] = i18n.requested_locale()
    if response.status_code not in (200, 201) or response.direct_passthrough:
        return response
    # An item's tag starts with its version, so a write can name the version it saw in If-Match (api.editing).
    tag = caching.tag_for(response)
    version = g.get("etag_version")
    response.set_etag(tag if version is None else f"{version}.{tag}")
    compression.compress(response)
    if not reading or response.cache_control.no_store:
        return response
    caching.set_cache_control(response)
    response_cache.keep(response)
    # A tag that still holds was mostly answered before the view ran (api.caching); this catches the rest.
    return response.make_conditional(request)


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def write_origin_allowed() -> bool:
    """A browser may write only from CORS_ORIGINS; a request without an Origin (curl, a server) is no browser's."""
    origin = request.headers.get("Origin")
    return not origin or origin in current_app.config["CORS_ORIGINS"]


def restrict_write_origins(response: Response) -> Response:
    """Reads are open to every origin; a browser may write only from CORS_ORIGINS.

    Writes carry a token and JSON, so browsers ask first (a preflight); refusing the preflight refuses the write.
    Only REST is concerned: a POST to /graphql is usually a read, and partner sites query it from their own pages.
    """
    origin = request.headers.get("Origin")
    if not request.path.startswith("/api/"):
        return response
    method = request.method
    if method == "OPTIONS":
        method = request.headers.get("Access-Control-Request-Method", "OPTIONS").upper()
    if not origin or method in SAFE_METHODS:
        return response
    if write_origin_allowed():
        response.headers["Access-Control-Allow-Origin"] = origin
        response.vary.add("Origin")
    else:
        for header in ("Access-Control-Allow-Origin", "Access-Control-Allow-Methods", "Access-Control-Allow-Headers"):
            response.headers.pop(header, None)
    return response


def register_http_headers(app: Flask) -> None:
    app.after_request(add_headers)
    app.after_request(restrict_write_origins)
