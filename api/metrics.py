"""Prometheus metrics at /metrics: requests by route, method and status with their latency, and the database pools.

Under gunicorn each worker writes its values to files in PROMETHEUS_MULTIPROC_DIR (gunicorn.conf.py sets it) and a
scrape adds up every worker's; in one process (flask run, the tests) the default registry answers. Both are decided
when prometheus_client is imported, so the variable must be set before the app is loaded.

The route label is the URL rule (/api/v1/posts/<slug:slug>), never the path, so the number of series is bounded.
"""

import os
import threading
import time

from flask import Blueprint, Flask, Response, g, request
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, multiprocess
from prometheus_client.exposition import choose_encoder
from sqlalchemy import Engine, event
from sqlalchemy.pool import QueuePool

from api.database import engines

MULTIPROCESS = "PROMETHEUS_MULTIPROC_DIR" in os.environ
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
LABELS = ("route", "method", "status")

REQUESTS = Counter("cag_http_requests_total", "HTTP requests answered.", LABELS)
LATENCY = Histogram(
    "cag_http_request_duration_seconds",
    "Time from the request's first hook to its response, in seconds.",
    LABELS,
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
# Summed over the live workers: the connections of every pool on this server.
POOL_SIZE = Gauge(
    "cag_db_pool_size", "Connections a pool keeps (QueuePool).", ["database"], multiprocess_mode="livesum"
)
POOL_CHECKED_OUT = Gauge("cag_db_pool_checked_out", "Connections in use.", ["database"], multiprocess_mode="livesum")
POOL_OVERFLOW = Gauge(
    "cag_db_pool_overflow",
    "Connections in use beyond the pool's size (QueuePool).",
    ["database"],
    multiprocess_mode="livesum",
)

_series: dict[tuple, tuple] = {}  # (route, method, status) → the counter's and the histogram's children

blp = Blueprint("metrics", __name__)


@blp.get("/metrics")
def metrics() -> Response:
    """The metrics in Prometheus' text format (or OpenMetrics when asked)."""
    registry = REGISTRY
    if MULTIPROCESS:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    encode, content_type = choose_encoder(request.headers.get("Accept"))
    response = Response(encode(registry), content_type=content_type)
    response.cache_control.no_store = True
    return response


def start_timer() -> None:
    g.metrics_started = time.perf_counter()


def count(response: Response) -> Response:
    rule = request.url_rule
    method = request.method if request.method in METHODS else "other"
    key = (rule.rule if rule is not None else "unmatched", method, response.status_code)
    series = _series.get(key)
    if series is None:
        labels = (*key[:2], str(key[2]))
        series = _series.setdefault(key, (REQUESTS.labels(*labels), LATENCY.labels(*labels)))
    series[0].inc()
    series[1].observe(time.perf_counter() - g.get("metrics_started", time.perf_counter()))
    return response


def watch_pool(engine: Engine, database: str) -> None:
    """Keep the pool gauges from the pool's own checkout and checkin events (any pool; size and overflow need a
    QueuePool's size, which SQLite's in-memory SingletonThreadPool does not have)."""
    size = engine.pool.size() if isinstance(engine.pool, QueuePool) else None
    checked_out, overflow = POOL_CHECKED_OUT.labels(database), POOL_OVERFLOW.labels(database)
    if size is not None:
        POOL_SIZE.labels(database).set(size)
    lock, state = threading.Lock(), {"out": 0}

    def change(by: int) -> None:
        with lock:
            state["out"] += by
            out = state["out"]
        checked_out.set(out)
        if size is not None:
            overflow.set(max(0, out - size))

    event.listen(engine, "checkout", lambda *_args: change(1))
    event.listen(engine, "checkin", lambda *_args: change(-1))


def register(app: Flask) -> None:
    """The request hooks; register early, so that the count sees the response as it leaves (a 304, an error)."""
    app.before_request(start_timer)
    app.after_request(count)
    app.register_blueprint(blp)


def watch_pools(app: Flask) -> None:
    for database, engine in engines(app).items():
        watch_pool(engine, database)
