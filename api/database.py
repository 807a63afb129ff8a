"""Plain SQLAlchemy 2 sessions scoped to the Flask app context.

Flask-SQLAlchemy 3.1 predates SQLAlchemy 2.1 and would stand between us and the engine routing that read
replicas need later, so the app owns one engine and hands out one session per app context.
"""

from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

from api.visibility import public_only


class Database:
    def init_app(self, app: Flask) -> None:
        engine = make_engine(app.config["DATABASE_URL"])
        sessions = sessionmaker(engine, expire_on_commit=False)
        event.listen(sessions, "before_flush", _refresh_search_texts)
        event.listen(sessions, "do_orm_execute", public_only)
        app.extensions["database"] = sessions
        app.teardown_appcontext(self._close_session)

    @property
    def engine(self) -> Engine:
        return current_app.extensions["database"].kw["bind"]

    @property
    def session(self) -> Session:
        """The session of the current app context; closed (and so rolled back if left open) at teardown."""
        if "db_session" not in g:
            g.db_session = current_app.extensions["database"]()
        return g.db_session

    @staticmethod
    def _close_session(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


def _refresh_search_texts(session: Session, _context, _instances) -> None:
    """Keep each translation's search lexemes in step with its text, whoever writes it."""
    from api.models import TranslationMixin

    for instance in (*session.new, *session.dirty):
        if isinstance(instance, TranslationMixin):
            instance.refresh_search_text()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 15})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


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
