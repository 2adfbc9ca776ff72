"""PostgreSQL restarted under load (issue 12): two real `cadence serve` nodes on one database,
sessions streaming batches over both, the database server stopped for a few seconds and started
again. Meanwhile the nodes answer 503 with Retry-After (never a hang, never a 5xx of another kind);
they recover by themselves; no acknowledged batch is lost and none is stored twice.

Not a browser test: it lives here because these tests already start the real binary, and
scripts/test has PostgreSQL installed by the time they run. The database is a cluster of the
test's own (scripts/postgres-test-server), so stopping it disturbs no other test.
"""

import json
import os
import random
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest

from conftest import DEFAULT_KEY, ROOT, running_server

SCRIPT = ROOT / "scripts" / "postgres-test-server"
SESSIONS = 6
BATCH_GAP = 0.1   # seconds between a session's batches
OUTAGE = 8.0      # seconds the database is down: longer than a node waits for a connection (5 s)
RECOVERY = 15.0   # seconds after the database is back by which every node answers again
RUN_FOR = 30.0    # seconds each session streams (bounded; the loop stops by itself)


def as_postgres(*args):
    command = list(args)
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    else:
        command = ["sudo", "-u", "postgres", *command]
    return subprocess.run(command, check=True, capture_output=True, timeout=120)


def pg_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: [int(x) for x in p.parent.name.split(".") if x.isdigit()])
    return versions[-1]


def post(base: str, path: str, body: bytes, token: str, timeout: float = 20):
    """(status, headers, parsed body); a connection failure is status None."""
    request = urllib.request.Request(base + path, data=body, method="POST")
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, dict(answer.headers), json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = raw.decode(errors="replace")
        return error.code, dict(error.headers), parsed
    except OSError:
        return None, {}, None


def batch(seq: int, rng: random.Random) -> bytes:
    t0 = time.time() * 1000
    x, y = rng.randint(100, 800), rng.randint(100, 600)
    events = []
    for i in range(20):
        x += rng.randint(-6, 9)
        y += rng.randint(-5, 6)
        events.append([2, i * 16.7, x, y, 0, 0])
    return json.dumps({"v": 1, "seq": seq, "t0": t0, "e": events}).encode()


class Stream(threading.Thread):
    """One session sending a batch every BATCH_GAP s to the nodes in turn, retrying a batch that
    got no 202 (after Retry-After when given) until RUN_FOR has passed."""

    def __init__(self, nodes, session_id, token, seed):
        super().__init__(daemon=True)
        self.nodes, self.session_id, self.token = nodes, session_id, token
        self.rng = random.Random(seed)
        self.acknowledged = []
        self.statuses = []      # every answer's status (None: no connection)
        self.retry_after = []   # the Retry-After of each 503
        self.other_errors = []

    def run(self):
        stop = time.monotonic() + RUN_FOR
        seq, turn = 0, 0
        while time.monotonic() < stop:
            base = self.nodes[turn % len(self.nodes)].base_url
            turn += 1
            sent = time.monotonic()
            status, headers, body = post(base, f"/v1/sessions/{self.session_id}/events", batch(seq, self.rng), self.token)
            self.statuses.append((sent, status, time.monotonic() - sent))
            if status == 202:
                self.acknowledged.append(seq)
                seq += 1
                time.sleep(BATCH_GAP)
            elif status == 503:
                self.retry_after.append(headers.get("Retry-After"))
                time.sleep(0.5)
            else:
                if status is not None:
                    self.other_errors.append((status, body))
                time.sleep(0.5)


@pytest.mark.skipif(not SCRIPT.exists(), reason="needs scripts/postgres-test-server")
def test_postgres_restart_under_load_loses_nothing_acknowledged():
    folder = Path(tempfile.mkdtemp(prefix="cadence-pg-restart-"))
    folder.chmod(0o755)  # the postgres user reaches its cluster inside
    pg_dir = folder / "pg"
    started = subprocess.run([str(SCRIPT), "start", str(pg_dir)], capture_output=True, text=True, timeout=300)
    assert started.returncode == 0, f"PostgreSQL did not start: {started.stderr[-2000:]}"
    url = started.stdout.strip()
    port = url.split("@127.0.0.1:")[1].split("/")[0]
    try:
        with ExitStack() as stack:
            nodes = [stack.enter_context(running_server(database_url=url)) for _ in range(2)]
            streams = []
            for i in range(SESSIONS):
                status, answer = nodes[i % 2].request(
                    "POST", "/v1/sessions", {"userId": f"restart-{i}", "authenticated": True}, key=DEFAULT_KEY)
                assert status == 201, f"{status} {answer}"
                streams.append(Stream(nodes, answer["sessionId"], answer["token"], seed=i))
            for stream in streams:
                stream.start()
            time.sleep(4)
            # The database goes away (fast shutdown: its connections are cut), stays away, comes back.
            down_at = time.monotonic()
            as_postgres(str(pg_bin() / "pg_ctl"), "-D", str(pg_dir / "data"), "-m", "fast", "-w", "stop")
            time.sleep(OUTAGE)
            as_postgres(str(pg_bin() / "pg_ctl"), "-D", str(pg_dir / "data"), "-l", str(pg_dir / "server.log"), "-w",
                        "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {pg_dir} -c max_connections=300 -c fsync=off",
                        "start")
            up_at = time.monotonic()
            for stream in streams:
                stream.join(timeout=RUN_FOR + 60)
                assert not stream.is_alive(), "a stream did not stop"

            if os.environ.get("CADENCE_DEBUG_RESTART"):
                for sent, status, took in streams[0].statuses:
                    print(f"{sent - down_at:7.2f} {status} {took:.2f}")
                print("up at", up_at - down_at)
            for stream in streams:
                assert not stream.other_errors, f"answers other than 202 and 503: {stream.other_errors[:3]}"
                refused = [s for s in stream.statuses if s[1] == 503]
                # Every 503 said when to come back, and came within seconds, not after a hang.
                assert all(value and value.isdigit() and int(value) >= 1 for value in stream.retry_after)
                assert all(took < 15 for _, _, took in refused), f"a 503 took {max(t for _, _, t in refused):.1f} s"
                # No request was held until the client gave up (20 s): the nodes never went away.
                held = [(round(sent - down_at, 1), round(took, 1)) for sent, status, took in stream.statuses
                        if status is None or took >= 15]
                assert not held, f"requests held (sent, seconds after the stop; seconds taken): {held}"
                # It went on by itself after the database came back.
                assert any(status == 202 and sent > up_at for sent, status, _ in stream.statuses), \
                    "no batch was acknowledged after PostgreSQL came back"
                status, timeline = nodes[0].request(
                    "GET", f"/admin/api/sessions/{stream.session_id}/timeline?tenant=default&limit=5000",
                    key=nodes[0].admin_key)
                assert status == 200, f"{status} {timeline}"
                stored = [point["seq"] for point in timeline["timeline"]]
                assert stored == sorted(set(stored)), "a batch was stored twice"
                # Every acknowledged batch is stored; past them at most the last one tried, whose
                # answer the stream no longer waited for.
                assert stored[:len(stream.acknowledged)] == stream.acknowledged and \
                    len(stored) <= len(stream.acknowledged) + 1, (
                    f"acknowledged {len(stream.acknowledged)} batches, stored {len(stored)}: "
                    f"missing {sorted(set(stream.acknowledged) - set(stored))[:10]}, "
                    f"unacknowledged yet stored {sorted(set(stored) - set(stream.acknowledged))[:10]}")
            refused_total = sum(1 for stream in streams for s in stream.statuses if s[1] == 503)
            during = sum(1 for stream in streams for sent, status, _ in stream.statuses
                         # a batch in flight when the stop began counts too
                         if status == 503 and down_at - 1 <= sent <= up_at + RECOVERY)
            assert refused_total >= 1 and during == refused_total, \
                (f"{refused_total} answers of 503, {during} of them while the database was down or within {RECOVERY:g} s of "
                 f"its return; sent at {sorted(round(sent - up_at, 1) for stream in streams for sent, status, _ in stream.statuses if status == 503)} s from it")
            last_refused = max((sent for stream in streams for sent, status, _ in stream.statuses if status == 503),
                               default=up_at)
            print(f"503s: {refused_total}, the last {last_refused - up_at:+.1f} s after the database was back; acknowledged: {sum(len(s.acknowledged) for s in streams)}; "
                  f"outage {up_at - down_at:.1f} s")
    finally:
        subprocess.run([str(SCRIPT), "stop", str(pg_dir)], capture_output=True, timeout=120)
        subprocess.run(["rm", "-rf", str(folder)], check=False)
