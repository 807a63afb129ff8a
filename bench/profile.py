"""Where a route's time goes: pyinstrument over repeated in-process requests, response cache off, on a data set.

    .venv/bin/python bench/profile.py --database-url sqlite:///$PWD/bench/data/bench-100k.db "/api/v1/posts?limit=20"

Prints each request's wall time and SQL time (the slowest statements first), then pyinstrument's call tree.
"""

import argparse
import sys
import time
from pathlib import Path

from pyinstrument import Profiler
from sqlalchemy import event

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api import create_app  # noqa: E402


def timed_statements(engine) -> list[tuple[float, str]]:
    timings: list[tuple[float, str]] = []

    @event.listens_for(engine, "before_cursor_execute")
    def started(connection, *_args) -> None:
        connection.info["started"] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def finished(connection, _cursor, statement, *_args) -> None:
        timings.append((time.perf_counter() - connection.info["started"], " ".join(statement.split())[:110]))

    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("urls", nargs="+")
    args = parser.parse_args()
    config = {"DATABASE_URL": args.database_url, "AUTO_SETUP_DATABASE": False, "SECRET_KEY": "bench"}
    app = create_app({**config, "RESPONSE_CACHE_MB": 0, "LOG_LEVEL": "WARNING"})
    timings = timed_statements(app.extensions["database"].kw["bind"])
    client = app.test_client()
    for url in args.urls:
        client.get(url)  # warm-up: compiled statements, loaded catalogs
        timings.clear()
        started = time.perf_counter()
        status = client.get(url).status_code
        wall = (time.perf_counter() - started) * 1000
        sql = sum(seconds for seconds, _ in timings) * 1000
        print(f"\n{url}: {status}, {wall:.1f} ms, of which SQL {sql:.1f} ms in {len(timings)} statements")
        for seconds, statement in sorted(timings, reverse=True)[:3]:
            print(f"  {seconds * 1000:7.1f} ms  {statement}")
        profiler = Profiler(interval=0.0005)
        with profiler:
            for _ in range(args.repeat):
                client.get(url)
        print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
