"""Render composed HTML to PDF with WeasyPrint, one variant at a time.

A :class:`Variant` says what a PDF is for (print, archive, screen): its style
sheets and renderer options. Every file WeasyPrint reads goes through
:class:`SandboxFetcher`, which knows only the virtual ``file:///pressroom/…``
addresses of :mod:`pressroom.urls` and refuses the network, other schemes and
anything outside the project's images, styles and fonts.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from .errors import BuildError
from .urls import VIRTUAL_ROOT, split_virtual, virtual_url


@dataclass(frozen=True)
class Variant:
    name: str
    description: str
    stylesheets: tuple[str, ...]  # files in styles/, in cascade order
    pdf_variant: str | None = None
    options: tuple[tuple[str, object], ...] = ()


VARIANTS: dict[str, Variant] = {
    "print": Variant(
        name="print",
        description="for the printer: trim and bleed boxes, print colours",
        stylesheets=("fonts.css", "base.css", "print.css"),
    ),
}


@dataclass(frozen=True)
class Sandbox:
    """The only folders a render may read from, by virtual area."""

    images: Path
    styles: Path
    fonts: Path

    def folder(self, area: str) -> Path:
        return {"images": self.images, "styles": self.styles, "fonts": self.fonts}[area]


class RefusedURL(FatalURLFetchingError):
    """Raised inside WeasyPrint to stop a render that asked for a forbidden resource."""


class SandboxFetcher(URLFetcher):
    """Serves virtual URLs from the sandbox's folders and nothing else (no network, no redirects)."""

    def __init__(self, sandbox: Sandbox) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.sandbox = sandbox
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        path = self.resolve(url)
        if path is None:
            self.refused.append(url)
            raise RefusedURL(f"the document asked for {url!r}, which is outside the project's sources")
        body = path.read_bytes()
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    def resolve(self, url: str) -> Path | None:
        """The real file behind a virtual URL, or None when the URL is not allowed."""
        split = split_virtual(url.split("#")[0])
        if split is None:
            return None
        area, relative = split
        folder = self.sandbox.folder(area).resolve()
        path = (folder / relative).resolve()  # resolves symbolic links too
        if not path.is_relative_to(folder) or not path.is_file():
            return None
        return path


@dataclass
class RenderResult:
    pages: int
    warnings: list[str] = field(default_factory=list)


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_pdf(html: str, variant: Variant, sandbox: Sandbox, target: Path, epoch: int) -> RenderResult:
    """Render ``html`` as ``variant`` into ``target``, atomically.

    The PDF is written to a hidden temporary file beside ``target`` and renamed
    only once complete, so a failed build never leaves a half-written PDF where
    a printer could pick it up. ``epoch`` (seconds) stands in for "now" in every
    date the renderer writes, so rebuilding the same sources gives the same bytes.
    """
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    fetcher = SandboxFetcher(sandbox)
    font_config = FontConfiguration()
    collector = _WarningCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(handle)
    try:
        stylesheets = [
            CSS(url=virtual_url("styles", name), url_fetcher=fetcher, font_config=font_config)
            for name in variant.stylesheets
        ]
        document = HTML(string=html, base_url=VIRTUAL_ROOT + "document.html", url_fetcher=fetcher).render(
            stylesheets=stylesheets, font_config=font_config
        )
        _check_warnings(collector.messages)
        document.write_pdf(temporary, pdf_variant=variant.pdf_variant, **dict(variant.options))
        os.replace(temporary, target)
        return RenderResult(pages=len(document.pages), warnings=list(collector.messages))
    except RefusedURL as exc:
        raise BuildError(str(exc)) from None
    finally:
        logger.removeHandler(collector)
        if os.path.exists(temporary):
            os.unlink(temporary)
        # WeasyPrint copies @font-face files into a /tmp/weasyprint-* folder
        # that it only removes on garbage collection; worker processes may never get there.
        folder = getattr(font_config, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def _check_warnings(messages: list[str]) -> None:
    """Warnings that mean the PDF would silently lack something become errors."""
    for message in messages:
        lowered = message.lower()
        if "failed to load" in lowered or "cannot be loaded" in lowered:
            raise BuildError(f"the renderer could not load a resource: {message}")
