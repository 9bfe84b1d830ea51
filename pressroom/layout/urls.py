"""The virtual addresses under which documents see their files.

Composed HTML never names a real path: images, styles and fonts are addressed
as ``file:///pressroom/<area>/<name>``, and only the render stage's sandboxed
fetcher maps those back to real files inside the project. This keeps the
renderer away from everything else on the machine, and keeps the PDF bytes
independent of the folder the project sits in (WeasyPrint names image objects
after their URL).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

VIRTUAL_ROOT = "file:///pressroom/"
AREAS = ("images", "styles", "fonts")


def virtual_url(area: str, relative: Path | str) -> str:
    if area not in AREAS:
        raise ValueError(f"unknown area {area!r}")
    return VIRTUAL_ROOT + area + "/" + quote(Path(relative).as_posix())


def split_virtual(url: str) -> tuple[str, str] | None:
    """``(area, relative path)`` of a virtual URL, or None for any other URL."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost") or parts.query:
        return None
    path = unquote(parts.path)
    if not path.startswith("/pressroom/"):
        return None
    area, _, relative = path[len("/pressroom/") :].partition("/")
    if area not in AREAS or not relative:
        return None
    return area, relative
