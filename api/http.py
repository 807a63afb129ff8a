"""Response headers every response shares: validators, caching, language negotiation."""

import hashlib

from flask import Flask, Response, current_app, g, request

from api import i18n


def add_headers(response: Response) -> Response:
    reading = request.method in ("GET", "HEAD")
    if reading:
        response.vary.update(("Accept-Language", "Accept-Encoding"))
        if "Content-Language" not in response.headers:
            response.headers["Content-Language"] = i18n.requested_locale()
    if response.status_code not in (200, 201) or response.direct_passthrough:
        return response
    # An item's tag starts with its version, so a write can name the version it saw in If-Match (api.editing).
    digest = hashlib.sha256(response.get_data()).hexdigest()[:32]
    version = g.get("etag_version")
    response.set_etag(digest if version is None else f"{version}.{digest}")
    if not reading:
        return response
    if "Authorization" in request.headers:
        # Editors see drafts: what a token sees must never be stored by a shared cache.
        response.cache_control.private = True
        response.cache_control.no_cache = True
        response.vary.add("Authorization")
    else:
        response.cache_control.public = True
        response.cache_control.max_age = current_app.config["CACHE_MAX_AGE"]
    # Answers 304 when If-None-Match holds one of our tags, without sending the body again.
    return response.make_conditional(request)


def register_http_headers(app: Flask) -> None:
    app.after_request(add_headers)
