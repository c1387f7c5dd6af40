"""Headless Chromium driven through the Chrome DevTools Protocol over a pipe: what a test
needs to use a page as a person would (open it, type, press Enter, click, read it, take a
screenshot), with the standard library only.

Chromium is started with --remote-debugging-pipe: it reads JSON commands, each ended by a
NUL byte, from file descriptor 3 and writes answers and events to descriptor 4. No port is
opened, so nothing else on the machine can talk to it. Every wait is bounded.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

# Flags for a browser that leaves nothing behind and asks nothing of the network but the
# pages it is sent to.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-default-apps", "--disable-extensions", "--mute-audio",
         "--window-size=1280,900", "--remote-debugging-pipe")  # fmt: skip
TIMEOUT = 30.0


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class BrowserError(Exception):
    pass


class Chromium:
    def __init__(self, executable: str, profile: Path) -> None:
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()

        def on_3_and_4() -> None:  # in the child, before exec
            # Through fresh descriptors, so neither target is one of the sources.
            read, write = os.dup(to_browser_read), os.dup(from_browser_write)
            os.dup2(read, 3)
            os.dup2(write, 4)

        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=on_3_and_4,
            close_fds=False,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        self.session = self._attach()

    def _attach(self) -> str:
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        session = str(self.call("Target.attachToTarget", targetId=page["targetId"],
                                flatten=True)["sessionId"])  # fmt: skip
        self.call("Page.enable", session=session)
        return session

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        answer = self._wait(lambda m, i=self._next_id: m.get("id") == i)
        if "error" in answer:
            raise BrowserError(f"{method}: {answer['error']}")
        return dict(answer.get("result", {}))

    def _wait(self, wanted: Any) -> dict[str, Any]:
        for i, event in enumerate(self._events):
            if wanted(event):
                return self._events.pop(i)
        deadline = time.monotonic() + TIMEOUT
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message = json.loads(raw)
                if wanted(message):
                    return dict(message)
                if "method" in message:
                    self._events.append(message)
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise BrowserError("Chromium did not answer in time")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise BrowserError("Chromium closed the pipe")
            self._buffer += chunk

    # -- a page, as a person uses it -----------------------------------------------------

    def _until_loaded(self, action: Any) -> None:
        self._events = [e for e in self._events if e.get("method") != "Page.loadEventFired"]
        action()
        self._wait(lambda m: m.get("method") == "Page.loadEventFired")

    def open(self, url: str) -> None:
        self._until_loaded(lambda: self.call("Page.navigate", session=self.session, url=url))

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", session=self.session, expression=expression,
                           returnByValue=True)  # fmt: skip
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def type_into(self, selector: str, text: str) -> None:
        self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
        self.evaluate(f"document.querySelector({json.dumps(selector)}).select()")
        self.call("Input.insertText", session=self.session, text=text)

    def press_enter(self) -> None:
        def press() -> None:
            for kind in ("keyDown", "keyUp"):
                self.call("Input.dispatchKeyEvent", session=self.session, type=kind,
                          key="Enter", code="Enter", windowsVirtualKeyCode=13,
                          text="\r" if kind == "keyDown" else "")  # fmt: skip

        self._until_loaded(press)

    def click(self, selector: str) -> None:
        """Click the element as a mouse would, in the middle of where it is drawn."""
        box = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )

        def press() -> None:
            for kind in ("mousePressed", "mouseReleased"):
                self.call("Input.dispatchMouseEvent", session=self.session, type=kind,
                          x=box[0], y=box[1], button="left", clickCount=1)  # fmt: skip

        self._until_loaded(press)

    def screenshot(self, path: Path) -> None:
        shot = self.call("Page.captureScreenshot", session=self.session, format="png")
        path.write_bytes(base64.b64decode(shot["data"]))

    def close(self) -> None:
        with contextlib.suppress(BrowserError, OSError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._to_browser, self._from_browser):
            os.close(fd)
