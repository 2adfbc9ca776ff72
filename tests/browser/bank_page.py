"""Driving the demo bank (`/`) and reading what the service made of it."""

import time

from selenium.common.exceptions import ElementNotInteractableException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

DEMO_USER = ("alice", "alice-demo")


def wait_until(predicate, timeout: float = 20, interval: float = 0.2, message: str = "condition"):
    """Polls `predicate` until it returns a truthy value, which is returned."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {message} (last: {last!r})")


def log_in(driver, server, user=DEMO_USER) -> str:
    """Logs in to the demo bank through its form; returns the Cadence session id shown on the page."""
    driver.get(server.base_url + "/")
    wait_until(lambda: driver.find_element(By.ID, "username").is_displayed(), message="login form")
    driver.find_element(By.ID, "username").send_keys(user[0])
    driver.find_element(By.ID, "password").send_keys(user[1])
    driver.find_element(By.ID, "login-button").click()
    wait_until(lambda: driver.find_element(By.ID, "view-overview").is_displayed(), message="account overview")
    session_id = driver.find_element(By.ID, "session-id").text.strip()
    assert session_id and session_id != "–"
    return session_id


def wander(driver, element, steps: int = 6) -> None:
    """Moves the pointer around an element and clicks it, through WebDriver."""
    actions = ActionChains(driver).move_to_element(element)
    for i in range(steps):
        actions.move_by_offset(12 if i % 2 == 0 else -7, 5)
    actions.click().perform()


def write_notes(driver, text: str):
    """Types into the overview's notes field, then moves the pointer around it and clicks it:
    key and pointer events for the SDK. Returns the field."""
    notes = driver.find_element(By.ID, "notes")
    type_into(driver, notes, text)
    wander(driver, notes)
    return notes


def total_events(session: dict) -> int:
    """Events the service holds for a session (GET /v1/sessions/{id}'s `events`)."""
    return session["events"]


def sdk_stats(driver) -> dict:
    return driver.execute_script("return Cadence.current ? Cadence.current.stats : null;") or {}


def sdk_idle(driver) -> bool:
    """True when the SDK has nothing buffered or queued and no request in flight."""
    return driver.execute_script(
        "var s = Cadence.current; return !!s && s.events.length === 0 && s.queue.length === 0 && !s.sending;"
    )


def step_up_open(driver) -> bool:
    return driver.execute_script("return document.getElementById('stepup').open;")


def answer_step_up(driver) -> bool:
    """Enters the demo one-time code if the step-up prompt is showing; True if it was."""
    if not step_up_open(driver):
        return False
    driver.find_element(By.ID, "otp").send_keys("123456")
    driver.find_element(By.CSS_SELECTOR, "#stepup-form button").click()
    wait_until(lambda: not step_up_open(driver), message="the step-up prompt to close")
    return True


def settle(driver, server=None, session_id: str | None = None) -> None:
    """Waits until the SDK delivered everything and the page shows the service's decision, then
    answers a step-up prompt if one came up (WebDriver input is challenged as automation)."""
    wait_until(lambda: sdk_idle(driver), message="the SDK to deliver everything")
    if server is not None and session_id is not None:
        decision = server.session(session_id)["decision"]
        wait_until(lambda: driver.find_element(By.ID, "decision").text.strip().lower() == decision,
                   message=f"the page to show {decision}")
        if decision == "challenge":
            try:
                wait_until(lambda: step_up_open(driver), timeout=3, message="the step-up prompt")
            except AssertionError:
                pass  # answered earlier in this session: the page asks once per challenge
    else:
        time.sleep(0.3)
    answer_step_up(driver)


def type_into(driver, element, text: str) -> None:
    """send_keys, answering the step-up prompt first if it came up and covers the element."""
    answer_step_up(driver)
    try:
        element.send_keys(text)
    except ElementNotInteractableException:
        assert answer_step_up(driver), "element not interactable, and no step-up prompt in the way"
        element.send_keys(text)
