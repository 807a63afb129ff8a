"""Headers that keep browsers safe, on every response; and which proxies' X-Forwarded-* headers to believe.

Responses say nosniff and a strict referrer policy. The JSON API, feeds and errors get a policy that lets them run
nothing and be framed nowhere; this app's own pages (/docs, GraphiQL) one that loads scripts, styles and images
from this app only, with their inline blocks allowed by hash (page_policy); the widget pages keep the policy they
set themselves (api.widgets), the one that lets partner sites frame them. Behind TLS, HSTS_SECONDS adds
Strict-Transport-Security; whether a request came over TLS is the connection's, or the X-Forwarded-Proto of the
TRUSTED_PROXIES nearest proxies (werkzeug's ProxyFix), which also give the client's address to the rate limits.
"""

import base64
import functools
import hashlib
import re

from flask import Flask, Response, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

API_POLICY = "default-src 'none'; frame-ancestors 'none'"
INLINE_BLOCK = re.compile(r"<(script|style)>(.*?)</\1>", re.DOTALL)


def page_policy(page: str = "") -> str:
    """The policy of one of this app's HTML pages; `page`, when given, is a page whose inline <script> and <style>
    blocks are the app's own (no request data in them): they are allowed by their hashes, and nothing else is."""
    hashes = _inline_hashes(page) if page else {"script": "", "style": ""}
    return (
        f"default-src 'none'; script-src 'self'{hashes['script']}; style-src 'self'{hashes['style']}; "
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    )


PAGE_POLICY = page_policy()


@functools.cache
def _inline_hashes(page: str) -> dict[str, str]:
    found = {"script": "", "style": ""}
    for tag, content in INLINE_BLOCK.findall(page):
        digest = base64.b64encode(hashlib.sha256(content.encode()).digest()).decode()
        found[tag] += f" 'sha256-{digest}'"
    return found


def add_headers(response: Response) -> Response:
    # add(), not set(): no view sets these (a view's own Content-Security-Policy is kept), and add is the cheap one.
    headers = response.headers
    headers.add("X-Content-Type-Options", "nosniff")
    headers.add("Referrer-Policy", "strict-origin-when-cross-origin")
    hsts = current_app.config["HSTS_SECONDS"]
    if hsts and request.is_secure:
        headers.add("Strict-Transport-Security", f"max-age={hsts}")
    if response.status_code == 304:
        return response  # the stored response's policy holds; a 304 must not replace it with another page's
    policy = headers.get("Content-Security-Policy")
    if policy is None:
        policy = PAGE_POLICY if response.mimetype == "text/html" else API_POLICY
        headers.add("Content-Security-Policy", policy)
    if "frame-ancestors 'none'" in policy:
        headers.add("X-Frame-Options", "DENY")  # the same, for browsers that predate frame-ancestors
    return response


def register(app: Flask) -> None:
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # Only the address and the scheme: X-Forwarded-Host is passed on unchecked by many proxies, and a forged
        # one would go into the absolute links of responses that a CDN caches for everyone.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=0, x_port=0, x_prefix=0)
    app.after_request(add_headers)
