"""A real ``painlog serve`` and a real Chromium, for the browser tests.

The browser is Debian's Chromium (``apt-get install chromium``), driven by
Playwright's Python package; Playwright's own browser download is never
used. ``PAINLOG_CHROMIUM`` names another Chromium. Without one the browser
tests skip, saying why; with ``PAINLOG_REQUIRE_BROWSER=1`` (set by CI) a
missing browser fails them instead.

The server is the real command in its own process, on a free port it picks
itself, with a diary and a settings file under the test's temporary folder;
the harness reads the address and its one-time key from what it prints.
Where libfaketime is installed the server runs on the suite's pinned moment
(ticking from there), so "now" on the page is the same at any hour.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium waits on the closed network for its own services.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ADDRESS = re.compile(r"http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_\-]+)")
START_TIMEOUT = 30.0  # seconds for the server to print its address


def find_chromium() -> str | None:
    """PAINLOG_CHROMIUM, else Debian's /usr/bin/chromium, else chromium on PATH."""
    named = os.environ.get("PAINLOG_CHROMIUM")
    if named:
        return named if os.access(named, os.X_OK) else None
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def require_browser() -> str:
    """The Chromium to drive, or skip (fail under PAINLOG_REQUIRE_BROWSER=1) with the reason."""
    reason = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "the playwright package is not installed (pip install -e '.[test]')"
    chromium = find_chromium()
    if reason is None and chromium is None:
        reason = (
            "no Chromium found: apt-get install chromium, or set PAINLOG_CHROMIUM to one"
            if not os.environ.get("PAINLOG_CHROMIUM")
            else f"PAINLOG_CHROMIUM={os.environ['PAINLOG_CHROMIUM']} is not an executable file"
        )
    if reason is not None:
        if os.environ.get("PAINLOG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"PAINLOG_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(f"browser tests: {reason}")
    assert chromium is not None
    return chromium


@dataclass
class Server:
    """A running ``painlog serve``: its address with the key, its diary, its output."""

    process: subprocess.Popen[str]
    port: int
    token: str
    db: Path
    output: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def signin_url(self) -> str:
        return f"{self.base}/?token={self.token}"

    def text(self) -> str:
        return "".join(self.output)


def server_env(folder: Path) -> dict[str, str]:
    """The environment of a server that can touch nothing outside ``folder``."""
    env = {
        **os.environ,
        "PAINLOG_DB": str(folder / "diary.db"),
        "PAINLOG_CONFIG": str(folder / "config.toml"),
        "HOME": str(folder / "home"),
        "TZ": os.environ.get("TZ", "Europe/Berlin"),
    }
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(folder / var.lower())
    env.pop("PAINLOG_DEBUG", None)
    return env


def _pinned(command: list[str], moment: str | None) -> list[str]:
    faketime = shutil.which("faketime")
    if moment is None or faketime is None:
        return command
    return [faketime, moment, *command]


@contextmanager
def running_server(
    folder: Path, *, db: Path | None = None, moment: str | None = None
) -> Iterator[Server]:
    """``painlog serve --no-browser`` on a diary in ``folder``, stopped with Ctrl-C after.

    ``moment`` ("2026-11-25 10:30:00", local time) starts the server's clock
    there when libfaketime is installed.
    """
    folder.mkdir(parents=True, exist_ok=True)
    env = server_env(folder)
    if db is not None:
        env["PAINLOG_DB"] = str(db)
    command = _pinned([sys.executable, "-m", "painlog", "serve", "--no-browser"], moment)
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output: list[str] = []
    found = threading.Event()
    address: list[tuple[int, str]] = []

    def read() -> None:  # the pipe is drained all along, so the server never blocks on it
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line)
            match = ADDRESS.search(line)
            if match and not address:
                address.append((int(match.group(1)), match.group(2)))
                found.set()
        found.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    found.wait(START_TIMEOUT)
    if not address:
        process.kill()
        process.wait()
        raise RuntimeError(f"painlog serve printed no address:\n{''.join(output)}")
    port, token = address[0]
    server = Server(process, port, token, Path(env["PAINLOG_DB"]), output)
    try:
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        reader.join(timeout=5)


def wait_until(check: object, timeout: float = 5.0) -> bool:
    """Poll ``check()`` until it is true or ``timeout`` seconds pass."""
    assert callable(check)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return bool(check())
