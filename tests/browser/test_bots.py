"""The attack harness (issue 11): humanising bots in real headless Chromium against the demo bank.

Each run starts its own `cadence serve` and a Chromium of one kind (chromium.py: naive, adaptive,
clean), then a bot of one driver (W3C WebDriver Actions or DevTools-protocol input), one pointer
family and one key-timing family (bot_input.py) logs in as a demo customer, looks over the
accounts, writes a note for the adviser and fills in a transfer, as a person would. A watcher
polls the session's state from the service (GET /v1/sessions/{id}) every quarter second, so the
first non-human verdict is timed from the bot's first input. A bot stops when the page puts up
the step-up prompt (it has no one-time code); one that is not caught by the end of its flow keeps
moving about the page until 60 s after its first input.

Every run must be flagged `automated` or `suspicious` within 60 s of its first input, with the
reasons named. Runs the service does not catch today are marked xfail(strict=True), so the mark
must go when detection improves: the bots in a clean browser (no WebDriver trace, a window within
its screen) whose driver leaves nothing either, W3C actions (whole pixels, a mouse's pressure) and
a careful CDP kit. Their humanised paths and timing pass every behavioural check the engine has.

With CADENCE_BOT_REPORT set, a JSON report of every run is written there (kind, driver,
families, verdict, seconds and actions to detection, reasons).
"""

import json
import os
import threading
import time
from dataclasses import asdict, dataclass

import pytest

from bank_page import DEMO_USER
from bot_input import DRIVERS, element_rect, page_eval
from chromium import start_chromium
from conftest import running_server

# Seconds from a bot's first input within which its session must be flagged.
DETECTION_LIMIT = 60.0
# How often the watcher reads the session's state, seconds.
POLL_INTERVAL = 0.25

NOTE = "call me about savings"
TRANSFER = [("#payee", "J. Mallory"), ("#iban", "GB33BUKB20201555555555"), ("#amount", "950.00"),
            ("#transfer-password", DEMO_USER[1])]

UNDETECTED_CLEAN = (
    "a clean browser leaves no environment trace and this bot's humanised paths and key timing pass "
    "every behavioural automation check the engine has (teleport clicks, straight or smooth paths "
    "at constant intervals, key hold and interval spread, replays); catching it needs the "
    "behavioural realism model of issue 11's second part")


@dataclass(frozen=True)
class BotRun:
    """One bot: the browser it runs in, how it sends input, how it moves and types, its seed, and
    which automation reason codes its session must be given at least."""

    kind: str
    driver: str
    pointer: str
    keys: str
    seed: int
    careful: bool = False  # CDP only: whole-pixel coordinates and a mouse's pressure
    expected: tuple = ()

    @property
    def name(self) -> str:
        return f"{self.kind}-{self.driver}{'-careful' if self.careful else ''}-{self.pointer}-{self.keys}"


# Every pointer family, key family, driver and browser kind at least once (twice for most).
RUNS = [
    BotRun("naive", "w3c", "bezier", "lognormal", 1101,
           expected=("automation-env-webdriver", "automation-env-headless")),
    BotRun("naive", "cdp", "windmouse", "markov", 1102,
           expected=("automation-env-webdriver", "automation-env-headless")),
    BotRun("adaptive", "w3c", "minimum-jerk", "markov", 1103, expected=("automation-env-patched-webdriver",)),
    # A plain CDP kit: fractional coordinates, and no pressure while the button is down.
    BotRun("adaptive", "cdp", "bezier", "lognormal", 1104,
           expected=("automation-env-patched-webdriver", "automation-env-fractional-mouse",
                     "automation-env-pointer-shape")),
    BotRun("clean", "w3c", "windmouse", "lognormal", 1106),
    BotRun("clean", "cdp", "minimum-jerk", "markov", 1107, careful=True),
]

REPORT: list[dict] = []


@pytest.fixture(scope="module", autouse=True)
def bot_report():
    """Writes the runs' records to CADENCE_BOT_REPORT, when set, after the module's tests."""
    yield REPORT
    path = os.environ.get("CADENCE_BOT_REPORT")
    if path:
        with open(path, "w") as f:
            json.dump({"detectionLimitSeconds": DETECTION_LIMIT, "runs": REPORT}, f, indent=2)


class VerdictWatch:
    """Polls a session's state on a thread of its own; keeps the first non-human verdict (with the
    monotonic second it was seen) and the latest state."""

    def __init__(self, server, session_id: str):
        self.server, self.session_id = server, session_id
        self.first_flag = None  # (monotonic second, verdict, reason codes)
        self.first_automated = None
        self.latest = None
        self.errors = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._done.is_set():
            try:
                status, body = self.server.api("GET", f"/v1/sessions/{self.session_id}")
            except OSError:  # a refused or timed-out read is counted, and the watch goes on
                status, body = None, None
            seen = time.monotonic()
            if status == 200:
                self.latest = body
                verdict = body["automation"]["verdict"]
                codes = [r["code"] for r in body["automation"]["reasons"]]
                if verdict != "human" and self.first_flag is None:
                    self.first_flag = (seen, verdict, codes)
                if verdict == "automated" and self.first_automated is None:
                    self.first_automated = (seen, verdict, codes)
            else:
                self.errors += 1
            self._done.wait(POLL_INTERVAL)

    @property
    def flagged(self) -> bool:
        return self.first_flag is not None

    def stop(self):
        self._done.set()
        self._thread.join(timeout=15)


def wait_for_page(driver, expression: str, timeout: float = 20, message: str = "the page"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = page_eval(driver, expression)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {message}: {expression}")


def prompted(driver) -> str | None:
    """What the bank page put in the bot's way: the step-up prompt or the blocked screen."""
    return page_eval(driver, """document.getElementById('blocked').hidden === false ? 'blocked'
        : document.getElementById('stepup').open ? 'step-up' : null""")


def field_value(driver, selector: str) -> str:
    return page_eval(driver, f"document.querySelector({json.dumps(selector)}).value")


def bank_flow(driver, server, bot) -> tuple[str | None, list[str], VerdictWatch | None]:
    """Drives the bot through the demo bank; returns the session id, the steps done and the
    watcher started once the session existed. Stops early where the page prompts the bot."""
    steps = []
    driver.get(server.base_url + "/")
    wait_for_page(driver, "!!document.getElementById('username').getBoundingClientRect().width", message="login")
    assert bot.click("#username") and bot.type_text(DEMO_USER[0])
    assert bot.click("#password") and bot.type_text(DEMO_USER[1])
    assert bot.click("#login-button")
    wait_for_page(driver, "document.getElementById('view-overview').hidden === false", message="the accounts")
    session_id = page_eval(driver, "document.getElementById('session-id').textContent.trim()")
    assert session_id and session_id != "–", "the page shows the session's id"
    watch = VerdictWatch(server, session_id)
    steps.append("login")
    if not bot.hover("#accounts", stops=2) or not bot.hover("#activity", stops=1):
        return session_id, steps, watch
    steps.append("accounts")
    if not (bot.click("#notes") and bot.type_text(NOTE)):
        return session_id, steps, watch
    assert field_value(driver, "#notes") == NOTE, "the bot's keys reached the notes field"
    steps.append("note")
    if not bot.click('nav a[data-view="transfer"]'):
        return session_id, steps, watch
    wait_for_page(driver, "document.getElementById('view-transfer').hidden === false", message="the transfer form")
    for selector, text in TRANSFER:
        if not (bot.click(selector) and bot.type_text(text)):
            return session_id, steps, watch
        assert field_value(driver, selector) == text, f"the bot's keys reached {selector}"
    if not bot.click("#transfer-form button[type=submit]"):
        return session_id, steps, watch
    wait_for_page(driver, "document.getElementById('transfer-result').hidden === false", message="the result")
    steps.append("transfer")
    return session_id, steps, watch


def linger(bot, watch: VerdictWatch, until: float) -> int:
    """An uncaught bot keeps reading the page (pointer moves over its parts, pauses between them)
    until it is flagged, prompted, or the monotonic second `until`; returns the moves made."""
    spots = ["#view-transfer h1", "#session-panel", "#trust-badge", "#transfer-form", "#nav"]
    moves = 0
    while not watch.flagged and not bot.stop() and time.monotonic() < until and moves < 200:
        rect = element_rect(bot.driver, bot.rng.choice(spots))
        if rect and rect["top"] >= 0 and rect["top"] + rect["height"] <= bot.viewport[1]:
            x = rect["left"] + bot.rng.uniform(0.1, 0.9) * rect["width"]
            y = rect["top"] + bot.rng.uniform(0.1, 0.9) * rect["height"]
            bot.move_to(x, y)
            moves += 1
        bot.idle(bot.rng.uniform(0.3, 1.2))
    return moves


def first_flag_in_timeline(server, session_id: str) -> dict | None:
    """The first point of the session's timeline (admin API) whose reasons name automation."""
    status, body = server.admin("GET", f"/admin/api/sessions/{session_id}/timeline")
    assert status == 200, f"timeline -> {status} {body}"
    for point in body["timeline"]:
        if any(r["code"].startswith("automation-") for r in point["reasons"]):
            return point
    return None


# Runs the service does not flag today (measured: their sessions stay `human` with no reason
# for the whole minute).
UNDETECTED = {"clean-w3c-windmouse-lognormal", "clean-cdp-careful-minimum-jerk-markov"}


def params():
    for run in RUNS:
        marks = [pytest.mark.xfail(strict=True, reason=UNDETECTED_CLEAN)] if run.name in UNDETECTED else []
        yield pytest.param(run, id=run.name, marks=marks)


@pytest.mark.parametrize("run", params())
def test_bot_is_flagged_within_a_minute(run: BotRun):
    with running_server() as server:
        driver = start_chromium(run.kind)
        try:
            options = {"careful": True} if run.careful else {}
            bot = DRIVERS[run.driver](driver, run.pointer, run.keys, run.seed,
                                      stop=lambda: prompted(driver) is not None, **options)
            session_id, steps, watch = bank_flow(driver, server, bot)
            try:
                start = bot.log.first
                lingered = linger(bot, watch, start + DETECTION_LIMIT)
                stopped_by = prompted(driver)
                # The batch with the last input is delivered about a second after it; a flag seen
                # after the limit is reported, and fails.
                while not watch.flagged and time.monotonic() < start + DETECTION_LIMIT + 1.5:
                    time.sleep(POLL_INTERVAL)
                time.sleep(1.5)
            finally:
                watch.stop()
            session = server.session(session_id)
            timeline_flag = first_flag_in_timeline(server, session_id)
        finally:
            driver.quit()

    automation = session["automation"]
    seconds = round(watch.first_flag[0] - start, 2) if watch.flagged else None
    record = dict(asdict(run), name=run.name, sessionId=session_id, steps=steps, stoppedBy=stopped_by,
                  lingerMoves=lingered, actions=len(bot.log),
                  flaggedVerdict=watch.first_flag[1] if watch.flagged else None,
                  firstReasons=watch.first_flag[2] if watch.flagged else [],
                  secondsToDetection=seconds,
                  actionsToDetection=bot.log.count_until(watch.first_flag[0]) if watch.flagged else None,
                  secondsToAutomated=round(watch.first_automated[0] - start, 2) if watch.first_automated else None,
                  serverSecondsToFlag=round(timeline_flag["time"] / 1000 - bot.log.first_wall, 2)
                  if timeline_flag else None,
                  finalVerdict=automation["verdict"], finalReasons=[r["code"] for r in automation["reasons"]],
                  decision=session["decision"], trust=session["trust"],
                  keyEvents=session["counts"]["keys"]["events"], pointerEvents=session["counts"]["pointer"]["events"],
                  pollErrors=watch.errors)
    REPORT.append(record)
    print(json.dumps(record))

    # The bot did what it set out to do, or the bank stopped it: not a harness that sent nothing.
    assert "login" in steps
    assert steps[-1] == "transfer" or stopped_by is not None, f"the flow broke off unprompted after {steps}"
    if "note" in steps:
        assert session["counts"]["keys"]["events"] >= 2 * len(NOTE), "the note's key downs and ups reached the service"
    assert session["counts"]["pointer"]["events"] > 0, "pointer events reached the service"

    assert watch.flagged, (f"{run.name}: still judged human {DETECTION_LIMIT:g} s after its first input "
                           f"({len(bot.log)} actions, steps {steps}, final reasons {record['finalReasons']})")
    assert watch.first_flag[1] in {"suspicious", "automated"}
    assert seconds <= DETECTION_LIMIT, f"{run.name}: flagged only {seconds} s after its first input"
    assert automation["verdict"] in {"suspicious", "automated"}, "a flag stays without a passed step-up"
    assert automation["reasons"], "the verdict says why"
    assert all(r["code"].startswith("automation-") and r["message"] for r in automation["reasons"])
    missing = set(run.expected) - set(record["finalReasons"])
    assert not missing, f"{run.name}: reasons {record['finalReasons']} lack {sorted(missing)}"
    if run.kind == "naive":
        # navigator.webdriver true is definitive: automated, and the tenant's policy challenges it.
        assert automation["verdict"] == "automated"
        assert session["decision"] in {"challenge", "block"}
    assert timeline_flag is not None, "the dashboard's timeline shows where automation was named"
