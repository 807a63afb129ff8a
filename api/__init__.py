"""The CAG content API: create_app() builds the Flask application from environment settings."""

from flask import Flask

from api import (
    caching,
    config,
    errors,
    health,
    home,
    metrics,
    oembed,
    redis_store,
    request_log,
    response_cache,
    security_headers,
    setup,
    syndication,
    widgets,
)
from api.auth import see_private_content
from api.cli import register_cli
from api.docs import blp as docs_blueprint
from api.extensions import babel, cors, db
from api.http import register_http_headers
from api.i18n import requested_locale
from api.rate_limits import register_rate_limits
from api.resources import BLUEPRINTS
from api.resources.base import Api
from api.serializers.webhook import WebhookEventOut
from api.slugs import SLUG_PATTERN, SlugConverter
from schema.view import register_graphql


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(config.from_environment())
    app.config.update(config.OPENAPI)
    app.config.update(overrides or {})
    config.check(app.config)
    request_log.configure_logging(app)
    app.url_map.converters["slug"] = SlugConverter
    app.json.ensure_ascii = False  # UTF-8 text is a third of the size of \u escapes in Cyrillic content
    # First registered, last run: the request log and the metrics see the response as it leaves (a 304, an error);
    # the HTTP headers' hooks see what flask-cors has added and may take it back.
    request_log.register(app)
    metrics.register(app)
    security_headers.register(app)
    register_http_headers(app)
    register_extensions(app)
    caching.register_content_state(app, app.extensions["database"])
    errors.register_error_handlers(app)
    register_api(app)
    register_graphql(app)
    app.before_request(see_private_content)
    app.before_request(syndication.guard)  # after the token: a channel answers as the public view, whoever asks
    app.before_request(caching.answer_unchanged)  # after the token is checked: a revoked one gets no 304
    app.before_request(response_cache.answer_from_cache)
    response_cache.register_response_cache(app)
    register_cli(app)
    if app.config["AUTO_SETUP_DATABASE"]:
        setup.prepare_database(app)
    return app


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    metrics.watch_pools(app)
    redis_store.init_app(app)
    babel.init_app(
        app,
        locale_selector=requested_locale,
        default_locale=app.config["DEFAULT_LOCALE"],
        default_translation_directories="translations",
    )
    # Reads are public; browsers write only from CORS_ORIGINS (api.http.restrict_write_origins, schema.mutation).
    cors.init_app(app, resources={r"/api/*": {"origins": "*"}, r"/graphql": {"origins": "*"}}, send_wildcard=True)


def register_api(app: Flask) -> None:
    rest = Api(app)
    rest.register_converter(SlugConverter, lambda _converter: {"type": "string", "pattern": SLUG_PATTERN})
    rest.spec.components.schema("WebhookEvent", schema=WebhookEventOut)
    for blueprint in BLUEPRINTS:
        rest.register_blueprint(blueprint)
    register_rate_limits(app, BLUEPRINTS)
    app.register_blueprint(docs_blueprint)
    app.register_blueprint(widgets.blp)
    app.register_blueprint(oembed.blp)
    app.register_blueprint(health.blp)
    app.register_blueprint(home.blp)
