"""The diary a running server serves, and one short session per request.

The server opens the diary once (creating or upgrading it as the CLI would),
then each request takes one transaction through the ``Diary`` facade: a write
takes SQLite's write lock when it begins (``BEGIN IMMEDIATE``), the same lock
``painlog log`` takes, so the page and the command line can write at the same
time and each waits its turn. The work runs in Starlette's thread pool so a
save never stalls the other requests.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from painlog.api import Diary
from painlog.storage.diary import open_diary, remember_checked
from painlog.web.security import Guard

T = TypeVar("T")


@dataclass
class Served:
    """What every request needs: the diary (to write and to read), the secrets, the mode."""

    path: Path
    writer: Diary
    reader: Diary
    guard: Guard
    debug: bool = False
    # Each new-entry form carries a one-use key: a double tap on Save saves once.
    _sent: OrderedDict[str, int | None] = field(default_factory=OrderedDict)
    _sent_lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, db_path: Path, *, guard: Guard, debug: bool = False) -> Served:
        writer = Diary(open_diary(db_path, write=True))
        reader = Diary(open_diary(db_path, write=False))
        return cls(path=db_path, writer=writer, reader=reader, guard=guard, debug=debug)

    def close(self) -> None:
        self.writer.close()
        self.reader.close()

    def run(self, work: Callable[[Session], T], *, write: bool) -> T:
        """``work`` in one transaction: committed when it returns, rolled back when it raises."""
        diary = self.writer if write else self.reader
        with diary.transaction() as session:
            result = work(session)
        if write:  # the next painlog command need not check the file again
            remember_checked(self.path)
        return result

    def claim(self, key: str) -> tuple[bool, int | None]:
        """(True, None) when the form with ``key`` is new and now being saved; else
        (False, the entry it saved), the entry None while its first sending is being saved."""
        with self._sent_lock:
            if key in self._sent:
                return False, self._sent[key]
            self._sent[key] = None
            while len(self._sent) > MAX_REMEMBERED:
                self._sent.popitem(last=False)
            return True, None

    def settle(self, key: str, entry_id: int | None) -> None:
        """The form with ``key`` saved ``entry_id``; None: it was refused, so it may come again."""
        with self._sent_lock:
            if entry_id is None:
                self._sent.pop(key, None)
            else:
                self._sent[key] = entry_id


MAX_REMEMBERED = 10_000


def served(request: Request) -> Served:
    found: Served = request.app.state.served
    return found


async def in_diary(request: Request, work: Callable[[Session], T], *, write: bool = False) -> T:
    """Run ``work(session)`` in one transaction on the served diary, off the event loop."""
    return await run_in_threadpool(served(request).run, work, write=write)
