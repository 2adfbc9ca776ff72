/*
 * Cadence browser SDK, wire format version 1 (docs/wire-format.md is the contract).
 *
 * Captures how the person types and moves the pointer, never what they type: key events carry a
 * coarse key class (the table of Sources/CadenceEngine/Events/KeyClass.swift, kept in step below)
 * and password fields carry no key at all (class 0), only timing. Events are batched about once a
 * second (or every `maxEvents` events), numbered, sent in order with retries, and flushed with
 * `fetch(…, {keepalive: true})` when the page is hidden (the token only ever in a header).
 * Each batch also carries `env`: flags and counts about the browser that tell automation from a
 * person (docs/automation.md), never the user agent or anything else that fingerprints the person.
 *
 *   const cadence = Cadence.start({sessionId, token, endpoint: "/v1"});
 *   cadence.onDecision(({trust, decision}) => …);          // or listen for "cadence:decision"
 *
 * Plain JavaScript, no build step, no third-party code.
 */
(function (global) {
    "use strict";

    var VERSION = 1;

    /** Event type codes of the wire format. */
    var EV = { KEY_DOWN: 0, KEY_UP: 1, MOVE: 2, DOWN: 3, UP: 4, DRAG: 5, WHEEL: 6 };
    /** Field kinds of the wire format (FieldKind in the engine). */
    var FIELD = { TEXT: 0, PASSWORD: 1, NUMERIC: 2, OTHER: 3 };
    /** Pointer types of the wire format. */
    var POINTER_TYPE = { mouse: 0, touch: 1, pen: 2 };

    /**
     * Key classes, the same table as KeyClass.swift. Every letter is one class: what is sent tells
     * a word's length and nothing of its letters (codes 2-6, the QWERTY zones earlier versions
     * sent, are no longer produced).
     */
    var KEY = {
        UNKNOWN: 0, LETTER: 1, DIGIT: 7, SPACE: 8, BACKSPACE: 9, ENTER: 10, MODIFIER: 11,
        PUNCTUATION: 12, NAVIGATION: 13, OTHER: 14
    };
    var NAMED_KEY = {
        backspace: KEY.BACKSPACE, bksp: KEY.BACKSPACE, "delete": KEY.BACKSPACE, del: KEY.BACKSPACE,
        enter: KEY.ENTER, "return": KEY.ENTER,
        shift: KEY.MODIFIER, control: KEY.MODIFIER, ctrl: KEY.MODIFIER, alt: KEY.MODIFIER,
        meta: KEY.MODIFIER, capslock: KEY.MODIFIER, caps_lock: KEY.MODIFIER, altgraph: KEY.MODIFIER,
        space: KEY.SPACE, spacebar: KEY.SPACE,
        tab: KEY.NAVIGATION, arrowleft: KEY.NAVIGATION, arrowright: KEY.NAVIGATION,
        arrowup: KEY.NAVIGATION, arrowdown: KEY.NAVIGATION, home: KEY.NAVIGATION,
        end: KEY.NAVIGATION, pageup: KEY.NAVIGATION, pagedown: KEY.NAVIGATION
    };
    var DIGIT_RE = /^\p{N}$/u;
    var LETTER_RE = /^\p{L}$/u;

    /** The class of a `KeyboardEvent.key` value or a single character; mirrors KeyClass(keyName:). */
    function keyClass(name) {
        if (typeof name !== "string" || name.length === 0) { return KEY.UNKNOWN; }
        var lower = name.toLowerCase();
        if (Array.from(lower).length === 1) {
            if (lower === " ") { return KEY.SPACE; }
            if (DIGIT_RE.test(lower)) { return KEY.DIGIT; }
            if (LETTER_RE.test(lower)) { return KEY.LETTER; }
            return KEY.PUNCTUATION;
        }
        var named = NAMED_KEY[lower];
        return named === undefined ? KEY.OTHER : named;
    }

    /** The class of what a soft keyboard inserted or deleted, from a `beforeinput` event. */
    function inputClass(e) {
        var type = e.inputType || "";
        if (type.indexOf("delete") === 0) { return KEY.BACKSPACE; }
        if (type === "insertLineBreak" || type === "insertParagraph") { return KEY.ENTER; }
        if (typeof e.data === "string" && Array.from(e.data).length === 1) { return keyClass(e.data); }
        return KEY.OTHER;
    }

    /** `InputEvent.inputType` values that a key press on a soft keyboard produces. */
    var TYPED_INPUT = ["insertText", "insertCompositionText", "insertLineBreak", "insertParagraph",
        "deleteContentBackward", "deleteContentForward", "deleteWordBackward", "deleteWordForward"];

    /** The wire field kind of the element that has focus. */
    function fieldKind(el) {
        if (!el || !el.tagName) { return FIELD.OTHER; }
        var tag = el.tagName.toLowerCase();
        if (tag === "input") {
            var type = (el.getAttribute("type") || "text").toLowerCase();
            if (type === "password") { return FIELD.PASSWORD; }
            var mode = (el.getAttribute("inputmode") || "").toLowerCase();
            if (type === "number" || type === "tel" || mode === "numeric" || mode === "decimal") {
                return FIELD.NUMERIC;
            }
            if (["text", "email", "search", "url"].indexOf(type) >= 0) { return FIELD.TEXT; }
            return FIELD.OTHER;
        }
        if (tag === "textarea" || el.isContentEditable) { return FIELD.TEXT; }
        return FIELD.OTHER;
    }

    /** Wire button code from `PointerEvent.button` (0 left, 1 middle, 2 right). */
    function buttonCode(button) {
        return button === 0 ? 1 : button === 2 ? 2 : button === 1 ? 3 : 0;
    }

    /** Wire button code of the first button held, from `PointerEvent.buttons` (bit mask). */
    function heldButtonCode(buttons) {
        if (buttons & 1) { return 1; }
        if (buttons & 2) { return 2; }
        if (buttons & 4) { return 3; }
        return 0;
    }

    function storedSeq(key) {
        try {
            var n = parseInt(global.sessionStorage.getItem(key), 10);
            return n >= 0 ? n : 0;
        } catch (e) {
            return 0;
        }
    }

    function storeSeq(key, seq) {
        try { global.sessionStorage.setItem(key, String(seq)); } catch (e) { /* storage disabled */ }
    }

    function round(value, digits) {
        var f = Math.pow(10, digits);
        return Math.round(value * f) / f;
    }

    /** `Function.prototype.toString` as the page had it when the SDK loaded. */
    var functionSource = Function.prototype.toString;
    var NATIVE_CODE = /\{\s*\[native code\]\s*\}\s*$/;
    /** Globals chromedriver leaves on a page (`cdc_…` on window, `$cdc_…` on document). */
    var DRIVER_GLOBAL = /^\$?cdc_/;

    /**
     * What the page sees of its browser, for the batch's `env` (docs/wire-format.md): flags read
     * when a batch is sealed, counts of what happened since the previous batch. Booleans and
     * counts only; nothing that is sent names the browser, the screen or the person.
     */
    function EnvironmentWatch() {
        this.counts = {};
        this.frameMs = 0;           // median requestAnimationFrame interval, 0 until measured
        this.measuring = false;
        this.lastMove = null;       // last mouse pointermove {t, sx, sy}
        this.lastMoveAt = null;     // time of the last pointermove of any pointer
        this.lastKeyDownAt = null;
        this.measureFrames();
    }

    EnvironmentWatch.prototype.count = function (name) {
        this.counts[name] = (this.counts[name] || 0) + 1;
    };

    /** Measures the display's frame interval: the median of 30 animation-frame intervals. */
    EnvironmentWatch.prototype.measureFrames = function () {
        if (this.measuring || typeof global.requestAnimationFrame !== "function") { return; }
        if (typeof document !== "undefined" && document.visibilityState === "hidden") { return; }
        var self = this;
        var times = [];
        this.measuring = true;
        global.requestAnimationFrame(function frame(t) {
            times.push(t);
            if (times.length <= 30) { global.requestAnimationFrame(frame); return; }
            self.measuring = false;
            var gaps = [];
            for (var i = 1; i < times.length; i++) { gaps.push(times[i] - times[i - 1]); }
            gaps.sort(function (a, b) { return a - b; });
            var median = gaps[gaps.length >> 1];
            if (median >= 4 && median <= 100) { self.frameMs = median; }
        });
    };

    /** Every key or pointer event the session records passes here first. */
    EnvironmentWatch.prototype.observe = function (e, time) {
        if (e.isTrusted === false) { this.count("ut"); }
        if (typeof document !== "undefined" && document.visibilityState === "hidden") { this.count("hid"); }
        if (e.type === "keydown") { this.lastKeyDownAt = time; return; }
        if (e.pointerType === undefined) { return; }
        if (e.type === "pointermove") { this.observeMove(e, time); }
        if (e.pointerType !== "mouse") { return; }
        var pressed = e.buttons !== 0;
        if (e.width !== 1 || e.height !== 1 || (pressed && e.pressure === 0) || (!pressed && e.pressure > 0)) {
            this.count("psz");
        }
        if (global.devicePixelRatio === 1 && (e.clientX % 1 !== 0 || e.clientY % 1 !== 0)) { this.count("frac"); }
    };

    EnvironmentWatch.prototype.observeMove = function (e, time) {
        if (this.lastMoveAt !== null && this.frameMs > 0) {
            var gap = time - this.lastMoveAt;
            if (gap > 0 && gap < 100) {
                this.count("iv");
                if (gap < this.frameMs / 2) { this.count("fast"); }
            }
        }
        this.lastMoveAt = time;
        if (e.pointerType !== "mouse") { return; }
        this.count("pm");
        if (typeof e.getCoalescedEvents === "function") {
            var coalesced = e.getCoalescedEvents().length;
            if (e.isTrusted && coalesced === 0) { this.count("co0"); }
            if (coalesced > 1) { this.count("com"); }
        }
        var last = this.lastMove;
        // While the mouse is in motion (moves under 300 ms apart), a local mouse sends a move
        // every frame; input relayed by a remote-desktop tool comes in sparse jumps: more than
        // three frames apart and 8 px or more at once (docs/automation.md, remote access).
        if (last && this.frameMs > 0 && time - last.t > 0 && time - last.t < 300) {
            this.count("mot");
            if (time - last.t > 3 * this.frameMs && Math.abs(e.screenX - last.sx) + Math.abs(e.screenY - last.sy) >= 8) {
                this.count("sj");
            }
        }
        // movementX/Y are screen-pixel deltas; compared only at pixel ratio 1 and without pointer lock.
        if (last && time - last.t < 100 && global.devicePixelRatio === 1 && typeof e.movementX === "number"
            && !(typeof document !== "undefined" && document.pointerLockElement)) {
            if (Math.abs(e.screenX - last.sx - e.movementX) > 1 || Math.abs(e.screenY - last.sy - e.movementY) > 1) {
                this.count("mvx");
            }
        }
        this.lastMove = { t: time, sx: e.screenX, sy: e.screenY };
    };

    /** A paste into the page: counted when no key went down in the second before (never its content). */
    EnvironmentWatch.prototype.observePaste = function (time) {
        if (this.lastKeyDownAt === null || time - this.lastKeyDownAt > 1000) { this.count("paste"); }
    };

    /** Whether `navigator.webdriver` is answered by a getter the page put there, not the browser's. */
    function webdriverPatched() {
        try {
            if (Object.getOwnPropertyDescriptor(navigator, "webdriver")) { return true; }
            var proto = typeof Navigator !== "undefined" ? Navigator.prototype : null;
            var d = proto && Object.getOwnPropertyDescriptor(proto, "webdriver");
            if (!d) { return false; } // browsers without the property (or with it deleted): not judged
            if (typeof d.get !== "function") { return true; }
            return !NATIVE_CODE.test(functionSource.call(d.get));
        } catch (e) {
            return false;
        }
    }

    /** Globals chromedriver left on the page. */
    function driverGlobals() {
        var n = 0;
        try {
            var names = Object.getOwnPropertyNames(global).concat(Object.getOwnPropertyNames(document));
            for (var i = 0; i < names.length; i++) { if (DRIVER_GLOBAL.test(names[i])) { n += 1; } }
        } catch (e) { /* not a browser page */ }
        return Math.min(n, 64);
    }

    /** The batch's `env`: true flags and non-zero counts only, then the counts start again. */
    EnvironmentWatch.prototype.take = function () {
        var env = {};
        var nav = global.navigator || {};
        if (nav.webdriver === true) { env.wd = true; }
        if (/HeadlessChrome/.test(nav.userAgent || "")) { env.hl = true; }
        var cdc = driverGlobals();
        if (cdc > 0) { env.cdc = cdc; }
        if (webdriverPatched()) { env.wdg = true; }
        var screen = global.screen;
        // 64 px of slack: a maximised window's frame may reach past the screen's edge.
        if (screen && global.outerWidth > 0 && (global.outerWidth > screen.width + 64 || global.outerHeight > screen.height + 64)) {
            env.win = true;
        }
        var counts = this.counts;
        Object.keys(counts).forEach(function (k) { env[k] = counts[k]; });
        this.counts = {};
        return env;
    };

    /**
     * One monitored session: listeners, the open batch, and the ordered send queue.
     *
     * Options: sessionId, token (the session token the bank backend got from POST /v1/sessions),
     * endpoint (API base, default "/v1"), flushIntervalMs (default 1000), maxEvents per batch
     * (default 200), maxQueuedBatches kept while offline (default 300), onDecision, onError,
     * target (where listeners go, default document).
     */
    function Session(options) {
        if (!options || !options.sessionId || !options.token) {
            throw new Error("Cadence.start needs {sessionId, token}");
        }
        this.sessionId = String(options.sessionId);
        this.token = String(options.token);
        var endpoint = (options.endpoint || "/v1").replace(/\/+$/, "");
        this.url = endpoint + "/sessions/" + encodeURIComponent(this.sessionId) + "/events";
        this.flushIntervalMs = options.flushIntervalMs || 1000;
        this.maxEvents = options.maxEvents || 200;
        this.maxQueuedBatches = options.maxQueuedBatches || 300;
        this.target = options.target || document;
        // A reload of the page continues the session: seq must keep growing, or the service would
        // take the new batches for retries of old ones.
        this.seqKey = "cadence.seq." + this.sessionId;
        this.nextSeq = options.firstSeq !== undefined ? options.firstSeq : storedSeq(this.seqKey);
        this.events = [];
        this.origin = 0;          // performance.now() value the open batch's times are relative to
        this.queue = [];          // sealed batches {seq, body} waiting to be acknowledged, in order
        this.sending = false;
        this.retryDelayMs = 0;
        this.retryTimer = null;
        this.stopped = false;
        this.latest = null;       // last {trust, decision, seq} from a 202
        this.stats = { batchesSent: 0, eventsSent: 0, retries: 0, dropped: 0 };
        this.decisionListeners = [];
        this.errorListeners = [];
        if (options.onDecision) { this.decisionListeners.push(options.onDecision); }
        if (options.onError) { this.errorListeners.push(options.onError); }
        this.pendingSoftKeys = {}; // soft keyboards: keydown reported "Unidentified", class not yet known
        this.environment = new EnvironmentWatch();
        this.listeners = [];
        this.attach();
        var self = this;
        this.timer = setInterval(function () { self.flush(); }, this.flushIntervalMs);
    }

    Session.prototype.now = function (e) {
        // Event timestamps share performance.now()'s clock (ms since timeOrigin); prefer them,
        // they are taken when the input happened rather than when the handler runs.
        var t = performance.now();
        if (e && typeof e.timeStamp === "number" && e.timeStamp > 0 && e.timeStamp <= t + 1) {
            return e.timeStamp;
        }
        return t;
    };

    /** Appends one event array whose second element is a performance.now() time in ms. */
    Session.prototype.push = function (type, time, rest) {
        if (this.stopped) { return; }
        if (this.events.length === 0) {
            this.origin = Math.min(time, performance.now());
        }
        var event = [type, round(time - this.origin, 3)].concat(rest);
        this.events.push(event);
        if (this.events.length >= this.maxEvents) { this.flush(); }
    };

    Session.prototype.on = function (target, type, handler, options) {
        target.addEventListener(type, handler, options);
        this.listeners.push([target, type, handler, options]);
    };

    Session.prototype.attach = function () {
        var self = this;
        var passive = { capture: true, passive: true };
        this.on(this.target, "keydown", function (e) { self.onKey(e, EV.KEY_DOWN); }, true);
        this.on(this.target, "keyup", function (e) { self.onKey(e, EV.KEY_UP); }, true);
        this.on(this.target, "beforeinput", function (e) { self.onBeforeInput(e); }, true);
        this.on(this.target, "input", function (e) { self.onInput(e); }, true);
        this.on(this.target, "pointermove", function (e) { self.onPointer(e); }, passive);
        this.on(this.target, "pointerdown", function (e) { self.onPointer(e); }, passive);
        this.on(this.target, "pointerup", function (e) { self.onPointer(e); }, passive);
        // A touch that turns into a scroll or zoom ends in pointercancel, not pointerup.
        this.on(this.target, "pointercancel", function (e) { self.onPointer(e); }, passive);
        this.on(this.target, "wheel", function (e) { self.onWheel(e); }, passive);
        this.on(this.target, "paste", function (e) { self.environment.observePaste(self.now(e)); }, true);
        this.on(global, "focus", function () { self.environment.count("foc"); });
        this.on(global, "blur", function () { self.environment.count("foc"); });
        this.on(document, "visibilitychange", function () {
            self.environment.count("vis");
            if (document.visibilityState === "hidden") { self.flushOnHide(); } else { self.environment.measureFrames(); }
        });
        this.on(global, "pagehide", function () { self.flushOnHide(); });
    };

    Session.prototype.isSoftKey = function (e) {
        return e.key === "Unidentified" || e.key === "Process" || e.keyCode === 229 || !e.key;
    };

    Session.prototype.onKey = function (e, type) {
        if (e.repeat) { return; } // auto-repeat is not a keystroke
        var field = fieldKind(e.target);
        var time = this.now(e);
        this.environment.observe(e, time);
        var id = e.code || "soft";
        if (this.isSoftKey(e)) {
            var pending = this.pendingSoftKeys[id];
            if (type === EV.KEY_DOWN) {
                this.pendingSoftKeys[id] = { down: time, field: field, key: null, sent: false };
                return;
            }
            delete this.pendingSoftKeys[id];
            if (!pending) { return; }
            var key = field === FIELD.PASSWORD || pending.key === null ? KEY.UNKNOWN : pending.key;
            if (!pending.sent) { this.push(EV.KEY_DOWN, pending.down, [key, pending.field]); }
            this.push(EV.KEY_UP, time, [key, pending.field]);
            return;
        }
        var cls = field === FIELD.PASSWORD ? KEY.UNKNOWN : keyClass(e.key);
        this.lastKeyAt = time;
        this.push(type, time, [cls, field]);
    };

    /** Soft keyboards: the class comes from what the key inserted, announced by beforeinput. */
    Session.prototype.onBeforeInput = function (e) {
        var field = fieldKind(e.target);
        var cls = field === FIELD.PASSWORD ? KEY.UNKNOWN : inputClass(e);
        var ids = Object.keys(this.pendingSoftKeys);
        if (ids.length > 0) {
            var pending = this.pendingSoftKeys[ids[ids.length - 1]];
            if (!pending.sent) {
                pending.key = cls;
                pending.sent = true;
                this.push(EV.KEY_DOWN, pending.down, [cls, pending.field]);
            }
            return;
        }
        // No key events at all (some virtual keyboards): time the insertion itself, beforeinput as
        // the press and input as the release. Pastes, drops and autocorrections are not keystrokes.
        if (TYPED_INPUT.indexOf(e.inputType) < 0) { return; }
        if (!this.lastKeyAt || this.now(e) - this.lastKeyAt > 50) {
            this.inputOnly = { down: this.now(e), key: cls, field: field };
        }
    };

    Session.prototype.onInput = function (e) {
        if (!this.inputOnly) { return; }
        var p = this.inputOnly;
        this.inputOnly = null;
        this.push(EV.KEY_DOWN, p.down, [p.key, p.field]);
        this.push(EV.KEY_UP, Math.max(this.now(e), p.down), [p.key, p.field]);
    };

    /**
     * Whether the event happened over an element the page marks `data-cadence-sensitive` (an
     * on-screen PIN pad, a card number keypad) or inside one: where the pointer goes there would
     * tell which keys were pressed, so nothing of it is sent.
     */
    function isSensitive(e) {
        // The composed path reaches into shadow roots, where `target` is only the host.
        var path = typeof e.composedPath === "function" ? e.composedPath() : [e.target];
        for (var i = 0; i < path.length; i++) {
            var node = path[i];
            if (node && typeof node.hasAttribute === "function" && node.hasAttribute("data-cadence-sensitive")) {
                return true;
            }
        }
        // A touch or pen is captured by the element it went down on: a drag that started outside
        // still reports that element while it moves over the pad. Ask what is under it.
        if (e.pointerType !== "mouse" && typeof document.elementFromPoint === "function") {
            var under = document.elementFromPoint(e.clientX, e.clientY);
            return !!(under && typeof under.closest === "function" && under.closest("[data-cadence-sensitive]"));
        }
        return false;
    }

    Session.prototype.onPointer = function (e) {
        if (isSensitive(e)) { return; }
        var type = POINTER_TYPE[e.pointerType];
        if (type === undefined) { type = 0; }
        var time = this.now(e);
        this.environment.observe(e, time);
        var x = round(e.clientX, 2);
        var y = round(e.clientY, 2);
        if (e.type === "pointermove") {
            var held = heldButtonCode(e.buttons);
            // A touch or pen in contact is a drag as much as a held mouse button is.
            this.push(held ? EV.DRAG : EV.MOVE, time, [x, y, held, type]);
        } else if (e.type === "pointerdown") {
            this.push(EV.DOWN, time, [x, y, buttonCode(e.button), type]);
        } else {
            this.push(EV.UP, time, [x, y, buttonCode(e.button), type]);
        }
    };

    Session.prototype.onWheel = function (e) {
        if (isSensitive(e)) { return; }
        this.environment.observe(e, this.now(e));
        // deltaMode 1 (lines) and 2 (pages) are turned into approximate pixels.
        var scale = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? global.innerHeight || 800 : 1;
        this.push(EV.WHEEL, this.now(e), [round(e.clientX, 2), round(e.clientY, 2), round(e.deltaY * scale, 2), 0]);
    };

    /** Seals the open batch (if any) into the send queue and starts sending. */
    Session.prototype.seal = function () {
        if (this.events.length === 0) { return; }
        var t0 = performance.timeOrigin + this.origin;
        var body = JSON.stringify({ v: VERSION, seq: this.nextSeq, t0: round(t0, 3), e: this.events, env: this.environment.take() });
        this.queue.push({ seq: this.nextSeq, body: body, count: this.events.length });
        this.nextSeq += 1;
        this.events = [];
        storeSeq(this.seqKey, this.nextSeq);
        while (this.queue.length > this.maxQueuedBatches) {
            var lost = this.queue.shift();
            this.stats.dropped += lost.count;
        }
    };

    /** Sends what has been captured so far; called every flushIntervalMs and when a batch is full. */
    Session.prototype.flush = function () {
        this.seal();
        this.pump();
    };

    /** Sends the head of the queue; one request in flight at a time, so batches arrive in order. */
    Session.prototype.pump = function () {
        if (this.sending || this.retryTimer || this.queue.length === 0) { return; }
        var self = this;
        var batch = this.queue[0];
        this.sending = true;
        fetch(this.url, {
            method: "POST",
            headers: { "Content-Type": "application/json", "Authorization": "Bearer " + this.token },
            body: batch.body,
            keepalive: batch.body.length < 60000,
            credentials: "omit"
        }).then(function (response) {
            self.sending = false;
            if (response.ok) {
                self.acknowledge(batch);
                return response.json().then(function (json) { self.report(json, batch.seq); }, function () { });
            }
            if (response.status === 408 || response.status === 429 || response.status >= 500) {
                self.retryLater("HTTP " + response.status);
                return;
            }
            // Rejected for good (bad token, expired session, malformed): drop it and say why.
            self.acknowledge(batch);
            self.stats.dropped += batch.count;
            return response.text().then(function (text) {
                self.fail({ status: response.status, seq: batch.seq, reason: text });
            });
        }, function (error) {
            self.sending = false;
            self.retryLater(String(error));
        });
    };

    Session.prototype.acknowledge = function (batch) {
        if (this.queue[0] === batch) { this.queue.shift(); }
        this.stats.batchesSent += 1;
        this.stats.eventsSent += batch.count;
        this.retryDelayMs = 0;
        this.pump();
    };

    /** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … up to 30 s, order kept. */
    Session.prototype.retryLater = function (reason) {
        if (this.stopped && this.queue.length === 0) { return; }
        var self = this;
        this.stats.retries += 1;
        this.retryDelayMs = Math.min(30000, this.retryDelayMs ? this.retryDelayMs * 2 : 500);
        var delay = this.retryDelayMs * (0.75 + Math.random() * 0.5);
        this.retryTimer = setTimeout(function () {
            self.retryTimer = null;
            self.pump();
        }, delay);
        this.fail({ status: 0, seq: this.queue.length ? this.queue[0].seq : null, reason: reason, retrying: true });
    };

    /**
     * Page hide: nothing may be awaited, so every queued batch goes out at once with
     * `fetch(…, {keepalive: true})`, within the browser's 64 KiB keepalive budget. Never
     * `navigator.sendBeacon`: it cannot carry an Authorization header, and a token in a URL ends
     * up in access logs. Batches past the budget stay queued and go when the page is shown again.
     */
    Session.prototype.flushOnHide = function () {
        this.seal();
        // The batch in flight (if any) was sent with keepalive and outlives the page.
        var first = this.sending ? 1 : 0;
        if (this.queue.length <= first) { return; }
        if (this.retryTimer) { clearTimeout(this.retryTimer); this.retryTimer = null; }
        var batches = this.queue.splice(first, this.queue.length - first);
        var budget = 60000; // keepalive bodies share a 64 KiB budget per page
        for (var i = 0; i < batches.length; i++) {
            var b = batches[i];
            var sent = false;
            if (budget - b.body.length > 0 && typeof fetch === "function") {
                sent = this.sendKeepalive(b);
                if (sent) { budget -= b.body.length; }
            }
            if (sent) {
                this.stats.batchesSent += 1;
                this.stats.eventsSent += b.count;
            } else {
                this.queue.push(b); // kept; sent when the page is shown again
            }
        }
    };

    /** Sends one batch with `fetch(…, {keepalive: true})`; false if the browser refused it. */
    Session.prototype.sendKeepalive = function (batch) {
        var self = this;
        try {
            fetch(this.url, {
                method: "POST",
                headers: { "Content-Type": "application/json", "Authorization": "Bearer " + this.token },
                body: batch.body, keepalive: true, credentials: "omit"
            }).then(function (r) { return r.ok ? r.json() : null; })
                .then(function (json) { if (json) { self.report(json, batch.seq); } }, function () { });
            return true;
        } catch (ignored) {
            return false;
        }
    };

    /** Passes the service's {trust, decision} of a 202 to listeners and as a DOM event. */
    Session.prototype.report = function (json, seq) {
        if (!json || typeof json !== "object") { return; }
        var state = { trust: json.trust, decision: json.decision, seq: seq, sessionId: this.sessionId };
        Object.keys(json).forEach(function (k) { if (!(k in state)) { state[k] = json[k]; } });
        this.latest = state;
        this.decisionListeners.forEach(function (fn) {
            try { fn(state); } catch (e) { setTimeout(function () { throw e; }); }
        });
        if (typeof global.dispatchEvent === "function" && typeof CustomEvent === "function") {
            global.dispatchEvent(new CustomEvent("cadence:decision", { detail: state }));
        }
    };

    Session.prototype.fail = function (info) {
        this.errorListeners.forEach(function (fn) {
            try { fn(info); } catch (e) { setTimeout(function () { throw e; }); }
        });
    };

    /** Registers a callback for each {trust, decision, seq} the service returns. */
    Session.prototype.onDecision = function (fn) { this.decisionListeners.push(fn); return this; };
    /** Registers a callback for failed or retried batches: {status, seq, reason, retrying}. */
    Session.prototype.onError = function (fn) { this.errorListeners.push(fn); return this; };

    /** Stops capturing, sends what is left, and removes every listener. */
    Session.prototype.stop = function () {
        this.flush();
        this.stopped = true;
        clearInterval(this.timer);
        this.listeners.forEach(function (l) { l[0].removeEventListener(l[1], l[2], l[3]); });
        this.listeners = [];
        if (Cadence.current === this) { Cadence.current = null; }
    };

    /**
     * Records key timing inside `element` (e.g. a login form) before a session exists, with the
     * same reduction as a session: key classes, nothing at all from password fields.
     * `sample()` returns `{v, t0, e}` with key events in the wire format's arrays.
     */
    function LoginRecorder(element) {
        var self = this;
        this.events = [];
        this.origin = null;
        this.element = element || document;
        this.handler = function (e) {
            if (e.repeat || e.isComposing) { return; }
            var t = typeof e.timeStamp === "number" && e.timeStamp > 0 ? e.timeStamp : performance.now();
            if (self.origin === null) { self.origin = t; }
            var field = fieldKind(e.target);
            var cls = field === FIELD.PASSWORD ? KEY.UNKNOWN : keyClass(e.key);
            self.events.push([e.type === "keydown" ? EV.KEY_DOWN : EV.KEY_UP, round(t - self.origin, 3), cls, field]);
        };
        this.element.addEventListener("keydown", this.handler, true);
        this.element.addEventListener("keyup", this.handler, true);
    }

    LoginRecorder.prototype.sample = function () {
        var origin = this.origin === null ? performance.now() : this.origin;
        return { v: VERSION, t0: round(performance.timeOrigin + origin, 3), e: this.events.slice() };
    };

    LoginRecorder.prototype.stop = function () {
        this.element.removeEventListener("keydown", this.handler, true);
        this.element.removeEventListener("keyup", this.handler, true);
        return this.sample();
    };

    var Cadence = {
        version: VERSION,
        current: null,
        /** Starts monitoring; stops a session started before. Returns the session handle. */
        start: function (options) {
            if (Cadence.current) { Cadence.current.stop(); }
            Cadence.current = new Session(options);
            return Cadence.current;
        },
        /** Starts recording a login form's key timing; see LoginRecorder. */
        recordLogin: function (element) { return new LoginRecorder(element); },
        keyClass: keyClass,
        fieldKind: fieldKind,
        KeyClass: KEY
    };

    global.Cadence = Cadence;
})(typeof window !== "undefined" ? window : this);
