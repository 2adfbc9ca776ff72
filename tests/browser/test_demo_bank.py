"""The demo bank end to end: real browser, real SDK, real `cadence serve`."""

import time

from selenium.common.exceptions import ElementClickInterceptedException
from selenium.webdriver.common.by import By

from bank_page import (
    answer_step_up,
    log_in,
    sdk_stats,
    settle,
    step_up_open,
    total_events,
    type_into,
    wait_until,
    wander,
    write_notes,
)


def test_batches_arrive_and_trust_updates_on_the_page(server, browser):
    session_id = log_in(browser, server)
    notes = write_notes(browser, "please call me about my savings account")

    first = wait_until(lambda: total_events(server.session(session_id)), message="events stored for the session")
    assert first > 0
    trust = wait_until(
        lambda: browser.find_element(By.ID, "trust-value").text.strip().isdigit()
        and int(browser.find_element(By.ID, "trust-value").text),
        message="a trust value on the page",
    )
    assert 0 <= trust <= 100
    assert browser.find_element(By.ID, "decision").text.strip().lower() in {"allow", "challenge", "block"}
    assert int(browser.find_element(By.ID, "trust-updates").text) >= 1

    # More input: the counts keep growing, and each batch was acknowledged with a fresh trust.
    settle(browser, server, session_id)
    type_into(browser, notes, " and my current account too")
    wander(browser, browser.find_element(By.ID, "accounts"))
    wait_until(lambda: total_events(server.session(session_id)) > first, message="event counts to grow")
    stats = wait_until(lambda: (s := sdk_stats(browser))["batchesSent"] >= 2 and s, message="two batches")
    assert stats["dropped"] == 0
    updates = int(browser.find_element(By.ID, "trust-updates").text)
    assert updates >= 2

    session = server.session(session_id)
    assert 0 <= session["trust"] <= 100
    assert session["decision"] in {"allow", "challenge", "block"}


def test_webdriver_input_is_reported_as_automation(server, browser):
    """Plain WebDriver use: clicks that jump straight onto elements, keys typed by send_keys."""
    session_id = log_in(browser, server)
    browser.get(server.base_url + "/#transfer")
    wait_until(lambda: browser.find_element(By.ID, "view-transfer").is_displayed(), message="transfer form")
    steps = [("payee", "Mallory Example"), ("iban", "GB33BUKB20201555555555"), ("amount", "950.00"),
             ("reference", None), ("payee", None)]
    for field, text in steps:
        time.sleep(0.4)  # as a script waits for the page between steps
        if step_up_open(browser):
            break  # already caught: the page asks for a step-up and covers the form
        element = browser.find_element(By.ID, field)
        try:
            element.click()
        except ElementClickInterceptedException:
            break  # the step-up prompt came up between the check and the click
        if text:
            element.send_keys(text)

    def verdict():
        value = server.session(session_id)["automation"]["verdict"]
        return value if value != "human" else None

    assert wait_until(verdict, timeout=30, message="an automation verdict other than human") in {"suspicious", "automated"}
    session = server.session(session_id)
    automation = session["automation"]
    assert automation["reasons"], "the verdict says why"
    assert all(r["code"].startswith("automation-") for r in automation["reasons"])
    # The tenant's policy challenges automated input: the bank page asks for a step-up.
    if automation["verdict"] == "automated":
        assert session["decision"] in {"challenge", "block"}
        if session["decision"] == "challenge":
            wait_until(lambda: step_up_open(browser), message="the step-up prompt")
            assert answer_step_up(browser)
