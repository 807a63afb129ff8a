"""Every setting comes from the environment, with a default that runs the embedded SQLite demo.

ENV=production changes two defaults (AUTO_SETUP_DATABASE off, LOG_FORMAT json) and makes the app refuse to start
without a real SECRET_KEY (see check)."""

import os
from pathlib import Path

from dotenv import load_dotenv

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"
DEV_SECRET_KEY = "dev-only-not-secret"
ENVIRONMENTS = ("development", "production")
LOG_FORMATS = ("json", "text")
MIN_SECRET_KEY_LENGTH = 32


class ConfigurationError(RuntimeError):
    """A setting the app must not start with."""


def _list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _fallbacks(value: str) -> dict[str, list[str]]:
    """Parse `ky:ru,uk:ru` into {"ky": ["ru"], "uk": ["ru"]}; a chain may be `a:b>c`."""
    chains: dict[str, list[str]] = {}
    for pair in _list(value):
        locale, _, chain = pair.partition(":")
        chains[locale.strip()] = [step.strip() for step in chain.split(">") if step.strip()]
    return chains


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def from_environment() -> dict:
    load_dotenv()  # a .env file beside the app is read when present; real environment variables win
    env = os.environ.get
    production = env("ENV", "development") == "production"
    return {
        "ENV": env("ENV", "development"),
        # Signs cursors, preview links and sync tokens; an empty value counts as unset.
        "SECRET_KEY": env("SECRET_KEY") or DEV_SECRET_KEY,
        "DATABASE_URL": env("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'cag.db'}"),
        "DATABASE_REPLICA_URL": env("DATABASE_REPLICA_URL", ""),
        # PostgreSQL waits, in seconds (api/database.py): an unreachable database is a 503 after these, not a hang.
        "DATABASE_CONNECT_TIMEOUT": int(env("DATABASE_CONNECT_TIMEOUT", "5")),  # libpq counts whole seconds, >= 2
        "DATABASE_POOL_TIMEOUT": float(env("DATABASE_POOL_TIMEOUT", "5")),
        "DATABASE_STATEMENT_TIMEOUT": float(env("DATABASE_STATEMENT_TIMEOUT", "30")),  # 0: no limit
        "DATABASE_SOCKET_TIMEOUT": float(env("DATABASE_SOCKET_TIMEOUT", "15")),  # sent data left unacknowledged
        "DATABASE_RETRY_AFTER": int(env("DATABASE_RETRY_AFTER", "5")),  # the 503's Retry-After while it is away
        "REDIS_URL": env("REDIS_URL", ""),
        "PUBLIC_SITE_URL": env("PUBLIC_SITE_URL", "https://centralasiengrupperna.se"),
        # Where the public website shows an item: feeds and oEmbed link there. {site}, {lang}, {type}, {slug}.
        "PUBLIC_ITEM_URL": env("PUBLIC_ITEM_URL", "{site}/{lang}/{type}/{slug}"),
        "CORS_ORIGINS": _list(env("CORS_ORIGINS", "")),
        "DEFAULT_LOCALE": env("DEFAULT_LOCALE", "en"),
        "LOCALES": _list(env("LOCALES", "en,sv,ru,ky,pl")),
        "LOCALE_FALLBACKS": _fallbacks(env("LOCALE_FALLBACKS", "ky:ru")),
        # The demo must run with one command, so an empty database is migrated and seeded at start.
        # In production migrations are a release step (`flask --app wsgi db upgrade`), not every worker's start.
        "AUTO_SETUP_DATABASE": _bool(env("AUTO_SETUP_DATABASE", "false" if production else "true")),
        "CACHE_MAX_AGE": int(env("CACHE_MAX_AGE", "60")),
        "RATE_LIMIT_AUTH_FAILURES": env("RATE_LIMIT_AUTH_FAILURES", "20 per minute"),
        "RATE_LIMIT_WRITES": env("RATE_LIMIT_WRITES", "120 per minute"),
        "PREVIEW_TTL": int(env("PREVIEW_TTL", str(7 * 24 * 3600))),  # seconds a preview link works
        # Webhook delivery (api/webhooks.py): seconds, except the number of attempts before an endpoint is disabled.
        "WEBHOOK_TIMEOUT": float(env("WEBHOOK_TIMEOUT", "5")),
        "WEBHOOK_RETRY_BASE": float(env("WEBHOOK_RETRY_BASE", "2")),
        "WEBHOOK_RETRY_MAX": float(env("WEBHOOK_RETRY_MAX", "3600")),
        "WEBHOOK_MAX_ATTEMPTS": int(env("WEBHOOK_MAX_ATTEMPTS", "10")),
        "WEBHOOK_LEASE": float(env("WEBHOOK_LEASE", "30")),
        "WEBHOOK_POLL_INTERVAL": float(env("WEBHOOK_POLL_INTERVAL", "1")),
        "SYNC_TOKEN_TTL": int(env("SYNC_TOKEN_TTL", str(90 * 24 * 3600))),  # seconds a sync token stays good
        "GRAPHQL_INTROSPECTION": _bool(env("GRAPHQL_INTROSPECTION", "true")),
        # How many of the newest matching texts a search ranks; `total` counts all matches (api/queries/listing.py).
        "SEARCH_CANDIDATES": int(env("SEARCH_CANDIDATES", "1000")),
        # Seconds one reading of the content's state serves anonymous requests of a process (api/caching.py).
        "CONTENT_STATE_TTL": float(env("CONTENT_STATE_TTL", "1")),
        # Rendered public answers kept per process (api/response_cache.py); 0 turns the cache off.
        "RESPONSE_CACHE_MB": int(env("RESPONSE_CACHE_MB", "32")),
        "RESPONSE_CACHE_TTL": int(env("RESPONSE_CACHE_TTL", "300")),  # seconds an answer stays in Redis
        "COMPRESS_MIN_SIZE": int(env("COMPRESS_MIN_SIZE", "1024")),  # bytes; smaller bodies gain nothing
        "COMPRESS_BROTLI_QUALITY": int(env("COMPRESS_BROTLI_QUALITY", "5")),  # 0–11: 5 is fast and still small
        "MAX_CONTENT_LENGTH": int(env("MAX_CONTENT_LENGTH", str(1024 * 1024))),  # bytes of a request body; more: 413
        # Redis (api/redis_store.py): keys start with the prefix, so several apps or environments may share one.
        "REDIS_KEY_PREFIX": env("REDIS_KEY_PREFIX", "cag"),
        "REDIS_TIMEOUT": float(env("REDIS_TIMEOUT", "0.5")),  # seconds to connect or answer, else it is away
        "REDIS_CHECK_INTERVAL": float(env("REDIS_CHECK_INTERVAL", "5")),  # seconds between PINGs while away
        # Logs (api/request_log.py): one JSON object per line, or text for a terminal.
        "LOG_FORMAT": env("LOG_FORMAT", "json" if production else "text"),
        "LOG_LEVEL": env("LOG_LEVEL", "INFO").upper(),
        # Proxies in front of the app that set X-Forwarded-For and X-Forwarded-Proto (a load balancer: 1, a CDN in
        # front of it: 2). 0 trusts none: the client's address and scheme are the connection's.
        "TRUSTED_PROXIES": int(env("TRUSTED_PROXIES", "0")),
        "HSTS_SECONDS": int(env("HSTS_SECONDS", "0")),  # Strict-Transport-Security max-age on HTTPS; 0: none
        "READYZ_TIMEOUT": float(env("READYZ_TIMEOUT", "2")),  # seconds /readyz waits for the database
    }


def check(settings: dict) -> None:
    """Refuse to start with settings that must not reach production."""
    if settings["ENV"] not in ENVIRONMENTS:
        raise ConfigurationError(f"ENV must be one of {', '.join(ENVIRONMENTS)}, not {settings['ENV']!r}.")
    if settings["LOG_FORMAT"] not in LOG_FORMATS:
        raise ConfigurationError(f"LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, not {settings['LOG_FORMAT']!r}.")
    if settings["ENV"] != "production":
        return
    secret = settings["SECRET_KEY"]
    if secret == DEV_SECRET_KEY or len(secret) < MIN_SECRET_KEY_LENGTH:
        raise ConfigurationError(
            f"ENV=production needs SECRET_KEY set in the environment to a random value of at least "
            f"{MIN_SECRET_KEY_LENGTH} characters, for instance the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`."
        )


# flask-smorest: the spec and the docs page, served by the app itself.
OPENAPI = {
    "API_TITLE": "CAG Content API",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    "OPENAPI_SWAGGER_UI_URL": "/docs/assets/",
    "API_SPEC_OPTIONS": {
        "info": {
            "description": "Posts, projects, partner organisations and vacancies of Central Asia Solidarity Groups "
            "and its partners, in several languages. Errors are RFC 9457 problem+json.",
        },
        # What registered endpoints receive (api/webhooks.py); WebhookEvent is registered in api.register_api.
        "webhooks": {
            "change": {
                "post": {
                    "summary": "A change of content, delivered at least once, in change-log order.",
                    "description": "Signed in X-CAG-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of '<t>.<body>' "
                    "with the endpoint's secret>. X-CAG-Delivery repeats the event id (the idempotency id) and "
                    "X-CAG-Event its name. Answer 2xx to acknowledge; anything else is retried with backoff.",
                    "parameters": [
                        {"name": "X-CAG-Signature", "in": "header", "required": True, "schema": {"type": "string"}},
                        {"name": "X-CAG-Delivery", "in": "header", "required": True, "schema": {"type": "string"}},
                        {"name": "X-CAG-Event", "in": "header", "required": True, "schema": {"type": "string"}},
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WebhookEvent"}}},
                    },
                    "responses": {"2XX": {"description": "Acknowledged; the next event follows."}},
                }
            }
        },
    },
}
