#!/usr/bin/python3
"""Open an HTML report in real headless Chromium and check what a reader's
browser would do with it.

    browser_check.py REPORT.html OUTDIR [--expect TEXT]...

Fails (exit 1, one line per problem on stderr) when
  - the page logs anything at console level SEVERE (errors, CSP violations),
  - the page makes any request that is not the file itself or a data: URL
    (fonts, scripts, images or trackers fetched from anywhere),
  - a screenshot (OUTDIR/screenshot.png) or print-to-PDF (OUTDIR/print.pdf)
    cannot be made, or comes out empty,
  - an --expect text is not in the rendered page's visible text.
Chromium's own network is closed: background services are off and every host
name resolves to nothing, so a request that slips past the log still fails.
"""
import base64
import os
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 64
    report = os.path.abspath(argv[1])
    outdir = argv[2]
    expects = [argv[i + 1] for i in range(3, len(argv) - 1) if argv[i] == "--expect"]
    os.makedirs(outdir, exist_ok=True)
    url = "file://" + report

    profile = tempfile.mkdtemp(prefix="vcaudit-chromium.")
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,1600",
                 "--host-resolver-rules=MAP * ~NOTFOUND",
                 "--user-data-dir=" + profile):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})

    import json
    problems = []
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    try:
        driver.set_page_load_timeout(30)
        driver.get(url)
        title = driver.title
        text = driver.execute_script("return document.body.innerText") or ""

        for entry in driver.get_log("browser"):
            if entry.get("level") == "SEVERE":
                problems.append("console error: " + entry.get("message", "")[:300])

        for entry in driver.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg.get("method") != "Network.requestWillBeSent":
                continue
            # Only what the report's document asks for; the log also holds
            # the browser's own start page (chrome:// resources).
            if msg["params"].get("documentURL", "").split("#")[0] != url:
                continue
            req = msg["params"]["request"]["url"]
            if req.startswith("data:") or req.split("#")[0] == url:
                continue
            problems.append("external request: " + req[:300])

        shot = os.path.join(outdir, "screenshot.png")
        if not driver.save_screenshot(shot) or os.path.getsize(shot) < 1000:
            problems.append("screenshot failed or empty")

        pdf = base64.b64decode(driver.print_page())
        with open(os.path.join(outdir, "print.pdf"), "wb") as f:
            f.write(pdf)
        if not pdf.startswith(b"%PDF-") or len(pdf) < 2000:
            problems.append("print-to-PDF failed or empty (%d bytes)" % len(pdf))

        if not title:
            problems.append("the page has no title")
        for want in expects:
            if want not in text:
                problems.append("visible text lacks %r" % want)
    finally:
        driver.quit()

    for p in problems:
        print("browser_check: %s: %s" % (report, p), file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
