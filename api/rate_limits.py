"""Brute force is rate-limited: failed authentications per client address, and writes per token or address.

The limiter is made per app (not a module-level extension) so that each app, and each test, counts on its own.
Counters are in memory by default and in Redis when REDIS_URL is set, shared by every app server; while Redis is
away (api.redis_store) they are counted in the process's memory, so requests are still limited and still served.
"""

import hashlib

import redis
from flask import Flask, current_app, request
from flask_babel import gettext
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse_many
from limits.storage import MemoryStorage, RedisStorage, Storage

from api import redis_store
from api.errors import ApiError

WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]


def _token_or_address() -> str:
    # Each token has its own budget, so editors behind one office address do not share one; the key holds a
    # digest, never the token, and is the same in every worker process (unlike hash()).
    authorization = request.headers.get("Authorization", "")
    if not authorization:
        return f"address:{get_remote_address()}"
    return "token:" + hashlib.sha256(authorization.encode()).hexdigest()[:24]


class TooManyWrites(ApiError):
    status = 429
    code = "RATE_LIMITED"
    type = "/problems/rate-limited"


def count_write() -> None:
    """One write that no blueprint limit sees (a GraphQL mutation; a request may hold several), counted against
    a budget of the same size as REST's."""
    limiter = current_app.extensions["rate_limiter"]
    key = _token_or_address()
    for limit in parse_many(current_app.config["RATE_LIMIT_WRITES"]):
        if not limiter.limiter.hit(limit, "graphql-writes", key):
            raise TooManyWrites(gettext("Too many writes: wait a moment and retry."))


class SharedCounters(Storage):
    """Counters in the app's Redis while it answers, in this process's memory while it does not.

    Selected by the `cag-redis://` scheme (limits registers storages by scheme) with the store as an option."""

    STORAGE_SCHEME = ["cag-redis"]

    def __init__(self, uri: str, store: redis_store.RedisStore, **_options) -> None:
        super().__init__(uri)
        self.store = store
        self.shared = RedisStorage(
            "redis://", connection_pool=store.client.connection_pool, key_prefix=store.key("limits")
        )
        self.local = MemoryStorage()

    @property
    def base_exceptions(self) -> type[Exception]:
        return redis.RedisError

    def _call(self, method: str, *args, **kwargs):
        if self.store.available():
            try:
                return getattr(self.shared, method)(*args, **kwargs)
            except redis.RedisError as error:
                self.store.failed(error)
        return getattr(self.local, method)(*args, **kwargs)

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        return self._call("incr", key, expiry, amount=amount)

    def get(self, key: str) -> int:
        return self._call("get", key)

    def get_expiry(self, key: str) -> float:
        return self._call("get_expiry", key)

    def clear(self, key: str) -> None:
        return self._call("clear", key)

    def reset(self) -> int | None:
        return self._call("reset")

    def check(self) -> bool:
        return True  # one of the two always answers


def register_rate_limits(app: Flask, blueprints) -> Limiter:
    store = app.extensions["redis"]
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri="cag-redis://" if store is not None else "memory://",
        storage_options={"store": store} if store is not None else {},
        in_memory_fallback_enabled=True,
        headers_enabled=True,
        # Counted when a request fails authentication, across all routes together; once over, only requests that
        # try a token are refused, so one bad client does not cut its whole office off from public reads.
        application_limits=[app.config["RATE_LIMIT_AUTH_FAILURES"]],
        application_limits_deduct_when=lambda response: response.status_code == 401,
        application_limits_exempt_when=lambda: (
            "Authorization" not in request.headers and request.method not in WRITE_METHODS
        ),
    )
    writes = limiter.shared_limit(
        app.config["RATE_LIMIT_WRITES"], scope="writes", key_func=_token_or_address, methods=WRITE_METHODS
    )
    for blueprint in blueprints:
        writes(blueprint)
    app.extensions["rate_limiter"] = limiter
    return limiter
