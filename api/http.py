"""Response headers every public read shares: validators, caching, language negotiation."""

import hashlib

from flask import Flask, Response, current_app, request

from api import i18n


def add_read_headers(response: Response) -> Response:
    if request.method not in ("GET", "HEAD"):
        return response
    response.vary.update(("Accept-Language", "Accept-Encoding"))
    if "Content-Language" not in response.headers:
        response.headers["Content-Language"] = i18n.requested_locale()
    if response.status_code != 200 or response.direct_passthrough:
        return response
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["CACHE_MAX_AGE"]
    # Answers 304 when If-None-Match holds one of our tags, without sending the body again.
    return response.make_conditional(request)


def register_http_headers(app: Flask) -> None:
    app.after_request(add_read_headers)
