#!/usr/bin/env python3
"""Drives headless Chromium through the dashboard with chromedriver's WebDriver HTTP API.

Standard library only. Usage: browser_test.py BASE_URL SCREENSHOT_DIR
(scripts/browser-test starts the server on the demo database and calls this.)

Clicks watch list -> question page -> document view, checks what a person would see there (the
probability, an evidence card's sentence, a drawn chart, marked sentences with their events on
hover, the events map), and saves a screenshot of each page.

Then, with a write token in FOREWARN_TOKEN, stores a hostile question and documents (script tags,
event-handler attributes and javascript:/data: URLs in every field), opens every page type and
checks that no payload ran (it would set window.__pwned or document.title), that no link or handler
made it into the DOM, that every page sends the Content-Security-Policy and the other security
headers, and that the browser reported no CSP violation on any page (the chart and map included).
"""

import base64
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
CHROME_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1280,1600",
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        raise RuntimeError(f"{method} {url}: {e.code} {e.read()[:500]!r}") from None


def wait_for(what, check, timeout=30.0):
    """Polls `check` until it returns something truthy; the timeout only bounds a hang."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = check()
            if last:
                return last
        except (RuntimeError, OSError) as e:
            last = e
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what} (last: {last})")


class Browser:
    def __init__(self, driver_url, profile):
        self.driver = driver_url
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium_binary(), "args": CHROME_FLAGS + [f"--user-data-dir={profile}"]},
            "goog:loggingPrefs": {"browser": "ALL"},
        }}}
        self.session = http("POST", f"{driver_url}/session", caps)["value"]["sessionId"]
        self.base = f"{driver_url}/session/{self.session}"
        # Runs in every document and frame before the page's own code (CDP scripts are not
        # subject to the page's CSP): records each CSP violation the page reports.
        self.cmd("POST", "/goog/cdp/execute", {"cmd": "Page.addScriptToEvaluateOnNewDocument", "params": {"source": (
            "window.__csp = [];"
            "document.addEventListener('securitypolicyviolation', function (e) {"
            "  (window.top.__csp || window.__csp).push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber);"
            "});")}})

    def console(self):
        """The browser console since the last call (chromedriver's log endpoint)."""
        try:
            return [e.get("message", "") for e in self.cmd("POST", "/se/log", {"type": "browser"})]
        except RuntimeError:
            return None

    def cmd(self, method, path, body=None):
        return http(method, self.base + path, body)["value"]

    def go(self, url):
        self.cmd("POST", "/url", {"url": url})

    def url(self):
        return self.cmd("GET", "/url")

    def find_all(self, css):
        return [e[ELEMENT] for e in self.cmd("POST", "/elements", {"using": "css selector", "value": css})]

    def find(self, css):
        found = wait_for(f"element {css}", lambda: self.find_all(css))
        return found[0]

    def text(self, element):
        return self.cmd("GET", f"/element/{element}/text")

    def click(self, element):
        self.cmd("POST", f"/element/{element}/click", {})

    def js(self, script, *args):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def hover(self, element):
        self.cmd("POST", "/actions", {"actions": [{
            "type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
            "actions": [{"type": "pointerMove", "duration": 0, "origin": {ELEMENT: element}, "x": 0, "y": 0}],
        }]})

    def screenshot(self, path):
        png = base64.b64decode(self.cmd("GET", "/screenshot"))
        with open(path, "wb") as f:
            f.write(png)
        return path

    def quit(self):
        try:
            http("DELETE", self.base)
        except Exception:  # the browser may already be gone; nothing to clean then
            pass


def chromium_binary():
    for path in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.exists(path):
            return path
    raise SystemExit("chromium not found")


def pct(p):
    # As forewarn formats it: tiny non-zero values read "<0.1%", not a misleading "0.0%".
    if 0 < p < 0.0005:
        return "<0.1%"
    if 0.9995 <= p < 1:
        return ">99.9%"
    return f"{p * 100:.1f}%"


# Each payload, if it ever ran, would set window.__pwned or retitle the page.
PAYLOADS = [
    "<script>window.__pwned=1;document.title='pwned'</script>",
    "<img src=x onerror=\"window.__pwned=2;document.title='pwned'\">",
    "\"><svg onload=\"window.__pwned=3\"><a href=\"javascript:window.__pwned=4\">x</a>",
    "<iframe srcdoc=\"<script>parent.__pwned=5</script>\"></iframe><style>body{display:none}</style>",
]
URLS = [
    "javascript:window.__pwned=6;document.title='pwned'",
    "data:text/html,<script>window.__pwned=7</script>",
    " JaVaScRiPt:window.__pwned=8",
    "java\tscript:window.__pwned=9",
]
CSP_DIRECTIVES = ["script-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]


def post(url, token, body, content_type):
    req = urllib.request.Request(url, data=body.encode(), method="POST", headers={
        "Content-Type": content_type, "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read() or b"null")


def headers_of(url):
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.headers


def hostile_pages(browser, base, demo_qid, token, shots, check):
    p = PAYLOADS
    question = (
        'id = "hostile-xss"\n'
        f'question = {json.dumps("Will Belarus mobilize " + p[0] + "?")}\n'
        "opens = 2022-10-01\ndeadline = 2023-12-31\nprior = 0.1\n"
        f"tags = [{json.dumps(p[1])}]\n"
        "[[indicator]]\nid = \"mob\"\n"
        f"label = {json.dumps(p[2])}\n"
        'direction = "for"\nweight = 1.0\nhalf_life_days = 30\nmatch = { keywords = ["mobilized"] }\n'
    )
    post(f"{base}/api/questions", token, question, "application/toml")
    lines = []
    for i, url in enumerate(URLS):
        a, b = p[i % len(p)], p[(i + 1) % len(p)]
        lines.append(json.dumps({
            "title": f"Belarus mobilizes {a}", "url": url, "source": f"Wire {b}", "author": f"{a} Reporter",
            # Markup is cleaned out on ingest, so each text needs words of its own.
            "text": f"Belarus mobilized reserve unit {i} near the border on 3 January 2023 {a}. "
                    f"Officials in Minsk said {b} the call-up would go on.",
            "published": "2023-01-04",
        }))
    added = post(f"{base}/api/documents?format=jsonl", token, "\n".join(lines) + "\n", "application/x-ndjson")
    ids = added.get("added_ids") or []
    check("hostile documents stored", len(ids) == len(URLS), added)
    pages = [
        ("watch list", "/"), ("hostile question", "/questions/hostile-xss"),
        ("demo question", f"/questions/{demo_qid}"), ("briefing", "/questions/hostile-xss/briefing"),
        ("events", "/events"), ("events filtered", "/events?type=MOBILIZE"), ("alerts", "/alerts"),
        ("not found", "/no/such/page"), ("API briefing", "/api/questions/hostile-xss/briefing?format=html"),
    ] + [(f"document {i}", f"/documents/{i}") for i in ids]
    browser.console()  # drop what the earlier pages logged
    for n, (name, path) in enumerate(pages):
        status, headers = headers_of(base + path)
        csp = headers.get("Content-Security-Policy") or ""
        strict = all(d in csp for d in CSP_DIRECTIVES) if "briefing" not in name else (
            "script-src 'none'" in csp and "object-src 'none'" in csp and "frame-ancestors 'self'" in csp)
        check(f"{name}: CSP header", strict and "unsafe-inline" not in csp, f"{status} {csp!r}")
        check(f"{name}: nosniff and referrer policy",
              headers.get("X-Content-Type-Options") == "nosniff" and headers.get("Referrer-Policy"), dict(headers))
        browser.go(base + path)
        wait_for(f"{name} loaded", lambda: browser.js("return document.readyState") == "complete")
        if path.startswith("/questions/") and not path.endswith("/briefing"):
            wait_for(f"{name}: chart drawn", lambda: browser.js("return document.getElementById('chart').getAttribute('data-drawn')"))
        if path.startswith("/events"):
            wait_for(f"{name}: map drawn", lambda: browser.js("return document.querySelectorAll('#map path.land').length"))
        time.sleep(0.3)  # let any onerror/onload a payload smuggled in fire before looking
        ran = browser.js(
            "const f = [...document.querySelectorAll('iframe')].map(i => { try { return i.contentWindow.__pwned } catch (e) { return null } });"
            "return {pwned: window.__pwned || f.find(x => x) || null, title: document.title};")
        # The escaped payload text may well be in the title; a payload that ran would have made
        # it exactly "pwned".
        check(f"{name}: no payload ran", not ran["pwned"] and ran["title"] != "pwned", ran)
        bad = browser.js(
            "const out = [];"
            "for (const e of document.querySelectorAll('*')) {"
            "  for (const a of e.attributes) {"
            "    if (a.name.startsWith('on')) out.push(e.tagName + ' ' + a.name);"
            "    if (['href', 'src', 'action', 'formaction', 'srcdoc'].includes(a.name)"
            "        && !/^(https?:|\\/|#)/i.test(a.value.trim())) out.push(e.tagName + ' ' + a.name + '=' + a.value);"
            "  }"
            "  if (['IFRAME', 'OBJECT', 'EMBED'].includes(e.tagName) && !(e.getAttribute('src') || '').startsWith('/questions/')) out.push(e.tagName);"
            "}"
            "return out;")
        check(f"{name}: no handler, foreign element or non-http link in the DOM", not bad, bad)
        violations = browser.js("return window.__csp || []")
        console = browser.console()
        csp_errors = [m for m in (console or []) if "Content Security Policy" in m or "Refused to" in m]
        check(f"{name}: no CSP violation", not violations and not csp_errors, violations + csp_errors)
        if n < 3 or name.startswith("document"):
            print("screenshot", browser.screenshot(os.path.join(shots, f"1{n}-hostile-{re.sub('[^a-z0-9]+', '-', name)}.png")))
    # Positive controls: the violation listener is installed, and an inline script put into the
    # page (as a payload that slipped past escaping would be) is blocked by the CSP and reported.
    installed = browser.js("return Array.isArray(window.__csp)")
    check("CSP violation listener installed", installed, installed)
    browser.js("const s = document.createElement('script'); s.textContent = 'window.__inline = 1';"
               "document.body.appendChild(s); return 0")
    seen = wait_for("the blocked inline script reported", lambda: browser.js("return (window.__csp || []).length"), timeout=10)
    check("CSP blocks an injected inline script and the violation is seen",
          seen and not browser.js("return window.__inline || null"), seen)
    console = browser.console()
    print("console log:", "unavailable" if console is None else f"{len(console)} entries after the injected script: {console[-1:]}")
    if ids:
        shown = browser.js("return [...document.querySelectorAll('.url.inert')].map(e => e.textContent)")
        check("a hostile URL is shown as text", shown and shown[0].strip() in [u.strip() for u in URLS], shown)


def main():
    base, shots = sys.argv[1].rstrip("/"), sys.argv[2]
    os.makedirs(shots, exist_ok=True)
    port = free_port()
    driver = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    profile = tempfile.mkdtemp(prefix="forewarn-chromium-")
    passed, failed = 0, 0
    browser = None
    try:
        driver_url = f"http://127.0.0.1:{port}"
        wait_for("chromedriver", lambda: http("GET", f"{driver_url}/status")["value"]["ready"])
        browser = Browser(driver_url, profile)
        results = []

        def check(name, ok, detail=""):
            results.append((name, bool(ok), detail))
            print(f"{'ok  ' if ok else 'FAIL'} {name}{'' if ok else ': ' + str(detail)}", flush=True)

        # 1. Watch list.
        browser.go(base + "/")
        link = browser.find("a.q-link")
        question_text = browser.text(link)
        prob_cell = browser.text(browser.find("tr.q-row td.prob"))
        check("watch list shows a question", question_text.strip() != "", question_text)
        check("watch list shows a probability", re.fullmatch(r"(\d+\.\d|<0\.1|>99\.9)%", prob_cell), prob_cell)
        check("watch list draws sparklines", browser.js("return document.querySelectorAll('svg.spark polyline').length") > 0)
        print("screenshot", browser.screenshot(os.path.join(shots, "01-watch-list.png")))

        # 2. Question page, reached by clicking.
        browser.click(link)
        wait_for("question page", lambda: "/questions/" in browser.url())
        qid = browser.url().rstrip("/").rsplit("/", 1)[1]
        api = json.load(urllib.request.urlopen(f"{base}/api/questions/{qid}", timeout=30))
        shown = browser.text(browser.find("#probability"))
        check("question page shows the API's probability", shown == pct(api["probability"]), f"{shown} vs {pct(api['probability'])}")
        check("watch list and question page agree", shown == prob_cell, f"{shown} vs {prob_cell}")
        drawn = wait_for("chart drawn", lambda: browser.js(
            "const c = document.querySelector('#chart canvas');"
            "if (!c || !c.width) return 0;"
            "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
            "let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n;"))
        check("timeline chart drawn (non-empty canvas)", drawn > 500, drawn)
        markers = browser.js("return document.getElementById('chart').getAttribute('data-drawn')")
        check("chart has the daily path", markers and int(markers) > 10, markers)
        cards = browser.find_all(".card .evidence-sentence a")
        check("evidence cards present", len(cards) > 0, len(cards))
        first_sentence = browser.text(cards[0]) if cards else ""
        expected = (api["evidence_for"] or api["evidence_against"])[0]["sentence"]
        check("first evidence card shows the strongest sentence", first_sentence == expected, f"{first_sentence!r} vs {expected!r}")
        print("screenshot", browser.screenshot(os.path.join(shots, "02-question.png")))

        # 3. Document view, from the card.
        href = browser.js("return arguments[0].getAttribute('href')", {ELEMENT: cards[0]})
        browser.click(cards[0])
        wait_for("document page", lambda: "/documents/" in browser.url())
        title = browser.text(browser.find("#doc-title"))
        check("document page has a title", title.strip() != "", title)
        marks = browser.find_all("mark.coded")
        check("coded sentences are marked", len(marks) > 0, len(marks))
        anchor = href.split("#", 1)[1]
        target_text = browser.js(f"const m = document.getElementById('{anchor}'); return m ? m.firstChild.textContent : null")
        check("the card's sentence is marked in the article", target_text and first_sentence.startswith(target_text.strip()[:40]), target_text)
        target = browser.find(f"#{anchor}") if target_text else marks[0]
        browser.js("arguments[0].scrollIntoView({block: 'center'})", {ELEMENT: target})
        browser.hover(target)
        pop = wait_for("event shown on hover", lambda: browser.js(
            "const p = arguments[0].querySelector('.pop');"
            "return p && getComputedStyle(p).display !== 'none' ? p.textContent : null", {ELEMENT: target}))
        check("hover shows the event", re.search(r"[A-Z]{4,}", pop or ""), pop)
        print("screenshot", browser.screenshot(os.path.join(shots, "03-document.png")))

        # 4. Events table and map.
        browser.go(base + "/events")
        rows = browser.find_all("table.events tbody tr")
        check("events table has rows", len(rows) > 0, len(rows))
        countries = wait_for("map drawn", lambda: browser.js("return document.querySelectorAll('#map path.land').length"))
        check("map draws the world outline", countries > 100, countries)
        dots = browser.js("return document.querySelectorAll('#map circle.dot').length")
        print(f"map: {countries} countries, {dots} event dots")
        print("screenshot", browser.screenshot(os.path.join(shots, "04-events.png")))

        # 5. Alerts.
        browser.go(base + "/alerts")
        browser.find("table.alerts")
        print("screenshot", browser.screenshot(os.path.join(shots, "05-alerts.png")))

        # 6. Hostile documents: nothing they carry may run, on any page.
        token = os.environ.get("FOREWARN_TOKEN")
        check("a write token is given for the hostile pages", token, "set FOREWARN_TOKEN")
        if token:
            hostile_pages(browser, base, qid, token, shots, check)

        passed = sum(1 for _, ok, _ in results if ok)
        failed = len(results) - passed
    finally:
        if browser:
            browser.quit()
        driver.terminate()
        try:
            driver.wait(timeout=10)
        except subprocess.TimeoutExpired:
            driver.kill()
    print(f"browser: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
