"""Render composed HTML to PDF with WeasyPrint, one variant at a time.

A :class:`Variant` says what a PDF is for (print, archive, screen): its style
sheets and renderer options. Every file WeasyPrint reads goes through
:class:`SandboxFetcher`, which knows only the virtual ``file:///pressroom/…``
addresses of :mod:`pressroom.urls` and refuses the network, other schemes and
anything outside the project's images, styles and fonts.
"""

from __future__ import annotations

import io
import logging
import mimetypes
import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterable
from urllib.parse import urljoin
from xml.etree.ElementTree import SubElement, fromstring, tostring

from weasyprint import CSS, HTML, Attachment
from weasyprint.pdf.metadata import DocumentMetadata
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from . import hyphenation
from .edition import PAGE_SIZES
from .errors import BuildError, SourceError
from .files import atomic_path
from .urls import VIRTUAL_ROOT, split_virtual, virtual_url


hyphenation.register()  # before any layout: WeasyPrint looks dictionaries up per language
hyphenation.limit_consecutive_hyphens()


@dataclass(frozen=True)
class Variant:
    """What a PDF is for; the publication's settings complete it (see :class:`RenderSettings`)."""

    name: str
    description: str
    stylesheets: tuple[str, ...]  # files in styles/, in cascade order
    cmyk: bool = False  # process colours and CMYK images, output intent from the printer's profile
    pad_to: int = 1  # page count made a multiple of this with blank pages before the back cover
    archival: bool = False  # PDF/A, tagged, sources embedded, full XMP description
    max_image_dpi: int | None = None  # images downsampled above this resolution
    mergeable: bool = False  # also published as one PDF of every language


VARIANTS: dict[str, Variant] = {
    "print": Variant(
        name="print",
        description="for the printer: PDF/X, CMYK, trim and bleed boxes, pages in multiples of four",
        stylesheets=("fonts.css", "base.css", "print.css"),
        cmyk=True,
        pad_to=4,
    ),
    "archive": Variant(
        name="archive",
        description="for the archive: PDF/A, tagged, sRGB, its own sources embedded, full metadata",
        stylesheets=("fonts.css", "base.css", "screen.css"),
        archival=True,
        mergeable=True,
    ),
    "screen": Variant(
        name="screen",
        description="for reading on screen: RGB, images at about 150 ppi, live links and bookmarks",
        stylesheets=("fonts.css", "base.css", "screen.css"),
        max_image_dpi=150,
        mergeable=True,
    ),
}


@dataclass(frozen=True)
class RenderSettings:
    """Everything a render needs besides the HTML; built by the build stage, picklable."""

    variant: Variant
    pdf_variant: str | None
    page_size: str  # a CSS page size, e.g. "A4"
    bleed_mm: float
    output_intent: str | None  # virtual URL of the CMYK profile (styles area)
    min_ppi: int | None  # None: no resolution check
    allow_lowres: bool = False
    images: tuple[tuple[str, Path], ...] = ()  # image name → prepared file served instead
    image_labels: tuple[tuple[str, str], ...] = ()  # virtual URL → "images/x.png (en/01-a.md)"
    metadata: tuple[tuple[str, str], ...] = ()  # custom Info entries
    document_id: str = ""  # stable XMP DocumentID (derived from the content)
    xmp: tuple[tuple[str, str], ...] = ()  # Dublin Core properties added to the XMP: (dc name, value)
    attachments: tuple[tuple[str, bytes], ...] = ()  # embedded as the PDF's source files
    attachment_date: datetime | None = None  # the files' dates, from the edition, for reproducibility

    def layout_key(self) -> tuple:
        """Outputs with equal keys are laid out identically and can share one layout."""
        return (self.variant.stylesheets, self.page_css(), self.images)

    def page_css(self) -> str:
        width, height = PAGE_SIZES[self.page_size]
        # Page-sized elements (cover, imprint, back cover) are drawn from these, so they follow page_size.
        rules = [f"@page {{ size: {self.page_size}; bleed: {self.bleed_mm}mm; }}",
                 f":root {{ --page-width: {width:g}mm; --page-height: {height:g}mm; }}"]
        if self.output_intent:
            rules.append(
                "@color-profile device-cmyk { components: cyan, magenta, yellow, black; "
                f'src: url("{self.output_intent}"); }}'
            )
        return "\n".join(rules)


@dataclass(frozen=True)
class Sandbox:
    """The only folders a render may read from, by virtual area."""

    images: Path
    styles: Path
    fonts: Path
    # Prepared versions served in place of originals (e.g. CMYK conversions), by name in images/.
    substitutes: tuple[tuple[str, Path], ...] = ()

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
        if area == "images":
            substitute = dict(self.sandbox.substitutes).get(relative)
            if substitute is not None:
                return substitute
        folder = self.sandbox.folder(area).resolve()
        path = (folder / relative).resolve()  # resolves symbolic links too
        if not path.is_relative_to(folder) or not path.is_file():
            return None
        return path


_CSS_REFERENCE = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]*)\3""", re.IGNORECASE)


def check_stylesheets(sandbox: Sandbox, names: Iterable[str]) -> None:
    """Every url() and @import of the style sheets must be a file the sandbox serves.

    Checked before rendering so that the message names the style sheet and line;
    the fetcher would refuse the same URLs during the render, but without saying
    which sheet asked.
    """
    fetcher = SandboxFetcher(sandbox)
    for name in names:
        path = sandbox.styles / name
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SourceError(f"cannot read the style sheet: {exc}", path) from None
        base = virtual_url("styles", name)
        for match in _CSS_REFERENCE.finditer(text):
            reference = match.group(2) if match.group(2) is not None else match.group(4)
            if not reference or reference.startswith("#"):
                continue
            if fetcher.resolve(urljoin(base, reference)) is None:
                line = text.count("\n", 0, match.start()) + 1
                raise SourceError(
                    f"{reference!r} is not a file in the project's styles/ or fonts/ folders; "
                    "style sheets may use nothing else (no network, no other files)",
                    path, line,
                )


@dataclass
class RenderResult:
    pages: int
    padded: int = 0  # blank pages added to reach a multiple of the variant's pad_to
    lowres: list[str] = field(default_factory=list)  # images below the minimum resolution
    warnings: list[str] = field(default_factory=list)


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


DC = "http://purl.org/dc/elements/1.1/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
# How each Dublin Core property is structured in XMP (all are in PDF/A's predefined schemas).
DC_CONTAINERS = {"language": "Bag", "publisher": "Bag", "date": "Seq", "rights": "Alt", "identifier": None,
                 "coverage": None, "source": None}


class _Metadata(DocumentMetadata):
    """WeasyPrint's metadata with a stable DocumentID and the Dublin Core fields archivists read."""

    document_id = ""
    dublin_core: tuple[tuple[str, str], ...] = ()

    def generate_rdf_metadata(self, variant, version, conformance):  # noqa: ANN001 (WeasyPrint's signature)
        rdf = super().generate_rdf_metadata(variant, version, conformance)
        if self.document_id:
            rdf = re.sub(rb"xmp\.did:[0-9a-f-]{36}", b"xmp.did:" + self.document_id.encode(), rdf)
        if not self.dublin_core:
            return rdf
        root = fromstring(rdf)
        description = SubElement(root, f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
        for name, value in self.dublin_core:
            element = SubElement(description, f"{{{DC}}}{name}")
            container = DC_CONTAINERS[name]
            if container is None:
                element.text = value
                continue
            item = SubElement(SubElement(element, f"{{{RDF}}}{container}"), f"{{{RDF}}}li")
            if container == "Alt":
                item.set("xml:lang", "x-default")
            item.text = value
        return tostring(root, encoding="utf-8")


def render_pdf(html: str, settings: RenderSettings, sandbox: Sandbox, target: Path, epoch: int) -> RenderResult:
    """Render ``html`` as ``settings`` describe into ``target`` (see :func:`render_pdfs`)."""
    return render_pdfs(html, [(settings, target)], sandbox, epoch)[0]


def render_pdfs(
    html: str, outputs: list[tuple[RenderSettings, Path]], sandbox: Sandbox, epoch: int
) -> list[RenderResult]:
    """Lay ``html`` out once and write it as every (settings, target) of ``outputs``, atomically.

    Outputs that share a layout (the same style sheets and page geometry: the
    archive and screen variants) cost one layout and one write each, not one
    render each. Each PDF is written to a hidden temporary file beside its
    target and renamed only once complete, so a failed build never leaves a
    half-written PDF where a printer could pick it up. ``epoch`` (seconds) stands
    in for "now" in every date the renderer writes, so rebuilding the same
    sources gives the same bytes.
    """
    first = outputs[0][0]
    assert all(s.layout_key() == first.layout_key() for s, _ in outputs), "outputs must share one layout"
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    fetcher = SandboxFetcher(sandbox)
    font_config = FontConfiguration()
    collector = _WarningCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    images: dict = {}  # WeasyPrint's image cache: URL → image, kept to set each output's resolution
    try:
        color_profiles: dict = {}
        stylesheets = [
            CSS(url=virtual_url("styles", name), url_fetcher=fetcher, font_config=font_config,
                color_profiles=color_profiles)
            for name in first.variant.stylesheets
        ]
        stylesheets.append(CSS(string=first.page_css(), base_url=virtual_url("styles", "page.css"),
                               url_fetcher=fetcher, font_config=font_config, color_profiles=color_profiles))
        laid_out = HTML(string=html, base_url=VIRTUAL_ROOT + "document.html", url_fetcher=fetcher).render(
            stylesheets=stylesheets, font_config=font_config, color_profiles=color_profiles, cache=images,
        )
        _check_warnings(collector.messages)
        overflowing = _overflowing_text(laid_out)
        base_metadata = laid_out.metadata  # each output gets its own copy of it
        results = []
        for settings, target in outputs:
            result = RenderResult(pages=len(laid_out.pages), warnings=list(overflowing))
            if settings.min_ppi:
                result.lowres = _low_resolution(laid_out, settings)
                if result.lowres and not settings.allow_lowres:
                    raise BuildError(
                        f"images below {settings.min_ppi} ppi at their printed size "
                        "(use --allow-lowres to build anyway):\n"
                        + "\n".join(f"  {line}" for line in result.lowres)
                    )
            document, result.padded = _pad(laid_out, settings, fetcher, font_config)
            _write(document, base_metadata, settings, target, fetcher, images)
            result.pages = len(document.pages)
            results.append(result)
        return results
    except RefusedURL as exc:
        raise BuildError(str(exc)) from None
    finally:
        logger.removeHandler(collector)
        # WeasyPrint copies @font-face files into a /tmp/weasyprint-* folder
        # that it only removes on garbage collection; worker processes may never get there.
        folder = getattr(font_config, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def _write(document, base_metadata: DocumentMetadata, settings: RenderSettings, target: Path,
           fetcher: SandboxFetcher, images: dict) -> None:
    metadata = _Metadata(**vars(base_metadata))
    metadata.document_id = settings.document_id
    metadata.dublin_core = settings.xmp
    metadata.custom = {**metadata.custom, **dict(settings.metadata), "PageCount": str(len(document.pages))}
    document.metadata = metadata
    attachments = [
        Attachment(file_obj=io.BytesIO(data), name=name, url_fetcher=fetcher, relationship="Source",
                   description=f"source of this edition: {name}",
                   created=settings.attachment_date, modified=settings.attachment_date)
        for name, data in settings.attachments
    ]
    # WeasyPrint downsamples an image when it is drawn, to its own ``_dpi``: set
    # per output, so one layout serves full-resolution and light files alike.
    for image in images.values():
        if hasattr(image, "_dpi"):
            image._dpi = settings.variant.max_image_dpi
    with atomic_path(target) as temporary:
        document.write_pdf(
            temporary,
            pdf_variant=settings.pdf_variant,
            custom_metadata=True,
            pdf_tags=settings.variant.archival,
            attachments=attachments or None,
        )


def _pad(document, settings: RenderSettings, fetcher: SandboxFetcher, font_config: FontConfiguration):
    """Blank pages before the back cover, so that the count is a multiple of ``pad_to``."""
    pad_to = settings.variant.pad_to
    missing = -len(document.pages) % pad_to
    if not missing:
        return document, 0
    blank_css = CSS(string=f"@page {{ size: {settings.page_size}; bleed: {settings.bleed_mm}mm; margin: 0 }}",
                    url_fetcher=fetcher, font_config=font_config)
    blank = HTML(string="<html><body></body></html>", url_fetcher=fetcher).render(
        stylesheets=[blank_css], font_config=font_config
    ).pages[0]
    pages = document.pages[:-1] + [blank] * missing + document.pages[-1:]
    return document.copy(pages), missing


def _low_resolution(document, settings: RenderSettings) -> list[str]:
    """Every raster image whose effective resolution at its placed size is below the minimum."""
    labels = dict(settings.image_labels)
    found: dict[str, tuple[int, float]] = {}
    for number, page in enumerate(document.pages, start=1):
        for box in _descendants(page._page_box):
            image = getattr(box, "replacement", None)
            pixels = getattr(image, "width", None)
            if not pixels or not getattr(box, "width", None):
                continue
            url = box.element.get("src") if box.element is not None else None
            ppi = pixels / (box.width / 96)  # layout lengths are CSS pixels, 96 to the inch
            if url and ppi < settings.min_ppi and (url not in found or ppi < found[url][1]):
                found[url] = (number, ppi)
    return [
        f"{labels.get(url, url)}: {ppi:.0f} ppi on page {number}"
        for url, (number, ppi) in sorted(found.items(), key=lambda item: item[1][0])
    ]


def _overflowing_text(document) -> list[str]:
    """Text that runs past the right edge of its box (an unbreakable word or URL in a narrow column)."""
    from weasyprint.formatting_structure import boxes

    found = []
    for number, page in enumerate(document.pages, start=1):
        for parent in _descendants(page._page_box):
            lines = [child for child in getattr(parent, "children", ()) or () if isinstance(child, boxes.LineBox)]
            if not lines or parent.width is None:
                continue
            limit = parent.content_box_x() + parent.width
            for child in (text for line in lines for text in _descendants(line)):
                if isinstance(child, boxes.TextBox) and child.position_x + child.width > limit + 1:
                    snippet = child.text.strip()[:40]
                    found.append(f"page {number}: text runs outside its column: {snippet!r}")
                    break
    return found


def _descendants(box):
    stack = [box]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(getattr(current, "children", ()) or ())
        footnotes = getattr(current, "footnote_area", None)
        if footnotes is not None:
            stack.append(footnotes)


def _check_warnings(messages: list[str]) -> None:
    """Warnings that mean the PDF would silently lack something become errors."""
    for message in messages:
        lowered = message.lower()
        if "failed to load" in lowered or "cannot be loaded" in lowered:
            raise BuildError(f"the renderer could not load a resource: {message}")
