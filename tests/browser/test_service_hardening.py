"""The real `cadence serve` against a hostile client on raw sockets: slow and idle connections,
bodies that never come, the connection cap, TLS, webhook destinations (issue 9, items 5, 6, 10).

Every loop here is bounded and talks to loopback only.
"""

import json
import socket
import ssl
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from conftest import ADMIN_KEY, DEFAULT_KEY, running_server

IDLE = 3  # --idle-timeout of the server below, seconds
BODY = 1.5  # its --body-timeout
CAP = 40  # --max-connections


@pytest.fixture(scope="module")
def tight_server():
    with running_server("--idle-timeout", str(IDLE), "--body-timeout", str(BODY), "--max-connections", str(CAP)) as srv:
        yield srv


def connect(server) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    s.settimeout(10)
    return s


def closed_by_peer(s: socket.socket, within: float) -> bool:
    """True when the server closes the connection (EOF or reset) within `within` seconds."""
    s.settimeout(within)
    try:
        while True:
            data = s.recv(4096)
            if not data:
                return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False


def read_response(s: socket.socket, within: float = 10) -> tuple[int, dict, bytes]:
    s.settimeout(within)
    raw = b""
    while b"\r\n\r\n" not in raw:
        chunk = s.recv(4096)
        if not chunk:
            break
        raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)}
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = s.recv(4096)
        if not chunk:
            break
        body += chunk
    return status, headers, body


def test_half_sent_request_heads_are_closed_after_the_idle_timeout(tight_server):
    sockets = []
    for _ in range(CAP // 2):
        s = connect(tight_server)
        s.sendall(b"POST /v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  # never finished
        sockets.append(s)
    idle = [connect(tight_server) for _ in range(5)]  # nothing sent at all
    started = time.monotonic()
    try:
        assert all(closed_by_peer(s, within=IDLE + 4) for s in sockets + idle)
        assert time.monotonic() - started < IDLE + 6
        # The server still answers everyone else.
        assert tight_server.request("GET", "/health")[0] == 200
    finally:
        for s in sockets + idle:
            s.close()


def test_a_head_trickled_byte_by_byte_does_not_extend_the_idle_timeout(tight_server):
    s = connect(tight_server)
    head = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + b"a" * 200
    started, closed = time.monotonic(), False
    try:
        for byte in head:  # one byte every 0.25 s: 50 s in all if never cut
            try:
                s.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            if closed_by_peer(s, within=0.25):
                closed = True
                break
        assert closed, "the trickling connection was never closed"
        assert time.monotonic() - started < IDLE + 3
    finally:
        s.close()


def test_a_declared_body_that_never_arrives_is_answered_408(tight_server):
    s = connect(tight_server)
    try:
        s.sendall(
            b"POST /v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + DEFAULT_KEY.encode()
            + b"\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"userId\":"
        )
        started = time.monotonic()
        status, headers, body = read_response(s, within=IDLE + 8)
        assert status == 408, body
        assert json.loads(body)["error"] == "timeout"
        assert time.monotonic() - started < IDLE
    finally:
        s.close()
    metrics = tight_server.admin("GET", "/metrics")[1]
    assert 'cadence_requests_limited_total{limit="body-timeout"}' in metrics


def test_connections_past_the_cap_are_closed_at_once_and_the_server_recovers(tight_server):
    held = [connect(tight_server) for _ in range(CAP + 20)]
    try:
        time.sleep(0.5)
        refused = sum(1 for s in held if closed_by_peer(s, within=0.3))
        assert refused >= 20, f"only {refused} of {len(held)} connections were closed past a cap of {CAP}"
    finally:
        for s in held:
            s.close()
    time.sleep(0.5)
    assert tight_server.request("GET", "/health")[0] == 200
    metrics = tight_server.admin("GET", "/metrics")[1]
    line = next(l for l in metrics.splitlines() if l.startswith("cadence_connections_refused_total"))
    assert float(line.split()[-1]) >= 20


def test_a_body_cut_short_is_a_4xx_not_a_5xx(tight_server):
    s = connect(tight_server)
    try:
        s.sendall(
            b"POST /v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + DEFAULT_KEY.encode()
            + b"\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"userId\":\"al"
        )
        s.shutdown(socket.SHUT_WR)
        try:
            status, _, body = read_response(s, within=IDLE + 8)
        except (ConnectionResetError, IndexError):
            status, body = None, b""  # closed without an answer: the client is gone anyway
        assert status is None or 400 <= status < 500, body
    finally:
        s.close()
    metrics = tight_server.admin("GET", "/metrics")[1]
    assert 'cadence_http_requests_total{status="5xx"} 0' in metrics


def make_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    return cert, key


def test_tls_built_in_serves_https_with_hsts_and_refuses_plain_http():
    with tempfile.TemporaryDirectory() as folder:
        cert, key = make_certificate(Path(folder))
        context = ssl.create_default_context(cafile=str(cert))
        with running_server("--tls-certificate", str(cert), "--tls-key", str(key), scheme="https",
                            ssl_context=context) as srv:
            assert srv.request("GET", "/health")[0] == 200
            with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as raw:
                with context.wrap_socket(raw, server_hostname="127.0.0.1") as s:
                    assert s.version() in ("TLSv1.2", "TLSv1.3")
                    s.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    status, headers, _ = read_response(s)
                    assert status == 200
                    assert headers["strict-transport-security"].startswith("max-age=31536000")
                    assert "frame-ancestors 'none'" in headers["content-security-policy"]
            # Plain HTTP to the TLS port gets no HTTP answer.
            with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as plain:
                plain.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                plain.settimeout(5)
                try:
                    answer = plain.recv(4096)
                except (ConnectionResetError, socket.timeout):
                    answer = b""
                assert not answer.startswith(b"HTTP/1.1 200")


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/hook", "https://127.0.0.1/hook", "https://localhost/hook", "https://2130706433/",
    "https://169.254.169.254/latest/meta-data/", "https://[::1]/", "https://[::ffff:169.254.169.254]/",
    "https://10.0.0.1/", "https://192.168.0.1/",
])
def test_the_real_server_refuses_internal_webhook_destinations(server, url):
    status, body = server.request("PUT", "/v1/webhook", {"url": url}, key=DEFAULT_KEY)
    assert status == 400, body
    assert body["reason"].startswith("url:")
    assert server.request("GET", "/v1/webhook", key=DEFAULT_KEY)[1].get("url") is None


def cadence(*args: str) -> subprocess.CompletedProcess:
    from conftest import cadence_binary
    return subprocess.run([str(cadence_binary()), *args], capture_output=True, text=True, timeout=60)


def test_cadence_tenant_cli_on_a_running_servers_database(fresh_server):
    db = str(fresh_server.database)
    created = cadence("tenant", "create", "cli-bank", "--name", "CLI Bank", "--database", db)
    assert created.returncode == 0, created.stderr
    api_key = next(l.split()[-1] for l in created.stdout.splitlines() if l.startswith("API key"))
    assert api_key.startswith("cadence_live_") and len(api_key) >= 56
    # The running server accepts the new tenant's key at once.
    assert fresh_server.request("GET", "/v1/settings", key=api_key)[0] == 200
    listed = cadence("tenant", "list", "--database", db)
    assert "cli-bank" in listed.stdout and api_key not in listed.stdout
    rotated = cadence("tenant", "rotate-key", "cli-bank", "--database", db)
    assert rotated.returncode == 0, rotated.stderr
    new_key = rotated.stdout.split(": ", 1)[1].split()[0]
    old_id = next(l.split()[0] for l in listed.stdout.splitlines() if l.strip().endswith("active") and "tenant" in l
                  and l.startswith("  key_"))
    assert fresh_server.request("GET", "/v1/settings", key=new_key)[0] == 200
    assert fresh_server.request("GET", "/v1/settings", key=api_key)[0] == 200
    revoked = cadence("tenant", "revoke-key", "cli-bank", old_id, "--database", db)
    assert revoked.returncode == 0, revoked.stderr
    assert fresh_server.request("GET", "/v1/settings", key=api_key)[0] == 401
    assert fresh_server.request("GET", "/v1/settings", key=new_key)[0] == 200
    # Errors name the database; nothing is deleted without --yes.
    missing = cadence("tenant", "revoke-key", "no-such", "key_0", "--database", db)
    assert missing.returncode != 0 and db in missing.stderr
    assert cadence("tenant", "delete", "cli-bank", "--database", db).returncode != 0
    assert cadence("tenant", "delete", "cli-bank", "--yes", "--database", db).returncode == 0
    assert fresh_server.request("GET", "/v1/settings", key=new_key)[0] == 401
    # No key reached the server's log stream.
    logs = fresh_server.logs().decode(errors="replace")
    assert api_key not in logs and new_key not in logs


def test_generated_keys_never_reach_the_log_stream():
    """Standard output here is a file (as under a service manager): the keys go to a 0600 file."""
    import os
    import stat
    with running_server(given_keys=False) as srv:
        logs = srv.logs().decode(errors="replace")
        assert "cadence_live_" not in logs and "cadence_admin_" not in logs, logs
        keys_file = Path(f"{srv.database}.keys")
        assert keys_file.exists(), logs
        assert stat.S_IMODE(os.stat(keys_file).st_mode) == 0o600
        keys = dict(line.split(": ", 1) for line in keys_file.read_text().splitlines())
        keys = {name.strip(): value.strip() for name, value in keys.items()}
        default = keys["Tenant `default` API key"]
        admin = keys["Admin key"]
        assert srv.request("GET", "/v1/settings", key=default)[0] == 200
        assert srv.request("GET", "/metrics", key=admin)[0] == 200
        for database_file in srv.database_files():
            assert stat.S_IMODE(os.stat(database_file).st_mode) == 0o600, database_file
