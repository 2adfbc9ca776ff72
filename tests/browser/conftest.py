"""Fixtures for the browser tests: the real `cadence serve` binary and headless Chromium.

scripts/test builds the binary and passes its path in CADENCE_BIN. Each server runs on a free
loopback port with a database in a temporary folder, known API and admin keys, and its stdout and
stderr captured to files (the privacy test reads them). It is stopped by its PID.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from chromium import start_chromium

# The demo tenant's key (the demo bank's sessions live there), the default tenant's key and the
# admin key: distinct, and long enough for `cadence serve` to accept them.
API_KEY = "cadence-test-demo-key-3f9c1a0d5e7b2468"
DEFAULT_KEY = "cadence-test-default-key-c41e9a07b3d2f586"
ADMIN_KEY = "cadence-test-admin-key-77b2e0a9c4d1f358"
ROOT = Path(__file__).resolve().parents[2]


def cadence_binary() -> Path:
    """The `cadence` executable: CADENCE_BIN, else the debug build of this checkout."""
    configured = os.environ.get("CADENCE_BIN")
    path = Path(configured) if configured else ROOT / ".build" / "debug" / "cadence"
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.fail(f"cadence binary not found at {path}; scripts/test builds it and sets CADENCE_BIN")
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """One running `cadence serve` process and the files it writes."""

    process: subprocess.Popen
    port: int
    workdir: Path
    database: Path
    stdout_path: Path
    stderr_path: Path
    api_key: str = API_KEY
    admin_key: str = ADMIN_KEY
    _files: list = field(default_factory=list)
    scheme: str = "http"
    ssl_context: object = None

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, body=None, key: str | None = None, timeout: float = 10):
        """Sends a JSON request; returns (status, parsed JSON body or text)."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base_url + path, data=data, method=method)
        if body is not None:
            req.add_header("Content-Type", "application/json")
        if key:
            req.add_header("Authorization", f"Bearer {key}")
        try:
            with urllib.request.urlopen(req, timeout=timeout, context=self.ssl_context) as resp:
                status, raw = resp.status, resp.read()
        except urllib.error.HTTPError as err:
            status, raw = err.code, err.read()
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, raw.decode(errors="replace")

    def api(self, method: str, path: str, body=None):
        return self.request(method, path, body, key=self.api_key)

    def admin(self, method: str, path: str, body=None):
        return self.request(method, path, body, key=self.admin_key)

    def session(self, session_id: str) -> dict:
        status, body = self.api("GET", f"/v1/sessions/{session_id}")
        assert status == 200, f"GET /v1/sessions/{session_id} -> {status} {body}"
        return body

    def logs(self) -> bytes:
        for f in self._files:
            if not f.closed:
                f.flush()
        return self.stdout_path.read_bytes() + self.stderr_path.read_bytes()

    def database_files(self) -> list[Path]:
        """The SQLite file and its -wal and -shm companions, those that exist."""
        return [p for p in (self.database, Path(f"{self.database}-wal"), Path(f"{self.database}-shm")) if p.exists()]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        for f in self._files:
            f.close()


@contextmanager
def running_server(*extra_args: str, scheme: str = "http", ssl_context=None, given_keys: bool = True,
                   database_url: str | None = None):
    """Starts `cadence serve` on a free loopback port in a temporary folder, with `extra_args`
    (on `database_url`, a PostgreSQL URL, instead of a SQLite file there when given); stops it by
    its PID and removes the folder on exit."""
    workdir = Path(tempfile.mkdtemp(prefix="cadence-browser-"))
    port = free_port()
    database = workdir / "cadence.sqlite"
    stdout_path, stderr_path = workdir / "server.stdout", workdir / "server.stderr"
    out, err = open(stdout_path, "wb"), open(stderr_path, "wb")
    env = dict(os.environ, CADENCE_DEMO_API_KEY=API_KEY, CADENCE_API_KEY=DEFAULT_KEY, CADENCE_ADMIN_KEY=ADMIN_KEY)
    if not given_keys:  # the server generates its keys
        for name in ("CADENCE_DEMO_API_KEY", "CADENCE_API_KEY", "CADENCE_ADMIN_KEY"):
            env.pop(name)
    process = subprocess.Popen(
        [str(cadence_binary()), "serve", "--hostname", "127.0.0.1", "--port", str(port), "--database", database_url or str(database), "--demo", *extra_args],
        stdout=out,
        stderr=err,
        env=env,
        cwd=workdir,
    )
    server = Server(process, port, workdir, database, stdout_path, stderr_path, _files=[out, err], scheme=scheme,
                    ssl_context=ssl_context)
    try:
        wait_for_health(server)
        yield server
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def wait_for_health(server: Server, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"cadence serve exited with {server.process.returncode}:\n{server.logs().decode(errors='replace')}")
        try:
            status, _ = server.request("GET", "/health", timeout=2)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"cadence serve did not answer /health within {timeout:g} s:\n{server.logs().decode(errors='replace')}")


@pytest.fixture(scope="module")
def server():
    """A `cadence serve` shared by the tests of one module."""
    with running_server() as srv:
        yield srv


@pytest.fixture
def fresh_server():
    """A `cadence serve` of the test's own, with an empty database (for tests that change the
    tenant's settings, or whose users must not have enrolled yet)."""
    with running_server() as srv:
        yield srv


@pytest.fixture
def browser():
    """Headless Chromium from Debian's packages, driven by its chromedriver as plain Selenium
    starts it: every automation trace shows, so the SDK's env makes its sessions `automated`."""
    driver = start_chromium("naive")
    yield driver
    driver.quit()


@pytest.fixture
def clean_browser():
    """Headless Chromium whose page sees a person's environment (no WebDriver trace, a window
    within its screen; see chromium.py), for tests whose sessions must be judged on their input
    alone, e.g. a step-up that restores a session to `allow`."""
    driver = start_chromium("clean")
    yield driver
    driver.quit()
