"""The JSON the dashboard, the demo bank and the SDK read is exactly what openapi.yaml declares.

Each answer of a run of real traffic (demo_traffic.py) is validated against openapi.yaml's schema
for it, made strict (api_schema.py): every declared field present unless the server's type makes
it optional, no field the spec does not declare, ISO-8601 dates. A field renamed in the server
or in the spec fails here.
"""

import copy

import pytest

from api_schema import OPTIONAL, StrictSpec
from demo_traffic import demo_traffic

# What the pages read: the dashboard, the demo bank (bank.js) and the SDK's acknowledgements.
READ_BY_THE_PAGES = {
    ("GET", "/admin/api/sessions"), ("GET", "/admin/api/sessions/{id}"), ("GET", "/admin/api/sessions/{id}/timeline"),
    ("GET", "/admin/api/users"), ("GET", "/demo/users"), ("POST", "/demo/login"), ("GET", "/demo/session/{id}"),
    ("POST", "/demo/session/{id}/step-up"), ("POST", "/demo/logout"), ("POST", "/v1/sessions/{id}/events"),
}


@pytest.fixture(scope="module")
def traffic(server):
    return demo_traffic(server)


@pytest.fixture(scope="module")
def spec():
    return StrictSpec()


def test_every_answer_the_pages_read_matches_openapi(traffic, spec):
    assert {(a.method, a.path) for a in traffic.answers} >= READ_BY_THE_PAGES
    errors = [e for a in traffic.answers for e in spec.errors(a.method, a.path, a.status, a.body)]
    assert errors == []


def test_the_traffic_shows_each_optional_field(traffic):
    """An optional field is checked only where it appears, so the traffic must make each appear."""
    bodies = {(a.method, a.path): a.body for a in traffic.answers}
    session = bodies[("GET", "/admin/api/sessions/{id}")]  # the last one asked for: the ended session
    timeline = [p for a in traffic.answers if a.path == "/admin/api/sessions/{id}/timeline" for p in a.body["timeline"]]
    user = next(a.body for a in traffic.answers if a.path == "/admin/api/users")["users"][0]
    def fields(path):
        return {name for a in traffic.answers if a.path == path and a.method == "GET" for name in a.body}
    seen = {
        "Session": set(session),
        # Pointer and key scores need a trained profile (hundreds of samples): not made here.
        "Session.lastScores": set(session["lastScores"]) | {"pointer", "keys"},
        "TimelinePoint": {name for point in timeline for name in point},
        "Profile": set(user),
        "GET /admin/api/sessions 200": fields("/admin/api/sessions"),
        "GET /admin/api/users 200": fields("/admin/api/users"),
        # `dropped` needs a session past retention.timelineDays: Swift's RetentionTests see it.
        "GET /admin/api/sessions/{id}/timeline 200": fields("/admin/api/sessions/{id}/timeline") | {"dropped"},
        "BatchAcknowledgement": {name for a in traffic.answers if a.path == "/v1/sessions/{id}/events"
                                 for name in a.body},
    }
    missing = {where: sorted(names - seen[where]) for where, names in OPTIONAL.items() if names - seen[where]}
    assert missing == {}


@pytest.mark.parametrize("where, old, new", [
    ("sessions", "events", "eventCount"),
    ("timeline", "time", "at"),
    ("users", "profileStatus", "status"),
    ("automation", "verdict", "label"),
])
def test_a_renamed_field_fails_validation(traffic, spec, where, old, new):
    """The check above would catch a drift: rename one field of a real answer and it fails."""
    answer = next(a for a in traffic.answers if a.path == {
        "sessions": "/admin/api/sessions", "timeline": "/admin/api/sessions/{id}/timeline",
        "users": "/admin/api/users", "automation": "/v1/sessions/{id}",
    }[where])
    body = copy.deepcopy(answer.body)
    item = {"sessions": lambda b: b["sessions"][0], "timeline": lambda b: b["timeline"][0],
            "users": lambda b: b["users"][0], "automation": lambda b: b["automation"]}[where](body)
    item[new] = item.pop(old)
    errors = "\n".join(spec.errors(answer.method, answer.path, answer.status, body))
    assert f"'{old}' is a required property" in errors
    assert f"'{new}' was unexpected" in errors
