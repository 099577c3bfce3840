"""``make bench``'s web cases: a real ``painlog serve`` on a copy of the 10-year diary.

Each request goes over real HTTP on 127.0.0.1 (the standard library's
``http.client``, one kept-alive connection per client), signed in as a
browser is: the printed address's one-time key for the session cookie, the
CSRF token from the page's form. The targets are the issue's, in
milliseconds on this machine (there is no baseline a web page could be a
ratio of): a save (POST to its redirect) median at most 30 ms and 95th
percentile at most 60 ms, the week page at most 50 ms, the trends page at
most 1 s; then 20 clients at once, 200 requests each, half of them saves:
no error, no entry lost, and the server's resident memory after it all
under 250 MB.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

ADDRESS = re.compile(r"http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_\-]+)")

SAVE_MEDIAN_MS = 30.0
SAVE_P95_MS = 60.0
WEEK_MS = 50.0
TRENDS_MS = 1000.0
CLIENTS = 20
REQUESTS_EACH = 200
RSS_LIMIT_MB = 250.0


class Client:
    """One browser-like client: a kept-alive connection and the session cookie."""

    def __init__(self, port: int, cookie: str) -> None:
        self.port = port
        self.cookie = cookie
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(
        self, method: str, path: str, fields: list[tuple[str, str]] | None = None
    ) -> tuple[int, str]:
        headers = {"Host": f"127.0.0.1:{self.port}", "Cookie": self.cookie}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")

    def close(self) -> None:
        self.connection.close()


def start_server(db: Path, env: dict[str, str]) -> tuple[subprocess.Popen[str], int, str]:
    painlog = str(Path(sys.executable).parent / "painlog")
    process = subprocess.Popen(
        [painlog, "serve", "--no-browser", "--db", str(db)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    lines = []
    deadline = time.monotonic() + 60
    for line in process.stdout:
        lines.append(line)
        match = ADDRESS.search(line)
        if match:
            threading.Thread(target=process.stdout.read, daemon=True).start()  # keep it drained
            return process, int(match.group(1)), match.group(2)
        if time.monotonic() > deadline:
            break
    process.kill()
    raise SystemExit(f"painlog serve printed no address:\n{''.join(lines)}")


def sign_in(port: int, token: str) -> str:
    """The session cookie the one-time key is exchanged for, as a Cookie header."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", f"/?token={token}", headers={"Host": f"127.0.0.1:{port}"})
    response = connection.getresponse()
    response.read()
    connection.close()
    cookie = response.getheader("set-cookie") or ""
    if response.status not in (302, 303) or not cookie:
        raise SystemExit(f"signing in answered {response.status} without a session cookie")
    return cookie.split(";", 1)[0]


class _LogForm(HTMLParser):
    """What a browser sends for the Log form as shown: hidden fields, ticked boxes and
    chosen radios, selected options (the settings' usual place and type are ticked)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.select: str | None = None
        self.fields: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action") == "/log"
        if not self.inside:
            return
        kind = a.get("type", "text")
        if tag == "input" and "name" in a:
            if kind == "hidden" or (kind in ("checkbox", "radio") and "checked" in a):
                self.fields.append((a["name"], a.get("value", "on")))
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.fields.append((self.select, a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


def log_form(client: Client) -> list[tuple[str, str]]:
    """The Log page's form as a browser sends it, with a pain of 5."""
    status, page = client.request("GET", "/")
    if status != 200:
        raise SystemExit(f"the Log page answered {status}")
    reader = _LogForm()
    reader.feed(page)
    fields = [(name, value) for name, value in reader.fields if name != "pain"]
    if "csrf" not in dict(fields):
        raise SystemExit("the Log page's form has no CSRF token")
    return [*fields, ("pain", "5")]


def earlier(fields: list[tuple[str, str]], n: int) -> list[tuple[str, str]]:
    """The form with "Another time": the ``n``-th of a spread of days over the ten years, so
    thousands of saves do not all pile onto today (a week page of 2,000 entries)."""
    day = date(2016, 12, 1) + timedelta(days=(n * 7919) % 3600)
    kept = [(k, v) for k, v in fields if k not in ("when", "date", "time")]
    return [*kept, ("when", "earlier"), ("date", day.isoformat()), ("time", "12:00")]


def _timed(
    client: Client, method: str, path: str, fields: list[tuple[str, str]] | None = None
) -> float:
    started = time.perf_counter()
    status, page = client.request(method, path, fields)
    elapsed = (time.perf_counter() - started) * 1000
    expected = 303 if fields is not None else 200
    if status != expected:
        said = re.findall(r'class="error[^"]*"[^>]*>(.*?)</p>', page, re.S)
        raise SystemExit(f"{method} {path} answered {status}, not {expected}: {said}")
    return elapsed


def _entries(db: Path) -> int:
    connection = sqlite3.connect(db)
    try:
        return int(connection.execute("SELECT count(*) FROM entries").fetchone()[0])
    finally:
        connection.close()


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise SystemExit("the server's memory could not be read")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(db: Path, runs: int) -> list[dict[str, object]]:
    """Every web case on ``db`` (a copy the saves may change), as bench results."""
    config = db.parent / "web-config.toml"  # a number and Save is a whole entry
    config.write_text('where = ["lower-back"]\ntype = "spasticity"\n')
    env = {**os.environ, "PAINLOG_CONFIG": str(config)}
    process, port, token = start_server(db, env)
    results: list[dict[str, object]] = []
    try:
        cookie = sign_in(port, token)
        client = Client(port, cookie)
        fields = log_form(client)
        saves_n = max(40, runs * 4)
        for n in range(5):  # warm up: the first requests import and compile what they need
            _timed(client, "POST", "/log", earlier(log_form(client), n))
            _timed(client, "GET", "/week")
        _timed(client, "GET", "/trends")
        # The floor: what any request costs here (the server's own CSS, no diary).
        floor = [_timed(client, "GET", "/static/painlog.css") for _ in range(max(20, runs * 2))]
        # The pages first, on the diary as it is; then the saves.
        weeks = [_timed(client, "GET", "/week") for _ in range(max(20, runs * 2))]
        trends = [_timed(client, "GET", "/trends") for _ in range(max(5, runs // 2))]
        # Each save sends a freshly shown form, as a browser does: the form's one-time key
        # makes a second send of the same form a no-op that saves nothing.
        saves = [
            _timed(client, "POST", "/log", earlier(log_form(client), 10 + n))
            for n in range(saves_n)
        ]
        client.close()
        save_median, save_p95 = statistics.median(saves), _percentile(saves, 0.95)
        week_median, trends_median = statistics.median(weeks), statistics.median(trends)
        results += [
            _result("web: save an entry (POST to redirect), median", save_median, SAVE_MEDIAN_MS,
                    len(saves)),
            _result("web: save an entry, 95th percentile", save_p95, SAVE_P95_MS, len(saves)),
            _result("web: the week page", week_median, WEEK_MS, len(weeks)),
            _result("web: the trends page (12 weeks)", trends_median, TRENDS_MS, len(trends)),
            _result("web: a static file (any request's floor)", statistics.median(floor), None,
                    len(floor)),
        ]  # fmt: skip
        results.append(_concurrent(port, cookie, fields, db, process.pid))
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    return results


def _result(name: str, ms: float, target: float | None, runs: int) -> dict[str, object]:
    """A timed case; with no target it is there to read the others by."""
    ok = target is None or ms <= target
    return {"case": name, "ms": round(ms, 2), "target_ms": target, "ok": ok, "runs": runs}


def _concurrent(
    port: int, cookie: str, fields: list[tuple[str, str]], db: Path, pid: int
) -> dict[str, object]:
    """20 clients at once, 200 requests each: the Log page, then its save, 100 times."""
    before = _entries(db)
    errors: list[str] = []
    saved = [0] * CLIENTS
    lock = threading.Lock()

    def work(index: int) -> None:
        client = Client(port, cookie)
        try:
            for n in range(REQUESTS_EACH // 2):  # open the Log page, then save it
                shown = log_form(client)
                status, _ = client.request("POST", "/log", earlier(shown, 1000 * index + n))
                if status != 303:
                    with lock:
                        errors.append(f"POST /log answered {status}")
                else:
                    saved[index] += 1
        except (OSError, http.client.HTTPException, SystemExit) as exc:
            with lock:
                errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            client.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    added = _entries(db) - before
    rss = _rss_mb(pid)
    ok = not errors and added == sum(saved) == CLIENTS * REQUESTS_EACH // 2 and rss < RSS_LIMIT_MB
    return {
        "case": f"web: {CLIENTS} clients x {REQUESTS_EACH} requests, half saves",
        "requests": CLIENTS * REQUESTS_EACH,
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
        "saves_answered": sum(saved),
        "entries_added": added,
        "server_rss_mb": round(rss, 1),
        "rss_limit_mb": RSS_LIMIT_MB,
        "seconds": round(elapsed, 2),
        "ok": ok,
    }


def print_results(results: list[dict[str, object]]) -> None:
    for result in results:
        verdict = "ok" if result["ok"] else "OVER"
        if "ms" in result:
            target = result["target_ms"]
            wanted = f"target {target:>6.0f} ms  {verdict}" if target else "(no target)"
            print(f"{result['case']:<52} {result['ms']:>9.1f} ms  {wanted}", flush=True)
        else:
            print(
                f"{result['case']:<52} {result['requests']} requests in {result['seconds']} s: "
                f"{result['errors']} errors, {result['entries_added']} entries added for "
                f"{result['saves_answered']} saves answered, server {result['server_rss_mb']} MB "
                f"(limit {result['rss_limit_mb']:.0f})  {verdict}",
                flush=True,
            )
            if result["first_error"]:
                print(f"  first error: {result['first_error']}")
