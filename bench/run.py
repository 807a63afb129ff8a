"""Serve the app with gunicorn on generated data sets and measure it with wrk (Debian's package): requests/s and
p50/p99 latency per route, each as a ratio to the constant-JSON floor route (/healthz) of the same run, and the
workers' peak memory.

    .venv/bin/python bench/generate.py --database-url sqlite:///$PWD/bench/data/bench-1k.db --items 1000
    .venv/bin/python bench/generate.py --database-url sqlite:///$PWD/bench/data/bench-100k.db --items 100000
    .venv/bin/python bench/run.py --database-url sqlite:///$PWD/bench/data/bench-1k.db \\
        --database-url sqlite:///$PWD/bench/data/bench-100k.db

wrk repeats one URL per route, so after the first request every answer comes from the response cache
(api/response_cache.py), as it would for a popular page. Each data set is therefore measured twice: as served
(cache on) and with RESPONSE_CACHE_MB=0, where every request runs its view and its SQL. With two or more data sets
the last table compares list and search latency of the last with the first.

Server and load generator share the machine (2 cores here): the ratios, not the absolute figures, are the point.
"""

import argparse
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.generate import vocabulary  # noqa: E402

NESTED = (
    "{posts(first: 20) { totalCount edges { cursor node { slug title excerpt publishedAt "
    "author { name } themes { slug name } partners { slug name } project { slug title } } } } }"
)
TARGETS = {  # ratio to the floor route
    "REST list (20)": 0.5,
    "REST item": 0.6,
    "304 revalidation": 0.8,
    "GraphQL nested list": 0.35,
    "Atom feed": 0.4,
    "REST search": 0.3,
}


def routes(search_term: str) -> dict[str, tuple[str, dict]]:
    return {
        "floor (/healthz)": ("/healthz", {}),
        "REST list (20)": ("/api/v1/posts?limit=20", {}),
        "REST item": ("/api/v1/posts/{slug}", {}),
        "REST search": (f"/api/v1/search?q={quote(search_term)}&limit=20", {}),
        "304 revalidation": ("/api/v1/posts?limit=20", {"revalidate": True}),
        "GraphQL nested list": ("/graphql?query=" + quote(NESTED), {}),
        "Atom feed": ("/feeds/posts.atom", {}),
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(database_url: str, port: int, workers: int, cache: bool) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "AUTO_SETUP_DATABASE": "false",
        "SECRET_KEY": "bench",
        "LOG_LEVEL": "WARNING",  # a log line per request would measure the terminal
        **({} if cache else {"RESPONSE_CACHE_MB": "0"}),
    }
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "wsgi:app",
        f"--workers={workers}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def first_slug(base: str) -> str:
    with urllib.request.urlopen(f"{base}/api/v1/posts?limit=1", timeout=30) as response:
        return json.loads(response.read())["items"][0]["slug"]


def etag_of(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.headers["ETag"]


def wrk(url: str, seconds: int, connections: int, threads: int, headers: dict) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {pct: _millis(value) for pct, value in re.findall(r"\s+(50|99)%\s+([\d.]+\w+)", output)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rate": rate, "p50": latency["50"], "p99": latency["99"], "errors": int(errors.group(1)) if errors else 0}


def _millis(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def peak_memory_mb(server: subprocess.Popen) -> float:
    """The largest resident set (VmHWM) among gunicorn's workers."""
    children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return max(peaks, default=0.0)


def measure(database_url: str, cache: bool, args, search_term: str) -> tuple[dict, float]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(database_url, port, args.workers, cache)
    try:
        slug = first_slug(base)
        results = {}
        for name, (path, options) in routes(search_term).items():
            url = base + path.format(slug=slug)
            headers = {"If-None-Match": etag_of(url)} if options.get("revalidate") else {}
            wrk(url, 2, args.connections, args.threads, headers)  # warm-up
            results[name] = wrk(url, args.seconds, args.connections, args.threads, headers)
        return results, peak_memory_mb(server)
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", action="append", help="one per data set; the first is the baseline")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cache", choices=("both", "on", "off"), default="both")
    parser.add_argument("--q", help="the search term (default: a word about as common as a topic word)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    urls = args.database_url or [f"sqlite:///{ROOT / 'bench' / 'data' / 'bench.db'}"]
    modes = {"both": (True, False), "on": (True,), "off": (False,)}[args.cache]
    search_term = args.q or vocabulary(random.Random(2026), "en")[100]
    load = f"wrk -t{args.threads} -c{args.connections} -d{args.seconds}s"
    print(f"gunicorn {args.workers} workers, {load}, q={search_term}")
    runs = {}
    for url in urls:
        for cache in modes:
            runs[(url, cache)] = results, memory = measure(url, cache, args, search_term)
            report(results, memory, f"{url}, response cache {'on' if cache else 'off'}")
    if len(urls) > 1:
        scaling(runs, urls, modes)


def report(results: dict, memory: float, title: str) -> None:
    floor = results["floor (/healthz)"]["rate"]
    print(f"\n{title}\n")
    print("| route | req/s | ratio to floor | target | p50 ms | p99 ms | non-2xx/3xx |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, result in results.items():
        target = TARGETS.get(name)
        ratio = result["rate"] / floor
        mark = "" if target is None else (" ✓" if ratio >= target else " ✗")
        p99 = f"{result['p99']:.1f}" + ("" if result["p99"] < 50 else " ✗")
        print(
            f"| {name} | {result['rate']:.0f} | {ratio:.2f}{mark} | {target or ''} | {result['p50']:.1f} | "
            f"{p99} | {result['errors']} |"
        )
    print(f"\nworker peak memory (VmHWM): {memory:.0f} MB" + ("" if memory < 200 else " ✗"))


def scaling(runs: dict, urls: list[str], modes: tuple) -> None:
    """p50 latency of list and search on the last data set against the first (target: within 1.5×)."""
    first, last = urls[0], urls[-1]
    print(f"\n{last} against {first} (p50 latency)\n")
    print("| route | cache | first ms | last ms | × | target |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for cache in modes:
        for name in ("REST list (20)", "REST search"):
            before, after = runs[(first, cache)][0][name]["p50"], runs[(last, cache)][0][name]["p50"]
            factor = after / before if before else float("inf")
            mark = " ✓" if factor <= 1.5 else " ✗"
            print(f"| {name} | {'on' if cache else 'off'} | {before:.1f} | {after:.1f} | {factor:.2f}{mark} | 1.5 |")


if __name__ == "__main__":
    main()
