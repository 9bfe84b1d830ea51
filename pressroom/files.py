"""Writing outputs so that nobody ever sees half a file.

Every output (PDFs, the manifest, the catalogue, thumbnails) is written to a
hidden temporary file beside its target and renamed over it only when complete:
a failed or interrupted build leaves the previous good file, never a truncated
one a printer could take.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import BuildError

PARTIAL_SUFFIX = ".partial"


def _default_mode() -> int:
    # mkstemp makes files only their owner can read; outputs go to printers and
    # web servers, so they get the mode an ordinary new file would have.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _default_mode()


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``; renamed to ``target`` if the block succeeds, removed if not."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PARTIAL_SUFFIX, dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    temporary.chmod(FILE_MODE)
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()


def write_atomically(target: Path, data: bytes) -> None:
    with atomic_path(target) as temporary:
        temporary.write_bytes(data)


def cached_copy(target: Path, data: bytes) -> Path:
    """``target`` holding ``data``: written only if it is missing or differs (a cache entry checked, not trusted)."""
    try:
        intact = target.read_bytes() == data
    except OSError:
        intact = False
    if not intact:
        write_atomically(target, data)
    return target


@contextmanager
def staging_folder(folder: Path) -> Iterator[Path]:
    """A private folder inside ``folder`` for a build's new files; removed afterwards, whatever happens.

    Entered under the edition lock, so any other ``.staging-*`` folder is what a
    killed build (``kill -9``, a power cut) left behind: it goes too.
    """
    for stale in folder.glob(".staging-*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)
    staging = folder / f".staging-{os.getpid()}"
    staging.mkdir(parents=True)
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def commit_files(moves: list[tuple[Path, Path]], removals: list[Path], backup: Path) -> None:
    """Move each staged file onto its target and remove ``removals``, all or nothing.

    Every file replaced or removed is first moved into ``backup`` (a folder on
    the same file system); if any step fails, what was done is undone and the
    error raised, so the outputs are either all new or all as they were.
    """
    for target in [*removals, *(target for _, target in moves)]:
        if target.is_dir() and not target.is_symlink():  # never move someone's folder out of the way
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    backup.mkdir(parents=True, exist_ok=True)
    done: list[tuple[Path, Path]] = []  # (from, to), in order: undone backwards
    try:
        for number, target in enumerate(removals):
            if target.exists() or target.is_symlink():
                os.replace(target, backup / f"removed-{number}")
                done.append((target, backup / f"removed-{number}"))
        for number, (staged, target) in enumerate(moves):
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists() or target.is_symlink():
                os.replace(target, backup / f"replaced-{number}")
                done.append((target, backup / f"replaced-{number}"))
            os.replace(staged, target)
            done.append((staged, target))
    except BaseException:
        for origin, moved in reversed(done):
            os.replace(moved, origin)
        raise


@contextmanager
def edition_lock(folder: Path, what: str) -> Iterator[None]:
    """Only one build writes an edition's outputs at a time; a second one is told so and stops.

    An advisory ``flock`` on ``<folder>/.lock``: the kernel releases it when the
    process ends, however it ends, so a crashed build never leaves a stale lock.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ".lock"
    try:
        # O_NOFOLLOW: a lock that is a symbolic link must not make the build truncate what it points to
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, FILE_MODE)
    except OSError as exc:
        raise BuildError(f"cannot use the lock file {path} ({exc.strerror}); if it is a symbolic link or a folder, "
                         "remove it") from None
    with os.fdopen(descriptor, "r+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BuildError(f"another build of this edition is running ({holder}); wait for it to finish") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{what}, pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP until the block is done (moving finished files into place)."""
    signals = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
