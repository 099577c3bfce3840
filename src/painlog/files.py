"""Writing files that hold health data: private to their owner, never half-written.

Every file painlog writes for the person (exports, summaries, CSV, charts) and
every copy it keeps of the diary (backups, safety copies before an import or an
upgrade) goes through here. The target is checked first: never the diary or
the files SQLite keeps beside it, never anything but an ordinary file (a link,
a pipe, a device), and never an existing file without --force. The content is
written to a temporary file beside it (mode 0600, named
``.NAME.painlog-tmp-PID-XXXX``), synced, and only then put in place, so a
kill leaves nothing under the real name; the next run removes temporary files
whose process is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TextIO

from painlog.errors import BadInput, PainlogError
from painlog.oserrors import name_too_long, os_error_sentence
from painlog.storage.header import holds_a_diary

Content = bytes | Callable[[BinaryIO], object]  # the bytes, or a function that writes them

TEMP_MARK = ".painlog-tmp-"
_TEMP_NAME = re.compile(
    r"^\..+\.painlog-tmp-(\d+)-[A-Za-z0-9_]+(?:\.[A-Za-z0-9]+)?(?:-journal|-wal|-shm)?$"
)
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def is_diary_file(path: Path, diary: Path) -> bool:
    """True when ``path`` is the diary or one of SQLite's files beside it (links included)."""
    target = path.resolve()
    target_id = _identity(path)
    for suffix in ("", *SQLITE_SIDE_FILES):
        protected = Path(f"{diary}{suffix}")
        if target == protected.resolve():
            return True
        if target_id is not None and target_id == _identity(protected):
            return True  # a hard link or another spelling of the same file
    return False


def check_target(path: Path, *, diary: Path | None, force: bool, option: str = "-o") -> None:
    """Refuse a target painlog must not write: the diary, a folder, a non-file, an existing file."""
    too_long = name_too_long(path)
    if too_long:
        raise BadInput(too_long)
    if diary is not None and is_diary_file(path, diary):
        raise BadInput(f"{path} is your diary; choose another name with {option}.")
    try:
        info: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise PainlogError(os_error_sentence(exc, path, doing="write")) from exc
    parent = path.parent
    if not parent.is_dir():
        raise BadInput(f"The folder {parent} does not exist; create it or choose another {option}.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise BadInput(f"Cannot write in the folder {parent}; choose another place with {option}.")
    if info is None:
        return
    if stat.S_ISDIR(info.st_mode):
        raise BadInput(f"{path} is a folder; give a file name with {option}.")
    if stat.S_ISLNK(info.st_mode):
        raise BadInput(
            f"{path} is a link to another file; painlog does not write through links, "
            f"even with --force; choose another name with {option}."
        )
    if not stat.S_ISREG(info.st_mode):  # a device, a pipe, a socket
        raise BadInput(
            f"{path} is not an ordinary file, so painlog does not replace it, even with --force; "
            f"choose another name with {option}."
        )
    if holds_a_diary(path):  # any painlog diary, not only the one in use
        raise BadInput(
            f"{path} is a painlog diary, which painlog never replaces, even with --force; "
            f"choose another name with {option}."
        )
    if not force:
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


def temporary_beside(path: Path, *, suffix: str = "") -> Path:
    """A new, empty, private file next to ``path`` under a name the clean-up recognises."""
    try:
        handle, name = tempfile.mkstemp(
            prefix=f".{path.name}{TEMP_MARK}{os.getpid()}-", suffix=suffix, dir=path.parent
        )
    except OSError as exc:
        raise PainlogError(os_error_sentence(exc, path, doing="write")) from exc
    os.close(handle)
    os.chmod(name, 0o600)
    return Path(name)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process, or we cannot tell: leave its files alone
    return True


def clean_stale_temporaries(folder: Path) -> list[Path]:
    """Remove temporary files left in ``folder`` by a painlog that was killed; return them."""
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        if TEMP_MARK not in name:
            continue
        match = _TEMP_NAME.match(name)
        if match is None or _alive(int(match.group(1))):
            continue
        candidate = folder / name
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(candidate).st_mode):
                candidate.unlink()
                removed.append(candidate)
    return removed


def put_in_place(temporary: Path, path: Path, *, force: bool) -> None:
    """Move a finished temporary file to ``path``.

    Without ``force`` never over an existing name (``FileExistsError``); with it,
    only over an ordinary file.
    """
    if force:
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise BadInput(f"{path} is not an ordinary file, so painlog does not replace it.")
        os.replace(temporary, path)
    else:
        try:
            os.link(temporary, path)  # fails on any existing name, links and pipes too
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: check, then rename
            if path.exists() or path.is_symlink():
                raise FileExistsError(path) from None
            os.replace(temporary, path)
        temporary.unlink(missing_ok=True)
    _sync_folder(path.parent)


def _place(temporary: Path, path: Path, *, force: bool) -> None:
    try:
        put_in_place(temporary, path, force=force)
    except FileExistsError:
        raise BadInput(f"{path} already exists; add --force to replace it.") from None


def write_private(
    files: list[tuple[Path, Content]], *, force: bool, diary: Path | None = None
) -> None:
    """Write each file (mode 0600) through a temporary file; all or, on an error, none new."""
    temporaries: list[tuple[Path, Path]] = []
    try:
        for path, content in files:
            check_target(path, diary=diary, force=force)
            clean_stale_temporaries(path.parent)
            temporary = temporary_beside(path, suffix=path.suffix)
            temporaries.append((temporary, path))
            try:
                with open(temporary, "wb") as out:
                    if isinstance(content, bytes):
                        out.write(content)
                    else:
                        content(out)
                    out.flush()
                    os.fsync(out.fileno())
            except OSError as exc:
                raise PainlogError(os_error_sentence(exc, path, doing="write")) from exc
        for _, path in temporaries:
            check_target(path, diary=diary, force=force)  # nothing appeared meanwhile
        for temporary, path in temporaries:
            _place(temporary, path, force=force)
    finally:
        for temporary, _ in temporaries:
            temporary.unlink(missing_ok=True)


@contextmanager
def private_text_file(
    path: Path, *, force: bool = False, diary: Path | None = None
) -> Iterator[TextIO]:
    """Stream UTF-8 text into ``path`` the same way: private, whole or not at all."""
    check_target(path, diary=diary, force=force)
    clean_stale_temporaries(path.parent)
    temporary = temporary_beside(path, suffix=path.suffix)
    try:
        try:
            with open(temporary, "w", encoding="utf-8", newline="\n") as out:
                yield out
                out.flush()
                os.fsync(out.fileno())
        except OSError as exc:
            raise PainlogError(os_error_sentence(exc, path, doing="write")) from exc
        check_target(path, diary=diary, force=force)
        _place(temporary, path, force=force)
    finally:
        temporary.unlink(missing_ok=True)
