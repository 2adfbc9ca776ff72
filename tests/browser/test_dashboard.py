"""The dashboard at /admin, opened with the admin key, lists a live demo-bank session."""

from selenium.webdriver.common.by import By

from bank_page import log_in, total_events, wait_until, wander


def test_dashboard_lists_the_session_with_its_trust_chart(server, browser):
    session_id = log_in(browser, server)
    notes = browser.find_element(By.ID, "notes")
    notes.send_keys("dashboard check")
    wander(browser, notes)
    wait_until(lambda: total_events(server.session(session_id)), message="events stored")

    browser.get(server.base_url + "/admin")
    browser.find_element(By.ID, "admin-key").send_keys(server.admin_key)
    browser.find_element(By.CSS_SELECTOR, "#key-form button").click()
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
    browser.get(server.base_url + "/admin")
    browser.find_element(By.ID, "admin-key").send_keys("not-the-admin-key")
    browser.find_element(By.CSS_SELECTOR, "#key-form button").click()
    error = wait_until(lambda: browser.find_element(By.ID, "key-error").is_displayed()
                       and browser.find_element(By.ID, "key-error"), message="an error")
    assert "not accepted" in error.text
    assert browser.execute_script("return sessionStorage.getItem('cadence.adminKey');") is None
