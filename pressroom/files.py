"""Writing outputs so that nobody ever sees half a file.

Every output (PDFs, the manifest, the catalogue, thumbnails) is written to a
hidden temporary file beside its target and renamed over it only when complete:
a failed or interrupted build leaves the previous good file, never a truncated
one a printer could take.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

PARTIAL_SUFFIX = ".partial"


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``; renamed to ``target`` if the block succeeds, removed if not."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PARTIAL_SUFFIX, dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()


def write_atomically(target: Path, data: bytes) -> None:
    with atomic_path(target) as temporary:
        temporary.write_bytes(data)
