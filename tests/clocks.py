"""Run the clock-sensitive tests at the awkward moments of the calendar.

``make test-clocks`` (and CI) runs every test marked ``clock`` once per moment
below. In-process tests see the moment through time-machine (conftest's
``PAINLOG_TEST_NOW``); where libfaketime is installed (Debian's ``faketime``)
the whole process tree runs on that clock too, so the tests that start
painlog in a subprocess see it as well.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# (time zone, local time, why this moment)
MOMENTS = [
    ("Europe/Berlin", "2026-11-30T00:30:00", "Monday just after midnight"),
    ("Europe/Berlin", "2026-12-01T06:00:00", "early morning"),
    ("Europe/Berlin", "2026-12-01T06:58:00", "the morning the suite once failed"),
    ("Europe/Berlin", "2026-12-02T08:59:00", "just before nine"),
    ("Europe/Berlin", "2026-12-03T23:59:00", "a minute before midnight"),
    ("Europe/Berlin", "2026-12-06T23:59:30", "Sunday just before midnight"),
    ("Europe/Berlin", "2026-12-31T23:59:00", "New Year's Eve"),
    ("Europe/Berlin", "2027-01-01T00:30:00", "New Year's morning"),
    ("Europe/Berlin", "2027-03-28T03:30:00", "spring change day, just after the gap"),
    ("Europe/Berlin", "2027-10-31T03:30:00", "autumn change day, just after the repeat"),
    ("America/New_York", "2027-03-14T03:30:00", "spring change day, just after the gap"),
    ("America/New_York", "2027-11-07T02:30:00", "autumn change day, just after the repeat"),
    ("America/New_York", "2026-12-06T23:59:30", "Sunday just before midnight"),
]


def _command(zone: str, moment: str, faketime: str | None, basetemp: Path) -> list[str]:
    command = [
        sys.executable, "-m", "pytest", "-q", "-m", "clock", "-p", "no:cacheprovider",
        f"--basetemp={basetemp}",
        *os.environ.get("PAINLOG_CLOCK_ARGS", "").split(),  # e.g. "-k test_when" to try it
    ]  # fmt: skip
    return [faketime, moment.replace("T", " "), *command] if faketime else command


def main() -> int:
    """Two moments at a time (the machine has two cores), each in its own temp folder."""
    faketime = shutil.which("faketime")
    if faketime is None:
        print("test-clocks: faketime is not installed; subprocesses run on the real clock.")
    jobs = int(os.environ.get("PAINLOG_CLOCK_JOBS", "2"))
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="painlog-clocks-") as folder:
        pending = list(enumerate(MOMENTS))
        running: list[tuple[str, subprocess.Popen[str], Path]] = []
        while pending or running:
            while pending and len(running) < jobs:
                index, (zone, moment, why) = pending.pop(0)
                env = {
                    **os.environ,
                    "TZ": zone,
                    "PAINLOG_TEST_TZ": zone,
                    "PAINLOG_TEST_NOW": moment,
                }
                log = Path(folder) / f"{index}.log"
                command = _command(zone, moment, faketime, Path(folder) / f"t{index}")
                with log.open("w") as out:
                    process = subprocess.Popen(command, env=env, stdout=out, stderr=out, text=True)
                running.append((f"{moment} {zone} ({why})", process, log))
            name, process, log = running[0]
            process.wait()
            running.pop(0)
            lines = log.read_text(errors="replace").strip().splitlines()
            print(f"test-clocks: {name}: {lines[-1] if lines else 'no output'}", flush=True)
            if process.returncode != 0:
                print(log.read_text(errors="replace")[-6000:])
                failed.append(name)
    if failed:
        print("test-clocks: failed at " + "; ".join(failed))
        return 1
    print(f"test-clocks: passed at all {len(MOMENTS)} moments")
    return 0


if __name__ == "__main__":
    sys.exit(main())
