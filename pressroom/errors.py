"""The errors pressroom reports to people instead of tracebacks.

Every problem in the sources is a :class:`SourceError` that names the file and,
where it applies, the line and column; the CLI prints it as ``file:line:col:
message`` (the form editors and terminals make clickable) and exits with 1.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path


class PressroomError(Exception):
    """A problem pressroom explains to its user; never shown as a traceback."""

    exit_code = 1


class UsageError(PressroomError):
    """The command line asks for something that does not exist (exit status 2)."""

    exit_code = 2


class BuildError(PressroomError):
    """The build itself failed (renderer, disk, a worker process)."""


class SourceError(PressroomError):
    """A mistake in a source file: YAML, Markdown, an image, a font coverage gap."""

    def __init__(
        self,
        message: str,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        # All four go to Exception.__init__ so the error survives pickling
        # on its way back from a worker process.
        super().__init__(message, path, line, column)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column

    def location(self, relative_to: Path | None = None) -> str:
        if self.path is None:
            return ""
        shown = self.path
        if relative_to is not None:
            # Without resolving links: the path as the project names it, even for a link that leads out.
            try:
                shown = Path(os.path.abspath(self.path)).relative_to(os.path.abspath(relative_to))
            except ValueError:
                pass
        # A name that is not UTF-8 is shown with its bytes escaped, never as an encoding error.
        parts = [os.fsencode(shown).decode("utf-8", "backslashreplace")]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def describe(self, relative_to: Path | None = None) -> str:
        where = self.location(relative_to)
        return f"{where}: {self.message}" if where else self.message

    def __str__(self) -> str:
        return self.describe()


class SourceErrors(SourceError):
    """Several problems in the sources, all found in one run and reported together (exit status 1)."""

    def __init__(self, errors: Iterable[SourceError]) -> None:
        self.errors = tuple(errors)
        super().__init__(f"{len(self.errors)} problems in the sources")
        self.args = (self.errors,)  # what pickling passes back to __init__

    def describe(self, relative_to: Path | None = None) -> str:
        return "\n".join(error.describe(relative_to) for error in self.errors)


class Problems:
    """Collects the source errors of a run, so that one mistake does not hide the next.

    ``with problems.collecting():`` around the work for one file keeps going after
    that file's error; :meth:`raise_any` then raises them all (one as itself).
    """

    def __init__(self) -> None:
        self.errors: list[SourceError] = []

    @contextmanager
    def collecting(self) -> Iterator[None]:
        try:
            yield
        except SourceErrors as several:
            self.errors.extend(several.errors)
        except SourceError as error:
            self.errors.append(error)

    def raise_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise SourceErrors(self.errors)


_FAULT_HINTS = {
    errno.ENOSPC: "the disk is full: free some space and run again",
    errno.EDQUOT: "the disk quota is used up: free some space and run again",
    errno.EROFS: "the file system is read-only: choose another folder with --out",
    errno.EACCES: "permission denied: fix the folder's permissions or choose another with --out",
    errno.EPERM: "not permitted (an immutable or protected file?): choose another folder with --out",
    errno.ENOTDIR: "a file stands where pressroom needs a folder: move it away or choose another --out",
    errno.EISDIR: "a folder stands where pressroom writes a file: move it away",
    errno.EEXIST: "a file stands where pressroom needs a folder: move it away or choose another --out",
    errno.ENOTEMPTY: "a folder stands where pressroom writes a file: move it away",
    errno.ENAMETOOLONG: "the path is too long for the file system: use a shorter --out",
}


def fault_message(error: OSError) -> str:
    """One sentence for a failure of the disk or the folders: the path, what happened, what to do.

    The outputs are committed all together or not at all, so they are as they were.
    """
    where = error.filename or ""
    if error.filename2:
        where = f"{where} -> {error.filename2}"
    hint = _FAULT_HINTS.get(error.errno or 0, "see the message above")
    what = error.strerror or str(error)
    shown = os.fsencode(str(where)).decode("utf-8", "backslashreplace")
    return f"cannot use {shown}: {what}; {hint} (the previous outputs are unchanged)"
