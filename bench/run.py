"""``make bench``: painlog's speed targets, each a ratio measured in one run.

Builds (once, cached in bench/out/) a 10-year diary of about 20,000 entries
and 3,650 days, then times painlog commands against a baseline command run
in the same session, interleaved, and reports median times and their ratio.
Wall-clock numbers depend on the machine; the ratios are what the targets
are about. Run ``python bench/run.py --help`` for options.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent
PAINLOG = str(BIN / "painlog")
PYTHON = sys.executable
DIARY_VERSION = "2"  # bump when the simulated diary's shape changes
YEARS = 10
ENTRIES_PER_DAY = 5.0


@dataclass
class Case:
    name: str
    command: list[str]
    baseline: list[str]
    target: float  # the largest acceptable ratio
    note: str = ""
    setup: Callable[[Path], None] | None = None
    extra: dict[str, str] = field(default_factory=dict)


IMPORT_BASELINE = [PYTHON, "-c", "import typer, sqlalchemy.orm"]


def build_cases(diary: Path) -> list[Case]:
    db = ["--db", str(diary)]
    return [
        Case(
            name="painlog log (10-year diary)",
            command=[
                PAINLOG,
                "log",
                *db,
                "--pain",
                "5",
                "--type",
                "spasticity",
                "--where",
                "lower-back",
                "--trigger",
                "heat",
                "--remedy",
                "baclofen:10 mg",
            ],
            baseline=IMPORT_BASELINE,
            target=1.25,
            note='baseline: python -c "import typer, sqlalchemy.orm"',
        ),
    ]


def ensure_diary(rebuild: bool) -> Path:
    """The 10-year diary, built through painlog's services the first time."""
    OUT.mkdir(parents=True, exist_ok=True)
    diary = OUT / f"diary-{YEARS}y-v{DIARY_VERSION}.db"
    if diary.exists() and not rebuild:
        return diary
    for stale in OUT.glob(diary.name + "*"):
        stale.unlink()
    from painlog.simulate import record, simulate
    from painlog.storage.diary import diary_session, open_diary
    from painlog.when import local_now

    started = time.perf_counter()
    now = local_now()
    days = list(
        simulate(
            days=365 * YEARS,
            end=now.date(),
            entries_per_day=ENTRIES_PER_DAY,
            checkin_rate=1.0,
            seed=10,
        )
    )
    opened = open_diary(diary)
    with diary_session(opened) as session:
        entries, checkins = record(session=session, days=days, now=now)
    opened.engine.dispose()
    print(
        f"built {diary.name}: {entries} entries, {checkins} check-ins "
        f"in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    return diary


def time_once(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(
            f"benchmark command failed ({done.returncode}): {' '.join(command)}\n{done.stderr}"
        )
    return elapsed


def measure(case: Case, runs: int) -> dict[str, object]:
    for _ in range(2):  # warm the page cache for both
        time_once(case.command)
        time_once(case.baseline)
    ours: list[float] = []
    base: list[float] = []
    for _ in range(runs):  # interleaved, so a busy moment hits both alike
        ours.append(time_once(case.command))
        base.append(time_once(case.baseline))
    ours_median, base_median = statistics.median(ours), statistics.median(base)
    ratio = ours_median / base_median
    return {
        "case": case.name,
        "median_s": round(ours_median, 4),
        "baseline_median_s": round(base_median, 4),
        "ratio": round(ratio, 3),
        "target": case.target,
        "ok": ratio <= case.target,
        "runs": runs,
        "note": case.note,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--runs", type=int, default=15, help="timed runs of each command (default 15)"
    )
    parser.add_argument("--rebuild", action="store_true", help="rebuild the 10-year diary")
    parser.add_argument("--only", help="run only the cases whose name contains this text")
    args = parser.parse_args()

    # Installed packages have compiled bytecode; an editable source tree may not
    # (PYTHONDONTWRITEBYTECODE), which would time the compiler, not painlog.
    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(ROOT / "src"), str(ROOT / "migrations")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    diary = ensure_diary(args.rebuild)
    work = OUT / "work.db"
    shutil.copyfile(diary, work)  # cases that write do so on a copy
    os.chmod(work, 0o600)
    results = []
    print(f"{'case':<40} {'median':>9} {'baseline':>9} {'ratio':>7} {'target':>7}")
    for case in build_cases(work):
        if args.only and args.only not in case.name:
            continue
        result = measure(case, args.runs)
        results.append(result)
        verdict = "ok" if result["ok"] else "OVER"
        print(
            f"{case.name:<40} {result['median_s']:>8.3f}s {result['baseline_median_s']:>8.3f}s "
            f"{result['ratio']:>6.2f}x {case.target:>6.2f}x  {verdict}",
            flush=True,
        )
        if case.note:
            print(f"  {case.note}")
    (OUT / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"\n{len(results)} cases; results in {OUT / 'results.json'}")
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
