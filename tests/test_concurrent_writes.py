"""No lost writes: editors saving the same post at once against a real server, gunicorn with several workers."""

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import dispose, make_app

ROOT = Path(__file__).resolve().parents[1]
WRITERS = 4
SAVES_EACH = 5


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(method: str, url: str, headers: dict, body: dict | None = None) -> tuple[int, dict, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"{}")


@pytest.fixture
def server(databases, tmp_path):
    """gunicorn serving a fresh copy of the seeded database, with an editor token made by the CLI."""
    url = databases.create()
    app = make_app(url)
    output = app.test_cli_runner().invoke(args=["tokens", "create", "Editor", "--role", "editor"]).output
    secret = re.search(r"cag_\S+", output).group(0)
    dispose(app)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "AUTO_SETUP_DATABASE": "false", "SECRET_KEY": "test-secret"}
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        "2",
        "--threads",
        "4",
        "--bind",
        f"127.0.0.1:{port}",
        "wsgi:app",
    ]
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as output:  # a file, not a pipe: a full pipe would stall the server
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/v1/themes", timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        process.wait(timeout=10)
        pytest.fail("gunicorn did not start: " + log.read_text()[-2000:])
    yield base, {"Authorization": f"Bearer {secret}"}
    process.terminate()
    process.wait(timeout=10)
    databases.drop(url)


def test_concurrent_saves_lose_nothing(server):
    base, editor = server
    url = f"{base}/api/v1/posts/maria-from-journalist-to-ngo"
    saved: list[str] = []
    conflicts: list[int] = []
    failures: list[tuple] = []

    def writer(number: int) -> None:
        for save in range(SAVES_EACH):
            marker = f"[w{number}s{save}]"
            for _attempt in range(50):
                status, headers, post = call("GET", url, editor)
                assert status == 200
                video = (post["video_url"] or "https://example.org/v?") + marker
                status, _headers, body = call(
                    "PATCH", url, {**editor, "If-Match": headers["ETag"]}, {"video_url": video}
                )
                if status == 200:
                    saved.append(marker)
                    break
                if status == 412:
                    conflicts.append(number)
                    continue
                failures.append((status, body))
                return

    threads = [threading.Thread(target=writer, args=(number,)) for number in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert len(saved) == WRITERS * SAVES_EACH
    final = call("GET", url, editor)[2]["video_url"]
    assert sorted(re.findall(r"\[w\d+s\d+\]", final)) == sorted(saved)  # every acknowledged save is there
    history = call("GET", f"{url}/revisions", editor)[2]["items"]
    assert len(history) == WRITERS * SAVES_EACH
    assert conflicts, "the writers should have collided at least once"
