"""Compressed responses: brotli or gzip, as the client accepts, for bodies worth it (COMPRESS_MIN_SIZE bytes).

A compressed body is another representation of the same resource, so its strong ETag gets the encoding as a
suffix ("…-br"); api.caching strips it again when it compares a client's tag."""

import gzip

import brotli
from flask import Response, current_app, request

COMPRESSIBLE = ("application/json", "application/problem+json", "application/feed+json", "application/ld+json")
COMPRESSIBLE_PREFIXES = ("text/", "application/atom+xml", "application/rss+xml", "application/graphql-response+json")


def chosen_encoding() -> str | None:
    """br when the client takes it at least as gladly as gzip; gzip; or none."""
    accepted = request.accept_encodings
    br, gz = accepted["br"], accepted["gzip"]
    if br and br >= gz:
        return "br"
    return "gzip" if gz else None


def compress(response: Response) -> None:
    if response.direct_passthrough or "Content-Encoding" in response.headers or response.status_code < 200:
        return
    if response.mimetype not in COMPRESSIBLE and not response.mimetype.startswith(COMPRESSIBLE_PREFIXES):
        return
    response.vary.add("Accept-Encoding")
    body = response.get_data()
    encoding = chosen_encoding()
    if encoding is None or len(body) < current_app.config["COMPRESS_MIN_SIZE"]:
        return
    if encoding == "br":
        response.set_data(brotli.compress(body, quality=current_app.config["COMPRESS_BROTLI_QUALITY"]))
    else:
        response.set_data(gzip.compress(body, compresslevel=6, mtime=0))
    response.headers["Content-Encoding"] = encoding
    tag, weak = response.get_etag()
    if tag:
        response.set_etag(f"{tag}-{encoding}", weak=weak)
