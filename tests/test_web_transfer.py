"""Export and Import on the page: the JSON download, and uploads all or nothing."""

from __future__ import annotations

import html
import re
import stat
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from painlog.web import transfer
from tests.conftest import CliRun, count_rows, dump
from tests.web_helpers import csrf, error_beside, make_client
from tests.web_seed import seeded, seeded_template

__all__ = ["seeded", "seeded_template"]  # fixtures

FLAREDOWN = Path(__file__).parent / "data" / "flaredown-sample.csv"


def _upload(web: TestClient, name: str, data: bytes, **fields: str) -> tuple[int, str]:
    token = csrf(web.get("/transfer").text)
    answer = web.post(
        "/transfer/import",
        data={"csrf": token, "format": "auto", **fields},
        files={"file": (name, data)},
    )
    return answer.status_code, answer.text


def _summary(page: str) -> str:
    found = re.search(r'<pre class="summary">(.*?)</pre>', page, re.S)
    assert found, "no import summary on the page"
    return found.group(1)


def test_export_then_import_into_a_new_diary(
    web: TestClient, seeded: Path, tmp_path: Path, cli: CliRun
) -> None:
    answer = web.get("/transfer/export")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert re.fullmatch(
        r'attachment; filename="painlog-\d{4}-\d\d-\d\d\.json"',
        answer.headers["content-disposition"],
    )
    exported = answer.content
    assert exported.startswith(b"{") and b'"format": "painlog-export"' in exported
    other_db = tmp_path / "other.db"
    other = make_client(other_db)
    with other:
        status, page = _upload(other, "mine.json", exported)
        assert status == 200, re.findall(r'class="error"[^>]*>(.*?)</p>', page)
        entries = count_rows(seeded)
        summary = html.unescape(_summary(page))
        # The very summary painlog import prints for the same file.
        (tmp_path / "mine.json").write_bytes(exported)
        said = cli("import", str(tmp_path / "mine.json"), "--db", str(tmp_path / "third.db"))
        assert said.exit_code == 0, said.output
        assert summary == said.output.strip()
        assert f"{entries:,} added" in summary.splitlines()[1]
        assert count_rows(other_db) == entries
        again = html.unescape(
            _summary(_upload(other, "mine.json", exported)[1])
        )  # the same file adds nothing
        assert f"{entries:,} unchanged" in again
        assert count_rows(other_db) == entries
    other.app.state.served.close()  # type: ignore[attr-defined]


def test_a_flaredown_csv_with_two_people_asks_which_then_imports(
    web: TestClient, db_path: Path, cli: CliRun, tmp_path: Path
) -> None:
    data = FLAREDOWN.read_bytes()
    status, page = _upload(web, "flaredown.csv", data)
    assert status == 400
    assert "flaredown.csv holds 2 Flaredown users" in error_beside(page, "user")
    users = [html.unescape(u) for u in re.findall(r'<tr><th scope="row">([^<]+)</th>', page)]
    assert len(users) == 2
    status, page = _upload(web, "flaredown.csv", data, user="nobody")
    assert status == 400
    assert 'No one Flaredown user in flaredown.csv has an id starting "nobody"' in error_beside(
        page, "user"
    )
    assert count_rows(db_path, "day_checkins") == 0
    status, page = _upload(web, "flaredown.csv", data, user=users[0])
    assert status == 200, re.findall(r'class="error"[^>]*>(.*?)</p>', page)
    said = cli(
        "import", str(FLAREDOWN), "--format", "flaredown", "--user", users[0],
        "--db", str(tmp_path / "cli.db"),
    )  # fmt: skip
    assert said.exit_code == 0, said.output
    expected = said.output.strip().replace("flaredown-sample.csv", "flaredown.csv")
    assert html.unescape(_summary(page)) == expected
    assert count_rows(db_path, "day_checkins") > 0


BAD_FILES = [
    ("notes.json", b"just some notes\n", "file", "notes.json"),
    ("other.json", b'{"format": "something-else"}', "file", "is not a painlog export"),
    ("cut.json", b'{"format": "painlog-export", "format_version": 1, "entries": [{', "file",
     "cut.json"),
    ("mine.json", b'{"format": "painlog-export"}', "user", "applies to a Flaredown CSV only"),
    ("empty.json", b"", "file", "Choose a file to import"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data", "field", "sentence"), BAD_FILES)
def test_a_bad_file_changes_nothing_and_says_why(
    web: TestClient, seeded: Path, name: str, data: bytes, field: str, sentence: str
) -> None:
    before = dump(seeded)
    extra = {"user": "4f1c", "format": "painlog"} if field == "user" else {}
    status, page = _upload(web, name, data, **extra)
    assert status == 400
    said = error_beside(page, field)
    assert sentence in said and "Traceback" not in page
    assert page.count('class="error"') == 1
    assert dump(seeded) == before
    assert not list(seeded.parent.glob("diary-before-import-*"))  # no copy kept for nothing


def test_a_file_over_the_limit_is_refused(
    web: TestClient, seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transfer, "IMPORT_LIMIT", 1024)
    before = dump(seeded)
    status, page = _upload(web, "big.json", b"{" + b" " * 4096 + b"}")
    assert status == 413
    assert "larger than painlog takes here" in error_beside(page, "file")
    assert dump(seeded) == before


def test_an_upload_without_the_form_token_is_refused(web: TestClient, seeded: Path) -> None:
    before = dump(seeded)
    answer = web.post(
        "/transfer/import", data={"format": "auto"}, files={"file": ("x.json", b"{}")}
    )
    assert answer.status_code == 403
    assert dump(seeded) == before


def test_the_private_copy_is_private_and_removed(tmp_path: Path) -> None:
    import io

    from starlette.datastructures import UploadFile

    upload = UploadFile(io.BytesIO(b"x" * 3000), filename="../../etc/My diary.json")
    with transfer._private_copy(upload) as path:
        assert path.name == "My diary.json"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        assert path.read_bytes() == b"x" * 3000
    assert not path.exists() and not path.parent.exists()
