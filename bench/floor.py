"""The floor route: an independent minimal Flask + SQLAlchemy app that lists 20 rows of its own table as JSON.

It is what "a Flask list route" costs on this machine with nothing of the API in it (no validation, no i18n, no
validators, no compression): the API's routes are measured as a ratio to it, served the same way (gunicorn, sync
workers, as many as the API's), so that the machine, its load and the load generator cancel out.

    .venv/bin/python bench/floor.py --create /tmp/floor.db          # 20,000 rows (done by bench/run.py itself)
    FLOOR_DATABASE=/tmp/floor.db .venv/bin/gunicorn --chdir bench -w 2 floor:app
    curl 'http://127.0.0.1:8000/rows?before=2022-03-04T05:06:07&lang=sv&limit=20'

`before` (an ISO time), `lang` and `limit` (1-50) vary, so that a benchmark can rotate through distinct URLs as it
does for the API; the query walks an index on (lang, published_at), like the API's keyset pages.
"""

import argparse
import os
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask, jsonify, request
from sqlalchemy import Index, String, Text, create_engine, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

LOCALES = ("en", "sv", "ru", "ky", "pl")
START = datetime(2015, 1, 1, tzinfo=UTC)
SPAN_MINUTES = 10 * 365 * 24 * 60


class Base(DeclarativeBase):
    pass


class Row(Base):
    __tablename__ = "rows"
    __table_args__ = (Index("rows_lang_published", "lang", "published_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80))
    lang: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(200))
    excerpt: Mapped[str] = mapped_column(Text)
    published_at: Mapped[str] = mapped_column(String(32))  # ISO text: compared as text, as SQLite stores times


def create(path: str, rows: int, seed: int = 2026) -> None:
    """A fresh table of `rows` rows, spread over ten years and the five locales."""
    Path(path).unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    rng = random.Random(seed)
    words = "youth rights climate water mountain village school equality volunteers exchange river border".split()
    batch = []
    with engine.begin() as connection:
        for n in range(rows):
            moment = START + timedelta(minutes=rng.randint(0, SPAN_MINUTES))
            batch.append(
                {
                    "id": n + 1,
                    "slug": f"floor-row-{n + 1}",
                    "lang": LOCALES[n % len(LOCALES)],
                    "title": " ".join(rng.choices(words, k=6)).capitalize(),
                    "excerpt": " ".join(rng.choices(words, k=30)).capitalize() + ".",
                    "published_at": moment.strftime("%Y-%m-%dT%H:%M:%S"),
                }
            )
            if len(batch) == 2000:
                connection.execute(insert(Row), batch)
                batch = []
        if batch:
            connection.execute(insert(Row), batch)
    engine.dispose()


def published_times(path: str) -> list[str]:
    engine = create_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        times = list(session.scalars(select(Row.published_at).order_by(Row.published_at)))
    engine.dispose()
    return times


def create_app(path: str) -> Flask:
    app = Flask(__name__)
    engine = create_engine(f"sqlite:///{path}")
    columns = (Row.id, Row.slug, Row.lang, Row.title, Row.excerpt, Row.published_at)

    @app.get("/rows")
    def rows():
        lang = request.args.get("lang", "en")
        limit = min(max(int(request.args.get("limit", 20)), 1), 50)
        query = select(*columns).where(Row.lang == lang)
        if "before" in request.args:
            query = query.where(Row.published_at < request.args["before"])
        query = query.order_by(Row.published_at.desc()).limit(limit)
        with Session(engine) as session:
            items = [row._asdict() for row in session.execute(query)]
        return jsonify(items=items, limit=limit)

    return app


if os.environ.get("FLOOR_DATABASE"):  # under gunicorn: floor:app
    app = create_app(os.environ["FLOOR_DATABASE"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--create", metavar="PATH", required=True, help="the SQLite file to (re)create")
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    create(args.create, args.rows)
    print(f"{args.rows} rows in {args.create}", file=sys.stderr)


if __name__ == "__main__":
    main()
