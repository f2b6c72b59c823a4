#!/usr/bin/env python3
"""Drives headless Chromium through the dashboard with chromedriver's WebDriver HTTP API.

Standard library only. Usage: browser_test.py BASE_URL SCREENSHOT_DIR
(scripts/browser-test starts the server on the demo database and calls this.)

Clicks watch list -> question page -> document view, checks what a person would see there (the
probability, an evidence card's sentence, a drawn chart, marked sentences with their events on
hover, the events map), and saves a screenshot of each page.
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
        }}}
        self.session = http("POST", f"{driver_url}/session", caps)["value"]["sessionId"]
        self.base = f"{driver_url}/session/{self.session}"

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
