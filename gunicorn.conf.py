"""gunicorn's settings for the API. `gunicorn wsgi:app` (or plain `gunicorn`) reads this file from the working
directory; a command-line option or GUNICORN_CMD_ARGS overrides any of them.

The environment sets what differs between servers: BIND (or PORT), WEB_CONCURRENCY, GUNICORN_TIMEOUT,
GUNICORN_GRACEFUL_TIMEOUT, LOG_LEVEL, LOG_FORMAT, PROMETHEUS_MULTIPROC_DIR; the app's own settings are in .env.example.
"""

import json
import logging
import multiprocessing
import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from dotenv import load_dotenv
from gunicorn.glogging import Logger

load_dotenv()  # as the app does: LOG_FORMAT and LOG_LEVEL may come from .env

wsgi_app = "wsgi:app"
proc_name = "cag-api"
bind = os.environ.get("BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"

# Sync workers, one request at a time each. The API's work is CPU (serialising, compressing) between short database
# queries, so two workers a core (and one more) keep the cores busy while some wait on the database; each is a
# separate process of about 110 MB. Set WEB_CONCURRENCY for the machine at hand.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)

# A worker silent for this long is killed and replaced: a last resort for a hung request, well above any request
# the app should take (the app bounds its own database waits and answers 503 itself).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# SIGTERM (a deploy, a scale-in) stops accepting at once and lets each worker finish its request for this long;
# the load balancer's deregistration delay should be at least as long.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5  # seconds an idle client connection stays open (threaded workers only: sync workers close each one)

# Each worker builds its own app after the fork (no preload): no database connection, Redis connection or
# metrics file is ever shared between processes, and `kill -HUP` reloads new code with no dropped request. The cost
# is each worker importing the app itself (2 s at start) and no copy-on-write sharing of that memory.
preload_app = False

# Whether a request came over TLS is for the app to decide, from TRUSTED_PROXIES (werkzeug's ProxyFix): gunicorn
# would otherwise believe X-Forwarded-Proto from any local or UNIX-socket peer.
secure_scheme_headers = {}

# The app logs one line per request itself, with its request id and duration (api/request_log.py): a second
# access log would only double the volume.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"  # the workers' heartbeat files: memory, never a disk that may stall

LOG_FORMAT = os.environ.get("LOG_FORMAT") or ("json" if os.environ.get("ENV") == "production" else "text")


class JsonFormatter(logging.Formatter):
    """gunicorn's own lines (starts, stops, worker timeouts) in the fields of the app's JSON lines
    (api.request_log.JsonFormatter): written again here so that the master does not import the app."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": None,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class JsonLogger(Logger):
    def setup(self, cfg) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.setFormatter(JsonFormatter())


if LOG_FORMAT == "json":
    logger_class = JsonLogger

# Prometheus: every worker writes its metrics to files in PROMETHEUS_MULTIPROC_DIR and /metrics adds them up
# (api/metrics.py). Unset, a fresh temporary directory is made and removed at exit; set, its files from an earlier
# run are removed at start, as prometheus_client requires.
_made_metrics_dir: list[str] = []


def on_starting(_server) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        for stale in Path(directory).glob("*.db"):
            stale.unlink()
    else:
        directory = tempfile.mkdtemp(prefix="cag-metrics-")
        _made_metrics_dir.append(directory)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory  # before any worker imports prometheus_client


def child_exit(_server, worker) -> None:
    """A worker's live gauges (its pool's connections) go with it; its counters stay in the totals."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(_server) -> None:
    for directory in _made_metrics_dir:
        shutil.rmtree(directory, ignore_errors=True)
