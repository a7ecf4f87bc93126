"""Look at the built docs site in a real browser (`make docs-check`), opened the way the README says.

Opens ``site/index.html`` from disk (a ``file://`` URL, no server), drives headless Chromium over the
DevTools protocol (through a pipe: no extra Python package, no port for the browser), and checks what
a reader would do: follow a link of the navigation to its page (a page, not a directory listing),
type ``wait_for_deployment`` into the search box, see a result for it, follow that result to the API
reference entry; and that nothing was fetched from the network (fonts, scripts). Writes screenshots of
the home page, the followed page, the search results and the reference entry to reports/docs/.
Exits 1 naming what failed.

    python tools/docs_check.py [--site site] [--out reports/docs] [--browser chromium]
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

QUERY = "wait_for_deployment"
#: A page the home page's navigation links to, and its heading.
PAGE, PAGE_TITLE = "getting-started.html", "Getting started"
#: What the browser answers an evaluation while the page navigates (its execution context is gone).
_NAVIGATING = ("Inspected target navigated or closed", "Cannot find context with specified id")
ENTRY = "cerebras_management.resources.endpoints.Endpoints.wait_for_deployment"
ROOT = Path(__file__).resolve().parents[1]


class CheckFailed(Exception):
    """What the reader would not have been able to do."""


class Browser:
    """Headless Chromium spoken to over ``--remote-debugging-pipe`` (fd 3 in, fd 4 out)."""

    def __init__(self, executable: str, profile: Path) -> None:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire_fds() -> None:  # in the child: the protocol pipes become fds 3 and 4
            high_r, high_w = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        args = [
            executable, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--no-default-browser-check", "--remote-debugging-pipe",
            f"--user-data-dir={profile}", "about:blank",
        ]  # fmt: skip
        self._process = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire_fds,  # the child only moves two fds, then execs
            pass_fds=(3, 4, to_browser_r, from_browser_w),  # 3 and 4 are set by wire_fds
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        self.session: str | None = None

    def close(self) -> None:
        """End the browser."""
        with contextlib.suppress(OSError, CheckFailed):
            self.send("Browser.close", session=False)
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
        os.close(self._to_browser)
        os.close(self._from_browser)

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise CheckFailed("the browser did not answer in time")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise CheckFailed("the browser closed its protocol pipe (did it start?)")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def send(self, method: str, params: dict[str, Any] | None = None, *, session: bool = True) -> Any:
        """Call a protocol method and return its result."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + 30
        while True:
            answer = self._read_message(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise CheckFailed(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self._events.append(answer)

    def wait_event(self, method: str, timeout: float = 30) -> None:
        """Wait for a protocol event (e.g. ``Page.loadEventFired``)."""
        deadline = time.monotonic() + timeout
        while True:
            for index, event in enumerate(self._events):
                if event.get("method") == method:
                    del self._events[: index + 1]
                    return
            self._events.append(self._read_message(deadline))

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise CheckFailed(f"script error: {result['exceptionDetails'].get('text')}: {expression}")
        return result["result"].get("value")

    def open(self, url: str) -> None:
        """Load a URL and wait until it has loaded."""
        self._events.clear()
        self.send("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired")

    def screenshot(self, path: Path) -> None:
        """Save what the viewport shows as a PNG."""
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))
        print(f"docs-check: screenshot {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    def poll(self, expression: str, timeout: float = 20) -> Any:
        """Evaluate until the value is truthy; return it (or the last value after ``timeout``).

        While the page navigates, the browser refuses to evaluate (its old context is gone); that
        counts as "not yet", not as a failure.
        """
        deadline = time.monotonic() + timeout
        while True:
            try:
                value = self.evaluate(expression)
            except CheckFailed as exc:
                if not any(sign in str(exc) for sign in _NAVIGATING):
                    raise
                value = None
            if value or time.monotonic() > deadline:
                return value
            time.sleep(0.2)


def check(browser: Browser, home: str, out: Path) -> None:
    """The reader's path: home page, a navigation link, search, result, reference entry."""
    target = browser.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
    attached = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)
    browser.session = attached["sessionId"]
    browser.send("Page.enable")
    browser.send("Runtime.enable")
    browser.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
    )

    browser.open(home)
    title = browser.evaluate("document.title")
    if "cerebras-management" not in (title or ""):
        raise CheckFailed(f"the home page's title is {title!r}")
    browser.screenshot(out / "home.png")

    # Follow a link of the navigation as a reader clicks it: it must land on a page of the site.
    link = browser.evaluate(
        f"(document.querySelector('a.md-nav__link[href$={json.dumps(PAGE)}]') || {{}}).href || ''"
    )
    if not link:
        raise CheckFailed(f"the home page has no navigation link to {PAGE}")
    browser.evaluate(
        f"setTimeout(() => document.querySelector('a.md-nav__link[href$={json.dumps(PAGE)}]').click(), 0)"
    )
    landed = browser.poll(
        f"location.pathname.endsWith({json.dumps('/' + PAGE)}) && document.readyState === 'complete'"
        " && ((document.querySelector('article h1') || {}).textContent || '').replace('¶', '').trim()"
    )
    if landed != PAGE_TITLE:
        raise CheckFailed(
            f"following the link to {PAGE} showed {landed!r} at {browser.evaluate('location.href')}"
            f" (a directory listing has no article)"
        )
    print(f"docs-check: the navigation link leads to {browser.evaluate('location.href')}")
    browser.screenshot(out / "followed.png")

    # Type into the search box the way a reader does: focus it, then one key at a time.
    if not browser.evaluate("!!document.querySelector('input.md-search__input')"):
        raise CheckFailed("the home page has no search box")
    browser.evaluate("document.querySelector('label[for=__search]').click()")
    browser.evaluate("document.querySelector('input.md-search__input').focus()")
    for char in QUERY:
        browser.send("Input.dispatchKeyEvent", {"type": "keyDown", "text": char, "key": char})
        browser.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": char})
    links = browser.poll(
        "[...document.querySelectorAll('.md-search-result__item a.md-search-result__link')].map(a => a.href)"
    )
    if not links:
        raise CheckFailed(f"searching {QUERY!r} showed no result")
    print(f"docs-check: searching {QUERY!r} showed {len(links)} result(s)")
    browser.screenshot(out / "search.png")
    wanted = [link for link in links if link.endswith("#" + ENTRY)]
    if not wanted:
        raise CheckFailed(f"no result of {QUERY!r} leads to the reference entry #{ENTRY}: {links}")

    # Follow the result as a click would, and check that the entry is there and in view.
    # The click runs after this evaluation has answered: a click that navigates at once would close
    # the page context the answer comes from ("Inspected target navigated or closed").
    browser.evaluate(
        "setTimeout(() => [...document.querySelectorAll('a.md-search-result__link')]"
        f".find(a => a.href.endsWith({json.dumps('#' + ENTRY)})).click(), 0)"
    )
    arrived = browser.poll(
        f"location.hash === {json.dumps('#' + ENTRY)} && document.readyState === 'complete'"
    )
    if not arrived:
        raise CheckFailed(
            f"following the result did not reach #{ENTRY} (at {browser.evaluate('location.href')})"
        )
    heading = browser.poll(f"(document.getElementById({json.dumps(ENTRY)}) || {{}}).textContent || ''")
    if QUERY not in heading:
        raise CheckFailed(f"the reference page has no entry #{ENTRY} naming {QUERY}")
    in_view = browser.evaluate(
        f"(() => {{ const r = document.getElementById({json.dumps(ENTRY)}).getBoundingClientRect();"
        " return r.top >= 0 && r.top < innerHeight; })()"
    )
    if not in_view:
        raise CheckFailed(f"the entry #{ENTRY} is not in view after following the result")
    print(f"docs-check: the result leads to {browser.evaluate('location.pathname + location.hash')}")
    browser.screenshot(out / "reference.png")
    fetched = browser.evaluate(
        "performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith('file:'))"
    )
    if fetched:
        raise CheckFailed(
            f"the site fetched from the network, which a reader offline does not have: {fetched}"
        )


def main(argv: list[str] | None = None) -> int:
    """Run the check; 0 when the reader's path works, 1 (naming the problem) when not."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "docs")
    parser.add_argument("--browser", default=os.environ.get("CHROMIUM", "chromium"))
    args = parser.parse_args(argv)
    executable = shutil.which(args.browser)
    if executable is None:
        print(f"docs-check: {args.browser!r} not found (Debian: apt-get install chromium)", file=sys.stderr)
        return 1
    if not (args.site / "index.html").exists():
        print(f"docs-check: {args.site}/index.html is missing: run `make docs` first", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    home = (args.site / "index.html").resolve().as_uri()  # as the README says: open site/index.html
    print(f"docs-check: opening {home}")
    with tempfile.TemporaryDirectory(prefix="docs-check-") as profile:
        browser = Browser(executable, Path(profile))
        try:
            check(browser, home, args.out)
        except CheckFailed as error:
            print(f"docs-check: FAILED: {error}", file=sys.stderr)
            return 1
        finally:
            browser.close()
    print("docs-check: ok")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
