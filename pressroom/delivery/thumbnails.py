"""Cover thumbnails for the download catalogue: page 1 of a PDF, as cut, drawn by PDFium."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..files import atomic_path
from .catalogue_words import variant_key

if TYPE_CHECKING:
    from .catalogue import CatalogueFile

THUMBS = "thumbs"
THUMB_WIDTH = 240  # pixels; shown at half that in CSS pixels, so sharp on high-density screens
# Which PDF a language's cover thumbnail is drawn from: RGB first, since PDFium
# shows a CMYK print file's colours only approximately. Imposed spreads are never
# used: their first side is the back cover beside the front.
THUMB_SOURCES = ("screen", "archive", "print")

Warn = Callable[[str], None]  # hears what was left out, and why


@dataclass(frozen=True)
class Thumbnail:
    href: str
    pdf_href: str  # the PDF it shows: the picture links to it
    width: int
    height: int
    alt: str


def thumbnail_source(files: list[CatalogueFile]) -> CatalogueFile | None:
    by_variant = {f.variant: f for f in files}
    for variant in THUMB_SOURCES:
        if variant in by_variant:
            return by_variant[variant]
    others = sorted((f for f in files if not f.variant.endswith("-imposed")), key=lambda f: variant_key(f.variant))
    return others[0] if others else None


def renderthumbnail(pdf: Path, target: Path, width: int = THUMB_WIDTH) -> tuple[int, int]:
    """Draw page 1 of ``pdf`` (its trim box, without bleed) as a PNG ``width`` pixels wide; returns its size.

    Written to a temporary file and renamed, so a reader never sees half a PNG.
    """
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        try:
            left, bottom, right, top = page.get_cropbox()
            trim = page.get_trimbox()
            crop = (0.0, 0.0, 0.0, 0.0)
            if page.get_rotation() == 0:
                # The print variant's page runs 3 mm into the bleed: show the page as cut.
                crop = (max(trim[0] - left, 0), max(trim[1] - bottom, 0),
                        max(right - trim[2], 0), max(top - trim[3], 0))
            visible = page.get_width() - crop[0] - crop[2]
            bitmap = page.render(scale=width / visible, crop=crop)
            image = bitmap.to_pil().convert("RGB")
        finally:
            page.close()
    finally:
        document.close()
    with atomic_path(target) as temporary:
        image.save(temporary, format="PNG", optimize=True)
    return image.size


def thumbnail(folder: Path, edition_id: str, source: CatalogueFile, alt: str, warn: Warn) -> Thumbnail | None:
    pdf = folder / source.file
    target = folder / THUMBS / f"{Path(source.file).stem}.png"
    try:
        if target.is_file() and target.stat().st_mtime >= pdf.stat().st_mtime:
            from PIL import Image

            with Image.open(target) as existing:
                size = existing.size
        else:
            size = renderthumbnail(pdf, target)
    except Exception as exc:  # noqa: BLE001 - a cover picture is a courtesy: any failure only costs the picture
        warn(f"{edition_id}/{source.file}: no cover thumbnail ({type(exc).__name__}: {exc})")
        return None
    return Thumbnail(f"{quote(edition_id)}/{THUMBS}/{quote(target.name)}", source.href, size[0], size[1], alt)


def remove_stale_thumbnails(folder: Path, keep: set[str]) -> None:
    """Thumbnails of PDFs no longer chosen (a screen PDF has appeared, a language was dropped)."""
    thumbs = folder / THUMBS
    if thumbs.is_dir():
        for path in thumbs.glob("*.png"):
            if path.name not in keep:
                path.unlink(missing_ok=True)
