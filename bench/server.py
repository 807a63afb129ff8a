"""gunicorn servers for the benchmarks (the API and the floor app) and what their workers cost: CPU time from
/proc/<pid>/stat, peak resident memory (VmHWM, reset per segment through /proc/<pid>/clear_refs), and wrk runs.

The gunicorn and flask commands are taken from the directory of the Python that runs the benchmark (a virtualenv's
bin/), or from --bin.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
TICKS = os.sysconf("SC_CLK_TCK")


def default_bin() -> Path:
    return Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    base: str

    def workers(self) -> list[int]:
        found = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in found.split()]

    def cpu_seconds(self) -> dict[int, float]:
        """utime + stime of each worker, in seconds."""
        times = {}
        for pid in self.workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            times[pid] = (int(fields[11]) + int(fields[12])) / TICKS  # fields 14 and 15 of proc(5)
        return times

    def reset_peaks(self) -> None:
        """Start each worker's VmHWM again from its current RSS (Linux ≥ 4.0: "5" > clear_refs)."""
        for pid in self.workers():
            try:
                Path(f"/proc/{pid}/clear_refs").write_text("5")
            except OSError:
                pass

    def peak_mb(self) -> float:
        """The largest VmHWM among the workers, in MB."""
        peaks = []
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
        return max(peaks, default=0.0)

    def backlog(self) -> int:
        """Connections waiting in the listening socket's accept queue (/proc/net/tcp: rx_queue of the LISTEN row)."""
        port = f"{int(self.base.rsplit(':', 1)[1]):04X}"
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[1].endswith(f":{port}") and fields[3] == "0A":
                return int(fields[4].split(":")[1], 16)
        return 0

    def drain(self, window: float = 0.3, limit: float = 600) -> float:
        """Wait until the workers are idle: nothing in the accept queue and no CPU spent for `window` seconds.

        When wrk stops, the requests it had in flight are still queued (sync workers take one connection at a
        time) and each is run to the end though nobody reads the answer: with 16 connections and a slow route that
        is seconds of work, which would otherwise land in the next segment. Returns the seconds waited."""
        started = time.monotonic()
        last = sum(self.cpu_seconds().values())
        while time.monotonic() - started < limit:
            time.sleep(window)
            now = sum(self.cpu_seconds().values())
            if now - last < 1.5 / TICKS and self.backlog() == 0:  # at most a clock tick: idle
                break
            last = now
        return time.monotonic() - started

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start(name: str, command: list[str], cwd: Path, env: dict, probe: str) -> Server:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([*command, f"--bind=127.0.0.1:{port}"], cwd=cwd, env={**os.environ, **env})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name}: gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(base + probe, timeout=5) as response:
                response.read()
            break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        raise SystemExit(f"{name}: gunicorn did not answer {probe} within 60 s")
    server = Server(name, process, base)
    # Every worker answers once (imports, first connection) before anything is measured.
    for _ in range(8 * len(server.workers())):
        with urllib.request.urlopen(base + probe, timeout=30) as response:
            response.read()
    return server


def start_api(
    database_url: str, workers: int, cache_mb: int, bin_dir: Path, app: str = "wsgi:app", extra_env=None
) -> Server:
    env = {
        "DATABASE_URL": database_url,
        "AUTO_SETUP_DATABASE": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench"),
        "LOG_LEVEL": "WARNING",  # a line per request would measure the log
        "RESPONSE_CACHE_MB": str(cache_mb),
        "WEB_CONCURRENCY": str(workers),
        **(extra_env or {}),
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)  # gunicorn.conf.py makes a fresh one
    command = [str(bin_dir / "gunicorn"), "--config", str(ROOT / "gunicorn.conf.py"), f"--workers={workers}", app]
    return start("api", command, ROOT, env, "/healthz")


def start_floor(database: str, workers: int, bin_dir: Path) -> Server:
    # Same server, worker class and count as the API; cwd=bench/ so that the API's gunicorn.conf.py is not read.
    command = [str(bin_dir / "gunicorn"), "--worker-class=sync", f"--workers={workers}", "--log-level=warning"]
    return start("floor", [*command, "floor:app"], BENCH, {"FLOOR_DATABASE": database}, "/rows?limit=1")


@dataclass
class Segment:
    """One wrk run against one server and what it cost the workers."""

    requests: int = 0
    seconds: float = 0.0
    rate: float = 0.0
    p50: float = 0.0
    p99: float = 0.0
    errors: int = 0  # non-2xx/3xx answers and socket errors
    bytes_per_request: float = 0.0
    cpu_ms: float = 0.0  # worker CPU per request
    peak_mb: float = 0.0
    rotate: dict = field(default_factory=dict)


def wrk(
    server: Server,
    script: Path,
    script_args: list[str],
    seconds: float,
    connections: int,
    threads: int,
    headers: dict | None = None,
) -> Segment:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency"]
    command += ["--timeout", "30s", "-s", str(script)]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command += [server.base, "--", *script_args]
    server.drain()
    server.reset_peaks()
    before = server.cpu_seconds()
    finished = subprocess.run(command, capture_output=True, text=True)
    if finished.returncode != 0:
        raise RuntimeError(f"{' '.join(command)}: {finished.stdout}{finished.stderr}")
    output = finished.stdout
    if os.environ.get("BENCH_DEBUG"):
        print(" ".join(command), output, sep="\n", file=sys.stderr)
    after = server.cpu_seconds()
    segment = parse_wrk(output)
    spent = sum(after[pid] - before.get(pid, 0.0) for pid in after)  # a worker that died took its time with it
    segment.cpu_ms = spent * 1000 / segment.requests if segment.requests else 0.0
    segment.peak_mb = server.peak_mb()
    return segment


def parse_wrk(output: str) -> Segment:
    segment = Segment()
    found = re.search(r"(\d+) requests in ([\d.]+)(\w+), ([\d.]+)(\w+) read", output)
    if found is None:
        raise RuntimeError(f"wrk said:\n{output}")
    segment.requests = int(found.group(1))
    segment.seconds = float(found.group(2)) * {"ms": 0.001, "s": 1.0, "m": 60.0}.get(found.group(3), 1.0)
    read = float(found.group(4)) * {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}[found.group(5)]
    segment.bytes_per_request = read / segment.requests if segment.requests else 0.0
    segment.rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {pct: millis(value) for pct, value in re.findall(r"\s+(50|99)%\s+([\d.]+\w+)", output)}
    nothing = float("nan")  # no request finished: no latency to show (it prints as nan, not as a fast 0)
    segment.p50, segment.p99 = (
        (latency.get("50", nothing), latency.get("99", nothing)) if segment.requests else (nothing,) * 2
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    segment.errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(n) for n in sockets.groups()[1:]) if sockets else 0  # "connect" counts sync workers' closes
    )
    rotate = re.search(r"ROTATE next=(\d+) sent=(\d+) wrapped=(\d+) paths=(\d+)", output)
    if rotate:
        segment.rotate = dict(zip(("next", "sent", "wrapped", "paths"), map(int, rotate.groups()), strict=True))
    return segment


def millis(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]
