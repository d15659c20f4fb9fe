"""A throwaway redis-server on a free loopback port, for the cache tests.

Started from Debian's `redis-server` package with no persistence (`--save ''
--appendonly no`) in a temporary folder. Readiness is an event, not a sleep: we
read the server's log until it says it accepts connections, then PING it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
from pathlib import Path
from types import TracebackType

SKIP_VARIABLE = "MICROTASK_SKIP_REDIS"
READY_LINE = "Ready to accept connections"
START_TIMEOUT = 10.0
_ATTEMPTS = 3  # another process may take the free port before redis-server binds it


class RedisServerError(RuntimeError):
    """redis-server is missing or would not start."""


def find_redis_server() -> str:
    """The redis-server binary, or an error that says how to get it."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not os.access(binary, os.X_OK):
        raise RedisServerError(
            "redis-server not found: the Redis cache tests need a real server. "
            "Install it with `apt-get install redis-server`, or set "
            f"{SKIP_VARIABLE}=1 to skip these tests."
        )
    return binary


def skip_requested() -> bool:
    """True when the developer asked to skip the tests that need redis-server."""
    return os.environ.get(SKIP_VARIABLE, "").strip() == "1"


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def ping(port: int, timeout: float = START_TIMEOUT) -> bool:
    """True when the server on `port` answers PING with PONG."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.sendall(b"PING\r\n")
        return conn.recv(64).startswith(b"+PONG")


class RedisServer:
    """`with RedisServer(folder) as server:` gives `server.url(db)` while it runs."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = 0
        self._process: subprocess.Popen[str] | None = None
        self._log: list[str] = []
        self._ready = threading.Event()
        self._reader: threading.Thread | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        """Start the server and return once it answers PING."""
        binary = find_redis_server()
        for _ in range(_ATTEMPTS):
            if self._start(binary, free_port()):
                return
        raise RedisServerError(
            f"redis-server did not start after {_ATTEMPTS} attempts; its last "
            "words were:\n" + "".join(self._log[-20:])
        )

    def stop(self) -> None:
        """Stop the server (a no-op when it is not running)."""
        self._stop()

    def __enter__(self) -> RedisServer:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _start(self, binary: str, port: int) -> bool:
        self.port = port
        self._log = []
        self._ready = threading.Event()
        self._process = subprocess.Popen(
            [
                binary,
                "--save",
                "",
                "--appendonly",
                "no",
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.folder),
                "--loglevel",
                "notice",
            ],  # fmt: skip
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self._reader = threading.Thread(target=self._read_log, daemon=True)
        self._reader.start()

        # The reader sets the event on the ready line, or at EOF if it died.
        self._ready.wait(START_TIMEOUT)
        if self._process.poll() is None and any(READY_LINE in x for x in self._log):
            if ping(port):
                return True
        self._stop()
        return False

    def _read_log(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        for line in self._process.stdout:
            self._log.append(line)
            if READY_LINE in line:
                self._ready.set()
        self._ready.set()

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=START_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if self._reader is not None:
            self._reader.join()
        if process.stdout is not None:
            process.stdout.close()
