"""Plain SQLAlchemy 2 sessions scoped to the Flask app context, on the primary or on a read replica.

Flask-SQLAlchemy 3.1 predates SQLAlchemy 2.1 and would stand between us and the engine routing that read
replicas need, so the app owns its engines and hands out one session per app context.

With DATABASE_REPLICA_URL set, a request that only reads is answered from the replica and everything else from the
primary: writes and their own reads (an If-Match check, the body a PATCH returns), requests with a token (editors
read what they just wrote, and the token's last use is written), views that write while answering a GET (/sync),
the CLI, the webhook worker and migrations. A replica lags its primary, so a client that has just written may,
for that lag, read the older state from an anonymous GET: the write's own response carries the new state and
version; an editor's reads, with the token, always see it.
"""

from pathlib import Path

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

from api.visibility import public_only

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Database:
    def init_app(self, app: Flask) -> None:
        sessions = sessionmaker(make_engine(app.config["DATABASE_URL"], app.config), expire_on_commit=False)
        event.listen(sessions, "before_flush", _refresh_search_texts)
        event.listen(sessions, "do_orm_execute", public_only)
        replica_url = app.config["DATABASE_REPLICA_URL"]
        app.extensions["database"] = sessions
        app.extensions["database_replica"] = make_engine(replica_url, app.config, True) if replica_url else None
        app.teardown_appcontext(self._close_session)

    @property
    def engine(self) -> Engine:
        """The primary: migrations, the CLI and anything that must see or make the latest state."""
        return current_app.extensions["database"].kw["bind"]

    @property
    def session(self) -> Session:
        """The session of the current app context; closed (and so rolled back if left open) at teardown."""
        if "db_session" not in g:
            sessions, replica = current_app.extensions["database"], current_app.extensions["database_replica"]
            g.db_session = sessions(bind=replica) if replica is not None and reads_only() else sessions()
        return g.db_session

    @staticmethod
    def _close_session(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()

    @staticmethod
    def dispose(app: Flask) -> None:
        """Close every pooled connection of the app's engines."""
        app.extensions["database"].kw["bind"].dispose()
        if app.extensions["database_replica"] is not None:
            app.extensions["database_replica"].dispose()


def reads_only() -> bool:
    """Whether this request may be answered from the replica (see the module's docstring).

    A view class may decide for itself with a static `reads_only()`: a GraphQL POST of a query only reads, a sync
    GET writes the change log."""
    if not has_request_context() or "Authorization" in request.headers:
        return False
    view = current_app.view_functions.get(request.endpoint)
    decide = getattr(getattr(view, "view_class", None), "reads_only", None)
    return decide() if decide is not None else request.method in READ_METHODS


def never() -> bool:
    return False


def _refresh_search_texts(session: Session, _context, _instances) -> None:
    """Keep each translation's search lexemes in step with its text, whoever writes it."""
    from api.models import TranslationMixin

    for instance in (*session.new, *session.dirty):
        if isinstance(instance, TranslationMixin):
            instance.refresh_search_text()


def make_engine(url: str, config: dict, replica: bool = False) -> Engine:
    if url.startswith("sqlite"):
        path = make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 15}, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # Bounded waits, so that an unreachable database is a quick 503 (api.errors) rather than a hung worker:
    # connecting, waiting for a pooled connection, a statement, and data the network never acknowledges.
    settings = []
    if config["DATABASE_STATEMENT_TIMEOUT"]:
        settings.append(f"statement_timeout={round(config['DATABASE_STATEMENT_TIMEOUT'] * 1000)}")
    if replica:
        settings.append("default_transaction_read_only=on")  # a write routed here by mistake fails loudly
    connect_args = {
        "connect_timeout": config["DATABASE_CONNECT_TIMEOUT"],
        "tcp_user_timeout": round(config["DATABASE_SOCKET_TIMEOUT"] * 1000),
    }
    if settings:  # a server-side setting at connection start (some poolers refuse them: set the timeout to 0)
        connect_args["options"] = " ".join(f"-c {setting}" for setting in settings)
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_timeout=config["DATABASE_POOL_TIMEOUT"],
        connect_args=connect_args,
        hide_parameters=True,  # a logged error must not show a token digest or a webhook secret
    )


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers run while a writer commits; SQLite ignores foreign keys unless asked.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def engines(app: Flask) -> dict[str, Engine]:
    """The app's engines by role, for health checks and pool metrics: the primary, and a read replica if one is
    configured (app.extensions["database_replica"], from the replica routing)."""
    found = {"primary": app.extensions["database"].kw["bind"]}
    if app.extensions.get("database_replica") is not None:
        found["replica"] = app.extensions["database_replica"]
    return found
