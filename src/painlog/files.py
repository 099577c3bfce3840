"""Writing files that hold health data: private to their owner, never half-written.

Every file painlog writes for the person (exports, summaries, CSV) goes
through here: the target is checked first (never the diary itself, never an
existing file without --force, never a folder), the content is written to a
temporary file beside it (mode 0600), synced, and only then put in place.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TextIO

from painlog.errors import BadInput, PainlogError

Content = bytes | Callable[[BinaryIO], object]  # the bytes, or a function that writes them


def _protected(diary: Path) -> set[Path]:
    """The diary and the files SQLite keeps beside it."""
    return {Path(f"{diary}{suffix}").resolve() for suffix in ("", "-wal", "-shm", "-journal")}


def check_target(path: Path, *, diary: Path | None, force: bool, option: str = "-o") -> None:
    """Refuse a target painlog must not write: the diary, a folder, or an existing file."""
    if diary is not None and path.resolve() in _protected(diary):
        raise BadInput(f"{path} is your diary; choose another name with {option}.")
    parent = path.parent
    if not parent.is_dir():
        raise BadInput(f"The folder {parent} does not exist; create it or choose another {option}.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise BadInput(f"Cannot write in the folder {parent}; choose another place with {option}.")
    if path.is_dir():
        raise BadInput(f"{path} is a folder; give a file name with {option}.")
    if path.exists() and not path.is_file():  # a device, a pipe: --force must not replace it
        raise BadInput(f"{path} is not an ordinary file; choose another name with {option}.")
    if (path.exists() or path.is_symlink()) and not force:
        raise BadInput(
            f"{path} already exists; add --force to replace it, or choose another {option}."
        )


def _sync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); where folders cannot be opened, there is nothing to do."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_private(files: list[tuple[Path, Content]], *, force: bool) -> None:
    """Write each file (mode 0600) through a temporary file; all or, on an error, none new."""
    temporaries: list[tuple[Path, Path]] = []
    try:
        for path, content in files:
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            temporary = Path(name)
            temporaries.append((temporary, path))
            with os.fdopen(handle, "wb") as out:
                if isinstance(content, bytes):
                    out.write(content)
                else:
                    content(out)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, 0o600)
        for _, path in temporaries:
            if path.exists() and not force:  # appeared while the content was being made
                raise BadInput(f"{path} already exists; add --force to replace it.")
        for temporary, path in temporaries:
            os.replace(temporary, path)
            _sync_folder(path.parent)
    finally:
        for temporary, _ in temporaries:
            temporary.unlink(missing_ok=True)


@contextmanager
def private_text_file(path: Path, *, force: bool = False) -> Iterator[TextIO]:
    """Stream UTF-8 text into ``path`` the same way: private, whole or not at all."""
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise PainlogError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        if path.exists() and not force:  # appeared while the content was being made
            raise BadInput(f"{path} already exists; add --force to replace it.")
        os.replace(temporary, path)
        _sync_folder(path.parent)
    finally:
        temporary.unlink(missing_ok=True)
