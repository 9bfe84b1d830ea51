"""The only files a render may read: the project's images, styles and fonts, by virtual URL.

:class:`Sandbox` maps the virtual ``file:///pressroom/<area>/…`` addresses of
:mod:`pressroom.layout.urls` back to real files, after resolving symbolic
links, and refuses everything else; the renderer's fetcher
(:class:`pressroom.pdf.render.SandboxFetcher`) serves only what it resolves.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from ..errors import SourceError
from ..layout.urls import split_virtual, virtual_url
from ..sources.reading import admit, admit_folder, read_source, read_text


@dataclass(frozen=True)
class Sandbox:
    """The only folders a render may read from, by virtual area."""

    root: Path  # the project: nothing outside it is served, whatever links say
    images: Path
    styles: Path
    fonts: Path
    # Prepared versions served in place of originals (e.g. CMYK conversions), by name in images/.
    substitutes: tuple[tuple[str, Path], ...] = ()

    def folder(self, area: str) -> Path:
        return {"images": self.images, "styles": self.styles, "fonts": self.fonts}[area]

    def resolve(self, url: str) -> Path | None:
        """The real file behind a virtual URL, or None when the URL is not allowed."""
        split = split_virtual(url.split("#")[0])
        if split is None:
            return None
        area, relative = split
        if area == "images":
            substitute = dict(self.substitutes).get(relative)
            if substitute is not None:
                return substitute
        folder = self.folder(area)
        try:
            real_folder = admit_folder(folder, self.root)
            path = admit(folder / relative, self.root, _kind(area, relative))
        except SourceError:
            return None
        return path if path.is_relative_to(real_folder) else None

    def read(self, url: str) -> bytes | None:
        """The bytes behind a virtual URL (through the reading gate), or None when it is not allowed."""
        path = self.resolve(url)
        if path is None:
            return None
        if path.is_relative_to(Path(os.path.realpath(self.root))):
            try:
                return read_source(path, self.root, _kind(*split_virtual(url.split("#")[0]) or ("images", "")))
            except SourceError:
                return None
        return path.read_bytes()  # a prepared substitute from pressroom's own cache


def _kind(area: str, relative: str) -> str:
    if area == "images":
        return "image"
    if area == "fonts":
        return "font"
    return "profile" if relative.lower().endswith((".icc", ".icm")) else "style"


_CSS_REFERENCE = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]*)\3""", re.IGNORECASE)


def check_stylesheets(sandbox: Sandbox, names: Iterable[str]) -> None:
    """Every url() and @import of the style sheets must be a file the sandbox serves.

    Checked before rendering so that the message names the style sheet and line;
    the fetcher would refuse the same URLs during the render, but without saying
    which sheet asked.
    """
    for name in names:
        path = sandbox.styles / name
        text, _ = read_text(path, sandbox.root, kind="style")
        base = virtual_url("styles", name)
        for match in _CSS_REFERENCE.finditer(text):
            reference = match.group(2) if match.group(2) is not None else match.group(4)
            if not reference or reference.startswith("#"):
                continue
            if sandbox.resolve(urljoin(base, reference)) is None:
                line = text.count("\n", 0, match.start()) + 1
                raise SourceError(
                    f"{reference!r} is not a file in the project's styles/ or fonts/ folders; "
                    "style sheets may use nothing else (no network, no other files)",
                    path, line,
                )
