"""No lost writes: editors saving the same post at once against a real server, gunicorn with several workers."""

import re
import threading

import pytest

from tests.conftest import dispose, make_app
from tests.live_server import call, gunicorn

WRITERS = 4
SAVES_EACH = 5


@pytest.fixture
def server(databases, tmp_path):
    """gunicorn serving a fresh copy of the seeded database, with an editor token made by the CLI."""
    url = databases.create()
    app = make_app(url)
    output = app.test_cli_runner().invoke(args=["tokens", "create", "Editor", "--role", "editor"]).output
    secret = re.search(r"cag_\S+", output).group(0)
    dispose(app)
    env = {"DATABASE_URL": url, "AUTO_SETUP_DATABASE": "false", "SECRET_KEY": "test-secret"}
    with gunicorn(env, tmp_path / "gunicorn.log", workers=2, threads=4) as base:
        yield base, {"Authorization": f"Bearer {secret}"}
    databases.drop(url)


def test_concurrent_saves_lose_nothing(server):
    base, editor = server
    url = f"{base}/api/v1/posts/maria-from-journalist-to-ngo"
    saved: list[str] = []
    conflicts: list[int] = []
    failures: list[tuple] = []
    # Every writer reads the post before any of them saves: they all hold one version, so all but one first save
    # must be refused, however the threads happen to be scheduled.
    all_have_read = threading.Barrier(WRITERS, timeout=120)

    def writer(number: int) -> None:
        for save in range(SAVES_EACH):
            marker = f"[w{number}s{save}]"
            for attempt in range(50):
                status, headers, post = call("GET", url, editor)
                if status != 200:
                    all_have_read.abort()
                    failures.append((status, post))
                    return
                if save == attempt == 0:
                    all_have_read.wait()
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
    assert len(conflicts) >= WRITERS - 1  # the first round's losers, at least
