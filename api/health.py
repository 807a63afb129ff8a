"""/healthz: the process is alive and serving. It reads nothing, so it is also the benchmarks' floor route.

/readyz: whether this server should get traffic: the database answers a SELECT 1 within READYZ_TIMEOUT seconds and
its schema is the code's. Redis is reported but never makes the server unready: without it the API serves on with
per-process rate limits (api.redis_store).
"""

import functools
import threading

from flask import Blueprint, Response, current_app, jsonify
from sqlalchemy import Engine

from api import migrate, redis_store
from api.database import engines
from api.errors import problem

RETRY_AFTER = 5  # seconds: about a load balancer's probe interval

blp = Blueprint("health", __name__)


@blp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@blp.get("/readyz")
def readyz() -> Response:
    """Ready for traffic: 200, or a 503 problem naming the failing checks."""
    checks = {}
    for role, engine in engines(current_app).items():
        checks.update(database_checks(role, engine, current_app.config["READYZ_TIMEOUT"]))
    failing = sorted(name for name, check in checks.items() if check["status"] != "ok")
    checks["redis"] = redis_check()
    if failing:
        headers = {"Cache-Control": "no-store", "Retry-After": str(RETRY_AFTER)}
        return problem(503, f"Not ready: {', '.join(failing)}.", "/problems/not-ready", headers, checks=checks)
    response = jsonify(status="ready", checks=checks)
    response.cache_control.no_store = True
    return response


def database_checks(role: str, engine: Engine, timeout: float) -> dict[str, dict]:
    """The primary gives {database, migrations}; a read replica, whose schema is its primary's, {replica}."""
    name = "database" if role == "primary" else role
    outcome: dict = {}
    # In a thread of its own, so that an unreachable database costs READYZ_TIMEOUT seconds whatever the driver's
    # connect timeout; a check that hangs on holds that thread, not the worker.
    thread = threading.Thread(target=_select_one, args=(engine, outcome), name="readyz", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        return {name: {"status": "timeout", "detail": f"no answer within {timeout:g} s"}}
    if "error" in outcome:
        return {name: {"status": "unavailable", "detail": type(outcome["error"]).__name__}}
    if role != "primary":
        return {name: {"status": "ok"}}
    return {name: {"status": "ok"}, "migrations": migrations_check(outcome["revision"])}


def _select_one(engine: Engine, outcome: dict) -> None:
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
            outcome["revision"] = migrate.revision_of(connection)
    except Exception as error:  # noqa: BLE001 (any failure of the check is the check's answer)
        outcome["error"] = getattr(error, "orig", None) or error


def migrations_check(revision: str | None) -> dict:
    """Current when the database is at the code's head. A database ahead of the code (a newer release has migrated
    it while this one still runs, in a rolling deploy) counts as current: migrations add before they take away, so
    the older code still works on it, and taking every old server out at once would leave none to serve."""
    head = _head()
    if revision == head:
        return {"status": "ok", "revision": revision}
    if revision is None:
        return {"status": "pending", "detail": "the database has no schema: run `flask --app wsgi db upgrade`"}
    if revision in _known_revisions():
        detail = f"the code expects {head}: run `flask --app wsgi db upgrade`"
        return {"status": "pending", "revision": revision, "detail": detail}
    return {"status": "ok", "revision": revision, "detail": f"ahead of this code's {head}"}


def redis_check() -> dict:
    status = redis_store.status()
    if status == "unavailable":
        return {"status": status, "detail": "rate limits are counted per process until it answers"}
    return {"status": status}


@functools.cache
def _head() -> str | None:
    return migrate.head_revision()


@functools.cache
def _known_revisions() -> frozenset[str]:
    return migrate.revisions()
