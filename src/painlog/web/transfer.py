"""Export and Import: download the diary as painlog's JSON, upload a painlog export or a
Flaredown CSV.

An upload is limited in size as it arrives (``security.limited``), then
streamed into a private temporary folder (mode 0700, the file 0600) under
its own name, so the summary names the file as ``painlog import`` does. The
import runs in one transaction through the CLI's services: all of it, or
on any problem none, and the page shows the CLI's own summary. As the CLI
does, a copy of the diary as it was is kept beside it first. A file that
cannot be used gives the form again with one sentence.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session
from starlette.background import BackgroundTask
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from painlog.errors import BadInput
from painlog.render.exchange import import_text
from painlog.render.flaredown import flaredown_text
from painlog.services.flaredown import ChooseUser
from painlog.web.forms import FormState
from painlog.web.render import render
from painlog.web.security import read_form
from painlog.web.state import in_diary, served
from painlog.when import local_now

IMPORT_LIMIT = 64 * 1024 * 1024  # a 20-year diary's export is well under this
CHUNK = 1024 * 1024
FORMATS = (("auto", "Find out from the file"), ("painlog", "painlog export (JSON)"),
           ("flaredown", "Flaredown CSV"))  # fmt: skip
TRANSFER_FIELDS = {"file": "file", "format": "format", "user": "user"}


def _page(request: Request, form: FormState, status: int = 200, **extra: Any) -> Response:
    context = {"form": form, "formats": FORMATS, **extra}
    return render(request, "transfer.html", context, status)


async def show_transfer(request: Request) -> Response:
    return _page(request, FormState(values={"format": "auto"}))


def _remove_later(folder: Path) -> BackgroundTask:
    return BackgroundTask(shutil.rmtree, folder, ignore_errors=True)


async def export(request: Request) -> Response:
    """The whole diary as painlog's JSON, written to a private temporary file, then sent."""
    from painlog.services.exchange import export_diary

    folder = Path(tempfile.mkdtemp(prefix="painlog-export-"))
    name = f"painlog-{local_now().date().isoformat()}.json"
    target = folder / name

    def write(session: Session) -> None:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with open(fd, "w", encoding="utf-8") as handle:
            export_diary(session=session, out=handle)

    try:
        await in_diary(request, write)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        target,
        media_type="application/json",
        filename=name,
        background=_remove_later(folder),
    )


def _safe_name(filename: str | None) -> str:
    """The upload's own name without any folder, in characters every file system takes."""
    base = Path((filename or "").replace("\\", "/")).name
    cleaned = re.sub(r"[^A-Za-z0-9._ -]", "_", base).strip(" .")[:120]
    return cleaned or "upload"


@contextmanager
def _private_copy(upload: UploadFile) -> Iterator[Path]:
    """The upload streamed into a private temporary folder, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="painlog-import-"))
    try:
        path = folder / _safe_name(upload.filename)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with open(fd, "wb") as out:
            upload.file.seek(0)
            while chunk := upload.file.read(CHUNK):
                out.write(chunk)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _format(chosen: str, path: Path) -> str:
    if chosen in ("painlog", "flaredown"):
        return chosen
    if chosen != "auto":
        raise BadInput(
            f'The kind of file must be a painlog export or a Flaredown CSV, not "{chosen}".',
            field="format",
        )
    with path.open("rb") as handle:
        start = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return "painlog" if start.startswith(b"{") else "flaredown"


async def import_file(request: Request) -> Response:
    try:
        posted = await read_form(request, max_bytes=IMPORT_LIMIT)
    except HTTPException as exc:
        if exc.status_code != 413:
            raise
        form = FormState(values={"format": "auto"})
        form.errors = {
            "file": f"The file is larger than painlog takes here ({IMPORT_LIMIT // 2**20} MB at "
            "most); nothing was imported."
        }
        return _page(request, form, 413)
    form = FormState.from_form(posted)
    form.values.setdefault("format", "auto")
    upload = posted.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename or upload.size == 0:
        form.errors = {
            "file": "Choose a file to import: a painlog export (.json) or a Flaredown CSV; "
            "nothing was imported."
        }
        return _page(request, form, 400)
    with _private_copy(upload) as path:
        try:
            return await _import(request, form, path)
        except ChooseUser as exc:  # the CLI's sentence names --user; the page has a box
            asked = form.text("user")
            form.errors = {
                "user": (
                    f'No one Flaredown user in {path.name} has an id starting "{asked}"; '
                    if asked
                    else f"{path.name} holds {len(exc.users)} Flaredown users; "
                )
                + "type the start of one user's id here (they are listed below) and choose "
                "the file again. Nothing was imported."
            }
            return _page(request, form, 400, users=exc.users)
        except BadInput as exc:
            form.refused(exc, names={"": "file", **TRANSFER_FIELDS})
            return _page(request, form, 400)


async def _import(request: Request, form: FormState, path: Path) -> Response:
    from painlog.storage.maintenance import snapshot

    kind = _format(form.value("format"), path)
    user = form.text("user")
    if kind == "painlog" and user is not None:
        raise BadInput("A Flaredown user applies to a Flaredown CSV only.", field="user")
    diary = served(request).path

    def work(session: Session) -> str:
        if kind == "painlog":
            from painlog.services.exchange import import_diary

            return import_text(import_diary(session=session, path=path))
        from painlog.services.flaredown import import_flaredown

        return flaredown_text(import_flaredown(session=session, path=path, user=user))

    copy = snapshot(diary, "import")
    try:
        summary = await in_diary(request, work, write=True)
    except BaseException:
        if copy is not None:
            copy.unlink(missing_ok=True)
        raise
    kept = f"The diary as it was before this import is kept at {copy}." if copy else ""
    return _page(request, FormState(values={"format": "auto"}), summary=summary, kept=kept)


ROUTES = [
    Route("/transfer", show_transfer, methods=["GET"], name="transfer"),
    Route("/transfer/export", export, methods=["GET"], name="export"),
    Route("/transfer/import", import_file, methods=["POST"], name="import"),
]
