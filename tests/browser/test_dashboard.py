"""The dashboard at /admin, opened with the admin key: a live demo-bank session in its list, and
every cell of its tables showing the value the admin API holds for it."""

import math
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from selenium.webdriver.common.by import By

from bank_page import log_in, total_events, wait_until, write_notes
from demo_traffic import demo_traffic


def open_dashboard(driver, server, key: str) -> None:
    driver.get(server.base_url + "/admin")
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


def js_seconds(ms: float) -> str:
    """admin.js's seconds(): one decimal under 10 s, whole seconds above."""
    s = ms / 1000
    return js_fixed(s, 1) if s < 10 else js_round(s)


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
    t0 = points[0]["time"] if points else 0
    return [[f"+{js_seconds(p['time'] - t0)} s" + (f" · step-up {p['stepUp']}" if "stepUp" in p else ""),
             js_fixed(p["trust"], 1), p["decision"], "; ".join(r["message"] for r in p["reasons"])]
            for p in reversed(points[-30:])]


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
    assert any(row[0].endswith("step-up passed") and row[3] for row in scored), scored
    assert "login" in admin(f"/admin/api/sessions/{traffic.ended}")["lastScores"]

    browser.find_element(By.CSS_SELECTOR, '[data-tab="users"]').click()
    users = admin("/admin/api/users")["users"]
    shows(browser, table("#users"), [user_row(browser, u) for u in users], "the users table")
    assert browser.find_element(By.ID, "user-count").text == f"({len(users)})"

    text = browser.find_element(By.TAG_NAME, "main").text
    assert not [w for w in ("undefined", "NaN", "null", "[object Object]") if w in text]
