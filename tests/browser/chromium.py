"""Headless Chromium from Debian's packages, started the ways the tests need.

- `naive`: what plain Selenium gives, every automation trace showing (navigator.webdriver true,
  a HeadlessChrome user agent, chromedriver's globals, a 1280x900 window on an 800x600 screen).
- `adaptive`: what a bot kit does from the outside: `--disable-blink-features=AutomationControlled`,
  a user agent without "Headless", `excludeSwitches: enable-automation`, a window within the
  screen, and a script on every new document that hides `navigator.webdriver` behind a getter
  of its own and deletes chromedriver's `cdc_` globals.
- `clean`: the same without the page script's getter, so that the page sees what a person's
  browser shows (no automation trace at all). Tests that need a person's verdict (a step-up that
  restores trust to `allow`) use it; the bot harness uses it for a bot whose kit leaves nothing
  (a patched chromedriver).
"""

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

KINDS = ("naive", "adaptive", "clean")

USER_AGENT = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/156.0.0.0 Safari/537.36")

# Deletes chromedriver's globals whenever they appear (chromedriver adds them with its first
# script in a document, after this script ran).
DELETE_DRIVER_GLOBALS = r"""
(function () {
  function sweep() {
    for (const k of Object.getOwnPropertyNames(window)) if (/^\$?cdc_/.test(k)) delete window[k];
    for (const k of Object.getOwnPropertyNames(document)) if (/^\$?cdc_/.test(k)) delete document[k];
  }
  sweep();
  setInterval(sweep, 20);
})();
"""

HIDE_WEBDRIVER = "Object.defineProperty(Navigator.prototype, 'webdriver', {get: () => undefined});"


def start_chromium(kind: str = "naive", window=(1280, 900)) -> webdriver.Chrome:
    """Starts Chromium (`--headless=new --no-sandbox`) of one of `KINDS` under chromedriver."""
    assert kind in KINDS, kind
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={window[0]},{window[1]}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if kind != "naive":
        options.add_argument("--disable-blink-features=AutomationControlled")
        options.add_argument(f"--user-agent={USER_AGENT}")
        options.add_argument("--screen-info={1920x1080}")  # the window fits on the screen
        options.add_experimental_option("excludeSwitches", ["enable-automation"])
        options.add_experimental_option("useAutomationExtension", False)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    if kind != "naive":
        source = DELETE_DRIVER_GLOBALS + (HIDE_WEBDRIVER if kind == "adaptive" else "")
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": source})
    return driver
