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


def main() -> int:
    faketime = shutil.which("faketime")
    if faketime is None:
        print("test-clocks: faketime is not installed; subprocesses run on the real clock.")
    failed = []
    for zone, moment, why in MOMENTS:
        env = {**os.environ, "TZ": zone, "PAINLOG_TEST_TZ": zone, "PAINLOG_TEST_NOW": moment}
        command = [sys.executable, "-m", "pytest", "-q", "-m", "clock", "-p", "no:cacheprovider"]
        if faketime is not None:
            command = [faketime, moment.replace("T", " "), *command]
        print(f"test-clocks: {moment} {zone} ({why})", flush=True)
        result = subprocess.run(command, env=env, check=False)
        if result.returncode != 0:
            failed.append(f"{moment} {zone}")
    if failed:
        print("test-clocks: failed at " + "; ".join(failed))
        return 1
    print(f"test-clocks: passed at all {len(MOMENTS)} moments")
    return 0


if __name__ == "__main__":
    sys.exit(main())
