"""The app's Redis, for the state app servers share (rate limits), and whether it answers just now.

REDIS_URL empty: no Redis, and each process keeps that state itself. Set: one client per process with short
timeouts and no retry loop, and an availability flag that a failed command clears at once and a PING, at most once
every REDIS_CHECK_INTERVAL seconds, sets again. While Redis is away its users fall back to per-process state and the
API goes on serving; the log says so once when it goes and once when it is back, and /readyz shows it.
"""

import logging
import threading
import time

import redis
from flask import Flask, current_app
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)


class RedisStore:
    def __init__(self, url: str, timeout: float, check_interval: float, prefix: str) -> None:
        # One retry, at once: a pooled connection that Redis closed (a restart) is replaced; a Redis that is away
        # costs two refused connections, never redis-py's default backoff of seconds.
        self.client = redis.Redis.from_url(
            url, socket_connect_timeout=timeout, socket_timeout=timeout, retry=Retry(NoBackoff(), 1)
        )
        self.prefix = prefix
        self.check_interval = check_interval
        kwargs = self.client.connection_pool.connection_kwargs
        # Where, for the log: never the URL, which may hold a password.
        self.where = kwargs.get("path") or f"{kwargs.get('host')}:{kwargs.get('port')}/{kwargs.get('db', 0)}"
        self._up: bool | None = None  # not yet known
        self._next_check = 0.0
        self._lock = threading.Lock()

    def key(self, *parts: str) -> str:
        """A key under REDIS_KEY_PREFIX."""
        return ":".join((self.prefix, *parts))

    def available(self) -> bool:
        """Whether Redis answered its last check; a PING at most every check interval, never two at once."""
        if time.monotonic() >= self._next_check and self._lock.acquire(blocking=False):
            try:
                self._next_check = time.monotonic() + self.check_interval
                self.client.ping()
            except redis.RedisError as error:
                self._set(False, error)
            else:
                self._set(True)
            finally:
                self._lock.release()
        return bool(self._up)

    def failed(self, error: Exception) -> None:
        """A command failed: Redis counts as away until the next check."""
        self._next_check = time.monotonic() + self.check_interval
        self._set(False, error)

    def _set(self, up: bool, error: Exception | None = None) -> None:
        was, self._up = self._up, up
        if up == was:
            return
        if not up:
            reason = f"{type(error).__name__}: {error}"
            log.warning(
                "redis at %s unavailable (%s): shared state is kept per process until it answers", self.where, reason
            )
        elif was is not None:
            log.info("redis at %s available again: shared state is shared again", self.where)


def init_app(app: Flask) -> None:
    config = app.config
    made = None
    if config["REDIS_URL"]:
        made = RedisStore(
            config["REDIS_URL"], config["REDIS_TIMEOUT"], config["REDIS_CHECK_INTERVAL"], config["REDIS_KEY_PREFIX"]
        )
        made.available()  # a Redis that is away is said in the log at start, not at the first write
    app.extensions["redis"] = made


def store() -> RedisStore | None:
    """The app's Redis store; None when REDIS_URL is empty."""
    return current_app.extensions["redis"]


def client() -> redis.Redis | None:
    """The app's Redis client, or None when there is none or it did not answer its last check: keep the state in
    the process then. Report a command that fails with failed(error)."""
    found = store()
    return found.client if found is not None and found.available() else None


def failed(error: Exception) -> None:
    found = store()
    if found is not None:
        found.failed(error)


def status() -> str:
    """For /readyz: "ok", "unavailable" (serving with per-process state) or "disabled" (no REDIS_URL)."""
    found = store()
    if found is None:
        return "disabled"
    return "ok" if found.available() else "unavailable"
