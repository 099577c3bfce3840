"""Summaries of exports and imports, as text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from painlog.services.exchange import ExportSummary, ImportSummary, Tally

if TYPE_CHECKING:
    from painlog.services.fhir import FhirSummary


def _tally(label: str, tally: Tally) -> str:
    text = (
        f"  {label:<10}{tally.added:>8,} added · {tally.updated:,} updated · "
        f"{tally.unchanged:,} unchanged"
    )
    if tally.kept:
        text += f" · {tally.kept:,} kept (changed more recently in this diary)"
    return text


def import_text(summary: ImportSummary) -> str:
    lines = [
        f"Imported {summary.source}:",
        _tally("entries", summary.entries),
        _tally("check-ins", summary.checkins),
        _tally("events", summary.events),
        _tally("weather", summary.weather),
        f"  {'own terms':<10}{summary.terms_added:>8,} added · "
        f"{summary.terms_known:,} already known",
    ]
    return "\n".join(lines)


def fhir_text(summary: FhirSummary, target: str) -> str:
    kinds = ", ".join(f"{count:,} {kind}" for kind, count in sorted(summary.counts.items()))
    return (
        f"Exported {summary.episodes:,} episode{'s' * (summary.episodes != 1)} and "
        f"{summary.weeks:,} week{'s' * (summary.weeks != 1)} of PEG to {target} "
        f"as one FHIR R4 Bundle: {kinds}."
    )


def export_text(summary: ExportSummary, target: str) -> str:
    deleted = f" ({summary.deleted_entries:,} deleted)" if summary.deleted_entries else ""
    return (
        f"Exported {summary.entries:,} entries{deleted}, {summary.checkins:,} check-ins, "
        f"{summary.events:,} events, {summary.weather_days:,} days of weather and "
        f"{summary.terms:,} own terms to {target}."
    )
