"""gunicorn.conf.py: it loads, and gunicorn with two workers counts every request once in /metrics whichever worker
scrapes, logs JSON lines with request ids, and stops gracefully on SIGTERM, cleaning up its metrics directory."""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = [sys.executable, "-m", "gunicorn"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(database_url: str, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PROMETHEUS_MULTIPROC_DIR"}
    return {**env, "DATABASE_URL": database_url, "AUTO_SETUP_DATABASE": "false", "SECRET_KEY": "test-secret", **extra}


def test_the_configuration_loads(database_url):
    checked = subprocess.run(
        [*GUNICORN, "--check-config"], cwd=ROOT, env=environment(database_url), capture_output=True, timeout=60
    )
    assert checked.returncode == 0, checked.stderr.decode()[-2000:]


def test_production_without_a_secret_key_does_not_start(database_url):
    env = environment(database_url, ENV="production")
    del env["SECRET_KEY"]
    checked = subprocess.run([*GUNICORN, "--check-config"], cwd=ROOT, env=env, capture_output=True, timeout=60)
    assert checked.returncode != 0
    assert "ENV=production needs SECRET_KEY" in checked.stderr.decode()


def get(url: str, headers: dict | None = None) -> tuple[int, bytes]:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=60) as response:
        return response.status, response.read()


@pytest.fixture
def gunicorn(database_url, tmp_path):
    """Two workers on a free port, JSON logs to a file; yields the base URL, the process and the log."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    temporary = tmp_path / "tmp"  # where gunicorn.conf.py makes its metrics directory
    temporary.mkdir()
    env = environment(
        database_url, LOG_FORMAT="json", WEB_CONCURRENCY="2", BIND=f"127.0.0.1:{port}", TMPDIR=str(temporary)
    )
    with log.open("wb") as output:  # a file, not a pipe: a full pipe would stall the server
        process = subprocess.Popen(GUNICORN, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # a generous bound: each worker imports the app, slowly on a busy machine
    while len(booted(log)) < 2:  # both workers up, so that both serve
        assert process.poll() is None and time.monotonic() < deadline, log.read_text()[-2000:]
        time.sleep(0.1)
    while True:
        try:
            get(f"{base}/healthz")
            break
        except OSError:
            assert time.monotonic() < deadline, log.read_text()[-2000:]
            time.sleep(0.1)
    yield base, process, log, temporary
    if process.poll() is None:
        process.kill()
        process.wait(timeout=10)


def lines(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


def booted(log: Path) -> list[dict]:
    return [line for line in lines(log) if line["message"].startswith("Booting worker")]


@contextlib.contextmanager
def held_request(base: str, request_id: str):
    """A request sent but for its last line; yields a function that sends that line and returns the status line,
    and the request's own port."""
    with socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1]))) as held:
        held.sendall(f"GET /api/v1/themes HTTP/1.1\r\nHost: test\r\nX-Request-ID: {request_id}\r\n".encode())

        def finish() -> bytes:
            held.sendall(b"\r\n")
            with held.makefile("rb") as answer:
                return answer.readline().strip()

        yield finish, held.getsockname()[1]


def taken_by_a_worker(base: str, client_port: int) -> bool:
    """Whether a worker has accepted the connection from client_port: until then it waits in the listener's backlog,
    and Linux shows its server side in /proc/net/tcp with no socket inode."""
    server_port = int(base.rsplit(":", 1)[1])
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, remote, inode = (line.split()[index] for index in (1, 2, 9))
        if (int(local.split(":")[1], 16), int(remote.split(":")[1], 16)) == (server_port, client_port):
            return inode != "0"
    return False


def wait_for(condition, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def themes_requests(base: str) -> float:
    families = text_string_to_metric_families(get(f"{base}/metrics")[1].decode())
    return sum(
        sample.value
        for family in families
        for sample in family.samples
        if sample.name == "cag_http_requests_total" and sample.labels["route"] == "/api/v1/themes"
    )


def test_two_workers_count_together_log_json_and_stop_gracefully(gunicorn):
    base, process, log, temporary = gunicorn
    # A request left unfinished keeps one worker waiting for the rest of it, so the other serves the next ones.
    with held_request(base, "gunicorn-held") as (finish, _port):
        for number in range(20):
            assert get(f"{base}/api/v1/themes", {"X-Request-ID": f"gunicorn-{number}"})[0] == 200
        assert finish() == b"HTTP/1.1 200 OK"
    assert [themes_requests(base) for _ in range(6)] == [21] * 6  # every scrape, whichever worker answers it

    entries = lines(log)  # every line is one JSON object: json.loads would have failed otherwise
    served = [entry for entry in entries if entry["logger"] == "api.request"]
    expected_ids = [f"gunicorn-{number}" for number in range(20)] + ["gunicorn-held"]
    assert sorted(entry["request_id"] for entry in served) == sorted(expected_ids)
    workers = {line["message"].split()[-1] for line in booted(log)}
    assert len(workers) == 2
    [metrics_dir] = temporary.glob("cag-metrics-*")
    counted_by = {path.name.removeprefix("counter_").removesuffix(".db") for path in metrics_dir.glob("counter_*")}
    assert counted_by == workers  # both have counted, and the scrapes added them up

    with held_request(base, "in-flight") as (finish, port):
        wait_for(lambda: taken_by_a_worker(base, port), "a worker to take the request")
        process.send_signal(signal.SIGTERM)
        wait_for(lambda: "Handling signal: term" in log.read_text(), "the master to take the stop")
        assert finish() == b"HTTP/1.1 200 OK"  # a request under way when the stop came is answered
    assert process.wait(timeout=120) == 0  # graceful_timeout (30 s) and then some
    assert "Shutting down: Master" in [entry["message"] for entry in lines(log)]
    assert list(temporary.iterdir()) == []  # the metrics directory it made is gone


def test_a_given_metrics_directory_is_emptied_at_start(tmp_path, monkeypatch):
    """prometheus_client needs it: files of an earlier run would be added to this one's counts."""
    import runpy

    directory = tmp_path / "metrics"
    directory.mkdir()
    (directory / "counter_12345.db").write_bytes(b"left from the last run")
    (directory / "README").write_text("not ours")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(directory))
    runpy.run_path(str(ROOT / "gunicorn.conf.py"))["on_starting"](None)
    assert sorted(path.name for path in directory.iterdir()) == ["README"]
