"""The read benchmark: each API route driven over distinct URLs, in interleaved rounds with an independent floor
route, response cache off; then one request at a time for growth; then tables to paste into the README.

    V=.venv/bin     # any virtualenv with the app's requirements; gunicorn is taken from the same bin/
    $V/python bench/generate.py --database-url sqlite:////tmp/b1k.db --items 1000 --projects 100 --vacancies 100
    $V/python bench/generate.py --database-url sqlite:////tmp/b20k.db --items 20000 --projects 2000 --vacancies 2000
    $V/python bench/generate.py --database-url sqlite:////tmp/b100k.db --items 100000 --projects 10000 \\
        --vacancies 10000
    $V/python bench/run.py --database-url sqlite:////tmp/b1k.db --database-url sqlite:////tmp/b20k.db \\
        --database-url sqlite:////tmp/b100k.db --save /tmp/bench-sqlite.json
    # PostgreSQL, 1,000 posts:
    $V/python bench/generate.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench --items 1000 \\
        --projects 100 --vacancies 100
    $V/python bench/run.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench --save /tmp/bench-pg.json
    # the tables again, from a saved run:
    $V/python bench/run.py --report /tmp/bench-sqlite.json
    # a quick check of the tooling (noisy, minutes): --rounds 2 --seconds 3 --warmup 1 --growth-seconds 2

For each data set: gunicorn serves the API (gunicorn.conf.py, --workers, RESPONSE_CACHE_MB=0) and the floor app
(bench/floor.py: Flask + SQLAlchemy listing 20 rows of its own table, same worker count). wrk (`-t2 -c16`) drives
them in rounds: floor, each API route, floor, each route again, …, floor. bench/rotate.lua sends each request to
the next URL of the route's set (bench/urlsets.py), carrying on where the previous segment stopped, so no URL is
sent twice in a data set's run; if a set runs out it wraps round, and the table says how many were repeated.
A route's ratio in a round is its requests/s over the mean of the floor segments either side; the table shows the
median over rounds. Before each segment the workers are left to go idle (wrk leaves up to 16 requests queued
that are still run). Then each route runs with one connection (`-t1 -c1`), one request at a time, for growth.

Columns: req/s and ratio (median over rounds) · p50/p99 ms (wrk's latency percentiles, median over rounds) ·
CPU ms/req (the workers' utime+stime over the segment, /proc/<pid>/stat, per request: what a request costs
whatever the queueing) · KB/req (bytes read per answer, headers included) · peak MB (largest worker VmHWM during
the route's segments, reset before each) · URLs (distinct sent / in the set; "+N again" if the set wrapped) ·
non-2xx (wrk's non-2xx/3xx count and socket read/write/timeout errors). Growth: p50 at one connection per data
set, and the last data set's over the first's.

Server, floor and wrk share the machine: compare ratios, not absolute figures, and run on a quiet machine.
"""

import argparse
import json
import re
import statistics
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import floor, server, urlsets  # noqa: E402

FLOOR = "floor (bench/floor.py)"
TARGETS = {  # ratio to the floor, every URL distinct, response cache off
    "REST list (20)": 0.5,
    "REST item": 0.55,
    "search, one type": 0.35,
    "search, all types": 0.2,
    "GraphQL nested list": 0.25,
}
GROWTH = {  # most the one-at-a-time p50 may grow from the first data set to the last
    "REST list (20)": 1.3,
    "REST item": 1.3,
    "search, one type": 1.5,
    "search, all types": 1.5,
    "GraphQL nested list": 1.3,
}
MEMORY_MB = 200
ROTATE = server.BENCH / "rotate.lua"


class Rotation:
    """One route's URL file and how far into it this data set's run has got."""

    def __init__(self, name: str, paths: list[str], directory: Path) -> None:
        self.name, self.count, self.offset, self.wrapped = name, len(paths), 0, 0
        self.file = directory / (re.sub(r"\W+", "-", name).strip("-") + ".txt")
        self.file.write_text("\n".join(paths) + "\n")

    def args(self, threads: int) -> list[str]:
        return [str(self.file), str(self.offset), str(threads)]

    def advance(self, segment: server.Segment) -> None:
        self.offset = segment.rotate.get("next", self.offset)
        self.wrapped = max(0, self.offset - self.count)

    def restart(self) -> None:
        self.offset, self.wrapped = 0, 0


def check(base: str, paths: list[str], name: str) -> None:
    """A route's URLs answer 200 before they are measured (a 4xx would measure an error page)."""
    for path in paths:
        try:
            with urllib.request.urlopen(base + path, timeout=60) as response:
                body = response.read()
        except urllib.error.HTTPError as error:
            raise SystemExit(f"{name}: {path} answered {error.code}: {error.read()[:300]!r}") from error
        if path.startswith("/graphql") and json.loads(body).get("errors"):  # GraphQL's errors come with a 200
            raise SystemExit(f"{name}: {path} answered {body[:300]!r}")


def segment(target, rotation: Rotation, seconds: float, args, connections=None, threads=None) -> server.Segment:
    threads = threads or args.threads
    result = server.wrk(
        target,
        ROTATE,
        rotation.args(threads),
        seconds,
        connections or args.connections,
        threads,
        dict(header.split(": ", 1) for header in args.header),
    )
    rotation.advance(result)
    return result


def measure(database_url: str, floor_server, floor_rotation: Rotation, args, directory: Path) -> dict:
    print(f"\n== {database_url}: building URL sets", file=sys.stderr)
    content = urlsets.Content(database_url)
    sets = urlsets.route_urls(content, args.urls)
    if args.routes:
        sets = {name: urls for name, urls in sets.items() if name in args.routes}
    rotations = {name: Rotation(name, urls, directory) for name, urls in sets.items()}
    rotations[FLOOR] = floor_rotation
    floor_rotation.restart()
    api = server.start_api(database_url, args.workers, 0, args.bin)
    targets = {name: api for name in sets} | {FLOOR: floor_server}
    try:
        for name, urls in sets.items():
            check(api.base, urls[-3:], name)  # the end of each set: sent only if the run gets that far
        print(f"== warm-up, {args.warmup} s a route", file=sys.stderr)
        for name, rotation in rotations.items():
            segment(targets[name], rotation, args.warmup, args)
        rounds: list[dict] = []
        floors = [segment(floor_server, floor_rotation, args.seconds, args)]
        for number in range(args.rounds):
            print(f"== round {number + 1}/{args.rounds}", file=sys.stderr)
            rounds.append({name: segment(api, rotations[name], args.seconds, args) for name in sets})
            floors.append(segment(floor_server, floor_rotation, args.seconds, args))
        print(f"== one request at a time, {args.growth_seconds} s a route", file=sys.stderr)
        single = {
            name: segment(targets[name], rotation, args.growth_seconds, args, connections=1, threads=1)
            for name, rotation in rotations.items()
        }
    finally:
        api.stop()
    return summarise(database_url, content, rounds, floors, single, rotations)


def summarise(database_url, content, rounds, floors, single, rotations) -> dict:
    routes = {}
    for name in [FLOOR, *rounds[0]]:
        if name == FLOOR:
            segments = floors
            ratios = [1.0] * len(floors)
        else:
            segments = [one[name] for one in rounds]
            ratios = [
                one[name].rate / statistics.mean([floors[n].rate, floors[n + 1].rate]) for n, one in enumerate(rounds)
            ]
        routes[name] = {
            "rate": statistics.median(s.rate for s in segments),
            "ratio": statistics.median(ratios),
            "ratios": [round(r, 3) for r in ratios],
            "p50": statistics.median(s.p50 for s in segments),
            "p99": statistics.median(s.p99 for s in segments),
            "cpu_ms": statistics.median(s.cpu_ms for s in segments),
            "kb": statistics.median(s.bytes_per_request for s in segments) / 1024,
            "peak_mb": max(s.peak_mb for s in segments),
            "errors": sum(s.errors for s in segments) + single[name].errors,
            "urls_sent": min(rotations[name].offset, rotations[name].count),
            "urls": rotations[name].count,
            "wrapped": rotations[name].wrapped,
            "single_p50": single[name].p50,
            "single_p99": single[name].p99,
            "single_cpu_ms": single[name].cpu_ms,
            "single_peak_mb": single[name].peak_mb,
        }
        if rotations[name].wrapped:
            print(
                f"!! {name}: its {rotations[name].count} URLs ran out; {rotations[name].wrapped} were sent again",
                file=sys.stderr,
            )
    return {"database": database_url, "posts": len(content.posts), "routes": routes}


def report(results: list[dict], settings: dict) -> None:
    print(
        f"\ngunicorn {settings['workers']} sync workers (API and floor), response cache off; "
        f"wrk -t{settings['threads']} -c{settings['connections']}, {settings['rounds']} interleaved rounds of "
        f"{settings['seconds']} s a route; every URL distinct"
    )
    for result in results:
        print(f"\n### {result['posts']:,} published posts — {_database(result['database'])}\n")
        print(
            "| route | req/s | ratio to floor | target | p50 ms | p99 ms | CPU ms/req | KB/req | peak MB | URLs | "
            "non-2xx |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name, route in result["routes"].items():
            target = TARGETS.get(name)
            mark = "" if target is None else (" ✓" if route["ratio"] >= target else " ✗")
            urls = f"{route['urls_sent']:,}/{route['urls']:,}" + (
                f" +{route['wrapped']:,} again" if route["wrapped"] else ""
            )
            print(
                f"| {name} | {route['rate']:.0f} | {route['ratio']:.2f}{mark} | {target or ''} | {route['p50']:.1f} | "
                f"{route['p99']:.1f} | {route['cpu_ms']:.2f} | {route['kb']:.1f} | {route['peak_mb']:.0f} | {urls} | "
                f"{route['errors']} |"
            )
        api_peak = max(
            max(route["peak_mb"], route["single_peak_mb"]) for name, route in result["routes"].items() if name != FLOOR
        )
        mark = " ✓" if api_peak < MEMORY_MB else " ✗"
        print(f"\nAPI worker peak memory (VmHWM): {api_peak:.0f} MB{mark} (target < {MEMORY_MB} MB)")
    growth(results)


def growth(results: list[dict]) -> None:
    """p50 at one connection per data set, and the largest data set's over the smallest's."""
    results = sorted(results, key=lambda result: result["posts"])
    print("\n### One request at a time (`wrk -t1 -c1`, response cache off): p50 ms\n")
    heads = " | ".join(f"{result['posts']:,} posts" for result in results)
    print(f"| route | {heads} | largest / smallest | target |")
    print("| --- |" + " ---: |" * (len(results) + 2))
    for name in results[0]["routes"]:
        values = [result["routes"].get(name, {}).get("single_p50") for result in results]
        cells = " | ".join("" if value is None else f"{value:.1f}" for value in values)
        limit = GROWTH.get(name)
        factor = ""
        if len(results) > 1 and values[0] and values[-1]:
            grown = values[-1] / values[0]
            factor = f"{grown:.2f}" + ("" if limit is None else (" ✓" if grown <= limit else " ✗"))
        print(f"| {name} | {cells} | {factor} | {limit or ''} |")


def _database(url: str) -> str:
    return url.split(":", 1)[0].split("+")[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", action="append", help="one per data set, smallest first")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=10, help="per route per round")
    parser.add_argument("--warmup", type=int, default=3, help="per route, before the rounds")
    parser.add_argument("--growth-seconds", type=int, default=10, help="per route, one connection")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers, API and floor alike")
    parser.add_argument("--urls", type=int, default=150_000, help="most URLs per route (fewer if the data runs out)")
    parser.add_argument("--floor-rows", type=int, default=40_000)
    parser.add_argument("--floor-urls", type=int, default=400_000)
    parser.add_argument("--route", dest="routes", action="append", choices=list(TARGETS), help="only these")
    parser.add_argument("--header", action="append", default=[], help='"Name: value" for every request')
    parser.add_argument("--bin", type=Path, default=server.default_bin(), help="where gunicorn is")
    parser.add_argument("--save", type=Path, help="write the results as JSON")
    parser.add_argument("--report", type=Path, help="print the tables of a saved run and stop")
    args = parser.parse_args()
    if args.report:
        saved = json.loads(args.report.read_text())
        report(saved["results"], saved["settings"])
        return
    if not args.database_url:
        parser.error("--database-url is needed (one per data set)")
    with tempfile.TemporaryDirectory(prefix="cag-bench-") as temporary:
        directory = Path(temporary)
        floor_database = str(directory / "floor.db")
        floor.create(floor_database, args.floor_rows)
        floor_paths = urlsets.floor_urls(floor.published_times(floor_database), args.floor_urls)
        floor_rotation = Rotation(FLOOR, floor_paths, directory)
        floor_server = server.start_floor(floor_database, args.workers, args.bin)
        try:
            results = [measure(url, floor_server, floor_rotation, args, directory) for url in args.database_url]
        finally:
            floor_server.stop()
    settings = {name: getattr(args, name) for name in ("workers", "threads", "connections", "rounds", "seconds")}
    if args.save:
        args.save.write_text(json.dumps({"settings": settings, "results": results}, indent=1))
    report(results, settings)


if __name__ == "__main__":
    main()
