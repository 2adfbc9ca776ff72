"""Remote-access takeover (issue 11): input relayed by a remote-desktop tool reaches the page in
sparse jumps, and the service names it.

A fraudster steering the victim's own machine leaves no automation trace in the browser: the
events are the operating system's, trusted, with whole-pixel coordinates. What survives is the
cadence. The Balabit recordings (made over remote desktop) move the pointer in jumps about 109 ms
apart, 15-50 px each, in 756 of 881 sessions (`scripts/remote-input-cadence`); a local mouse in
Chromium sends a move every display frame while it moves. Here real headless Chromium gets both
through DevTools-protocol mouse events (the way a remote tool's injected input arrives: trusted,
whole pixels), in a clean browser so that nothing else is judged.
"""

import time

import pytest

from bank_page import log_in, sdk_idle, wait_until
from conftest import running_server

REMOTE_REASON = "remote-access-sparse-cadence"


def move(driver, start, step, count, gap_seconds):
    """`count` mouse moves from `start` by `step` px each, `gap_seconds` apart, along a zigzag."""
    x, y = start
    for i in range(count):
        x += step
        y += step // 2 if (i // 10) % 2 == 0 else -(step // 2)
        if x > 1000:
            x = 100
        driver.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y, "button": "none"})
        time.sleep(gap_seconds)


@pytest.mark.parametrize("regime", ["remote", "local"])
def test_remote_desktop_cadence_is_named_and_a_local_mouse_is_not(clean_browser, regime):
    with running_server() as server:
        session_id = log_in(clean_browser, server)
        if regime == "remote":
            move(clean_browser, (120, 300), 20, 80, 0.11)   # 9 Hz, 20 px jumps: 8.8 s
        else:
            move(clean_browser, (120, 300), 3, 400, 0.016)  # about every frame, 3 px: 6.4 s
        wait_until(lambda: sdk_idle(clean_browser), message="the SDK to deliver everything")
        time.sleep(1.5)  # the last batch is sealed and scored
        session = server.session(session_id)
    automation = session["automation"]
    codes = [r["code"] for r in automation["reasons"]]
    assert session["counts"]["pointer"]["events"] >= 80, "the moves reached the service"
    if regime == "remote":
        assert REMOTE_REASON in codes, f"reasons {codes}"
        reason = next(r for r in automation["reasons"] if r["code"] == REMOTE_REASON)
        assert "remote-desktop" in reason["message"]
        assert automation["verdict"] == "suspicious"
    else:
        assert REMOTE_REASON not in codes, f"a local mouse's cadence was taken for remote access: {automation}"
