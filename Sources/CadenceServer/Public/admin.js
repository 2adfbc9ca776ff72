/*
 * Cadence dashboard: sessions (filtered by decision, user, outcome and creation time, in pages)
 * with their trust over time (an SVG chart drawn here, no library), the runs of their decision
 * reasons, automation verdicts, and users with their profile status. Reads the
 * service's admin JSON endpoints with the admin key, which is asked for once and kept in
 * sessionStorage (this tab only). The shapes read are the server's `SessionList`, `Timeline` and
 * `UserList` (Routes/AdminRoutes.swift) of `SessionView`, `TimelinePoint` and `ProfileView`
 * (Service/SessionView.swift), exactly as they are: no other field names are tried.
 */
(function () {
    "use strict";

    var KEY_STORE = "cadence.adminKey";
    var API = {
        sessions: "/admin/api/sessions",
        session: function (id) { return "/admin/api/sessions/" + encodeURIComponent(id); },
        timeline: function (id) { return "/admin/api/sessions/" + encodeURIComponent(id) + "/timeline"; },
        users: "/admin/api/users"
    };
    var REFRESH_MS = 3000;
    var state = {
        key: null, tab: "sessions", selected: null, timer: null,
        // The sessions list: its filters (query parameters), the page shown (`before`, null for
        // the first) and the cursor of the one after it (`next`, null on the last page).
        filters: {}, before: null, next: null, page: 1
    };
    var FILTERS = ["decision", "outcome", "user", "from", "to"];
    // Sessions per page: the server's default (100), or `/admin?limit=N`.
    var PAGE_SIZE = Number(new URLSearchParams(location.search).get("limit")) || null;

    function $(id) { return document.getElementById(id); }

    function el(tag, attrs, text) {
        var node = document.createElement(tag);
        Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
        if (text !== undefined) { node.textContent = String(text); }
        return node;
    }

    function get(url) {
        return fetch(url, { headers: { "Authorization": "Bearer " + state.key } }).then(function (r) {
            if (r.status === 401 || r.status === 403) {
                var err = new Error("The admin key was not accepted.");
                err.status = r.status;
                throw err;
            }
            if (!r.ok) {
                return r.text().then(function (t) {
                    var e = new Error("HTTP " + r.status + ": " + t);
                    e.status = r.status;
                    try { e.reason = JSON.parse(t).reason; } catch (ignored) { e.reason = null; }
                    throw e;
                });
            }
            return r.json();
        });
    }

    /** Replaces a table body's rows; with `countId`, shows their number there as "(N)". */
    function fillTable(tbodyId, rows, countId) {
        var tbody = $(tbodyId);
        tbody.textContent = "";
        rows.forEach(function (tr) { tbody.appendChild(tr); });
        if (countId) { $(countId).textContent = "(" + rows.length + ")"; }
    }

    /** A table row of cells; a cell is text or an element (a pill). */
    function row(cells, attrs) {
        var tr = el("tr", attrs);
        cells.forEach(function (cell) {
            var td = el("td", cell.num ? { "class": "num" } : {});
            if (cell.nodes) {
                cell.nodes.forEach(function (n) { td.appendChild(n); });
            } else {
                td.textContent = String(cell.text);
            }
            tr.appendChild(td);
        });
        return tr;
    }

    function textCell(value) { return { text: value }; }
    function numberCell(value) { return { text: value, num: true }; }
    function nodeCell() { return { nodes: Array.prototype.slice.call(arguments) }; }

    /** A `Reason` ({code, message}) as people read it. */
    function reasonText(reason) { return reason.message; }

    /** An ISO-8601 date as a time of day. */
    function time(iso) { return new Date(iso).toLocaleTimeString("en-GB"); }

    function pill(value) { return el("span", { "class": "pill " + value }, value); }

    // ---- sessions (`SessionList` of `SessionView`s) ----

    /** The list's URL: the filters, then the page's cursor. */
    function sessionsURL() {
        var query = new URLSearchParams();
        FILTERS.forEach(function (name) {
            if (state.filters[name]) { query.set(name, state.filters[name]); }
        });
        if (PAGE_SIZE) { query.set("limit", PAGE_SIZE); }
        if (state.before) { query.set("before", state.before); }
        var text = query.toString();
        return API.sessions + (text ? "?" + text : "");
    }

    function loadSessions() {
        var url = sessionsURL();
        return get(url).then(function (list) {
            if (url !== sessionsURL()) { return; }  // the filters or the page changed meanwhile
            var sessions = list.sessions;
            var filtered = FILTERS.some(function (name) { return state.filters[name]; });
            $("filter-error").hidden = true;
            $("no-sessions").hidden = sessions.length > 0 || filtered || state.page > 1;
            $("no-matches").hidden = sessions.length > 0 || !(filtered || state.page > 1);
            state.next = list.next || null;
            $("page-next").disabled = !state.next;
            $("page-first").disabled = state.page === 1;
            $("page-number").textContent = "page " + state.page;
            fillTable("sessions", sessions.map(function (s) {
                var tr = row([
                    nodeCell(el("div", {}, s.userId), el("div", { "class": "id" }, s.sessionId.slice(0, 8))),
                    textCell(time(s.createdAt)),
                    numberCell(Math.round(s.trust)),
                    nodeCell(pill(s.decision)),
                    nodeCell(pill(s.automation.verdict)),
                    numberCell(s.events)
                ], { "data-session-id": s.sessionId });
                if (s.sessionId === state.selected) { tr.className = "selected"; }
                tr.addEventListener("click", function () { select(s.sessionId); });
                return tr;
            }), "session-count");
            if (!state.selected && sessions.length > 0) { select(sessions[0].sessionId); }
        });
    }

    function select(id) {
        state.selected = id;
        document.querySelectorAll("#sessions tr").forEach(function (tr) {
            tr.classList.toggle("selected", tr.getAttribute("data-session-id") === id);
        });
        loadDetail();
    }

    /** Reads the filter form: a datetime-local value (the browser's local time) as an ISO instant. */
    function readFilters() {
        var filters = {};
        FILTERS.forEach(function (name) {
            var value = $("filter-" + name).value.trim();
            if (!value) { return; }
            if (name === "from" || name === "to") {
                var date = new Date(value);
                if (isNaN(date.getTime())) { return; }
                value = date.toISOString();
            }
            filters[name] = value;
        });
        return filters;
    }

    /** Shows the first page of `filters`; a 400 (a bad value) is shown beside the form. */
    function showSessions(filters) {
        state.filters = filters;
        firstPage();
    }

    function firstPage() {
        state.before = null;
        state.page = 1;
        loadSessions().catch(sessionsFailed);
    }

    function nextPage() {
        if (!state.next) { return; }
        state.before = state.next;
        state.page += 1;
        loadSessions().catch(sessionsFailed);
    }

    function sessionsFailed(err) {
        if (err.status === 400) {
            $("filter-error").textContent = err.reason || err.message;
            $("filter-error").hidden = false;
        } else {
            failed(err);
        }
    }

    function loadDetail() {
        if (!state.selected) { return Promise.resolve(); }
        var id = state.selected;
        return Promise.all([
            get(API.session(id)),
            get(API.timeline(id)).catch(function () { return null; })
        ]).then(function (results) {
            if (id !== state.selected) { return; }
            renderDetail(results[0], results[1]);
        });
    }

    var MODALITIES = ["keys", "pointer"];
    var SCORED = ["keys", "login", "pointer"];

    /** One `SessionView`, and its `Timeline` (null when that request failed). */
    function renderDetail(s, timeline) {
        $("detail-empty").hidden = true;
        $("detail-body").hidden = false;
        $("detail-id").textContent = s.sessionId;
        var facts = [
            ["User", s.userId],
            ["Trust", Math.round(s.trust)],
            ["Decision", s.decision],
            ["Profile", s.profileStatus],
            ["Events", s.events],
            ["Ended", s.outcome || "open"]
        ];
        MODALITIES.forEach(function (m) {
            facts.push([m, s.counts[m].events + " events, " + s.counts[m].samples + " samples"]);
        });
        SCORED.forEach(function (m) {
            if (typeof s.lastScores[m] === "number") { facts.push(["last " + m + " score", s.lastScores[m].toFixed(2)]); }
        });
        var dl = $("detail-facts");
        dl.textContent = "";
        facts.forEach(function (f) {
            var box = el("div");
            box.appendChild(el("dt", {}, f[0]));
            box.appendChild(el("dd", {}, f[1]));
            dl.appendChild(box);
        });

        var reasons = $("detail-reasons");
        reasons.textContent = "";
        if (s.reasons.length === 0) { reasons.appendChild(el("li", { "class": "muted" }, "none")); }
        s.reasons.forEach(function (r) { reasons.appendChild(el("li", {}, reasonText(r))); });

        var verdict = $("detail-automation");
        verdict.textContent = "";
        verdict.appendChild(pill(s.automation.verdict));
        var automationReasons = $("automation-reasons");
        automationReasons.textContent = "";
        s.automation.reasons.forEach(function (r) { automationReasons.appendChild(el("li", {}, reasonText(r))); });

        var points = timeline ? timeline.timeline : [];
        drawChart($("chart"), points, s.thresholds);
        renderTimelineRows(points);
    }

    /**
     * Runs of `TimelinePoint`s: a run starts at each point marked `changed` (its decision or its
     * reasons' codes differ from the point before) and at each step-up. Each run keeps its first
     * and last point and how many points it holds.
     */
    function runs(points) {
        var out = [];
        points.forEach(function (p) {
            var current = out[out.length - 1];
            if (!current || p.changed || p.stepUp) {
                out.push({ first: p, last: p, count: 1 });
            } else {
                current.last = p;
                current.count += 1;
            }
        });
        return out;
    }

    /** The last 30 runs, newest first: one line where the decision or the reasons changed. */
    function renderTimelineRows(points) {
        fillTable("timeline-rows", runs(points).slice(-30).reverse().map(function (run) {
            var first = run.first, last = run.last;
            var when = "+" + duration(first.elapsed) + (run.count > 1 ? " to +" + duration(last.elapsed) : "");
            var trust = first.trust.toFixed(1) + (run.count > 1 ? " → " + last.trust.toFixed(1) : "");
            return row([
                textCell(when + (first.stepUp ? " · step-up " + first.stepUp : "")),
                numberCell(run.count),
                numberCell(trust),
                nodeCell(pill(first.decision)),
                textCell(last.reasons.map(reasonText).join("; "))
            ], { "data-seq": first.seq });
        }));
    }

    /** Seconds as a short duration: "4.2 s" under 10 s, "42 s" under a minute, else "3 min 05 s". */
    function duration(s) {
        if (s < 10) { return s.toFixed(1) + " s"; }
        if (s < 60) { return Math.round(s) + " s"; }
        var whole = Math.round(s);
        var rest = whole % 60;
        return Math.floor(whole / 60) + " min " + (rest < 10 ? "0" : "") + rest + " s";
    }

    // ---- the SVG chart ----

    var SVG_NS = "http://www.w3.org/2000/svg";

    function svg(tag, attrs, text) {
        var node = document.createElementNS(SVG_NS, tag);
        Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
        if (text !== undefined) { node.textContent = String(text); }
        return node;
    }

    /**
     * Draws trust (0-100) over the session's own time (`elapsed`: seconds since its first
     * point), with the policy thresholds (`challengeBelow`, `blockBelow`) as dashed lines over
     * shaded bands and a dot wherever the decision or the reasons changed.
     */
    function drawChart(container, points, thresholds) {
        var W = 640, H = 240, L = 38, R = 12, T = 12, B = 30;
        var pw = W - L - R, ph = H - T - B;
        var root = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "Trust over time", "data-testid": "trust-chart" });
        var t0 = points.length ? points[0].elapsed : 0;
        var span = points.length > 1 ? Math.max(1, points[points.length - 1].elapsed - t0) : 1;
        function x(t) { return L + ((t - t0) / span) * pw; }
        function y(v) { return T + (1 - Math.max(0, Math.min(100, v)) / 100) * ph; }

        var challengeBelow = thresholds.challengeBelow, blockBelow = thresholds.blockBelow;
        root.appendChild(svg("rect", { "class": "band challenge", x: L, y: y(challengeBelow), width: pw, height: y(blockBelow) - y(challengeBelow) }));
        root.appendChild(svg("rect", { "class": "band block", x: L, y: y(blockBelow), width: pw, height: y(0) - y(blockBelow) }));
        [0, 25, 50, 75, 100].forEach(function (v) {
            root.appendChild(svg("line", { "class": v === 0 ? "axis" : "grid", x1: L, x2: W - R, y1: y(v), y2: y(v) }));
            root.appendChild(svg("text", { "class": "label", x: L - 6, y: y(v) + 4, "text-anchor": "end" }, v));
        });
        root.appendChild(svg("line", { "class": "axis", x1: L, x2: L, y1: T, y2: T + ph }));
        [["challenge", challengeBelow], ["block", blockBelow]].forEach(function (th) {
            root.appendChild(svg("line", { "class": "threshold " + th[0], x1: L, x2: W - R, y1: y(th[1]), y2: y(th[1]) }));
            root.appendChild(svg("text", { "class": "label", x: W - R - 2, y: y(th[1]) - 4, "text-anchor": "end" }, th[0]));
        });
        for (var i = 0; i <= 4; i++) {
            var t = t0 + (span * i) / 4;
            root.appendChild(svg("text", { "class": "label", x: x(t), y: H - 10, "text-anchor": i === 0 ? "start" : i === 4 ? "end" : "middle" },
                duration(t)));
        }
        if (points.length === 0) {
            root.appendChild(svg("text", { "class": "empty", x: L + pw / 2, y: T + ph / 2, "text-anchor": "middle" }, "no trust updates yet"));
        } else {
            var d = points.map(function (p, k) { return (k ? "L" : "M") + x(p.elapsed).toFixed(1) + " " + y(p.trust).toFixed(1); }).join(" ");
            if (points.length === 1) { d += " L" + (W - R) + " " + y(points[0].trust).toFixed(1); }
            root.appendChild(svg("path", { "class": "trust", d: d }));
            points.forEach(function (p, k) {
                if (p.changed) {
                    var c = svg("circle", { "class": "point " + p.decision, cx: x(p.elapsed), cy: y(p.trust), r: 4.5 });
                    c.appendChild(svg("title", {}, "+" + duration(p.elapsed) + ": " + p.decision + ", trust " + p.trust.toFixed(1)));
                    root.appendChild(c);
                }
                if (k === points.length - 1 && points.length > 1) {
                    root.appendChild(svg("circle", { "class": "point " + p.decision, cx: x(p.elapsed), cy: y(p.trust), r: 3 }));
                }
            });
        }
        container.textContent = "";
        container.appendChild(root);
    }

    // ---- users (`UserList` of `ProfileView`s) ----

    function loadUsers() {
        return get(API.users).then(function (list) {
            fillTable("users", list.users.map(function (u) {
                // Enrolment samples held, per modality (a dictionary: its keys are the modalities).
                var samples = Object.keys(u.samples).map(function (m) { return m + " " + u.samples[m]; }).join(", ");
                return row([
                    textCell(u.userId), nodeCell(pill(u.profileStatus)), textCell(samples), numberCell(u.sessions),
                    textCell(time(u.updatedAt))
                ]);
            }), "user-count");
        });
    }

    // ---- key, tabs, refresh ----

    function refresh() {
        var work = state.tab === "sessions" ? loadSessions().then(loadDetail) : loadUsers();
        return work.then(function () {
            $("refreshed").textContent = "updated " + new Date().toLocaleTimeString("en-GB");
        }, function (err) {
            if (state.tab === "sessions" && err.status === 400) { sessionsFailed(err); } else { failed(err); }
        });
    }

    function failed(err) {
        if (err.status === 401 || err.status === 403) {
            forget(err.message);
        } else {
            $("refreshed").textContent = err.message;
        }
    }

    function showTab(tab) {
        state.tab = tab;
        document.querySelectorAll(".tab").forEach(function (b) {
            b.classList.toggle("active", b.getAttribute("data-tab") === tab);
        });
        $("sessions-view").hidden = tab !== "sessions";
        $("users-view").hidden = tab !== "users";
        refresh();
    }

    function open(key) {
        state.key = key;
        sessionStorage.setItem(KEY_STORE, key);
        $("key-view").hidden = true;
        $("tabs").hidden = false;
        $("forget-key").hidden = false;
        showTab(state.tab);
        if (state.timer) { clearInterval(state.timer); }
        state.timer = setInterval(refresh, REFRESH_MS);
    }

    function forget(message) {
        if (state.timer) { clearInterval(state.timer); state.timer = null; }
        state.key = null;
        sessionStorage.removeItem(KEY_STORE);
        $("key-view").hidden = false;
        $("tabs").hidden = true;
        $("forget-key").hidden = true;
        $("sessions-view").hidden = true;
        $("users-view").hidden = true;
        $("key-error").textContent = message || "";
        $("key-error").hidden = !message;
    }

    $("key-form").addEventListener("submit", function (e) {
        e.preventDefault();
        var key = $("admin-key").value.trim();
        $("admin-key").value = "";
        if (key) { open(key); }
    });
    $("forget-key").addEventListener("click", function () { forget(); });
    $("filters").addEventListener("submit", function (e) {
        e.preventDefault();
        showSessions(readFilters());
    });
    // A choice from a list applies at once; typed values on Apply (or Enter).
    ["filter-decision", "filter-outcome"].forEach(function (id) {
        $(id).addEventListener("change", function () { showSessions(readFilters()); });
    });
    $("filter-clear").addEventListener("click", function () {
        FILTERS.forEach(function (name) { $("filter-" + name).value = ""; });
        showSessions({});
    });
    $("page-next").addEventListener("click", nextPage);
    $("page-first").addEventListener("click", firstPage);
    document.querySelectorAll(".tab").forEach(function (b) {
        b.addEventListener("click", function () { showTab(b.getAttribute("data-tab")); });
    });

    var saved = sessionStorage.getItem(KEY_STORE);
    if (saved) { open(saved); } else { forget(); }
})();
