"""The errors pressroom reports to people instead of tracebacks.

Every problem in the sources is a :class:`SourceError` that names the file and,
where it applies, the line and column; the CLI prints it as ``file:line:col:
message`` (the form editors and terminals make clickable) and exits with 1.
"""

from __future__ import annotations

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
            try:
                shown = self.path.resolve().relative_to(relative_to.resolve())
            except ValueError:
                pass
        parts = [str(shown)]
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
