"""The mixed run, as a site sees it: response cache on, reads drawn Zipf-like (s ≈ 1) from tens of thousands of
distinct URLs, while an editor saves a draft every second and publishes it every ten; throughput, p50/p99 of the
reads, the response cache's hit ratio, and how the editor's writes fared.

    V=.venv/bin
    $V/python bench/mixed.py --database-url sqlite:////tmp/b20k.db                    # 60 s, 30,000 URLs
    $V/python bench/mixed.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench
    # a quick check of the tooling (noisy): --seconds 10 --urls 20000

The reads are wrk (`-t2 -c16`, bench/zipf.lua, `Accept-Encoding: br, gzip` as browsers send) over the URL sets
of bench/urlsets.py (items, lists, searches in one and in all types, GraphQL), each URL given a random popularity
rank r and drawn with probability ∝ 1/r^s.
The editor is a thread here with an editor token (made with `flask --app wsgi tokens create … --role editor`
against the measured database): it creates a draft post, PATCHes it every second with If-Match, and publishes
it every tenth second, then starts a new draft. Every write changes the content's state, and with it every
public validator (api/caching.py), so the cache's hit ratio under writes is the figure that matters here.

The app has no cache counter and no X-Cache-like header, so gunicorn serves bench/instrumented.py (wsgi:app plus
one Prometheus counter of responses from the cache, rendered, and other) and the hit ratio is read from /metrics
before and after. A SQLite database is copied to a temporary file first (--in-place to write into it): the run
adds posts. A PostgreSQL one is written to (a few posts named bench-mixed-…).
"""

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from sqlalchemy import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import server, urlsets  # noqa: E402

ZIPF = server.BENCH / "zipf.lua"
MIX = {  # share of the URL population per route
    "REST item": 0.4,
    "REST list (20)": 0.25,
    "GraphQL nested list": 0.15,
    "search, one type": 0.1,
    "search, all types": 0.1,
}


def population(content: urlsets.Content, count: int, exponent: float, seed: int) -> list[tuple[float, str]]:
    """`count` distinct URLs in the MIX's shares, each with a Zipf weight 1/rank^s for a random rank."""
    sets = urlsets.route_urls(content, int(count * max(MIX.values())) + 1, seed)
    urls = []
    for name, share in MIX.items():
        urls += sets[name][: int(count * share)]
    rng = random.Random(seed)
    rng.shuffle(urls)
    return [(1 / (rank + 1) ** exponent, url) for rank, url in enumerate(urls)]


def editor_token(database_url: str, bin_dir: Path) -> str:
    command = [str(bin_dir / "flask"), "--app", "wsgi", "tokens", "create", f"bench-mixed-{int(time.time())}"]
    env = {"DATABASE_URL": database_url, "AUTO_SETUP_DATABASE": "false", "SECRET_KEY": "bench", "LOG_LEVEL": "WARNING"}
    output = subprocess.run(
        [*command, "--role", "editor"], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True
    )
    found = re.search(r"token \d+ \(editor\) for \S+: (\S+)", output.stdout)
    if found is None:
        raise SystemExit(f"no token from `flask tokens create`: {output.stdout}{output.stderr}")
    return found.group(1)


class Editor(threading.Thread):
    """Saves a draft every second and publishes it every tenth; records each write's status and time."""

    def __init__(self, base: str, token: str, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.base, self.stop = base, stop
        self.auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.writes: list[tuple[str, int, float]] = []  # (operation, status, ms)
        self.slug, self.etag, self.title = None, None, ""

    def call(self, operation: str, method: str, path: str, body: dict, etag: str | None = None):
        headers = {**self.auth, **({"If-Match": etag} if etag else {})}
        request = urllib.request.Request(self.base + path, json.dumps(body).encode(), headers, method=method)
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, answer, tag = response.status, json.loads(response.read()), response.headers.get("ETag")
        except urllib.error.HTTPError as error:
            status, answer, tag = error.code, {}, None
        except OSError:
            status, answer, tag = 0, {}, None
        self.writes.append((operation, status, (time.perf_counter() - started) * 1000))
        return status, answer, tag

    def new_draft(self) -> None:
        self.title = title = f"Bench mixed {int(time.time() * 1000)} {random.randrange(10**6)}"
        body = {
            "kind": "news",
            "original_locale": "en",
            "translations": {"en": {"title": title, "excerpt": "A draft.", "body": "<p>Draft.</p>"}},
        }
        status, answer, tag = self.call("create", "POST", "/api/v1/posts", body)
        self.slug, self.etag = (answer["slug"], tag) if status == 201 else (None, None)

    def run(self) -> None:
        """On the wall clock: a save each second, a publish each tenth (a slow write delays, never shifts, them)."""
        self.new_draft()
        started, published = time.monotonic(), 0
        while not self.stop.wait(max(0.0, started + int(time.monotonic() - started) + 1 - time.monotonic())):
            second = int(time.monotonic() - started)
            if self.slug is None:
                self.new_draft()
                continue
            text = {"title": self.title, "excerpt": "A draft.", "body": f"<p>Saved at second {second}.</p>"}
            body = {"translations": {"en": text}}  # a locale's text is replaced whole
            status, _answer, tag = self.call("save draft", "PATCH", f"/api/v1/posts/{self.slug}", body, self.etag)
            if status == 200:
                self.etag = tag
            if second // 10 > published:
                published = second // 10
                self.call("publish", "POST", f"/api/v1/posts/{self.slug}/publish", {}, self.etag)
                self.new_draft()


def cache_counts(base: str) -> dict[str, float]:
    with urllib.request.urlopen(base + "/metrics", timeout=30) as response:
        text = response.read().decode()
    counts = {"cache": 0.0, "rendered": 0.0, "other": 0.0}
    for source, value in re.findall(r'^cag_bench_responses_total\{source="(\w+)"\} ([\d.e+]+)$', text, re.M):
        counts[source] += float(value)
    return counts


def copy_sqlite(database_url: str, directory: Path) -> str:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return database_url
    target = directory / "mixed.db"
    for suffix in ("", "-wal", "-shm"):
        source = Path(url.database + suffix)
        if source.exists():
            shutil.copyfile(source, str(target) + suffix)
    return str(url.set(database=str(target)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--urls", type=int, default=30_000, help="distinct URLs in the population (≥ 20,000)")
    parser.add_argument("--zipf", type=float, default=1.0, help="the exponent s")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cache-mb", type=int, default=32, help="RESPONSE_CACHE_MB (the app's default)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--header",
        action="append",
        help='"Name: value" for every read (default: "Accept-Encoding: br, gzip", as browsers send)',
    )
    parser.add_argument("--in-place", action="store_true", help="write into a SQLite database instead of a copy")
    parser.add_argument("--bin", type=Path, default=server.default_bin(), help="where gunicorn and flask are")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cag-mixed-") as temporary:
        directory = Path(temporary)
        database_url = args.database_url if args.in_place else copy_sqlite(args.database_url, directory)
        content = urlsets.Content(database_url)
        weighted = population(content, args.urls, args.zipf, args.seed)
        if len(weighted) < 20_000:
            print(f"!! only {len(weighted)} distinct URLs in the population (the data set is small)", file=sys.stderr)
        paths = directory / "zipf.txt"
        paths.write_text("".join(f"{weight:.9g}\t{url}\n" for weight, url in weighted))
        token = editor_token(database_url, args.bin)
        api = server.start_api(database_url, args.workers, args.cache_mb, args.bin, app="bench.instrumented:app")
        try:
            before = cache_counts(api.base)
            stop = threading.Event()
            editor = Editor(api.base, token, stop)
            editor.start()
            reads = server.wrk(api, ZIPF, [str(paths), str(args.seed)], args.seconds, args.connections, args.threads)
            stop.set()
            editor.join(timeout=60)
            after = cache_counts(api.base)
        finally:
            api.stop()
    report(args, len(weighted), reads, {k: after[k] - before[k] for k in after}, editor.writes)


def report(args, urls: int, reads: server.Segment, counts: dict, writes: list) -> None:
    public = counts["cache"] + counts["rendered"]
    hit_ratio = counts["cache"] / public if public else 0.0
    print(
        f"\n### Mixed run — {urls:,} URLs, Zipf s={args.zipf}, response cache {args.cache_mb} MB a worker, "
        f"editor saving every 1 s and publishing every 10 s; {args.workers} workers, "
        f"wrk -t{args.threads} -c{args.connections} -d{args.seconds}s\n"
    )
    print("| reads/s | p50 ms | p99 ms | cache hit ratio | from cache | rendered | non-2xx | CPU ms/req | peak MB |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| {reads.rate:.0f} | {reads.p50:.1f} | {reads.p99:.1f} | {hit_ratio:.1%} | {counts['cache']:.0f} | "
        f"{counts['rendered']:.0f} | {reads.errors} | {reads.cpu_ms:.2f} | {reads.peak_mb:.0f} |"
    )
    due = {"create": args.seconds // 10 + 1, "save draft": args.seconds, "publish": args.seconds // 10}
    print("\n| editor's writes | done / due | statuses | p50 ms | max ms |")
    print("| --- | ---: | --- | ---: | ---: |")
    for operation in ("create", "save draft", "publish"):
        done = [(status, ms) for name, status, ms in writes if name == operation]
        if not done:
            continue
        statuses = ", ".join(
            f"{status} × {sum(1 for s, _ in done if s == status)}" for status in sorted({s for s, _ in done})
        )
        times = [ms for _, ms in done]
        print(
            f"| {operation} | {len(done)} / {due[operation]} | {statuses} | "
            f"{statistics.median(times):.0f} | {max(times):.0f} |"
        )


if __name__ == "__main__":
    main()
