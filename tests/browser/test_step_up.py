"""The demo bank's step-up: a challenged session asks for the one-time code, the bank backend
checks it and reports the result to Cadence, and the page shows the trust and decision it led to."""

from selenium.webdriver.common.by import By

from bank_page import log_in, step_up_open, wait_until


def challenge_every_session(server, restored: float = 97) -> None:
    """Sessions start at trust 50 (below the challenge threshold); a passed step-up restores `restored`."""
    status, body = server.api("PUT", "/v1/settings", {"trust": {"takeoverPrior": 0.5}, "stepUp": {"restoredTrust": restored}})
    assert status == 200, body


def enter_code(driver, code: str) -> None:
    """Types `code` into the prompt and submits it; returns when the bank backend has answered."""
    button = driver.find_element(By.CSS_SELECTOR, "#stepup-form button")
    field = driver.find_element(By.ID, "otp")
    field.clear()
    field.send_keys(code)
    button.click()
    wait_until(lambda: button.is_enabled(), message="the code check to finish")


def page_decision(driver) -> str:
    return driver.find_element(By.ID, "decision").text.strip().lower()


def challenged_log_in(driver, server) -> str:
    """Logs in to a tenant that challenges every session; returns when the page asks for the code."""
    challenge_every_session(server)
    session_id = log_in(driver, server)
    wait_until(lambda: step_up_open(driver), message="the step-up prompt")
    return session_id


def step_up_results(server, session_id: str) -> list[str]:
    """`passed` or `failed` for each step-up on the session's timeline, in order."""
    status, timeline = server.admin("GET", f"/admin/api/sessions/{session_id}/timeline")
    assert status == 200
    return [p["stepUp"] for p in timeline["timeline"] if "stepUp" in p]


def test_a_passed_step_up_restores_trust_and_the_session_continues(fresh_server, clean_browser):
    # The session must be judged on its input alone: with plain Selenium's traces the SDK's env
    # makes it `automated`, and the policy challenges it again after the passed step-up.
    server, browser = fresh_server, clean_browser
    session_id = challenged_log_in(browser, server)
    assert browser.find_element(By.ID, "trust-value").text == "50"
    # The page reads its session with its token (the poll fills in the automation verdict).
    wait_until(lambda: browser.find_element(By.ID, "automation").text == "human", message="the polled session")

    enter_code(browser, "9")
    error = wait_until(lambda: (e := browser.find_element(By.ID, "otp-error")).is_displayed() and e,
                       message="the wrong-code message")
    assert "2 attempts left" in error.text
    assert step_up_open(browser)
    assert server.session(session_id)["decision"] == "challenge"

    enter_code(browser, "123456")
    wait_until(lambda: not step_up_open(browser), message="the prompt to close")
    wait_until(lambda: page_decision(browser) == "allow", message="the page to show allow")
    assert browser.find_element(By.ID, "trust-value").text == "97"
    session = server.session(session_id)
    assert session["decision"] == "allow" and session["trust"] == 97
    assert step_up_results(server, session_id) == ["passed"]


def test_three_wrong_codes_block_the_session(fresh_server, browser):
    server = fresh_server
    session_id = challenged_log_in(browser, server)
    for code in ("1", "2"):
        enter_code(browser, code)
        wait_until(lambda: browser.find_element(By.ID, "otp-error").is_displayed(), message="the wrong-code message")
    enter_code(browser, "3")
    wait_until(lambda: browser.find_element(By.ID, "blocked").is_displayed(), message="the session-ended screen")
    assert not step_up_open(browser)
    session = server.session(session_id)
    assert session["decision"] == "block"
    # A batch the page sent after the step-up may have been scored since (trust stays at or near
    # 0 and the block is final); the failed step-up itself is on the session's timeline.
    assert session["trust"] < 5
    assert step_up_results(server, session_id) == ["failed"]


def test_the_demo_session_route_needs_the_session_token(fresh_server, browser):
    server = fresh_server
    session_id = log_in(browser, server)
    status, body = server.request("GET", f"/demo/session/{session_id}")
    assert status == 401 and body["reason"]
    token = browser.execute_script("return JSON.parse(sessionStorage.getItem('northwind.session')).token;")
    status, body = server.request("GET", f"/demo/session/{session_id}", key=token)
    assert status == 200 and body["sessionId"] == session_id
