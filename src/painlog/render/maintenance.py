"""Backups and integrity checks, reported plainly."""

from __future__ import annotations

from painlog.storage.maintenance import Backup, CheckReport


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    raise AssertionError


def check_text(report: CheckReport) -> str:
    lines = [f"Checked the diary at {report.path} (schema {report.revision})."]
    if report.healthy:
        lines.append("  integrity: ok")
        lines.append("  links between records: ok")
        if report.counts:
            held = ", ".join(f"{count:,} {label}" for label, count in report.counts.items())
            lines.append(f"  holds: {held}")
        lines.append("The diary is healthy.")
        return "\n".join(lines)
    lines += [f"  {problem}" for problem in report.problems]
    lines.append(
        "The diary is damaged. Keep this file as it is; restore your latest backup "
        "(painlog db backup makes one) or ask for help before changing it."
    )
    return "\n".join(lines)


def backup_text(backup: Backup) -> str:
    if backup.check.healthy:
        held = backup.check.counts
        return (
            f"Backed up the diary to {backup.path} ({_size(backup.size)}; "
            f"{held.get('entries', 0):,} entries, {held.get('check-ins', 0):,} check-ins); "
            "the copy passed the integrity check."
        )
    return (
        f"Backed up the diary to {backup.path}, but the copy FAILED the integrity check:\n"
        + "\n".join(f"  {p}" for p in backup.check.problems)
        + "\nThe diary itself may be damaged; run painlog db check."
    )
