"""Logs: one line per request and a request id on every response and log line; JSON (one object per line) or text.

The id is the client's or the load balancer's X-Request-ID when it is a plain token of at most 128 characters, and a
new one otherwise; it is sent back in X-Request-ID, so one id follows a request through proxies, logs and a bug report.
A request's line holds its method, path (never the query string: preview links carry tokens), status and duration.
"""

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, Response, g, has_request_context, request
from flask.logging import default_handler

log = logging.getLogger("api.request")

REQUEST_ID_HEADER = "X-Request-ID"
WELL_FORMED_ID = re.compile(r"[A-Za-z0-9._:+/=-]{1,128}")
REQUEST_FIELDS = ("method", "path", "status", "duration_ms")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
# Health checks and scrapes come every few seconds from machines: their lines would drown the others.
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


def request_id() -> str:
    """This request's id: the incoming X-Request-ID when well formed, else a new one."""
    if "request_id" not in g:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = incoming if WELL_FORMED_ID.fullmatch(incoming) else uuid.uuid4().hex
    return g.request_id


class RequestIdFilter(logging.Filter):
    """Every record gets the request id of the request it was logged in (None outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id() if has_request_context() else None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id and a request line's own fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for field in REQUEST_FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(app: Flask) -> None:
    """One handler on the root logger, to stderr, in LOG_FORMAT at LOG_LEVEL; replaced when another app is made.

    Not under TESTING: pytest collects the records itself and shows them for a failing test only."""
    app.logger.removeHandler(default_handler)  # the root's handler writes the app's records too
    if app.testing:
        return
    root = logging.getLogger()
    for handler in [handler for handler in root.handlers if getattr(handler, "cag_api", False)]:
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.cag_api = True
    handler.addFilter(RequestIdFilter())
    json_format = app.config["LOG_FORMAT"] == "json"
    handler.setFormatter(JsonFormatter() if json_format else logging.Formatter(TEXT_FORMAT))
    root.addHandler(handler)
    root.setLevel(app.config["LOG_LEVEL"])


def start_timer() -> None:
    g.request_started = time.perf_counter()


def finish(response: Response) -> Response:
    """The request id on every response (errors and 304s too), and the request's log line."""
    response.headers.add(REQUEST_ID_HEADER, request_id())
    if request.path not in QUIET_PATHS and log.isEnabledFor(logging.INFO):
        duration = round((time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000, 2)
        method, path, status = request.method, request.path, response.status_code
        fields = {"request_id": request_id(), "method": method, "path": path, "status": status, "duration_ms": duration}
        log.info("%s %s %s %s ms", method, path, status, duration, extra=fields)
    return response


def register(app: Flask) -> None:
    app.before_request(start_timer)
    app.after_request(finish)
