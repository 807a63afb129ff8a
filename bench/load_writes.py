"""Load with writes: several client processes create, change (with If-Match), publish and read posts against a
running server for a while, then every acknowledged write is read back with an editor token.

    .venv/bin/flask --app wsgi tokens create load --role editor      # one editor token, or one per process
    RATE_LIMIT_WRITES="100000 per minute" .venv/bin/gunicorn -w 2 --threads 4 wsgi:app
    .venv/bin/python bench/load_writes.py http://127.0.0.1:8000 cag_… [--processes 4] [--seconds 20]

What counts as a failure: any answer outside what the operation may get by design (a 5xx always is; a 412 only for
a deliberately stale If-Match or a lost race on the shared post; a 409 only for a deliberately taken slug; a 422
only for deliberately invalid input), and any acknowledged write (2xx) that is not there afterwards as acknowledged.
tests/test_load_writes.py runs it in CI against gunicorn.
"""

import argparse
import json
import multiprocessing
import random
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field

SHARED = "maria-from-journalist-to-ngo"  # a seeded post every process changes: writers collide on it
GRAPHQL_LIST = {"query": "{ posts(first: 5) { totalCount nodes { slug title version } } }"}
# Each operation, its share of the mix, and the statuses it may get by design.
OPERATIONS = {
    "create": (10, {201}),
    "create_taken_slug": (2, {409}),
    "patch": (15, {200}),
    "patch_stale": (4, {412}),
    "patch_invalid": (2, {422}),
    "publish": (5, {200}),
    "patch_shared": (6, {200, 412}),
    "read_list": (14, {200}),
    "read_item": (14, {200}),
    "read_search": (10, {200}),
    "read_graphql": (14, {200}),
    "read_own_published": (4, {200}),
}


def call(base: str, method: str, path: str, headers: dict, body=None) -> tuple[int, dict, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        base + path, data=data, method=method, headers={"Content-Type": "application/json", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"{}")


def version_of(etag: str) -> int:
    return int(etag.strip('"').split(".")[0])


@dataclass
class Post:
    """What the server acknowledged last for one post this process made."""

    slug: str
    etag: str
    old_etag: str
    video_url: str | None = None
    status: str = "draft"


@dataclass
class Report:
    statuses: Counter = field(default_factory=Counter)  # (operation, status) → count
    unexpected: list = field(default_factory=list)
    posts: dict = field(default_factory=dict)  # slug → acknowledged {version, video_url, publication_status}
    shared_saves: int = 0
    requests: int = 0


class Client:
    """One editor's session: its own posts, and what the server acknowledged for each."""

    def __init__(self, base: str, token: str, number: int) -> None:
        self.base, self.number = base, number
        self.auth = {"Authorization": f"Bearer {token}"}
        self.posts: list[Post] = []
        self.report = Report()
        self.random = random.Random(number)

    def run(self, seconds: float) -> Report:
        names = list(OPERATIONS)
        weights = [OPERATIONS[name][0] for name in names]
        deadline = time.monotonic() + seconds
        self.do("create")
        while time.monotonic() < deadline:
            self.do(self.random.choices(names, weights)[0])
        self.report.posts = {
            post.slug: {
                "version": version_of(post.etag),
                "video_url": post.video_url,
                "publication_status": post.status,
            }
            for post in self.posts
        }
        return self.report

    def do(self, operation: str) -> None:
        answer = getattr(self, operation)()
        if answer is None:  # nothing to do yet (no post of its own to publish, say)
            return
        status, body = answer
        self.report.requests += 1
        self.report.statuses[operation, status] += 1
        if status not in OPERATIONS[operation][1]:
            self.report.unexpected.append((operation, status, json.dumps(body)[:300]))

    def call(self, method: str, path: str, headers: dict | None = None, body=None) -> tuple[int, dict, dict]:
        return call(self.base, method, path, headers or {}, body)

    def write(self, method: str, post: Post, path: str = "", body=None) -> tuple[int, dict, dict]:
        status, headers, answer = self.call(
            method, f"/api/v1/posts/{post.slug}{path}", {**self.auth, "If-Match": post.etag}, body
        )
        if status == 200:
            post.old_etag, post.etag = post.etag, headers["ETag"]
        return status, headers, answer

    def own(self, status: str | None = None) -> Post | None:
        posts = [post for post in self.posts if status is None or post.status == status]
        return self.random.choice(posts) if posts else None

    def create(self):
        title = f"Load {self.number} {uuid.uuid4().hex[:12]}"
        body = {"kind": "news", "original_locale": "en", "translations": {"en": {"title": title, "body": "<p>x</p>"}}}
        status, headers, answer = self.call("POST", "/api/v1/posts", self.auth, body)
        if status == 201:
            self.posts.append(Post(answer["slug"], headers["ETag"], headers["ETag"]))
        return status, answer

    def create_taken_slug(self):
        post = self.own()
        if post is None:
            return None
        body = {"kind": "news", "original_locale": "en", "slug": post.slug, "translations": {"en": {"title": "Taken"}}}
        return self.call("POST", "/api/v1/posts", self.auth, body)[::2]

    def patch(self):
        post = self.own()
        if post is None:
            return None
        video_url = f"https://video.example.org/{post.slug}/{uuid.uuid4().hex[:8]}"
        status, _headers, answer = self.write("PATCH", post, body={"video_url": video_url})
        if status == 200:
            post.video_url = answer["video_url"]
        return status, answer

    def patch_stale(self):
        post = self.own()
        if post is None or post.old_etag == post.etag:
            return None
        body = {"video_url": "https://video.example.org/stale"}
        return self.call("PATCH", f"/api/v1/posts/{post.slug}", {**self.auth, "If-Match": post.old_etag}, body)[::2]

    def patch_invalid(self):
        post = self.own()
        return None if post is None else self.write("PATCH", post, body={"kind": "poem"})[::2]

    def publish(self):
        post = self.own("draft")
        if post is None:
            return None
        status, _headers, answer = self.write("POST", post, "/publish", {})
        if status == 200:
            post.status = answer["publication_status"]
        return status, answer

    def patch_shared(self):
        path = f"/api/v1/posts/{SHARED}"
        status, headers, answer = self.call("GET", path, self.auth)
        if status != 200:
            return status, answer
        body = {"video_url": f"https://video.example.org/shared/{uuid.uuid4().hex[:8]}"}
        status, _headers, answer = self.call("PATCH", path, {**self.auth, "If-Match": headers["ETag"]}, body)
        self.report.shared_saves += status == 200
        return status, answer

    def read_list(self):
        return self.call("GET", "/api/v1/posts?limit=5")[::2]

    def read_item(self):
        return self.call("GET", f"/api/v1/posts/{SHARED}")[::2]

    def read_search(self):
        return self.call("GET", "/api/v1/search?q=" + self.random.choice(["malmo", "climate", "youth", "load"]))[::2]

    def read_graphql(self):
        return self.call("POST", "/graphql", body=GRAPHQL_LIST)[::2]

    def read_own_published(self):
        post = self.own("published")
        return None if post is None else self.call("GET", f"/api/v1/posts/{post.slug}")[::2]


def client_process(base: str, token: str, number: int, seconds: float) -> Report:
    return Client(base, token, number).run(seconds)


def verify(base: str, token: str, reports: list[Report], shared_version_before: int) -> list[str]:
    """Every acknowledged write, read back with a token (from the primary): what is missing or different."""
    auth = {"Authorization": f"Bearer {token}"}
    problems = []
    for report in reports:
        for slug, acknowledged in report.posts.items():
            status, headers, item = call(base, "GET", f"/api/v1/posts/{slug}", auth)
            found = {
                "version": version_of(headers.get("ETag", '"0."')),
                "video_url": item.get("video_url"),
                "publication_status": item.get("publication_status"),
            }
            if status != 200 or found != acknowledged:
                problems.append(f"{slug}: acknowledged {acknowledged}, found {status} {found}")
    saves = sum(report.shared_saves for report in reports)
    shared = call(base, "GET", f"/api/v1/posts/{SHARED}", auth)[2]["version"]
    if shared != shared_version_before + saves:
        problems.append(f"{SHARED}: {saves} acknowledged saves from version {shared_version_before}, found {shared}")
    return problems


@dataclass
class Result:
    reports: list[Report]
    problems: list[str]
    seconds: float

    @property
    def requests(self) -> int:
        return sum(report.requests for report in self.reports)

    @property
    def unexpected(self) -> list:
        return [answer for report in self.reports for answer in report.unexpected]

    @property
    def statuses(self) -> Counter:
        return sum((report.statuses for report in self.reports), Counter())

    def summary(self) -> str:
        writes = sum(count for (operation, _), count in self.statuses.items() if not operation.startswith("read"))
        return (
            f"{self.requests} requests in {self.seconds:.1f} s ({self.requests / self.seconds:.0f}/s, "
            f"{writes} of them writes) from {len(self.reports)} processes; "
            f"{len(self.unexpected)} unexpected answers, {len(self.problems)} lost or wrong writes"
        )


def run(base: str, tokens: list[str], seconds: float) -> Result:
    """`len(tokens)` client processes for `seconds`, then the read-back."""
    shared_before = call(base, "GET", f"/api/v1/posts/{SHARED}", {"Authorization": f"Bearer {tokens[0]}"})[2]["version"]
    started = time.monotonic()
    # spawn, not fork: the caller may hold threads and database connections that a fork would copy.
    with multiprocessing.get_context("spawn").Pool(len(tokens)) as pool:
        reports = pool.starmap(client_process, [(base, token, n, seconds) for n, token in enumerate(tokens)])
    elapsed = time.monotonic() - started
    return Result(reports, verify(base, tokens[0], reports, shared_before), elapsed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the server, e.g. http://127.0.0.1:8000")
    parser.add_argument("token", nargs="+", help="editor tokens; with one, every process uses it")
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    tokens = args.token if len(args.token) > 1 else args.token * args.processes
    result = run(args.base.rstrip("/"), tokens, args.seconds)
    print(result.summary())
    for (operation, status), count in sorted(result.statuses.items()):
        print(f"  {operation:20} {status} × {count}")
    for answer in result.unexpected[:20] + result.problems[:20]:
        print("  !", answer)
    return 1 if result.unexpected or result.problems else 0


if __name__ == "__main__":
    sys.exit(main())
