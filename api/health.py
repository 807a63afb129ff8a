"""/healthz: the process is alive and serving. It reads nothing, so it is also the benchmarks' floor route."""

from flask import Blueprint, jsonify

blp = Blueprint("health", __name__)


@blp.get("/healthz")
def healthz():
    return jsonify(status="ok")
