"""Traffic through the service's own API that leaves every kind of session the dashboard shows:
one scored by two batches, a wrong one-time code and a passed step-up, and one ended whose login
was scored.

Every JSON answer the demo bank, the SDK and the dashboard read on the way is kept, with the path
as openapi.yaml writes it, so a test can check each against the spec.
"""

import random
import time
from dataclasses import dataclass, field

PASSWORDS = {"alice": "alice-demo", "bob": "bob-demo"}


@dataclass
class Answer:
    method: str
    path: str  # as openapi.yaml writes it: /v1/sessions/{id}
    status: int
    body: object


@dataclass
class Traffic:
    scored: str  # alice's session: two batches, a wrong code, a passed step-up
    ended: str  # bob's session: logged out, with a login score
    answers: list[Answer] = field(default_factory=list)


def login_sample(rnd: random.Random) -> dict:
    """Fixed-text timings (milliseconds) of a ten-key login, as the page's recorder reports them."""
    return {"hold": [round(rnd.uniform(80, 100), 1) for _ in range(10)],
            "upDown": [round(rnd.uniform(30, 70), 1) for _ in range(9)]}


def batch(seq: int, t0: float) -> dict:
    """Wire format v1: key down and up (class 3, text field) and two pointer moves."""
    return {"v": 1, "seq": seq, "t0": t0,
            "e": [[0, 1, 3, 0], [1, 80, 3, 0], [2, 100, 10 + seq, 10, 0, 0], [2, 120, 20 + seq, 15, 0, 0]]}


def demo_traffic(server) -> Traffic:
    answers = []

    def call(method, path, template, body=None, key=None, status=200):
        got, answer = server.request(method, path, body, key=key)
        assert got == status, f"{method} {path} -> {got} {answer}"
        answers.append(Answer(method, template, got, answer))
        return answer

    call("GET", "/demo/users", "/demo/users")
    call("POST", "/demo/login", "/demo/login", {"username": "alice", "password": "wrong"}, status=401)

    # Two login samples make bob's login model; his later logins are scored (lastScores.login).
    status, settings = server.api("PUT", "/v1/settings", {"enrolment": {"loginSamplesNeeded": 2}})
    assert status == 200, settings
    rnd = random.Random(7)
    ended = None
    deadline = time.monotonic() + 30
    while ended is None and time.monotonic() < deadline:
        login = call("POST", "/demo/login", "/demo/login",
                     {"username": "bob", "password": PASSWORDS["bob"], "loginSample": login_sample(rnd)})
        out = call("POST", "/demo/logout", "/demo/logout", {"sessionId": login["sessionId"]}, key=login["token"])
        if "login" in out["lastScores"]:
            ended = out["sessionId"]
    assert ended, "no login of bob's was scored"

    login = call("POST", "/demo/login", "/demo/login", {"username": "alice", "password": PASSWORDS["alice"]})
    scored, token = login["sessionId"], login["token"]
    t0 = time.time() * 1000
    for seq in (0, 1):
        call("POST", f"/v1/sessions/{scored}/events", "/v1/sessions/{id}/events", batch(seq, t0 + seq * 1000),
             key=token, status=202)
    for code in ("1", "123456"):
        call("POST", f"/demo/session/{scored}/step-up", "/demo/session/{id}/step-up", {"code": code}, key=token)
    call("GET", f"/demo/session/{scored}", "/demo/session/{id}", key=token)

    for session_id in (scored, ended):
        call("GET", f"/v1/sessions/{session_id}", "/v1/sessions/{id}", key=server.api_key)
        call("GET", f"/admin/api/sessions/{session_id}", "/admin/api/sessions/{id}", key=server.admin_key)
        call("GET", f"/admin/api/sessions/{session_id}/timeline", "/admin/api/sessions/{id}/timeline",
             key=server.admin_key)
    call("GET", "/admin/api/sessions", "/admin/api/sessions", key=server.admin_key)
    call("GET", "/admin/api/users", "/admin/api/users", key=server.admin_key)
    # First pages of one item: `next` appears.
    call("GET", "/admin/api/sessions?limit=1", "/admin/api/sessions", key=server.admin_key)
    call("GET", "/admin/api/users?limit=1", "/admin/api/users", key=server.admin_key)
    call("GET", f"/admin/api/sessions/{scored}/timeline?limit=1", "/admin/api/sessions/{id}/timeline",
         key=server.admin_key)
    return Traffic(scored, ended, answers)
