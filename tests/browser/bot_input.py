"""Humanising bot input for the attack harness (issue 11): seeded generators and two drivers.

Generators, each seeded through the `random.Random` it is given, so a run can be repeated:
- pointer paths (`POINTER_FAMILIES`): a cubic Bezier curve with easing and jitter, a minimum-jerk
  reach with signal-dependent noise and a corrective sub-movement, and WindMouse-style physics
  (gravity towards the target, a wandering wind). Each yields `PathPoint`s: CSS pixels in the
  viewport and the milliseconds since the previous point.
- key timing (`KEY_FAMILIES`): i.i.d. log-normal holds and flights, and a Markov model whose hidden
  state (fluent, steady, hesitant) sets the distributions and moves from key to key.
- clicks at a random point inside an element's rectangle, not its centre.

Drivers play them into Chromium: `W3CActionsBot` through WebDriver Actions (ActionBuilder with a
PointerInput of its own, pointer moves of small durations, key down/up with pauses), `CdpInputBot`
through the DevTools protocol (`Input.dispatchMouseEvent`, `Input.dispatchKeyEvent`) with sleeps
timed against a monotonic clock. Both read the page only through `Runtime.evaluate`, never through
chromedriver's script atoms (those leave `cdc_` globals on the page), and count every input
action they send with its time, so a test can tell how many actions came before a verdict.
"""

import json
import math
import random
import time
from dataclasses import dataclass, field

from selenium.webdriver.common.actions import interaction
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.actions.key_input import KeyInput
from selenium.webdriver.common.actions.pointer_input import PointerInput
from selenium.webdriver.common.actions.wheel_input import WheelInput
from selenium.webdriver.common.keys import Keys


@dataclass(frozen=True)
class PathPoint:
    """One pointer sample: viewport CSS pixels, and milliseconds since the previous sample."""

    x: float
    y: float
    dt: float


def sample_interval(rng: random.Random, median_ms: float = 14.0) -> float:
    """Milliseconds between two pointer samples: log-normal around a 60-125 Hz mouse, 6-40 ms."""
    return min(40.0, max(6.0, rng.lognormvariate(math.log(median_ms), 0.3)))


def fitts_duration(distance: float, width: float, rng: random.Random) -> float:
    """Movement time in milliseconds by Fitts' law (MT = a + b log2(D/W + 1), a = 120 ms,
    b = 110 ms per bit), times a log-normal factor; at least 120 ms."""
    bits = math.log2(distance / max(width, 4.0) + 1.0)
    return max(120.0, (120.0 + 110.0 * bits) * rng.lognormvariate(0.0, 0.15))


def _unit_normal(x0, y0, x1, y1):
    dx, dy = x1 - x0, y1 - y0
    length = math.hypot(dx, dy) or 1.0
    return -dy / length, dx / length


# ---- pointer path families ----------------------------------------------------------------


def ease_in_out_cubic(t: float) -> float:
    return 4 * t * t * t if t < 0.5 else 1 - (-2 * t + 2) ** 3 / 2


def ease_in_out_sine(t: float) -> float:
    return -(math.cos(math.pi * t) - 1) / 2


def ease_out_power(t: float) -> float:
    """A fast start and a long deceleration, as most aimed movements have."""
    return 1 - (1 - t) ** 2.4 if t > 0 else 0.0


EASINGS = (ease_in_out_cubic, ease_in_out_sine, ease_out_power)


def bezier_path(rng: random.Random, start, end, width: float = 20.0) -> list[PathPoint]:
    """A cubic Bezier curve from `start` to `end` (control points off the chord by up to a third of
    its length), walked with one of `EASINGS` over a Fitts duration, each sample jittered by
    Gaussian noise (0.4 px plus 0.15 % of the distance); the last sample is exactly `end`."""
    (x0, y0), (x3, y3) = start, end
    distance = math.hypot(x3 - x0, y3 - y0)
    nx, ny = _unit_normal(x0, y0, x3, y3)
    side = rng.choice((-1.0, 1.0))
    bow1 = side * rng.uniform(0.05, 0.33) * distance
    bow2 = side * rng.uniform(-0.1, 0.25) * distance
    x1, y1 = x0 + (x3 - x0) * rng.uniform(0.2, 0.4) + nx * bow1, y0 + (y3 - y0) * rng.uniform(0.2, 0.4) + ny * bow1
    x2, y2 = x0 + (x3 - x0) * rng.uniform(0.6, 0.8) + nx * bow2, y0 + (y3 - y0) * rng.uniform(0.6, 0.8) + ny * bow2
    ease = rng.choice(EASINGS)
    duration = fitts_duration(distance, width, rng)
    sigma = 0.4 + 0.0015 * distance
    points, elapsed = [], 0.0
    while True:
        dt = sample_interval(rng)
        elapsed += dt
        if elapsed >= duration:
            break
        s = ease(elapsed / duration)
        u = 1 - s
        bx = u**3 * x0 + 3 * u * u * s * x1 + 3 * u * s * s * x2 + s**3 * x3
        by = u**3 * y0 + 3 * u * u * s * y1 + 3 * u * s * s * y2 + s**3 * y3
        points.append(PathPoint(bx + rng.gauss(0, sigma), by + rng.gauss(0, sigma), dt))
    points.append(PathPoint(x3, y3, sample_interval(rng)))
    return points


def _minimum_jerk(rng, start, end, duration, bow, noise_gain):
    """Samples of a minimum-jerk reach (Flash & Hogan 1985: s = 10t^3 - 15t^4 + 6t^5), bowed
    sideways by `bow` px at mid-course, with noise that grows with speed (px per ms)."""
    (x0, y0), (x1, y1) = start, end
    nx, ny = _unit_normal(x0, y0, x1, y1)
    points, elapsed = [], 0.0
    px, py = x0, y0
    while True:
        dt = sample_interval(rng)
        elapsed += dt
        if elapsed >= duration:
            break
        t = elapsed / duration
        s = 10 * t**3 - 15 * t**4 + 6 * t**5
        arc = bow * math.sin(math.pi * s)
        x = x0 + (x1 - x0) * s + nx * arc
        y = y0 + (y1 - y0) * s + ny * arc
        speed = math.hypot(x - px, y - py) / dt
        sigma = 0.3 + noise_gain * speed
        px, py = x, y
        points.append(PathPoint(x + rng.gauss(0, sigma), y + rng.gauss(0, sigma), dt))
    return points


def minimum_jerk_path(rng: random.Random, start, end, width: float = 20.0) -> list[PathPoint]:
    """A minimum-jerk primary movement that lands near `end` (an error of a few percent of the
    distance), then a short corrective minimum-jerk sub-movement onto it (Meyer et al. 1988)."""
    (x0, y0), (x1, y1) = start, end
    distance = math.hypot(x1 - x0, y1 - y0)
    duration = fitts_duration(distance, width, rng)
    miss = min(width * 0.8, 0.04 * distance + 2)
    landing = (x1 + rng.gauss(0, miss), y1 + rng.gauss(0, miss))
    bow = rng.gauss(0, 0.07 * distance)
    primary = _minimum_jerk(rng, start, landing, duration * 0.85, bow, noise_gain=0.35)
    correction_ms = rng.uniform(110, 240)
    correction = _minimum_jerk(rng, landing, end, correction_ms, rng.gauss(0, 1.5), noise_gain=0.2)
    return primary + correction + [PathPoint(x1, y1, sample_interval(rng))]


def wind_mouse_path(rng: random.Random, start, end, width: float = 20.0, gravity: float = 9.0, wind: float = 3.0,
                    max_step: float = 15.0, target_area: float = 12.0) -> list[PathPoint]:
    """WindMouse (Benjamin J. Land): a point pulled to `end` by gravity and pushed by a randomly
    wandering wind, steps capped at `max_step` px (the cap shrinking inside `target_area` px),
    one sample per step; at most 600 steps, then `end`."""
    x, y = start
    tx, ty = end
    vx = vy = wx = wy = 0.0
    sqrt3, sqrt5 = math.sqrt(3), math.sqrt(5)
    points = []
    step_cap = max_step
    for _ in range(600):
        dist = math.hypot(tx - x, ty - y)
        if dist < 1:
            break
        w = min(wind, dist)
        if dist >= target_area:
            wx = wx / sqrt3 + (2 * rng.random() - 1) * w / sqrt5
            wy = wy / sqrt3 + (2 * rng.random() - 1) * w / sqrt5
        else:
            wx /= sqrt3
            wy /= sqrt3
            step_cap = rng.random() * 3 + 3 if step_cap < 3 else step_cap / sqrt5
        vx += wx + gravity * (tx - x) / dist
        vy += wy + gravity * (ty - y) / dist
        speed = math.hypot(vx, vy)
        if speed > step_cap:
            clip = step_cap / 2 + rng.random() * step_cap / 2
            vx, vy = vx / speed * clip, vy / speed * clip
        x, y = x + vx, y + vy
        points.append(PathPoint(x, y, rng.uniform(9, 21)))
    points.append(PathPoint(tx, ty, rng.uniform(9, 21)))
    return points


POINTER_FAMILIES = {"bezier": bezier_path, "minimum-jerk": minimum_jerk_path, "windmouse": wind_mouse_path}


# ---- key timing families ------------------------------------------------------------------


@dataclass(frozen=True)
class KeyTiming:
    """One keystroke's timing: milliseconds from the previous key's release to this press
    (flight), and from press to release (hold)."""

    flight: float
    hold: float


class LogNormalTiming:
    """Holds and flights drawn independently from log-normal distributions (medians 92 ms and
    125 ms), with a longer flight after a space; clipped to 30-300 ms holds, 20-1200 ms flights."""

    name = "lognormal"

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.previous = None

    def next(self, char: str) -> KeyTiming:
        flight = self.rng.lognormvariate(math.log(125), 0.45) * (1.35 if self.previous == " " else 1.0)
        hold = self.rng.lognormvariate(math.log(92), 0.22)
        self.previous = char
        return KeyTiming(min(1200.0, max(20.0, flight)), min(300.0, max(30.0, hold)))


class MarkovTiming:
    """A hidden Markov chain of typing states (fluent, steady, hesitant) moved at every key; the
    state sets the log-normal parameters of flight and hold, and digits and capitals add a
    little to the flight: timing depends on what came before, not i.i.d."""

    name = "markov"
    STATES = ("fluent", "steady", "hesitant")
    TRANSITIONS = {
        "fluent": (0.72, 0.23, 0.05),
        "steady": (0.25, 0.63, 0.12),
        "hesitant": (0.30, 0.50, 0.20),
    }
    # (flight median ms, flight sigma, hold median ms, hold sigma)
    PARAMETERS = {
        "fluent": (75.0, 0.25, 82.0, 0.18),
        "steady": (130.0, 0.30, 96.0, 0.20),
        "hesitant": (340.0, 0.40, 112.0, 0.25),
    }

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.state = "steady"

    def next(self, char: str) -> KeyTiming:
        self.state = self.rng.choices(self.STATES, weights=self.TRANSITIONS[self.state])[0]
        fm, fs, hm, hs = self.PARAMETERS[self.state]
        flight = self.rng.lognormvariate(math.log(fm), fs)
        if char.isdigit() or char.isupper():
            flight *= 1.2
        hold = self.rng.lognormvariate(math.log(hm), hs)
        return KeyTiming(min(1500.0, max(20.0, flight)), min(300.0, max(30.0, hold)))


KEY_FAMILIES = {"lognormal": LogNormalTiming, "markov": MarkovTiming}


def point_in(rect: dict, rng: random.Random, margin: float = 3.0) -> tuple[float, float]:
    """A random point inside `rect` (a DOMRect's left, top, width, height): Gaussian around the
    centre (sigma a sixth of each side), kept `margin` px inside the edges."""
    def coordinate(low, size):
        inner_low, inner_high = low + min(margin, size / 3), low + size - min(margin, size / 3)
        return min(inner_high, max(inner_low, rng.gauss(low + size / 2, size / 6)))

    return coordinate(rect["left"], rect["width"]), coordinate(rect["top"], rect["height"])


# ---- reading the page without chromedriver's script atoms -------------------------------


def page_eval(driver, expression: str):
    """Evaluates `expression` in the page through the DevTools protocol (`Runtime.evaluate`),
    returning its JSON value. Unlike `execute_script` or `find_element`, this leaves no `cdc_`
    globals on the page."""
    result = driver.execute_cdp_cmd("Runtime.evaluate", {"expression": expression, "returnByValue": True})
    if "exceptionDetails" in result:
        raise RuntimeError(f"page script failed: {expression}: {result['exceptionDetails']}")
    return result["result"].get("value")


def element_rect(driver, selector: str) -> dict | None:
    """The viewport rectangle of the first element matching `selector`, or None if there is none
    or it is not rendered."""
    raw = page_eval(driver, f"""(function () {{
        var el = document.querySelector({json.dumps(selector)});
        if (!el) return null;
        var r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) return null;
        return JSON.stringify({{left: r.left, top: r.top, width: r.width, height: r.height}});
    }})()""")
    return json.loads(raw) if raw else None


# ---- drivers --------------------------------------------------------------------------------

SHIFTED = set('~!@#$%^&*()_+{}|:"<>?')


@dataclass
class InputLog:
    """Every input action a bot sent (pointer move, button press or release, key down or up),
    with the monotonic and wall-clock second it was sent (or scheduled, within one W3C perform)."""

    monotonic: list = field(default_factory=list)
    wall: list = field(default_factory=list)

    def add(self, at_monotonic: float) -> None:
        self.monotonic.append(at_monotonic)
        self.wall.append(time.time() - (time.monotonic() - at_monotonic))

    @property
    def first(self) -> float | None:
        return self.monotonic[0] if self.monotonic else None

    @property
    def first_wall(self) -> float | None:
        return self.wall[0] if self.wall else None

    def count_until(self, at_monotonic: float) -> int:
        return sum(1 for t in self.monotonic if t <= at_monotonic)

    def __len__(self) -> int:
        return len(self.monotonic)


class Bot:
    """A humanising bot: pointer paths of one family, key timing of one family, one seed.

    Subclasses play the input (`_play_path`, `_press`, `_release`, `_type_chunk`); this class
    plans it. `stop` is asked between steps (a word, a movement): when it returns true the bot
    stops sending, as a kit does when the page puts up a prompt it cannot pass.
    """

    driver_name = "?"

    def __init__(self, driver, pointer_family: str, key_family: str, seed: int, stop=lambda: False):
        self.driver = driver
        self.rng = random.Random(seed)
        self.path_of = POINTER_FAMILIES[pointer_family]
        self.timing = KEY_FAMILIES[key_family](self.rng)
        self.stop = stop
        self.log = InputLog()
        width, height = page_eval(driver, "[window.innerWidth, window.innerHeight]")
        self.viewport = (width, height)
        # Where the pointer enters the page: somewhere in the lower right quarter.
        self.position = (self.rng.uniform(width * 0.55, width * 0.9), self.rng.uniform(height * 0.6, height * 0.9))

    # -- planned input --

    def move_to(self, x: float, y: float, width: float = 20.0) -> bool:
        """Moves the pointer to (x, y) along a path of the bot's family; False if stopped first."""
        if self.stop():
            return False
        w, h = self.viewport
        points = [PathPoint(min(w - 1, max(0, p.x)), min(h - 1, max(0, p.y)), p.dt)
                  for p in self.path_of(self.rng, self.position, (x, y), width)]
        self._play_path(points)
        self.position = (x, y)
        return True

    def scroll_to(self, selector: str) -> dict | None:
        """Turns the wheel (100 px notches, at most 20) until the element is inside the viewport
        with 40 px to spare; returns its rectangle then, or None if it is not rendered."""
        for _ in range(20):
            rect = element_rect(self.driver, selector)
            if rect is None:
                return None
            height = self.viewport[1]
            if rect["top"] >= 40 and rect["top"] + rect["height"] <= height - 40:
                return rect
            if rect["height"] > height - 80 and rect["top"] < 40 < rect["top"] + rect["height"]:
                return rect  # taller than the viewport and already across it
            self._wheel(100 if rect["top"] + rect["height"] > height - 40 else -100)
            self._pause(self.rng.uniform(60, 160))
        return element_rect(self.driver, selector)

    def click(self, selector: str) -> bool:
        """Moves to a random point inside the element, dwells, presses and releases the left
        button; False if the element is not rendered or the bot was stopped."""
        rect = self.scroll_to(selector)
        if rect is None:
            return False
        x, y = point_in(rect, self.rng)
        if not self.move_to(x, y, width=min(rect["width"], rect["height"])):
            return False
        self._pause(self.rng.uniform(60, 220))
        self._press()
        self._pause(self.rng.lognormvariate(math.log(95), 0.25))
        self._release()
        return True

    def hover(self, selector: str, stops: int = 3) -> bool:
        """Moves about inside an element, as a person's pointer follows what they read."""
        rect = self.scroll_to(selector)
        if rect is None:
            return False
        for _ in range(stops):
            x, y = point_in(rect, self.rng, margin=6)
            if not self.move_to(x, y, width=rect["height"]):
                return False
            self._pause(self.rng.uniform(150, 600))
        return True

    def type_text(self, text: str) -> bool:
        """Types `text` into the focused element, word by word, with the bot's key timing."""
        words = text.split(" ")
        for i, word in enumerate(words):
            if self.stop():
                return False
            chunk = word + (" " if i < len(words) - 1 else "")
            self._type_chunk([(c, self.timing.next(c)) for c in chunk])
        return True

    def idle(self, seconds: float) -> None:
        self._pause(seconds * 1000)

    # -- played input, per driver --

    def _pause(self, ms: float) -> None:
        time.sleep(ms / 1000)

    def _play_path(self, points: list[PathPoint]) -> None:
        raise NotImplementedError

    def _press(self) -> None:
        raise NotImplementedError

    def _release(self) -> None:
        raise NotImplementedError

    def _wheel(self, delta_y: int) -> None:
        raise NotImplementedError

    def _type_chunk(self, keys: list[tuple[str, KeyTiming]]) -> None:
        raise NotImplementedError


class W3CActionsBot(Bot):
    """Plays input through WebDriver Actions: one `perform` per movement (a pointerMove per
    sample, its duration the sample's interval), per click and per word (keyDown, pause for the
    hold, keyUp, pause for the next flight). Coordinates are whole pixels (the protocol's)."""

    driver_name = "w3c"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mouse = PointerInput(interaction.POINTER_MOUSE, "bot-mouse")
        self.keyboard = KeyInput("bot-keyboard")
        self.wheel = WheelInput("bot-wheel")

    def _builder(self) -> ActionBuilder:
        for device in (self.mouse, self.keyboard, self.wheel):
            device.clear_actions()
        return ActionBuilder(self.driver, mouse=self.mouse, keyboard=self.keyboard, wheel=self.wheel)

    def _wheel(self, delta_y):
        builder = self._builder()
        x, y = (int(round(c)) for c in self.position)
        self.wheel.create_scroll(x, y, 0, delta_y, 0, "viewport")
        self.log.add(time.monotonic())
        builder.perform()

    def _play_path(self, points):
        builder = self._builder()
        start, offset = time.monotonic(), 0.0
        for p in points:
            duration = max(1, int(round(p.dt)))
            self.mouse.create_pointer_move(duration=duration, x=int(round(p.x)), y=int(round(p.y)), origin="viewport")
            offset += duration / 1000
            self.log.add(start + offset)
        builder.perform()

    def _press(self):
        builder = self._builder()
        self.mouse.create_pointer_down(button=0)
        self.log.add(time.monotonic())
        builder.perform()

    def _release(self):
        builder = self._builder()
        self.mouse.create_pointer_up(button=0)
        self.log.add(time.monotonic())
        builder.perform()

    def _type_chunk(self, keys):
        builder = self._builder()
        start, offset = time.monotonic(), 0.0
        for char, timing in keys:
            shift = char.isupper() or char in SHIFTED
            self.keyboard.create_pause(timing.flight / 1000)
            offset += timing.flight / 1000
            if shift:
                self.keyboard.create_key_down(Keys.SHIFT)
                self.keyboard.create_pause(0.04)
                self.log.add(start + offset)
                offset += 0.04
            self.keyboard.create_key_down(char)
            self.log.add(start + offset)
            self.keyboard.create_pause(timing.hold / 1000)
            offset += timing.hold / 1000
            self.keyboard.create_key_up(char)
            self.log.add(start + offset)
            if shift:
                self.keyboard.create_pause(0.03)
                self.keyboard.create_key_up(Keys.SHIFT)
                offset += 0.03
                self.log.add(start + offset)
        builder.perform()


def key_description(char: str) -> dict:
    """`Input.dispatchKeyEvent` fields for a printable character on a US layout."""
    named = {" ": ("Space", 32), ".": ("Period", 190), ",": ("Comma", 188), "-": ("Minus", 189),
             "'": ("Quote", 222), "/": ("Slash", 191)}
    if char.isalpha():
        code, vk = "Key" + char.upper(), ord(char.upper())
    elif char.isdigit():
        code, vk = "Digit" + char, ord(char)
    else:
        code, vk = named.get(char, ("", 0))
    return {"key": char, "code": code, "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk}


class CdpInputBot(Bot):
    """Plays input through the DevTools protocol, one `Input.dispatch*Event` per action, sleeping
    to each action's time on a monotonic clock.

    As a plain kit sends it, CDP input carries two artefacts: fractional coordinates (the path's,
    passed on) and a pressure of 0 while the button is down (`force` left out). A `careful` kit
    knows both: it rounds coordinates to whole pixels and presses with `force` 0.5, as a mouse
    reports.
    """

    driver_name = "cdp"

    def __init__(self, *args, careful: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.careful = careful
        self.buttons = 0
        self.next_at = None
        self.position_now = self.position

    def _wait(self, ms: float) -> None:
        now = time.monotonic()
        if self.next_at is None or self.next_at < now - 0.05:
            self.next_at = now  # after a pause of the harness's own, the schedule starts again
        self.next_at += ms / 1000
        delay = self.next_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def _pause(self, ms: float) -> None:
        self._wait(ms)

    def _coordinates(self, x, y):
        return (round(x), round(y)) if self.careful else (round(x, 2), round(y, 2))

    def _mouse(self, kind: str, button: str = "none", click_count: int = 0):
        x, y = self._coordinates(*self.position_now)
        params = {"type": kind, "x": x, "y": y, "button": button, "buttons": self.buttons, "clickCount": click_count,
                  "pointerType": "mouse"}
        if self.careful:
            params["force"] = 0.5 if self.buttons else 0.0
        self.driver.execute_cdp_cmd("Input.dispatchMouseEvent", params)
        self.log.add(time.monotonic())

    def _play_path(self, points):
        for p in points:
            self._wait(p.dt)
            self.position_now = (p.x, p.y)
            self._mouse("mouseMoved")

    def _press(self):
        self.position_now = self.position
        self.buttons = 1
        self._mouse("mousePressed", "left", 1)

    def _release(self):
        self.position_now = self.position
        self.buttons = 0
        self._mouse("mouseReleased", "left", 1)

    def _wheel(self, delta_y):
        self.position_now = self.position
        x, y = self._coordinates(*self.position_now)
        self.driver.execute_cdp_cmd("Input.dispatchMouseEvent", {
            "type": "mouseWheel", "x": x, "y": y, "deltaX": 0, "deltaY": delta_y, "pointerType": "mouse"})
        self.log.add(time.monotonic())

    def _key(self, kind: str, description: dict, modifiers: int, text: str | None = None):
        params = dict(description, type=kind, modifiers=modifiers)
        if text is not None:
            params.update(text=text, unmodifiedText=text.lower())
        self.driver.execute_cdp_cmd("Input.dispatchKeyEvent", params)
        self.log.add(time.monotonic())

    def _type_chunk(self, keys):
        shift_key = {"key": "Shift", "code": "ShiftLeft", "windowsVirtualKeyCode": 16, "nativeVirtualKeyCode": 16,
                     "location": 1}
        for char, timing in keys:
            shift = char.isupper() or char in SHIFTED
            self._wait(timing.flight)
            if shift:
                self._key("rawKeyDown", shift_key, 8)
                self._wait(40)
            description = key_description(char)
            self._key("keyDown", description, 8 if shift else 0, text=char)
            self._wait(timing.hold)
            self._key("keyUp", description, 8 if shift else 0)
            if shift:
                self._wait(30)
                self._key("keyUp", shift_key, 0)


DRIVERS = {"w3c": W3CActionsBot, "cdp": CdpInputBot}
