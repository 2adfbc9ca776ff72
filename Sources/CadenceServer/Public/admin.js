/*
 * Cadence dashboard: sessions with their trust over time (an SVG chart drawn here, no library),
 * decision reasons and automation verdicts, and users with their profile status. Reads the
 * service's admin JSON endpoints with the admin key, which is asked for once and kept in
 * sessionStorage (this tab only).
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
    var state = { key: null, tab: "sessions", selected: null, timer: null };

    function $(id) { return document.getElementById(id); }

    function el(tag, attrs, text) {
        var node = document.createElement(tag);
        Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
        if (text !== undefined && text !== null) { node.textContent = String(text); }
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
                    throw e;
                });
            }
            return r.json();
        });
    }

    // ---- the shapes the service returns, read leniently in one place ----

    function first(obj, names, fallback) {
        for (var i = 0; i < names.length; i++) {
            if (obj && obj[names[i]] !== undefined && obj[names[i]] !== null) { return obj[names[i]]; }
        }
        return fallback;
    }

    function listOf(data, names) {
        if (Array.isArray(data)) { return data; }
        return first(data, names, []) || [];
    }

    function automationOf(s) {
        var a = first(s, ["automation"], null);
        if (a === null) { return { verdict: first(s, ["automationVerdict"], null), reasons: first(s, ["automationReasons"], []) }; }
        if (typeof a === "string") { return { verdict: a, reasons: first(s, ["automationReasons"], []) }; }
        return { verdict: first(a, ["verdict", "status", "label"], null), reasons: first(a, ["reasons"], []) || [] };
    }

    function eventCount(s) {
        var direct = first(s, ["events", "eventCount", "eventsReceived"], null);
        if (typeof direct === "number") { return direct; }
        var counts = first(s, ["counts"], null);
        if (counts && typeof counts === "object") {
            var sum = 0;
            Object.keys(counts).forEach(function (k) {
                var v = counts[k];
                if (typeof v === "number") { sum += v; } else if (v && typeof v.events === "number") { sum += v.events; }
            });
            return sum;
        }
        return null;
    }

    function reasonText(r) {
        if (typeof r === "string") { return r; }
        return first(r, ["message", "text", "reason", "code"], JSON.stringify(r));
    }

    function time(value) {
        if (value === null || value === undefined) { return "–"; }
        var d = typeof value === "number" ? new Date(value < 1e12 ? value * 1000 : value) : new Date(value);
        return isNaN(d.getTime()) ? String(value) : d.toLocaleTimeString("en-GB");
    }

    function pill(text) {
        var span = el("span", { "class": "pill " + String(text || "").toLowerCase() }, text || "–");
        return span;
    }

    // ---- sessions ----

    function loadSessions() {
        return get(API.sessions).then(function (data) {
            var sessions = listOf(data, ["sessions", "items"]);
            var tbody = $("sessions");
            tbody.textContent = "";
            $("session-count").textContent = "(" + sessions.length + ")";
            $("no-sessions").hidden = sessions.length > 0;
            sessions.forEach(function (s) {
                var id = first(s, ["sessionId", "id"], "");
                var tr = el("tr", { "data-session-id": id });
                if (id === state.selected) { tr.className = "selected"; }
                var user = el("td");
                user.appendChild(el("div", {}, first(s, ["userId", "user"], "–")));
                user.appendChild(el("div", { "class": "id" }, id.slice(0, 8)));
                tr.appendChild(user);
                tr.appendChild(el("td", {}, time(first(s, ["createdAt", "startedAt", "started"], null))));
                var trust = first(s, ["trust"], null);
                tr.appendChild(el("td", { "class": "num" }, trust === null ? "–" : Math.round(trust)));
                var decision = el("td");
                decision.appendChild(pill(first(s, ["decision"], null)));
                tr.appendChild(decision);
                var auto = el("td");
                auto.appendChild(pill(automationOf(s).verdict));
                tr.appendChild(auto);
                var n = eventCount(s);
                tr.appendChild(el("td", { "class": "num" }, n === null ? "–" : n));
                tr.addEventListener("click", function () { select(id); });
                tbody.appendChild(tr);
            });
            if (!state.selected && sessions.length > 0) { select(first(sessions[0], ["sessionId", "id"], null)); }
        });
    }

    function select(id) {
        state.selected = id;
        document.querySelectorAll("#sessions tr").forEach(function (tr) {
            tr.classList.toggle("selected", tr.getAttribute("data-session-id") === id);
        });
        loadDetail();
    }

    function loadDetail() {
        if (!state.selected) { return Promise.resolve(); }
        var id = state.selected;
        return Promise.all([
            get(API.session(id)),
            get(API.timeline(id)).catch(function () { return null; })
        ]).then(function (results) {
            if (id !== state.selected) { return; }
            renderDetail(id, results[0], results[1]);
        });
    }

    function renderDetail(id, s, timelineData) {
        $("detail-empty").hidden = true;
        $("detail-body").hidden = false;
        $("detail-id").textContent = id;
        var facts = $("detail-facts");
        facts.textContent = "";
        var profile = first(s, ["profileStatus", "profile"], null);
        if (profile && typeof profile === "object") { profile = first(profile, ["status"], null); }
        var n = eventCount(s);
        [["User", first(s, ["userId", "user"], "–")],
            ["Trust", first(s, ["trust"], null) === null ? "–" : Math.round(s.trust)],
            ["Decision", first(s, ["decision"], "–")],
            ["Profile", profile || "–"],
            ["Events", n === null ? "–" : n],
            ["Ended", first(s, ["outcome", "endedWith"], first(s, ["ended"], false) ? "yes" : "open")]
        ].forEach(function (f) {
            var box = el("div");
            box.appendChild(el("dt", {}, f[0]));
            box.appendChild(el("dd", {}, f[1]));
            facts.appendChild(box);
        });
        var counts = first(s, ["counts"], null);
        if (counts && typeof counts === "object") {
            Object.keys(counts).forEach(function (k) {
                var v = counts[k];
                var text = v && typeof v === "object" ?
                    Object.keys(v).map(function (f) { return v[f] + " " + f; }).join(", ") : v;
                var box = el("div");
                box.appendChild(el("dt", {}, k));
                box.appendChild(el("dd", {}, text));
                facts.appendChild(box);
            });
        }
        var scores = first(s, ["lastScores"], null);
        if (scores && typeof scores === "object") {
            Object.keys(scores).forEach(function (k) {
                if (typeof scores[k] !== "number") { return; }
                var box = el("div");
                box.appendChild(el("dt", {}, "last " + k + " score"));
                box.appendChild(el("dd", {}, scores[k].toFixed(2)));
                facts.appendChild(box);
            });
        }

        var reasons = $("detail-reasons");
        reasons.textContent = "";
        var rs = first(s, ["reasons"], []) || [];
        if (rs.length === 0) { reasons.appendChild(el("li", { "class": "muted" }, "none")); }
        rs.forEach(function (r) { reasons.appendChild(el("li", {}, reasonText(r))); });

        var auto = automationOf(s);
        var verdict = $("detail-automation");
        verdict.textContent = "";
        verdict.appendChild(pill(auto.verdict));
        var autoReasons = $("automation-reasons");
        autoReasons.textContent = "";
        (auto.reasons || []).forEach(function (r) { autoReasons.appendChild(el("li", {}, reasonText(r))); });

        var points = listOf(timelineData, ["timeline", "points", "items"]);
        if (points.length === 0) { points = listOf(s, ["timeline"]); }
        var thresholds = first(s, ["thresholds", "policy"], first(timelineData, ["thresholds", "policy"], null));
        drawChart($("chart"), points, thresholds);
        renderTimelineRows(points);
    }

    function pointOf(p, i) {
        var t = first(p, ["t", "at", "time", "timestamp", "createdAt"], i);
        if (typeof t === "string") { t = Date.parse(t); }
        return {
            t: t,
            trust: Number(first(p, ["trust", "value"], NaN)),
            decision: first(p, ["decision"], null),
            reasons: first(p, ["reasons", "reason"], null),
            seq: first(p, ["seq"], null),
            stepUp: first(p, ["stepUp"], null)
        };
    }

    function renderTimelineRows(raw) {
        var tbody = $("timeline-rows");
        tbody.textContent = "";
        var pts = raw.map(pointOf);
        var t0 = pts.length ? pts[0].t : 0;
        var shown = pts.slice(-30).reverse();
        shown.forEach(function (p) {
            var tr = el("tr");
            tr.appendChild(el("td", {}, "+" + seconds(p.t - t0) + " s" + (p.stepUp ? " · step-up " + p.stepUp : "")));
            tr.appendChild(el("td", { "class": "num" }, isNaN(p.trust) ? "–" : p.trust.toFixed(1)));
            var d = el("td");
            d.appendChild(pill(p.decision));
            tr.appendChild(d);
            var why = p.reasons;
            tr.appendChild(el("td", {}, Array.isArray(why) ? why.map(reasonText).join("; ") : why ? reasonText(why) : ""));
            tbody.appendChild(tr);
        });
    }

    function seconds(ms) {
        var s = ms / 1000;
        return s < 10 ? s.toFixed(1) : String(Math.round(s));
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
     * Draws trust (0-100) over time since the first point, with the policy thresholds as dashed
     * lines over shaded bands and a dot wherever the decision changed.
     */
    function drawChart(container, raw, thresholds) {
        var W = 640, H = 240, L = 38, R = 12, T = 12, B = 30;
        var pw = W - L - R, ph = H - T - B;
        var root = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "Trust over time", "data-testid": "trust-chart" });
        var pts = raw.map(pointOf).filter(function (p) { return !isNaN(p.trust); });
        var t0 = pts.length ? pts[0].t : 0;
        var span = pts.length > 1 ? Math.max(1, pts[pts.length - 1].t - t0) : 1000;
        function x(t) { return L + ((t - t0) / span) * pw; }
        function y(v) { return T + (1 - Math.max(0, Math.min(100, v)) / 100) * ph; }

        var challengeAt = thresholds ? Number(first(thresholds, ["challenge", "challengeBelow", "challengeThreshold"], NaN)) : NaN;
        var blockAt = thresholds ? Number(first(thresholds, ["block", "blockBelow", "blockThreshold"], NaN)) : NaN;
        if (!isNaN(challengeAt)) {
            root.appendChild(svg("rect", { "class": "band challenge", x: L, y: y(challengeAt), width: pw, height: y(isNaN(blockAt) ? 0 : blockAt) - y(challengeAt) }));
        }
        if (!isNaN(blockAt)) {
            root.appendChild(svg("rect", { "class": "band block", x: L, y: y(blockAt), width: pw, height: y(0) - y(blockAt) }));
        }
        [0, 25, 50, 75, 100].forEach(function (v) {
            root.appendChild(svg("line", { "class": v === 0 ? "axis" : "grid", x1: L, x2: W - R, y1: y(v), y2: y(v) }));
            root.appendChild(svg("text", { "class": "label", x: L - 6, y: y(v) + 4, "text-anchor": "end" }, v));
        });
        root.appendChild(svg("line", { "class": "axis", x1: L, x2: L, y1: T, y2: T + ph }));
        [["challenge", challengeAt], ["block", blockAt]].forEach(function (th) {
            if (isNaN(th[1])) { return; }
            root.appendChild(svg("line", { "class": "threshold " + th[0], x1: L, x2: W - R, y1: y(th[1]), y2: y(th[1]) }));
            root.appendChild(svg("text", { "class": "label", x: W - R - 2, y: y(th[1]) - 4, "text-anchor": "end" }, th[0]));
        });
        for (var i = 0; i <= 4; i++) {
            var t = t0 + (span * i) / 4;
            root.appendChild(svg("text", { "class": "label", x: x(t), y: H - 10, "text-anchor": i === 0 ? "start" : i === 4 ? "end" : "middle" },
                seconds(t - t0) + " s"));
        }
        if (pts.length === 0) {
            root.appendChild(svg("text", { "class": "empty", x: L + pw / 2, y: T + ph / 2, "text-anchor": "middle" }, "no trust updates yet"));
        } else {
            var d = pts.map(function (p, k) { return (k ? "L" : "M") + x(p.t).toFixed(1) + " " + y(p.trust).toFixed(1); }).join(" ");
            if (pts.length === 1) { d += " L" + (W - R) + " " + y(pts[0].trust).toFixed(1); }
            root.appendChild(svg("path", { "class": "trust", d: d }));
            var last = null;
            pts.forEach(function (p, k) {
                if (p.decision && p.decision !== last) {
                    var c = svg("circle", { "class": "point " + p.decision, cx: x(p.t), cy: y(p.trust), r: 4.5 });
                    c.appendChild(svg("title", {}, "+" + seconds(p.t - t0) + " s: " + p.decision + ", trust " + p.trust.toFixed(1)));
                    root.appendChild(c);
                }
                last = p.decision;
                if (k === pts.length - 1 && pts.length > 1) {
                    root.appendChild(svg("circle", { "class": "point " + (p.decision || "allow"), cx: x(p.t), cy: y(p.trust), r: 3 }));
                }
            });
        }
        container.textContent = "";
        container.appendChild(root);
    }

    // ---- users ----

    function loadUsers() {
        return get(API.users).then(function (data) {
            var users = listOf(data, ["users", "items"]);
            var tbody = $("users");
            tbody.textContent = "";
            $("user-count").textContent = "(" + users.length + ")";
            users.forEach(function (u) {
                var tr = el("tr");
                tr.appendChild(el("td", {}, first(u, ["userId", "id", "user"], "–")));
                var status = el("td");
                var p = first(u, ["profileStatus", "status", "profile"], null);
                if (p && typeof p === "object") { p = first(p, ["status"], null); }
                status.appendChild(pill(p));
                tr.appendChild(status);
                var samples = first(u, ["samples", "sampleCounts", "enrolment", "enrollment"], null);
                tr.appendChild(el("td", {}, samples === null ? "–" : typeof samples === "object" ?
                    Object.keys(samples).map(function (k) { return k + " " + samples[k]; }).join(", ") : samples));
                tr.appendChild(el("td", { "class": "num" }, first(u, ["sessions", "sessionCount"], "–")));
                tr.appendChild(el("td", {}, time(first(u, ["updatedAt", "lastSeen"], null))));
                tbody.appendChild(tr);
            });
        });
    }

    // ---- key, tabs, refresh ----

    function refresh() {
        var work = state.tab === "sessions" ? loadSessions().then(loadDetail) : loadUsers();
        return work.then(function () {
            $("refreshed").textContent = "updated " + new Date().toLocaleTimeString("en-GB");
        }, function (err) {
            if (err.status === 401 || err.status === 403) {
                forget(err.message);
            } else {
                $("refreshed").textContent = err.message;
            }
        });
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
    document.querySelectorAll(".tab").forEach(function (b) {
        b.addEventListener("click", function () { showTab(b.getAttribute("data-tab")); });
    });

    var saved = sessionStorage.getItem(KEY_STORE);
    if (saved) { open(saved); } else { forget(); }
})();
