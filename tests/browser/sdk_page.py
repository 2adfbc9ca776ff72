"""A bare test page for the SDK: the served cadence.js, a few fields, and a recording fetch.

The page is the service's own `/sdk/cadence.js` loaded into a blank document on the service's
origin, so what is tested is exactly the file the service serves. `window.fetch` and
`navigator.sendBeacon` are replaced by recorders whose answers a test can script.
"""

import json
import time

FIELDS_HTML = """
<input id="text" type="text">
<input id="password" type="password">
<input id="amount" type="text" inputmode="decimal">
<textarea id="notes"></textarea>
<div id="pad"></div>
<div id="pin" data-cadence-sensitive><button id="pin-1">1</button><button id="pin-2">2</button></div>
"""

RECORDER_JS = """
window.__calls = [];
window.__beacons = [];
window.__answers = [];   // scripted answers, used in order: {fail: true} | {status, body} | {throw: true}
window.fetch = function (url, init) {
    var call = {url: String(url), body: init.body, keepalive: !!init.keepalive,
                auth: (init.headers || {})["Authorization"] || null, at: performance.now()};
    var answer = window.__answers.length ? window.__answers.shift() : {status: 202, body: {trust: 88.5, decision: "allow"}};
    if (answer.throw) { throw new TypeError("keepalive refused"); }
    window.__calls.push(call);
    if (answer.fail) { return Promise.reject(new TypeError("Failed to fetch")); }
    return Promise.resolve(new Response(JSON.stringify(answer.body), {status: answer.status,
        headers: {"Content-Type": "application/json"}}));
};
navigator.sendBeacon = function (url, data) {
    window.__beacons.push({url: String(url)});
    data.text().then(function (t) { window.__beacons[window.__beacons.length - 1].body = t; });
    return true;
};
window.__decisions = [];
window.addEventListener("cadence:decision", function (e) { window.__decisions.push(e.detail); });
"""


def open_sdk_page(driver, base_url: str, record: bool = True) -> None:
    """Loads a blank page on the service's origin with the served SDK and the test fields.

    With `record`, `fetch` and `sendBeacon` are replaced by recorders; without, the SDK talks to
    the service for real.
    """
    driver.get(base_url + "/health")
    driver.execute_script(
        "document.open(); document.write('<!doctype html><html><head></head><body>' + arguments[0] + '</body></html>');"
        "document.close(); sessionStorage.clear();"
        # Sized from script: the service's CSP (style-src 'self') refuses inline style attributes.
        "var pad = document.getElementById('pad');"
        "pad.style.width = '400px'; pad.style.height = '300px'; pad.style.background = '#eee';"
        "var pin = document.getElementById('pin'); pin.style.padding = '40px'; pin.style.width = '300px';",
        FIELDS_HTML,
    )
    if record:
        driver.execute_script(RECORDER_JS)
    driver.execute_async_script(
        """
        var done = arguments[arguments.length - 1];
        var s = document.createElement('script');
        s.src = '/sdk/cadence.js';
        s.onload = function () { done(true); };
        s.onerror = function () { done(false); };
        document.head.appendChild(s);
        """
    )
    assert driver.execute_script("return typeof Cadence === 'object' && typeof Cadence.start === 'function'")


def start_sdk(driver, **options) -> None:
    opts = {"sessionId": "s-test", "token": "tok.en", "endpoint": "/v1", "flushIntervalMs": 60000}
    opts.update(options)
    driver.execute_script("window.__session = Cadence.start(arguments[0]);", opts)


CAPTURED_JS = """
var s = window.__session;
return s.stats.eventsSent + s.stats.dropped + s.events.length +
    s.queue.reduce(function (n, b) { return n + b.count; }, 0);
"""


def flush(driver, quiet: float = 0.3, timeout: float = 10) -> None:
    """Seals and sends the open batch once input has stopped arriving.

    WebDriver commands return before the renderer has dispatched every event they caused (under
    load the last key ups come later), so wait until the captured count holds still.
    """
    deadline = time.monotonic() + timeout
    last, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        count = driver.execute_script(CAPTURED_JS)
        if count != last:
            last, since = count, time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
        time.sleep(0.05)
    driver.execute_script("window.__session.flush();")


def sent_batches(driver, wait_for: int = 1, timeout: float = 10) -> list[dict]:
    """The JSON bodies the SDK posted, waiting until at least `wait_for` arrived."""
    deadline = time.monotonic() + timeout
    while True:
        calls = driver.execute_script("return window.__calls;")
        if len(calls) >= wait_for or time.monotonic() > deadline:
            return [dict(json.loads(c["body"]), _call=c) for c in calls]
        time.sleep(0.05)


def events_of(batches: list[dict], types: set[int]) -> list[list]:
    return [e for b in batches for e in b["e"] if e[0] in types]
