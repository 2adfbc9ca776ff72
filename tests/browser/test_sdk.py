"""The browser SDK (cadence.js as the service serves it) in real headless Chromium.

Input comes from WebDriver, so the browser produces real trusted key and pointer events; the
SDK's network calls go to a recording `fetch` (see sdk_page.py) so that each wire detail can be
checked: key classes, password fields, soft keyboards, pointer codes, batching, ordered retries,
page-hide delivery and the decision callback.
"""

import re
import time
from pathlib import Path

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from bank_page import wait_until
from sdk_page import events_of, flush, open_sdk_page, sent_batches, start_sdk

KEY_CLASS_SWIFT = Path(__file__).resolve().parents[2] / "Sources/CadenceEngine/Events/KeyClass.swift"


def swift_key_table() -> dict[str, int]:
    """Key name -> class code, read from the engine's KeyClass.swift (the table the SDK mirrors)."""
    source = KEY_CLASS_SWIFT.read_text()
    codes = {name: int(code) for name, code in re.findall(r"case (\w+) = (\d+)", source)}
    table = {}
    for names, case in re.findall(r'case ((?:"[^"]*",?\s*)+):\s*self = \.(\w+)', source):
        for name in re.findall(r'"([^"]*)"', names):
            table[name] = codes[case]
    assert len(table) > 20, "could not read KeyClass.swift's table"
    return table


def test_key_class_table_matches_the_engine(server, browser):
    open_sdk_page(browser, server.base_url)
    table = swift_key_table()
    # Cases the Swift table decides by character category rather than by listing them.
    # Every letter, of any script, is the one letter class 1.
    other = {"0": 7, "9": 7, "é": 1, "ß": 1, "a": 1, "z": 1, "Q": 1, "M": 1, "ж": 1, ",": 12, "!": 12, "F1": 14,
             "Escape": 14, "Tab": 13}
    other.update({c: 1 for c in "abcdefghijklmnopqrstuvwxyz"})
    names = list(table) + list(other)
    got = browser.execute_script("return arguments[0].map(function (n) { return Cadence.keyClass(n); });", names)
    expected = [table.get(n, other.get(n)) for n in names]
    mismatches = [(n, g, e) for n, g, e in zip(names, got, expected) if g != e]
    assert mismatches == []


def test_typing_sends_key_classes_and_password_timing_only(server, browser):
    open_sdk_page(browser, server.base_url)
    start_sdk(browser)
    browser.find_element(By.ID, "text").send_keys("zebra 7,")
    browser.find_element(By.ID, "password").send_keys("hunter2")
    browser.find_element(By.ID, "amount").send_keys("12")
    flush(browser)
    batch = sent_batches(browser)[0]
    assert batch["v"] == 1 and batch["seq"] == 0
    assert abs(batch["t0"] - time.time() * 1000) < 60_000
    keys = events_of([batch], {0, 1})
    text = [e for e in keys if e[3] == 0]
    password = [e for e in keys if e[3] == 1]
    numeric = [e for e in keys if e[3] == 2]
    # z e b r a space 7 , : down and up each, in the classes of KeyClass.swift.
    downs = [e[2] for e in text if e[0] == 0]
    assert downs == [1, 1, 1, 1, 1, 8, 7, 12]  # every letter is the one letter class
    assert len([e for e in text if e[0] == 1]) == 8
    assert len(password) == 14 and all(e[2] == 0 for e in password)
    assert [e[2] for e in numeric if e[0] == 0] == [7, 7]
    # Times are milliseconds after t0, non-decreasing per key, each key up after its down.
    assert all(e[1] >= 0 for e in keys)
    assert all(up[1] >= down[1] for down, up in zip(keys[0::2], keys[1::2]))


def test_nothing_typed_appears_in_what_is_sent(server, browser):
    open_sdk_page(browser, server.base_url)
    start_sdk(browser)
    browser.find_element(By.ID, "notes").send_keys("xylophone")
    browser.find_element(By.ID, "password").send_keys("xylophone")
    flush(browser)
    call = sent_batches(browser)[0]["_call"]
    assert "xylophone" not in call["body"].lower()
    # Only arrays of numbers: nothing a character could hide in.
    batch = sent_batches(browser)[0]
    assert all(all(isinstance(v, (int, float)) for v in e) for e in batch["e"])
    assert max(e[2] for e in events_of([batch], {0, 1})) <= 14


def test_soft_keyboard_keys_are_timed_through_beforeinput(server, browser):
    open_sdk_page(browser, server.base_url)
    start_sdk(browser)
    browser.execute_script(
        """
        function fire(el, type, init, ctor) { el.dispatchEvent(new (ctor || KeyboardEvent)(type, Object.assign({bubbles: true}, init))); }
        var text = document.getElementById('text'), pw = document.getElementById('password');
        // Android-style: keydown/keyup say "Unidentified" (keyCode 229); beforeinput says what it was.
        [[text, 'k'], [pw, 'k']].forEach(function (pair) {
            pair[0].focus();
            fire(pair[0], 'keydown', {key: 'Unidentified', keyCode: 229});
            fire(pair[0], 'beforeinput', {inputType: 'insertText', data: pair[1]}, InputEvent);
            fire(pair[0], 'input', {inputType: 'insertText', data: pair[1]}, InputEvent);
            fire(pair[0], 'keyup', {key: 'Unidentified', keyCode: 229});
        });
        // A keyboard that fires no key events at all: beforeinput is the press, input the release.
        text.focus();
        fire(text, 'beforeinput', {inputType: 'deleteContentBackward'}, InputEvent);
        fire(text, 'input', {inputType: 'deleteContentBackward'}, InputEvent);
        // A paste is not a keystroke.
        fire(text, 'beforeinput', {inputType: 'insertFromPaste', data: 'pasted'}, InputEvent);
        fire(text, 'input', {inputType: 'insertFromPaste', data: 'pasted'}, InputEvent);
        """
    )
    flush(browser)
    keys = [e[:1] + e[2:] for e in events_of(sent_batches(browser), {0, 1})]
    assert keys == [
        [0, 1, 0], [1, 1, 0],  # "k" in a text field: the letter class
        [0, 0, 1], [1, 0, 1],  # "k" in a password field: timing only
        [0, 9, 0], [1, 9, 0],  # backspace without key events
    ]


def test_pointer_moves_clicks_drags_and_wheel(server, browser):
    open_sdk_page(browser, server.base_url)
    start_sdk(browser)
    pad = browser.find_element(By.ID, "pad")
    actions = ActionChains(browser)
    actions.move_to_element_with_offset(pad, -100, -50).move_by_offset(30, 20).click()
    actions.click_and_hold().move_by_offset(40, 10).move_by_offset(40, 10).release()
    actions.context_click()
    actions.perform()
    ActionChains(browser).scroll_by_amount(0, 120).perform()
    # Wheel events reach the page through the compositor, after perform() returns.
    wait_until(lambda: browser.execute_script("return window.__session.events.some(function (e) { return e[0] === 6; });"),
               message="the wheel event")
    flush(browser)
    events = events_of(sent_batches(browser), {2, 3, 4, 5, 6})
    types = [e[0] for e in events]
    assert 2 in types, "plain moves"
    # Left click, then a drag with the left button held, then a right click.
    downs = [e for e in events if e[0] == 3]
    ups = [e for e in events if e[0] == 4]
    drags = [e for e in events if e[0] == 5]
    assert [e[4] for e in downs] == [1, 1, 2]
    assert [e[4] for e in ups] == [1, 1, 2]
    assert len(drags) >= 2 and all(e[4] == 1 for e in drags)
    assert all(e[5] == 0 for e in events), "mouse pointer type"
    wheel = [e for e in events if e[0] == 6]
    assert len(wheel) >= 1 and wheel[0][4] > 0
    # Coordinates are viewport CSS pixels and land inside the pad for the drag.
    rect = browser.execute_script("return document.getElementById('pad').getBoundingClientRect().toJSON();")
    assert all(rect["left"] <= e[2] <= rect["right"] and rect["top"] <= e[3] <= rect["bottom"] for e in drags)


def test_batches_are_cut_by_size_and_numbered(server, browser):
    open_sdk_page(browser, server.base_url)
    start_sdk(browser, maxEvents=10, flushIntervalMs=60_000)  # only size cuts a batch, however slow the machine
    browser.find_element(By.ID, "text").send_keys("abcdefghijklm")  # 26 key events
    flush(browser)
    batches = sent_batches(browser, wait_for=3)
    assert [b["seq"] for b in batches] == list(range(len(batches)))
    # Full batches are cut at 10; the rest (6) goes with the flush, split if a key up came late.
    assert [len(b["e"]) for b in batches[:2]] == [10, 10]
    # Every key event once (Chrome may add a synthetic pointer move when the layout under the idle
    # cursor changes; it is not what this test is about).
    kinds = [e[0] for b in batches for e in b["e"]]
    assert len(events_of(batches, {0, 1})) == 26, f"event kinds sent: {kinds}"
    assert all(b["_call"]["auth"] == "Bearer tok.en" for b in batches)
    assert all(b["_call"]["url"].endswith("/v1/sessions/s-test/events") for b in batches)


def test_batches_are_sent_about_every_second(server, browser):
    open_sdk_page(browser, server.base_url)
    start_sdk(browser, flushIntervalMs=1000)
    browser.find_element(By.ID, "text").send_keys("ab")
    assert sent_batches(browser, wait_for=1, timeout=3)[0]["seq"] == 0


def test_failed_batches_are_retried_in_order_with_backoff(server, browser):
    open_sdk_page(browser, server.base_url)
    browser.execute_script("window.__answers = [{fail: true}, {status: 503, body: {reason: 'busy'}}];")
    start_sdk(browser)
    browser.find_element(By.ID, "text").send_keys("ab")
    flush(browser)
    browser.find_element(By.ID, "text").send_keys("cd")
    flush(browser)
    calls = sent_batches(browser, wait_for=4, timeout=10)
    assert [b["seq"] for b in calls] == [0, 0, 0, 1]
    gaps = [b["_call"]["at"] for b in calls]
    assert gaps[1] - gaps[0] >= 300 and gaps[2] - gaps[1] >= 700, "backoff grows"
    stats = browser.execute_script("return window.__session.stats;")
    assert stats["batchesSent"] == 2 and stats["retries"] == 2 and stats["dropped"] == 0


def test_decisions_reach_the_page(server, browser):
    open_sdk_page(browser, server.base_url)
    browser.execute_script("window.__answers = [{status: 202, body: {trust: 41.5, decision: 'challenge'}}];")
    browser.execute_script("window.__seen = [];")
    start_sdk(browser)
    browser.execute_script("window.__session.onDecision(function (d) { window.__seen.push(d); });")
    browser.find_element(By.ID, "text").send_keys("a")
    flush(browser)
    sent_batches(browser)
    deadline = time.monotonic() + 5
    while not browser.execute_script("return window.__seen.length") and time.monotonic() < deadline:
        time.sleep(0.05)
    seen = browser.execute_script("return window.__seen;")
    events = browser.execute_script("return window.__decisions;")
    assert seen[0]["trust"] == 41.5 and seen[0]["decision"] == "challenge" and seen[0]["seq"] == 0
    assert events[0]["decision"] == "challenge"
    assert browser.execute_script("return window.__session.latest.decision;") == "challenge"


def test_page_hide_sends_with_keepalive_never_a_beacon(server, browser):
    open_sdk_page(browser, server.base_url)
    start_sdk(browser)
    browser.find_element(By.ID, "text").send_keys("ab")
    browser.execute_script("window.dispatchEvent(new Event('pagehide'));")
    first = sent_batches(browser)[0]
    assert first["_call"]["keepalive"] is True and first["seq"] == 0
    assert first["_call"]["auth"] == "Bearer tok.en" and "token" not in first["_call"]["url"]
    # Where keepalive fetch is refused, no beacon (it would need the token in the URL): the batch
    # stays queued and goes, with the header, once the page is shown again.
    browser.execute_script("window.__answers = [{throw: true}]; window.__calls = [];")
    browser.find_element(By.ID, "text").send_keys("cd")
    browser.execute_script("window.dispatchEvent(new Event('pagehide'));")
    time.sleep(0.2)
    assert browser.execute_script("return window.__beacons;") == []
    assert browser.execute_script("return window.__calls;") == []
    flush(browser)
    again = sent_batches(browser)
    assert again[0]["seq"] == 1 and again[0]["_call"]["auth"] == "Bearer tok.en"
    assert all("token" not in b["_call"]["url"] for b in again)


def test_a_reload_continues_the_sequence(server, browser):
    open_sdk_page(browser, server.base_url)
    start_sdk(browser)
    browser.find_element(By.ID, "text").send_keys("ab")
    flush(browser)
    sent_batches(browser)
    # Same tab, same session, new SDK instance (as after a reload): seq goes on from 1.
    browser.execute_script("window.__calls = []; window.__session.stop();")
    start_sdk(browser)
    browser.find_element(By.ID, "text").send_keys("cd")
    flush(browser)
    assert sent_batches(browser)[0]["seq"] == 1


def test_touch_and_pen_pointers_are_typed(server, browser):
    from selenium.webdriver.common.actions import interaction
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    from selenium.webdriver.common.actions.pointer_input import PointerInput

    open_sdk_page(browser, server.base_url)
    start_sdk(browser)
    pad = browser.find_element(By.ID, "pad")
    for kind, name in ((interaction.POINTER_TOUCH, "finger"), (interaction.POINTER_PEN, "pen")):
        builder = ActionBuilder(browser, mouse=PointerInput(kind, name))
        builder.pointer_action.move_to(pad, -50, -20).pointer_down()
        builder.pointer_action.move_by(30, 10).move_by(30, 10).pointer_up()
        builder.perform()
    flush(browser)
    events = events_of(sent_batches(browser), {2, 3, 4, 5})
    by_type = {t: [e for e in events if e[5] == t] for t in (1, 2)}
    for code in (1, 2):  # 1 touch, 2 pen
        kinds = [e[0] for e in by_type[code]]
        assert 3 in kinds and 4 in kinds, f"pointer type {code}: down and up"
        # A finger or pen moving in contact is a drag with the primary button held.
        assert any(e[0] == 5 and e[4] == 1 for e in by_type[code]), f"pointer type {code}: drag"


def test_the_sdk_streams_to_the_real_service_and_the_token_never_rides_in_a_url(server, browser):
    status, login = server.request("POST", "/demo/login", {"username": "bob", "password": "bob-demo"})
    assert status == 200, login
    open_sdk_page(browser, server.base_url, record=False)
    browser.execute_script("window.__seen = []; window.__errors = [];")
    start_sdk(browser, sessionId=login["sessionId"], token=login["token"])
    browser.execute_script(
        "window.__session.onDecision(function (d) { __seen.push(d); }).onError(function (e) { __errors.push(e); });"
    )
    browser.find_element(By.ID, "text").send_keys("hello there")
    flush(browser)
    seen = wait_until(lambda: browser.execute_script("return __seen;"), message="a 202 with trust and decision")
    assert 0 <= seen[0]["trust"] <= 100 and seen[0]["decision"] in {"allow", "challenge", "block"}
    assert server.session(login["sessionId"])["events"] == 22

    # Page hide: the keepalive fetch carries the token in its header and lands.
    browser.find_element(By.ID, "text").send_keys("abc")
    browser.execute_script("window.dispatchEvent(new Event('pagehide'));")
    wait_until(lambda: server.session(login["sessionId"])["events"] == 28, message="the keepalive batch stored")
    assert server.session(login["sessionId"])["batches"] == 2
    assert browser.execute_script("return __errors;") == []
    # The service accepts no token in the query string.
    import urllib.request, urllib.error
    req = urllib.request.Request(
        f"{server.base_url}/v1/sessions/{login['sessionId']}/events?token={login['token']}",
        data=b'{"v":1,"seq":9,"t0":0,"events":[]}', method="POST", headers={"Content-Type": "text/plain"})
    try:
        urllib.request.urlopen(req, timeout=10)
        raise AssertionError("a token in the query string was accepted")
    except urllib.error.HTTPError as err:
        assert err.code == 401


def test_a_refused_token_is_reported_and_not_retried(server, browser):
    status, login = server.request("POST", "/demo/login", {"username": "carol", "password": "carol-demo"})
    assert status == 200, login
    open_sdk_page(browser, server.base_url, record=False)
    browser.execute_script("window.__errors = [];")
    start_sdk(browser, sessionId=login["sessionId"], token=login["token"] + "x")
    browser.execute_script("window.__session.onError(function (e) { __errors.push(e); });")
    browser.find_element(By.ID, "text").send_keys("hi")
    flush(browser)
    errors = wait_until(lambda: browser.execute_script("return __errors;"), message="an error report")
    assert errors[0]["status"] == 401 and not errors[0].get("retrying")
    time.sleep(1.0)
    stats = browser.execute_script("return window.__session.stats;")
    # Every captured event was refused and dropped, none retried ("hi" is at least 4 key events).
    assert stats["retries"] == 0 and stats["dropped"] == stats["eventsSent"] >= 4
    assert server.session(login["sessionId"])["events"] == 0


def test_no_pointer_position_over_an_element_marked_sensitive_is_sent(server, browser):
    from selenium.webdriver.common.action_chains import ActionChains

    open_sdk_page(browser, server.base_url)
    start_sdk(browser)
    pad = browser.find_element(By.ID, "pad")
    ActionChains(browser).move_to_element_with_offset(pad, -100, -50).move_by_offset(40, 20).click().perform()
    for key in ("pin-1", "pin-2", "pin-1"):
        ActionChains(browser).move_to_element(browser.find_element(By.ID, key)).pause(0.05).click().perform()
    ActionChains(browser).move_to_element_with_offset(pad, 50, 50).click().perform()
    flush(browser)
    rect = browser.execute_script("var r = document.getElementById('pin').getBoundingClientRect();"
                                  "return [r.left, r.top, r.right, r.bottom];")
    pointer = events_of(sent_batches(browser), {2, 3, 4, 5, 6})
    inside = [e for e in pointer if rect[0] <= e[2] <= rect[2] and rect[1] <= e[3] <= rect[3]]
    assert len([e for e in pointer if e[0] == 3]) >= 2, "the clicks outside the PIN pad are sent"
    assert inside == [], f"{len(inside)} pointer events over the PIN pad were sent"


def test_a_sensitive_element_inside_a_shadow_root_is_honoured(server, browser):
    from selenium.webdriver.common.action_chains import ActionChains

    open_sdk_page(browser, server.base_url)
    browser.execute_script("""
        var host = document.createElement('div'); host.id = 'shadow-host'; document.body.appendChild(host);
        var root = host.attachShadow({mode: 'open'});
        var pad = document.createElement('div'); pad.setAttribute('data-cadence-sensitive', '');
        pad.style.width = '300px'; pad.style.height = '120px'; pad.style.background = '#ccc';
        root.appendChild(pad);
    """)
    start_sdk(browser)
    host = browser.find_element(By.ID, "shadow-host")
    rect = browser.execute_script("var r = document.getElementById('shadow-host').shadowRoot.firstChild"
                                  ".getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom];")
    host_width = browser.execute_script("return document.getElementById('shadow-host').getBoundingClientRect().width;")
    to_pad = int(rect[0] + 150 - (rect[0] + host_width / 2))  # from the host's centre to the pad's
    ActionChains(browser).move_to_element_with_offset(host, to_pad, 0).click().move_by_offset(-40, 5).click().perform()
    ActionChains(browser).move_to_element_with_offset(browser.find_element(By.ID, "pad"), 10, 10).click().perform()
    flush(browser)
    pointer = events_of(sent_batches(browser), {2, 3, 4, 5, 6})
    assert any(e[0] == 3 for e in pointer), "the click outside is sent"
    inside = [e for e in pointer if rect[0] <= e[2] <= rect[2] and rect[1] <= e[3] <= rect[3]]
    assert inside == [], f"{len(inside)} pointer events inside the shadow root's sensitive element were sent"


def test_a_touch_drag_into_a_sensitive_element_sends_nothing_over_it(server, browser):
    from selenium.webdriver.common.actions import interaction
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    from selenium.webdriver.common.actions.pointer_input import PointerInput

    open_sdk_page(browser, server.base_url)
    start_sdk(browser)
    pin = browser.find_element(By.ID, "pin")
    rect = browser.execute_script("var r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom];", pin)
    # Down above the PIN pad (outside it), then drag down across it: implicit capture keeps the
    # touch's target where it started.
    start_x, start_y = int(rect[0] + 60), int(rect[1] - 20)
    builder = ActionBuilder(browser, mouse=PointerInput(interaction.POINTER_TOUCH, "finger"))
    builder.pointer_action.move_to_location(start_x, start_y).pointer_down()
    for step in range(1, 8):
        builder.pointer_action.move_to_location(start_x, start_y + step * 12)
    builder.pointer_action.pointer_up()
    builder.perform()
    flush(browser)
    pointer = events_of(sent_batches(browser), {2, 3, 4, 5, 6})
    assert any(e[0] == 3 for e in pointer), "the touch down outside the pad is sent"
    # Strictly inside: on the very edge the element under the point may be its neighbour.
    inside = [e for e in pointer if rect[0] < e[2] < rect[2] and rect[1] < e[3] < rect[3]]
    assert inside == [], f"{len(inside)} touch positions over the PIN pad were sent: {inside}, pad {rect}"
