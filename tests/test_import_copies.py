"""The safety copy before an import: kept only when the import changed something, five at most."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import CliRun
from tests.exchange_helpers import synthetic_export


def copies(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f"{db.stem}-before-import-*.db"))


def test_an_import_that_changes_nothing_keeps_no_copy(
    cli: CliRun, db_path: Path, tmp_path: Path
) -> None:
    export = tmp_path / "in.json"
    export.write_text(synthetic_export(3))
    assert cli("log", "5", "-w", "neck", "-q").exit_code == 0
    first = cli("import", str(export))
    assert first.exit_code == 0, first.output
    [kept] = copies(db_path)
    assert f"kept at {kept}" in first.stdout
    again = cli("import", str(export))
    assert again.exit_code == 0, again.output
    assert "kept at" not in again.stdout
    assert copies(db_path) == [kept]


def test_an_import_that_adds_only_an_own_term_keeps_its_copy(
    cli: CliRun, db_path: Path, tmp_path: Path
) -> None:
    assert cli("log", "5", "-w", "neck", "-q").exit_code == 0
    export = tmp_path / "out.json"
    assert cli("export", "-o", str(export)).exit_code == 0
    assert cli("vocab", "add", "trigger", "tight jeans").exit_code == 0
    other = tmp_path / "other.db"
    result = cli("--db", str(other), "import", str(export))  # a new diary: nothing to copy
    assert result.exit_code == 0, result.output
    assert "kept at" not in result.stdout
    assert cli("export", "-o", str(tmp_path / "with-term.json")).exit_code == 0
    result = cli("--db", str(other), "import", str(tmp_path / "with-term.json"))
    assert result.exit_code == 0, result.output
    assert len(copies(other)) == 1  # the own term was new to that diary


def test_only_the_five_newest_copies_are_kept(cli: CliRun, db_path: Path, tmp_path: Path) -> None:
    assert cli("log", "5", "-w", "neck", "-q").exit_code == 0
    export = tmp_path / "in.json"
    seen: list[Path] = []
    for count in range(1, 8):  # every import adds one entry more
        export.write_text(synthetic_export(count))
        result = cli("import", str(export))
        assert result.exit_code == 0, result.output
        [line] = [x for x in result.stdout.splitlines() if "kept at" in x]
        seen.append(Path(line.split("kept at ", 1)[1].removesuffix(".")))
    assert copies(db_path) == sorted(seen[-5:])
