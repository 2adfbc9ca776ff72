/*
 * Northwind Bank, the Cadence demo site: log in, accounts, a transfer form, and the session's live
 * trust and decision from the Cadence SDK. The bank backend is the service's /demo routes:
 * POST /demo/login starts a monitored session for a seeded demo user (the service holds the API
 * key, as a real bank backend would); GET /demo/session/{id} (with the session token) returns what the
 * bank would read from GET /v1/sessions/{id}; POST /demo/session/{id}/step-up checks the one-time
 * code and reports the step-up's result to Cadence. Account data shown here is made up in the page.
 */
(function () {
    "use strict";

    var STORE = "northwind.session";
    var state = { session: null, cadence: null, recorder: null, poll: null, updates: 0, challenged: false, decision: null };

    function $(id) { return document.getElementById(id); }

    function show(view) {
        ["login", "overview", "transfer"].forEach(function (v) { $("view-" + v).hidden = v !== view; });
        var loggedIn = view !== "login";
        $("nav").hidden = !loggedIn;
        $("trust-badge").hidden = !loggedIn;
        $("session-panel").hidden = !loggedIn;
        document.querySelectorAll("nav a").forEach(function (a) {
            a.classList.toggle("active", a.getAttribute("data-view") === view);
        });
    }

    function route() {
        if (!state.session) { show("login"); return; }
        show(location.hash === "#transfer" ? "transfer" : "overview");
    }

    /** A JSON request; `token` (the session token) is sent as a bearer credential when given. */
    function json(method, url, body, token) {
        var headers = body ? { "Content-Type": "application/json" } : {};
        if (token) { headers.Authorization = "Bearer " + token; }
        return fetch(url, {
            method: method,
            headers: headers,
            body: body ? JSON.stringify(body) : undefined
        }).then(function (r) {
            return r.text().then(function (text) {
                var data = null;
                try { data = text ? JSON.parse(text) : null; } catch (e) { data = { reason: text }; }
                if (!r.ok) {
                    var err = new Error((data && data.reason) || ("HTTP " + r.status));
                    err.status = r.status;
                    throw err;
                }
                return data;
            });
        });
    }

    // ---- made-up account data, stable per user ----

    function seeded(name) {
        var h = 2166136261;
        for (var i = 0; i < name.length; i++) { h = Math.imul(h ^ name.charCodeAt(i), 16777619); }
        return function () {
            h = Math.imul(h ^ (h >>> 15), 2246822507);
            h = Math.imul(h ^ (h >>> 13), 3266489909);
            return ((h ^= h >>> 16) >>> 0) / 4294967296;
        };
    }

    function money(n) {
        return n.toLocaleString("en-GB", { style: "currency", currency: "EUR" });
    }

    function accountsFor(user) {
        var rnd = seeded(user);
        return [
            { name: "Everyday current", number: "NW-" + String(1000 + Math.floor(rnd() * 8999)) + "-01", balance: 500 + rnd() * 4000 },
            { name: "Savings", number: "NW-" + String(1000 + Math.floor(rnd() * 8999)) + "-02", balance: 2000 + rnd() * 20000 },
            { name: "Credit card", number: "NW-" + String(1000 + Math.floor(rnd() * 8999)) + "-03", balance: -rnd() * 900 }
        ];
    }

    function renderAccounts(user, displayName) {
        $("customer-name").textContent = displayName;
        var accounts = accountsFor(user);
        var rows = $("accounts");
        var select = $("from-account");
        rows.textContent = "";
        select.textContent = "";
        accounts.forEach(function (a) {
            var tr = document.createElement("tr");
            [a.name, a.number, money(a.balance)].forEach(function (text, i) {
                var td = document.createElement("td");
                td.textContent = text;
                if (i === 2) { td.className = "num" + (a.balance < 0 ? " negative" : ""); }
                tr.appendChild(td);
            });
            rows.appendChild(tr);
            var opt = document.createElement("option");
            opt.textContent = a.name + " (" + money(a.balance) + ")";
            select.appendChild(opt);
        });
        var rnd = seeded(user + "/activity");
        var payees = ["Grocer's Market", "City Transit", "Salary", "Electricity Co.", "Bookshop", "Rent"];
        var activity = $("activity");
        activity.textContent = "";
        payees.forEach(function (p, i) {
            var amount = p === "Salary" ? 2400 + rnd() * 600 : -(5 + rnd() * (p === "Rent" ? 1200 : 90));
            var tr = document.createElement("tr");
            var date = new Date(Date.now() - (i * 2 + 1) * 86400000);
            [date.toLocaleDateString("en-GB", { day: "numeric", month: "short" }), p, money(amount)].forEach(function (text, j) {
                var td = document.createElement("td");
                td.textContent = text;
                if (j === 2) { td.className = "num" + (amount < 0 ? " negative" : ""); }
                tr.appendChild(td);
            });
            activity.appendChild(tr);
        });
    }

    // ---- live trust ----

    function showTrust(trust, decision) {
        if (typeof trust === "number" && isFinite(trust)) {
            $("trust-value").textContent = String(Math.round(trust));
            $("trust-fill").style.width = Math.max(0, Math.min(100, trust)) + "%";
        }
        if (typeof decision === "string") {
            state.decision = decision;
            var d = $("decision");
            d.textContent = decision;
            d.className = "decision " + decision;
            react(decision);
        }
    }

    function react(decision) {
        if (decision === "challenge" && !state.challenged) {
            state.challenged = true;
            $("otp").value = "";
            $("otp-error").hidden = true;
            if (!$("stepup").open) { $("stepup").showModal(); }
        } else if (decision === "block") {
            if ($("stepup").open) { $("stepup").close(); }
            $("blocked").hidden = false;
        } else if (decision === "allow") {
            state.challenged = false;
        }
    }

    function onDecision(update) {
        state.updates += 1;
        $("sdk-status").textContent = "streaming";
        $("trust-updates").textContent = String(state.updates);
        showTrust(update.trust, update.decision);
        refreshStats();
    }

    function refreshStats() {
        if (!state.cadence) { return; }
        $("batches-sent").textContent = String(state.cadence.stats.batchesSent);
        $("events-sent").textContent = String(state.cadence.stats.eventsSent);
    }

    function pollSession() {
        if (!state.session) { return; }
        var session = state.session;
        json("GET", "/demo/session/" + encodeURIComponent(session.sessionId), null, session.token).then(function (s) {
            if (!s) { return; }
            showTrust(s.trust, s.decision);
            $("automation").textContent = s.automation.verdict;
            var list = $("reasons");
            list.textContent = "";
            s.reasons.concat(s.automation.reasons).forEach(function (r) {
                var li = document.createElement("li");
                li.textContent = r.message;
                list.appendChild(li);
            });
        }, function (err) {
            if (err.status === 401 || err.status === 404) { stopPolling(); }
        });
        refreshStats();
    }

    function stopPolling() {
        if (state.poll) { clearInterval(state.poll); state.poll = null; }
    }

    // ---- session lifecycle ----

    function begin(session) {
        state.session = session;
        state.updates = 0;
        state.challenged = false;
        state.decision = null;
        sessionStorage.setItem(STORE, JSON.stringify(session));
        $("session-id").textContent = session.sessionId;
        $("sdk-status").textContent = "streaming";
        $("trust-value").textContent = "–";
        $("decision").textContent = "waiting";
        $("decision").className = "decision";
        renderAccounts(session.userId, session.displayName);
        state.cadence = Cadence.start({
            sessionId: session.sessionId,
            token: session.token,
            endpoint: session.endpoint,
            onDecision: onDecision,
            onError: function (info) {
                // Retries are routine; a refused batch (expired token, ended session) is worth showing.
                $("sdk-status").textContent = info.retrying ? "retrying (" + info.reason + ")" :
                    "batch " + info.seq + " refused: HTTP " + info.status;
            }
        });
        state.poll = setInterval(pollSession, 2000);
        showTrust(session.trust, session.decision);
        route();
    }

    function end() {
        stopPolling();
        if (state.cadence) { state.cadence.stop(); state.cadence = null; }
        state.session = null;
        sessionStorage.removeItem(STORE);
        $("blocked").hidden = true;
        location.hash = "";
        startLoginRecorder();
        route();
    }

    function startLoginRecorder() {
        if (state.recorder) { state.recorder.stop(); }
        state.recorder = Cadence.recordLogin($("login-form"));
    }

    $("login-form").addEventListener("submit", function (e) {
        e.preventDefault();
        var username = $("username").value.trim();
        var password = $("password").value;
        var sample = state.recorder ? state.recorder.stop() : null;
        state.recorder = null;
        $("login-error").hidden = true;
        $("login-button").disabled = true;
        json("POST", "/demo/login", { username: username, password: password, loginSample: sample })
            .then(function (s) {
                $("password").value = "";
                begin(s);
            }, function (err) {
                $("login-error").textContent = err.status === 401 ? "Wrong user name or password." : err.message;
                $("login-error").hidden = false;
                startLoginRecorder();
            })
            .then(function () { $("login-button").disabled = false; });
    });

    $("transfer-form").addEventListener("submit", function (e) {
        e.preventDefault();
        var result = $("transfer-result");
        var decision = state.decision;
        if (decision === "challenge" || decision === "block") {
            result.textContent = "Transfer held: please confirm it is you first.";
            result.className = "error";
            react(decision);
        } else {
            result.textContent = "Transfer of " + ($("amount").value || "0") + " EUR to " + $("payee").value +
                " scheduled (demo: no money moves).";
            result.className = "";
            $("transfer-password").value = "";
        }
        result.hidden = false;
    });

    // The bank's backend checks the code and tells Cadence the step-up's result; the page shows
    // the trust and decision that result led to.
    $("stepup-form").addEventListener("submit", function (e) {
        e.preventDefault();
        var session = state.session;
        if (!session) { $("stepup").close(); return; }
        var button = $("stepup-form").querySelector("button");
        button.disabled = true;
        json("POST", "/demo/session/" + encodeURIComponent(session.sessionId) + "/step-up",
            { code: $("otp").value.trim() }, session.token)
            .then(function (answer) {
                if (answer.verified || answer.attemptsLeft === 0) {
                    if ($("stepup").open) { $("stepup").close(); }
                } else {
                    $("otp-error").textContent = "That code is not right (" + answer.attemptsLeft +
                        (answer.attemptsLeft === 1 ? " attempt" : " attempts") + " left).";
                    $("otp-error").hidden = false;
                    $("otp").value = "";
                }
                showTrust(answer.trust, answer.decision);
            }, function (err) {
                // 409: the session ended or was blocked meanwhile.
                if ($("stepup").open) { $("stepup").close(); }
                if (err.status === 409) { showTrust(undefined, "block"); }
            })
            .then(function () { button.disabled = false; });
    });

    $("logout").addEventListener("click", function () {
        if (state.session) {
            json("POST", "/demo/logout", { sessionId: state.session.sessionId }, state.session.token)
                .catch(function () { });
        }
        end();
    });
    $("blocked-relogin").addEventListener("click", end);
    window.addEventListener("hashchange", route);

    // Demo users the service seeded, when it lists them.
    json("GET", "/demo/users").then(function (users) {
        if (users.length === 0) { return; }
        var list = $("demo-users");
        list.textContent = "";
        users.forEach(function (u) {
            var li = document.createElement("li");
            var name = document.createElement("code");
            name.textContent = u.username;
            li.appendChild(name);
            li.appendChild(document.createTextNode(" / "));
            var pw = document.createElement("code");
            pw.textContent = u.password;
            li.appendChild(pw);
            list.appendChild(li);
        });
    }, function () { });

    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(STORE)); } catch (e) { saved = null; }
    if (saved && saved.sessionId && saved.token) {
        begin(saved);
    } else {
        startLoginRecorder();
        route();
    }
})();
