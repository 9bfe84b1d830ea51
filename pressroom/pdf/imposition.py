"""Printer's sheets from finished print PDFs (pypdf): crop marks and saddle-stitch spreads.

WeasyPrint's own ``marks: crop`` draws inside the bleed and in RGB, which no
printer accepts; here the MediaBox is enlarged and the marks are drawn outside
the bleed in the registration colour (a Separation named /All, which prints on
every plate).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import cast

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    PdfObject,
    RectangleObject,
    StreamObject,
)

from ..errors import BuildError
from ..files import atomic_path

MM = 72 / 25.4
MARK_GAP_MM = 2.0  # between the bleed and the start of a mark
MARK_LENGTH_MM = 5.0
MARK_WIDTH_PT = 0.25
REGISTRATION = NameObject("/PressroomRegistration")


def _registration_colour_space() -> ArrayObject:
    tint = DictionaryObject({
        NameObject("/FunctionType"): NumberObject(2),
        NameObject("/Domain"): ArrayObject([NumberObject(0), NumberObject(1)]),
        NameObject("/C0"): ArrayObject([NumberObject(0)] * 4),
        NameObject("/C1"): ArrayObject([NumberObject(1)] * 4),
        NameObject("/N"): NumberObject(1),
    })
    return ArrayObject([NameObject("/Separation"), NameObject("/All"), NameObject("/DeviceCMYK"), tint])


def _marks(trim: RectangleObject, bleed_pt: float) -> bytes:
    start = bleed_pt + MARK_GAP_MM * MM
    end = start + MARK_LENGTH_MM * MM
    left, right, bottom, top = (float(trim.left), float(trim.right), float(trim.bottom), float(trim.top))
    lines = []
    for x, direction in ((left, -1), (right, 1)):
        for y in (bottom, top):
            lines.append((x + direction * start, y, x + direction * end, y))  # horizontal, at the trim's edge
    for y, direction in ((bottom, -1), (top, 1)):
        for x in (left, right):
            lines.append((x, y + direction * start, x, y + direction * end))  # vertical
    ops = [f"q /{REGISTRATION[1:]} CS 1 SCN {MARK_WIDTH_PT} w 0 J"]
    ops += [f"{x1:.3f} {y1:.3f} m {x2:.3f} {y2:.3f} l S" for x1, y1, x2, y2 in lines]
    ops.append("Q")
    return ("\n".join(ops) + "\n").encode()


def write_pdf(writer: PdfWriter, target: Path, file_id: bytes | None = None) -> None:
    """Write ``writer`` atomically; ``file_id`` (16 bytes) becomes the trailer /ID, for reproducible bytes."""
    if file_id is not None:
        identifier = ByteStringObject(file_id[:16])
        writer._ID = ArrayObject([identifier, identifier])  # noqa: SLF001 (pypdf's only way to set a fixed /ID)
    with atomic_path(target) as temporary, temporary.open("wb") as file:
        writer.write(file)


def _content_id(path: Path, what: bytes) -> bytes:
    return hashlib.md5(what + path.read_bytes(), usedforsecurity=False).digest()


def add_crop_marks(path: Path) -> None:
    """Enlarge every page's MediaBox and draw crop marks outside the bleed, in place.

    The file keeps what makes it PDF/X: its PDF version (pypdf would write 1.3),
    output intent and XMP identification (cloned with the catalog).
    """
    reader = PdfReader(path)
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    for page in writer.pages:
        trim, bleed = page.trimbox, page.bleedbox
        bleed_pt = float(trim.left) - float(bleed.left)
        reach = bleed_pt + (MARK_GAP_MM + MARK_LENGTH_MM + 1) * MM
        page.mediabox = RectangleObject([
            float(trim.left) - reach, float(trim.bottom) - reach, float(trim.right) + reach, float(trim.top) + reach
        ])
        page.cropbox = page.mediabox
        resources = cast(DictionaryObject, page[NameObject("/Resources")].get_object())  # /Resources is a dictionary
        spaces = resources.setdefault(NameObject("/ColorSpace"), DictionaryObject()).get_object()
        spaces[REGISTRATION] = _registration_colour_space()
        original = page.get_contents()
        data = b"q\n" + (original.get_data() if original is not None else b"") + b"\nQ\n" + _marks(trim, bleed_pt)
        stream = StreamObject()
        stream.set_data(data)
        page[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
    write_pdf(writer, path, _content_id(path, b"marks"))


def saddle_stitch_order(pages: int) -> list[tuple[int, int]]:
    """Page pairs (left, right), 1-based, in the order they are printed: 16|1, 2|15, 14|3, …"""
    if pages % 4:
        raise BuildError(f"saddle stitching needs a multiple of 4 pages, not {pages}")
    pairs = []
    for sheet_side in range(pages // 2):
        outer, inner = pages - sheet_side, sheet_side + 1
        pairs.append((outer, inner) if sheet_side % 2 == 0 else (inner, outer))
    return pairs


def impose(source: Path, target: Path) -> int:
    """Two-up printer spreads for saddle stitching, as a PDF/X file of their own; returns the sheet sides.

    Each sheet is two trimmed pages side by side with the bleed kept on its
    outer edges (the left page's left, top and bottom bleed, the right page's
    right, top and bottom), TrimBox the spread and BleedBox the spread plus
    bleed. The print PDF's output intent, XMP identification and PDF version
    come along; links do not (a spread has no use for the contents page's).
    """
    reader = PdfReader(source)
    pages = list(reader.pages)
    order = saddle_stitch_order(len(pages))
    first = pages[0]
    trim, bleed_box = first.trimbox, first.bleedbox
    width, height = float(trim.width), float(trim.height)
    bleed = float(trim.left) - float(bleed_box.left)
    writer = PdfWriter()
    writer.pdf_header = reader.pdf_header
    for left, right in order:
        sheet = PageObject.create_blank_page(width=2 * width + 2 * bleed, height=height + 2 * bleed)
        for number, offset, is_left in ((left, bleed, True), (right, bleed + width, False)):
            page = pages[number - 1]
            page_trim, page_bleed = page.trimbox, page.bleedbox
            # pypdf clips a merged page to its CropBox: the bleed is kept on the sheet's outer edges only
            page.cropbox = RectangleObject([
                float(page_bleed.left) if is_left else float(page_trim.left), float(page_bleed.bottom),
                float(page_trim.right) if is_left else float(page_bleed.right), float(page_bleed.top),
            ])
            sheet.merge_transformed_page(
                page, Transformation().translate(offset - float(page_trim.left), bleed - float(page_trim.bottom))
            )
        sheet.trimbox = RectangleObject([bleed, bleed, bleed + 2 * width, bleed + height])
        sheet.bleedbox = sheet.mediabox
        if "/Annots" in sheet:
            del sheet[NameObject("/Annots")]
        writer.add_page(sheet)
    root = cast(DictionaryObject, reader.trailer["/Root"])
    if "/Lang" in root:
        writer.root_object[NameObject("/Lang")] = root["/Lang"]
    for key in ("/OutputIntents", "/Metadata"):  # the PDF/X output intent and identification
        if key in root:
            writer.root_object[NameObject(key)] = writer._add_object(
                cast(PdfObject, root[key].get_object()).clone(writer))
    info = {key: str(value) for key, value in (reader.metadata or {}).items()}
    info["/Title"] = f"{info.get('/Title', source.stem)} (imposed)"
    info["/PageCount"] = str(len(order))
    writer.add_metadata(info)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_pdf(writer, target, _content_id(source, b"imposed"))
    return len(order)
