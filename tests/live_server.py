"""Real servers for tests that HTTP alone cannot fake: the app in a werkzeug thread, gunicorn, and a TCP proxy that
can cut the app off from its database and let it back."""

import contextlib
import json
import os
import selectors
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(method: str, url: str, headers: dict | None = None, body=None, timeout: float = 30) -> tuple[int, dict, dict]:
    """Status, headers and JSON body of one request; error statuses are answers too, not exceptions."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"{}")


@contextlib.contextmanager
def serving(app):
    """The app behind a threaded werkzeug server on a free port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@contextlib.contextmanager
def gunicorn(env: dict, log: Path, workers: int = 2, threads: int = 4):
    """`gunicorn wsgi:app` with `env` over the environment; yields its base URL once it answers."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", str(threads)]
    command += ["--bind", f"127.0.0.1:{port}", "wsgi:app"]
    with log.open("wb") as output:  # a file, not a pipe: a full pipe would stall the server
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=output, stderr=output)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base}/healthz", process, log)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=120)


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 180  # a generous bound: each worker imports the app, slowly on a busy machine
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.suppress(OSError):
            urllib.request.urlopen(url, timeout=1).close()
            return
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not start: " + log.read_text()[-2000:])


class TcpProxy:
    """Forwards a local port to `target` (host, port) until stopped; stopping also cuts every open connection,
    as a database restart or a network failure would."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self.silent = False

    def start(self, silent: bool = False) -> None:
        """Listen; a silent proxy accepts connections and forwards nothing, like a database host that is up but
        whose server does not answer."""
        self.silent = silent
        listener = socket.create_server(("127.0.0.1", self.port))
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept(); close() alone does not
        self._listener.close()
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:  # the listener was closed: stop accepting
                return
            if self.silent:
                with self._lock:
                    self._sockets.add(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)  # an idle pooled connection may stay quiet for as long as it likes
            with self._lock:
                self._sockets.update((client, upstream))
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()

    def _pipe(self, client: socket.socket, upstream: socket.socket) -> None:
        peers = {client: upstream, upstream: client}
        with selectors.DefaultSelector() as selector:
            for sock in peers:
                selector.register(sock, selectors.EVENT_READ)
            try:
                while True:
                    for key, _events in selector.select():
                        data = key.fileobj.recv(65536)
                        if not data:
                            return
                        peers[key.fileobj].sendall(data)
            except (OSError, ValueError):  # cut by stop(), or closed by either side
                return
            finally:
                with self._lock:
                    for sock in peers:
                        self._sockets.discard(sock)
                        sock.close()
