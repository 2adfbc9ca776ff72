"""The dashboard on a read replica (issue 12, docs/deployment.md#a-read-replica-for-the-dashboard):
a real `cadence serve` on a PostgreSQL primary with `--dashboard-database` naming a real streaming
standby of it (pg_basebackup -R). The dashboard's session list, timelines and user list come from
the standby, everything else from the primary: with the standby's replay paused, a session just
streamed is in the API but not yet in the dashboard, and appears once replay resumes. With the
standby gone the dashboard answers 503 with Retry-After while batches are still acknowledged.

Not a browser test: it lives here because these tests start the real binary and scripts/test has
PostgreSQL installed by the time they run. Both clusters are the test's own.
"""

import json
import random
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import DEFAULT_KEY, cadence_binary, running_server
from test_postgres_restart import SCRIPT, as_postgres, batch, pg_bin, post

PSQL = "/usr/bin/psql"


def psql(url: str, sql: str) -> str:
    return subprocess.run([PSQL, url, "-Atc", sql], check=True, capture_output=True, text=True, timeout=30).stdout.strip()


def get(base: str, path: str, key: str, timeout: float = 20):
    """(status, headers, parsed body)."""
    request = urllib.request.Request(base + path)
    request.add_header("Authorization", f"Bearer {key}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, dict(answer.headers), json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"null")


def until(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"not within {seconds:g} s: {what}")


@pytest.mark.skipif(not SCRIPT.exists() or not Path(PSQL).exists(), reason="needs scripts/postgres-test-server and psql")
def test_dashboard_reads_the_replica_and_the_api_the_primary():
    folder = Path(tempfile.mkdtemp(prefix="cadence-replica-"))
    folder.chmod(0o755)  # the postgres user reaches its clusters inside
    primary_dir, replica_dir = folder / "primary", folder / "replica"
    try:
        started = subprocess.run([str(SCRIPT), "start", str(primary_dir)], capture_output=True, text=True, timeout=300)
        assert started.returncode == 0, f"PostgreSQL did not start: {started.stderr[-2000:]}"
        primary = started.stdout.strip()
        started = subprocess.run([str(SCRIPT), "replica", str(replica_dir), str(primary_dir)],
                                 capture_output=True, text=True, timeout=300)
        assert started.returncode == 0, f"the standby did not start: {started.stderr[-2000:]}"
        replica = started.stdout.strip()
        assert psql(replica, "SELECT pg_is_in_recovery()") == "t"

        with running_server("--dashboard-database", replica, database_url=primary) as node:
            admin = node.admin_key
            assert b"Dashboard lists and timelines read from" in node.logs() and b"(a standby" in node.logs()
            rng = random.Random(7)

            def stream(user: str, batches: int) -> str:
                status, answer = node.request("POST", "/v1/sessions", {"userId": user, "authenticated": True},
                                              key=DEFAULT_KEY)
                assert status == 201, f"{status} {answer}"
                for seq in range(batches):
                    status, _, ack = post(node.base_url, f"/v1/sessions/{answer['sessionId']}/events",
                                          batch(seq, rng), answer["token"])
                    assert status == 202, f"{status} {ack}"
                return answer["sessionId"]

            def listed(session_id: str) -> bool:
                status, _, page = get(node.base_url, "/admin/api/sessions?tenant=default", admin)
                assert status == 200, f"{status} {page}"
                return any(s["sessionId"] == session_id for s in page["sessions"])

            def timeline_points(session_id: str):
                status, _, answer = get(node.base_url, f"/admin/api/sessions/{session_id}/timeline?tenant=default",
                                        admin)
                return status, (answer.get("timeline") if status == 200 else answer)

            def timeline_has(session_id: str, count: int) -> bool:
                status, points = timeline_points(session_id)
                return status == 200 and len(points) == count

            first = stream("replica-1", 3)
            until(lambda: listed(first) and timeline_has(first, 3), 15,
                  "the first session on the dashboard with its 3 batches")

            # Replay paused: what the primary takes from now on stays off the dashboard.
            psql(replica, "SELECT pg_wal_replay_pause()")
            until(lambda: psql(replica, "SELECT pg_get_wal_replay_pause_state()") == "paused", 10, "replay paused")
            second = stream("replica-2", 2)
            status, view = node.request("GET", f"/v1/sessions/{second}", key=DEFAULT_KEY)
            assert status == 200 and view["batches"] == 2, f"{status} {view}"  # the API reads the primary
            time.sleep(1.5)
            assert not listed(second), "the dashboard listed a session the standby has not replayed"
            status, answer = timeline_points(second)
            assert status == 404, f"{status} {answer}"
            status, _, users = get(node.base_url, "/admin/api/users?tenant=default", admin)
            assert status == 200 and "replica-1" in [u["userId"] for u in users["users"]] \
                and "replica-2" not in [u["userId"] for u in users["users"]], users

            psql(replica, "SELECT pg_wal_replay_resume()")
            until(lambda: listed(second) and timeline_has(second, 2), 15,
                  "the second session on the dashboard once replay resumed")

            # The standby gone: the dashboard says so (503, Retry-After, a JSON reason); the
            # primary's work goes on.
            as_postgres(str(pg_bin() / "pg_ctl"), "-D", str(replica_dir / "data"), "-m", "fast", "-w", "stop")
            status, headers, answer = get(node.base_url, "/admin/api/sessions?tenant=default", admin)
            assert status == 503 and int(headers.get("Retry-After", "0")) >= 1, f"{status} {headers} {answer}"
            assert isinstance(answer, dict) and answer.get("reason"), answer
            third = stream("replica-3", 2)
            status, view = node.request("GET", f"/v1/sessions/{third}", key=DEFAULT_KEY)
            assert status == 200 and view["batches"] == 2, f"{status} {view}"
    finally:
        subprocess.run([str(SCRIPT), "stop", str(replica_dir)], capture_output=True, timeout=120)
        subprocess.run([str(SCRIPT), "stop", str(primary_dir)], capture_output=True, timeout=120)
        subprocess.run(["rm", "-rf", str(folder)], check=False)


def test_a_dashboard_database_needs_a_postgresql_primary():
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            [str(cadence_binary()), "serve", "--port", "0", "--database", str(Path(folder) / "c.sqlite"),
             "--dashboard-database", "postgres://postgres@127.0.0.1:1/postgres?sslmode=disable"],
            capture_output=True, text=True, timeout=60)
        assert done.returncode != 0
        assert "--dashboard-database needs a PostgreSQL --database" in done.stderr + done.stdout
        assert not (Path(folder) / "c.sqlite").exists(), "the refused start created the database"
