"""What a PDF is for: the variants (print, archive, screen) and the settings of one render.

Plain data, picklable, importable without WeasyPrint: the build plans with it
and hands it to the render workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..structure.edition import PAGE_SIZES


@dataclass(frozen=True)
class Variant:
    """What a PDF is for; the publication's settings complete it (see :class:`RenderSettings`)."""

    name: str
    description: str
    stylesheets: tuple[str, ...]  # files in styles/, in cascade order
    cmyk: bool = False  # process colours and CMYK images, output intent from the printer's profile
    pad_to: int = 1  # page count made a multiple of this with blank pages before the back cover
    archival: bool = False  # PDF/A, tagged, sources embedded, full XMP description
    accessible: bool = False  # PDF/UA-1: tagged, with a structure a screen reader can follow
    max_image_dpi: int | None = None  # images downsampled above this resolution
    mergeable: bool = False  # also published as one PDF of every language
    colours: str = ""  # the one of ``stylesheets`` meant to hold only the variant's colours (see build.cache)


VARIANTS: dict[str, Variant] = {
    "print": Variant(
        name="print",
        description="for the printer: PDF/X, CMYK, trim and bleed boxes, pages in multiples of four",
        stylesheets=("fonts.css", "base.css", "elements.css", "print.css"),
        cmyk=True,
        pad_to=4,
        colours="print.css",
    ),
    "archive": Variant(
        name="archive",
        description="for the archive: PDF/A-3 and PDF/UA-1, sRGB, its own sources embedded, full metadata",
        stylesheets=("fonts.css", "base.css", "elements.css", "screen.css"),
        archival=True,
        accessible=True,
        mergeable=True,
        colours="screen.css",
    ),
    "screen": Variant(
        name="screen",
        description="for reading on screen: PDF/UA-1, RGB, images at about 150 ppi, live links and bookmarks",
        stylesheets=("fonts.css", "base.css", "elements.css", "screen.css"),
        max_image_dpi=150,
        accessible=True,
        mergeable=True,
        colours="screen.css",
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
    prism: tuple[tuple[str, str], ...] = ()  # PRISM properties added to the XMP: ("issn" / "eIssn", value)
    attachments: tuple[tuple[str, bytes], ...] = ()  # embedded as the PDF's source files
    attachment_date: datetime | None = None  # the files' dates, from the edition, for reproducibility
    output_condition: tuple[str, str] = ("", "")  # print: OutputConditionIdentifier and RegistryName
    cover_pixels: tuple[int, int] | None = None  # the cover picture's upright size, to fill trim and bleed

    def layout_key(self) -> tuple:
        """Outputs with equal keys are laid out identically and can share one layout."""
        return (self.variant.stylesheets, self.page_css(), self.images)

    def page_css(self) -> str:
        width, height = PAGE_SIZES[self.page_size]
        # Page-sized elements (cover, imprint, back cover) are drawn from these, so they follow page_size.
        rules = [f"@page {{ size: {self.page_size}; bleed: {self.bleed_mm}mm; }}",
                 f":root {{ --page-width: {width:g}mm; --page-height: {height:g}mm; --bleed: {self.bleed_mm:g}mm; }}",
                 # "auto" makes WeasyPrint write /Interpolate true on every image, which PDF/A
                 # (veraPDF 6.2.8-3) and PDF/X forbid: a rule of conformance, not of design.
                 "html { image-rendering: crisp-edges; } @page { image-rendering: crisp-edges; }"]
        if self.output_intent:
            rules.append(
                "@color-profile device-cmyk { components: cyan, magenta, yellow, black; "
                f'src: url("{self.output_intent}"); }}'
            )
        if self.cover_pixels:
            rules.append(self.cover_css(width, height))
        return "\n".join(rules)

    def cover_css(self, width: float, height: float) -> str:
        """The cover picture scaled to cover the page *and its bleed*, centred, resting on the bottom edge.

        CSS sizes a page background against the page box (the trim), so
        ``background-size: cover`` would leave the bleed unpainted and trimming
        would show a pale edge. The size and position are computed here from the
        picture's proportions and the bleed instead.
        """
        pixels_w, pixels_h = self.cover_pixels or (1, 1)
        box_w, box_h = width + 2 * self.bleed_mm, height + 2 * self.bleed_mm
        scale = max(box_w / pixels_w, box_h / pixels_h)
        size_w, size_h = pixels_w * scale, pixels_h * scale
        left = -self.bleed_mm - (size_w - box_w) / 2
        top = -self.bleed_mm - (size_h - box_h)
        return (f"@page cover {{ background-size: {size_w:.3f}mm {size_h:.3f}mm; "
                f"background-position: {left:.3f}mm {top:.3f}mm; }}")
