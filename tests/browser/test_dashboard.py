"""The dashboard at /admin, opened with the admin key: a live demo-bank session in its list,
every cell of its tables showing the value the admin API holds for it, and the session list
filtered by decision, page by page."""

import math
import time
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from bank_page import log_in, total_events, wait_until, write_notes
from demo_traffic import demo_traffic


def open_dashboard(driver, server, key: str, query: str = "") -> None:
    driver.get(server.base_url + "/admin" + query)
    driver.find_element(By.ID, "admin-key").send_keys(key)
    driver.find_element(By.CSS_SELECTOR, "#key-form button").click()


def test_dashboard_lists_the_session_with_its_trust_chart(server, browser):
    session_id = log_in(browser, server)
    write_notes(browser, "dashboard check")
    wait_until(lambda: total_events(server.session(session_id)), message="events stored")

    open_dashboard(browser, server, server.admin_key)
    row = wait_until(
        lambda: browser.find_elements(By.CSS_SELECTOR, f'#sessions tr[data-session-id="{session_id}"]'),
        message="the session in the dashboard's list",
    )[0]
    assert "alice" in row.text
    row.click()
    wait_until(lambda: browser.find_element(By.ID, "detail-id").text == session_id, message="session detail")
    chart = wait_until(lambda: browser.find_elements(By.CSS_SELECTOR, "#chart svg path.trust"), message="trust line")
    assert chart[0].get_attribute("d").startswith("M")

    # The key is kept for this tab: a reload opens the dashboard without asking again.
    browser.refresh()
    wait_until(lambda: browser.find_elements(By.CSS_SELECTOR, f'#sessions tr[data-session-id="{session_id}"]'),
               message="the list after a reload")
    assert not browser.find_element(By.ID, "key-view").is_displayed()

    browser.find_element(By.CSS_SELECTOR, '[data-tab="users"]').click()
    users = wait_until(lambda: browser.find_elements(By.CSS_SELECTOR, "#users tr"), message="users")
    alice = [u for u in users if u.text.startswith("alice")]
    assert alice and any(s in alice[0].text.lower() for s in ("enrolling", "ready"))


def test_dashboard_refuses_a_wrong_key(server, browser):
    open_dashboard(browser, server, "not-the-admin-key")
    error = wait_until(lambda: browser.find_element(By.ID, "key-error").is_displayed()
                       and browser.find_element(By.ID, "key-error"), message="an error")
    assert "not accepted" in error.text
    assert browser.execute_script("return sessionStorage.getItem('cadence.adminKey');") is None


# ---- every cell shows the admin API's value ----
# Texts are read as textContent: the pills are upper-cased by CSS only.
# The expected texts are built here from the admin JSON with JavaScript's number formatting, so a
# field the dashboard reads under a name the service does not send ("undefined", "NaN", a blank
# or a throw that leaves the table as it was) fails the comparison.

TABLE_TEXTS_JS = """
return Array.from(document.querySelectorAll(arguments[0] + ' tr'))
    .map(function (tr) { return Array.from(tr.cells).map(function (td) { return td.textContent; }); });
"""

FACTS_JS = """
return Array.from(document.querySelectorAll('#detail-facts div'))
    .map(function (d) { return [d.querySelector('dt').textContent, d.querySelector('dd').textContent]; });
"""

LIST_TEXTS_JS = """
return Array.from(document.querySelectorAll(arguments[0])).map(function (e) { return e.textContent; });
"""


def js_round(x: float) -> str:
    """Math.round, as text."""
    return str(math.floor(x + 0.5))


def js_fixed(x: float, digits: int) -> str:
    """Number.prototype.toFixed: the double's exact value, halves away from zero."""
    return str(Decimal(x).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def js_duration(s: float) -> str:
    """admin.js's duration(): one decimal under 10 s, whole seconds under a minute, then minutes."""
    if s < 10:
        return js_fixed(s, 1) + " s"
    if s < 60:
        return js_round(s) + " s"
    whole = int(js_round(s))
    return f"{whole // 60} min {whole % 60:02d} s"


def local_time(driver, iso: str) -> str:
    """An ISO-8601 instant as the browser's clock shows it (HH:MM:SS, en-GB)."""
    offset = driver.execute_script("return new Date(arguments[0]).getTimezoneOffset();", iso)
    return (datetime.fromisoformat(iso.replace("Z", "+00:00")) - timedelta(minutes=offset)).strftime("%H:%M:%S")


def chart_y(trust: float) -> float:
    """admin.js's drawChart y(): 240 px high, 12 px top and 30 px bottom margins."""
    return 12 + (1 - max(0, min(100, trust)) / 100) * (240 - 12 - 30)


def session_row(driver, s: dict) -> list[str]:
    return [s["userId"] + s["sessionId"][:8], local_time(driver, s["createdAt"]), js_round(s["trust"]),
            s["decision"], s["automation"]["verdict"], str(s["events"])]


def session_facts(s: dict) -> list[list[str]]:
    facts = [["User", s["userId"]], ["Trust", js_round(s["trust"])], ["Decision", s["decision"]],
             ["Profile", s["profileStatus"]], ["Events", str(s["events"])], ["Ended", s.get("outcome", "open")]]
    facts += [[m, f"{s['counts'][m]['events']} events, {s['counts'][m]['samples']} samples"] for m in ("keys", "pointer")]
    facts += [[f"last {m} score", js_fixed(s["lastScores"][m], 2)] for m in ("keys", "login", "pointer")
              if m in s["lastScores"]]
    return facts


def timeline_rows(points: list[dict]) -> list[list[str]]:
    """One row per run of points: a run starts where a point is `changed` or is a step-up."""
    runs = []
    for p in points:
        if not runs or p["changed"] or "stepUp" in p:
            runs.append([p, p, 1])
        else:
            runs[-1][1] = p
            runs[-1][2] += 1
    rows = []
    for first, last, count in reversed(runs[-30:]):
        when = f"+{js_duration(first['elapsed'])}" + (f" to +{js_duration(last['elapsed'])}" if count > 1 else "")
        trust = js_fixed(first["trust"], 1) + (f" → {js_fixed(last['trust'], 1)}" if count > 1 else "")
        rows.append([when + (f" · step-up {first['stepUp']}" if "stepUp" in first else ""), str(count), trust,
                     first["decision"], "; ".join(r["message"] for r in last["reasons"])])
    return rows


def user_row(driver, u: dict) -> list[str]:
    samples = ", ".join(f"{m} {n}" for m, n in u["samples"].items())
    return [u["userId"], u["profileStatus"], samples, str(u["sessions"]), local_time(driver, u["updatedAt"])]


def shows(driver, read, expected, what: str) -> None:
    """Waits (the dashboard refreshes every 3 s) until `read()` equals `expected`, then asserts it."""
    try:
        wait_until(lambda: read() == expected, timeout=10, message=what)
    except AssertionError:
        pass
    assert read() == expected, what


def test_every_cell_shows_the_value_the_admin_api_holds(fresh_server, browser):
    server = fresh_server
    traffic = demo_traffic(server)
    admin = lambda path: server.admin("GET", path)[1]  # noqa: E731
    open_dashboard(browser, server, server.admin_key)
    table = lambda selector: lambda: browser.execute_script(TABLE_TEXTS_JS, selector)  # noqa: E731

    sessions = admin("/admin/api/sessions")["sessions"]
    assert len(sessions) >= 3
    shows(browser, table("#sessions"), [session_row(browser, s) for s in sessions], "the sessions table")
    assert browser.find_element(By.ID, "session-count").text == f"({len(sessions)})"

    for session_id in (traffic.scored, traffic.ended):
        browser.execute_script("document.querySelector('#sessions tr[data-session-id=\"' + arguments[0] + '\"]').click();",
                               session_id)
        wait_until(lambda: browser.find_element(By.ID, "detail-id").text == session_id, message="the session's detail")
        s = admin(f"/admin/api/sessions/{session_id}")
        points = admin(f"/admin/api/sessions/{session_id}/timeline")["timeline"]
        shows(browser, lambda: browser.execute_script(FACTS_JS), session_facts(s), f"the facts of {session_id}")
        shows(browser, lambda: browser.execute_script(LIST_TEXTS_JS, "#detail-reasons li"),
              [r["message"] for r in s["reasons"]] or ["none"], "the decision reasons")
        assert browser.find_element(By.ID, "detail-automation").get_attribute("textContent") == s["automation"]["verdict"]
        assert browser.execute_script(LIST_TEXTS_JS, "#automation-reasons li") == \
            [r["message"] for r in s["automation"]["reasons"]]
        shows(browser, table("#timeline-rows"), timeline_rows(points), f"the timeline of {session_id}")
        if points:
            path = browser.find_element(By.CSS_SELECTOR, "#chart path.trust").get_attribute("d")
            assert path.count("M") == 1 and path.count("L") == max(len(points) - 1, 1), path
        else:
            assert browser.find_element(By.CSS_SELECTOR, "#chart text.empty").text == "no trust updates yet"
        for name in ("challenge", "block"):
            line = browser.find_element(By.CSS_SELECTOR, f"#chart line.threshold.{name}")
            assert float(line.get_attribute("y1")) == chart_y(s["thresholds"][f"{name}Below"]), name

    # What was compared holds the values worth comparing: a step-up with its reason, a login score.
    scored = timeline_rows(admin(f"/admin/api/sessions/{traffic.scored}/timeline")["timeline"])
    assert any(row[0].endswith("step-up passed") and row[4] for row in scored), scored
    assert "login" in admin(f"/admin/api/sessions/{traffic.ended}")["lastScores"]

    browser.find_element(By.CSS_SELECTOR, '[data-tab="users"]').click()
    users = admin("/admin/api/users")["users"]
    shows(browser, table("#users"), [user_row(browser, u) for u in users], "the users table")
    assert browser.find_element(By.ID, "user-count").text == f"({len(users)})"

    text = browser.find_element(By.TAG_NAME, "main").text
    assert not [w for w in ("undefined", "NaN", "null", "[object Object]") if w in text]


def listed_ids(driver) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#sessions tr')).map(function (tr) {"
        " return tr.getAttribute('data-session-id'); });")


def test_the_session_list_filters_by_decision_in_pages(fresh_server, browser):
    server = fresh_server
    started = []
    for user in ("fay", "gus", "hal", "ivy"):
        status, body = server.api("POST", "/v1/sessions", {"userId": user, "authenticated": True})
        assert status == 201, body
        started.append(body["sessionId"])
    blocked = started[1]
    status, body = server.api("POST", f"/v1/sessions/{blocked}/step-up", {"result": "failed"})
    assert status == 200 and body["decision"] == "block", body
    def api_ids(query: str) -> list[str]:
        status, body = server.admin("GET", "/admin/api/sessions?" + query)
        assert status == 200, body
        return [s["sessionId"] for s in body["sessions"]]
    allowed = api_ids("decision=allow")
    assert set(allowed) == set(started) - {blocked} and api_ids("decision=block") == [blocked]

    # Pages of two (`/admin?limit=2`), so that three allowed sessions take two pages.
    open_dashboard(browser, server, server.admin_key, "?limit=2")
    wait_until(lambda: listed_ids(browser) == api_ids("limit=2"), message="the first page, unfiltered")

    Select(browser.find_element(By.ID, "filter-decision")).select_by_value("block")
    wait_until(lambda: listed_ids(browser) == [blocked], message="only the blocked session")
    assert browser.find_element(By.ID, "page-next").get_attribute("disabled") is not None

    Select(browser.find_element(By.ID, "filter-decision")).select_by_value("allow")
    wait_until(lambda: listed_ids(browser) == allowed[:2], message="the first page of allowed sessions")
    texts = browser.execute_script(TABLE_TEXTS_JS, "#sessions")
    assert all("ALLOW" in row[3].upper() for row in texts), texts
    browser.find_element(By.ID, "page-next").click()
    wait_until(lambda: listed_ids(browser) == allowed[2:], message="the second page of allowed sessions")
    assert browser.find_element(By.ID, "page-number").text == "page 2"
    assert browser.find_element(By.ID, "page-next").get_attribute("disabled") is not None
    # The refresh keeps the page and the filter.
    time.sleep(3.5)
    assert listed_ids(browser) == allowed[2:]
    browser.find_element(By.ID, "page-first").click()
    wait_until(lambda: listed_ids(browser) == allowed[:2], message="back to the first page")

    # A user filter typed and applied combines with the decision.
    browser.find_element(By.ID, "filter-user").send_keys("hal")
    browser.find_element(By.CSS_SELECTOR, "#filters button[type=submit]").click()
    wait_until(lambda: listed_ids(browser) == [started[2]], message="hal's allowed session")
    browser.find_element(By.ID, "filter-clear").click()
    wait_until(lambda: listed_ids(browser) == api_ids("limit=2"), message="the filters cleared")
