"""Brute force is rate-limited: failed logins per client address, and writes per token or address.

How a request is counted:
- A write (a REST POST, PUT, PATCH or DELETE; each mutation of a GraphQL request) spends the write budget,
  RATE_LIMIT_WRITES, of its token, however the Authorization header spells it, or of its address when it sends none.
  REST and GraphQL spend the same budget.
- A token that does not authenticate (a 401) is a failed login of the client address, RATE_LIMIT_AUTH_FAILURES.
  Past that limit the address's requests that try a token, and its writes, are refused; its reads without a token,
  GraphQL queries by POST included, never are.
- An answer states the limit it was counted against in X-RateLimit-Limit, -Remaining and -Reset: a refusal the
  limit that refused it, a failed login the failed-login limit, a write the write budget; a read none. A refusal is
  a 429 problem (/problems/rate-limited) whose Retry-After is the seconds until the window frees; a GraphQL mutation
  refused within a request is a RATE_LIMITED error with `retryAfter`, and the response has the same Retry-After.

The limiter is made per app (not a module-level extension) so that each app, and each test, counts on its own.
Counters are in memory by default and in Redis when REDIS_URL is set, shared by every app server; while Redis is
away (api.redis_store) they are counted in the process's memory, so requests are still limited and still served.
"""

import math
import time

import redis
from flask import Flask, Response, current_app, g, request
from flask_babel import gettext
from flask_limiter import Limiter, RateLimitExceeded, RequestLimit
from flask_limiter.util import get_remote_address
from limits import parse_many
from limits.storage import MemoryStorage, RedisStorage, Storage

from api import auth, redis_store, tokens
from api.errors import ApiError, handle_api_error

WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]
WRITES = "writes"  # the write budget's scope, one for REST's blueprints and GraphQL's mutations
FAILED_LOGINS = "global"  # flask-limiter's scope for an application-wide limit


class RateLimited(ApiError):
    status = 429
    code = "RATE_LIMITED"
    type = "/problems/rate-limited"

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.headers = {"Retry-After": str(retry_after)}


def identity() -> str:
    """Whose write budget a request spends: its token's, named by a digest of the secret, else its address's."""
    try:
        secret = auth.bearer_secret(request.headers.get("Authorization", ""))
    except auth.Unauthenticated:
        secret = None  # not a bearer token: a 401 whatever it does, and counted as a failed login of the address
    if secret is None:
        return f"address:{get_remote_address()}"
    # A digest, never the secret, and the same in every process (unlike hash()). An unknown token gets a budget of
    # its own, but every request with it is a 401, which the failed-login limit counts per address.
    return "token:" + tokens.digest(secret)[:24]


def is_write() -> bool:
    """Whether the request writes; a view class may say for itself (a GraphQL POST writes only to run a mutation)."""
    view = current_app.view_functions.get(request.endpoint or "")
    decide = getattr(getattr(view, "view_class", None), "writes", None)
    return decide() if decide is not None else request.method in WRITE_METHODS


def _failed_login(response: Response) -> bool:
    return response.status_code == 401 and auth.presents_token()


def _limiter() -> Limiter:
    return current_app.extensions["rate_limiter"]


def retry_after(limit: RequestLimit) -> int:
    """Whole seconds until the limit's window frees; at least one, as a refused client must wait."""
    return max(1, math.ceil(limit.window[0] - time.time()))


def refusal(limit: RequestLimit) -> RateLimited:
    """The 429 for a spent limit: which one, and when to retry."""
    if limit.request_args[-1] == WRITES:
        return RateLimited(gettext("Too many writes: wait a moment and retry."), retry_after(limit))
    return RateLimited(
        gettext("Too many failed logins from this address: wait a moment and retry."), retry_after(limit)
    )


def _count_writes(spend: bool) -> list[RequestLimit]:
    """The write budget's limits for GraphQL, spent by one write or only tested; kept for the answer's headers."""
    limiter = _limiter()
    args = [identity(), WRITES]  # as flask-limiter keys the REST limit, so that both count in one budget
    counted = g.setdefault("graphql_writes", {})
    for item in parse_many(current_app.config["RATE_LIMIT_WRITES"]):
        within = (limiter.limiter.hit if spend else limiter.limiter.test)(item, *args)
        counted[item.key_for(*args)] = RequestLimit(limiter, item, args, breached=not within, shared=True)
    return list(counted.values())


def count_write() -> None:
    """One write that no blueprint limit sees: a GraphQL mutation (a request may hold several)."""
    for limit in _count_writes(spend=True):
        if limit.breached:
            raise refusal(limit)


def refuse_spent_writes() -> None:
    """A GraphQL request of mutations is refused as a whole, before it runs, when the budget is already spent."""
    for limit in _count_writes(spend=False):
        if limit.breached:
            raise refusal(limit)


def _refused(error: RateLimitExceeded) -> Response:
    """flask-limiter's refusals, in the API's one error shape."""
    breached = next((limit for limit in _limiter().current_limits if limit.breached), None)
    if breached is None:  # flask-limiter refused without saying which counter: wait out the whole window
        return handle_api_error(RateLimited(gettext("Too many requests"), error.limit.limit.get_expiry()))
    return handle_api_error(refusal(breached))


def _stated_limit(response: Response) -> RequestLimit | None:
    counted = [*_limiter().current_limits, *g.get("graphql_writes", {}).values()]
    refusing = [limit for limit in counted if limit.breached]
    if refusing:
        return refusing[0]
    scope = FAILED_LOGINS if _failed_login(response) else WRITES
    return min((limit for limit in counted if limit.request_args[-1] == scope), key=_remaining, default=None)


def _remaining(limit: RequestLimit) -> int:
    return limit.remaining


def state_limit(response: Response) -> Response:
    """X-RateLimit-* for the limit the request was counted against (see the module's docstring)."""
    limit = _stated_limit(response)
    if limit is not None:
        response.headers["X-RateLimit-Limit"] = str(limit.limit.amount)
        response.headers["X-RateLimit-Remaining"] = str(limit.remaining)
        response.headers["X-RateLimit-Reset"] = str(limit.reset_at)
    return response


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
    # Registered before the limiter's own hook, so run after it: once the failed login is counted.
    app.after_request(state_limit)
    store = app.extensions["redis"]
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri="cag-redis://" if store is not None else "memory://",
        storage_options={"store": store} if store is not None else {},
        in_memory_fallback_enabled=True,
        headers_enabled=False,  # flask-limiter states the first limit it checked, not the one that applied
        # Failed logins, across all routes together, per address. Once over, only requests that try a token, and
        # writes, are refused: one bad client does not cut its whole office off from public reads.
        application_limits=[app.config["RATE_LIMIT_AUTH_FAILURES"]],
        application_limits_deduct_when=_failed_login,
        application_limits_exempt_when=lambda: not auth.presents_token() and not is_write(),
    )
    writes = limiter.shared_limit(
        app.config["RATE_LIMIT_WRITES"], scope=WRITES, key_func=identity, methods=WRITE_METHODS
    )
    for blueprint in blueprints:
        writes(blueprint)
    app.register_error_handler(RateLimitExceeded, _refused)
    app.extensions["rate_limiter"] = limiter
    return limiter
