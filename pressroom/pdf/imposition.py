"""Printer's sheets from finished print PDFs (pypdf): crop marks and saddle-stitch spreads.

WeasyPrint's own ``marks: crop`` draws inside the bleed and in RGB, which no
printer accepts; here the MediaBox is enlarged and the marks are drawn outside
the bleed in the registration colour (a Separation named /All, which prints on
every plate).
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
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


def write_pdf(writer: PdfWriter, target: Path) -> None:
    with atomic_path(target) as temporary, temporary.open("wb") as file:
        writer.write(file)


def add_crop_marks(path: Path) -> None:
    """Enlarge every page's MediaBox and draw crop marks outside the bleed, in place."""
    writer = PdfWriter(clone_from=PdfReader(path))
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
    write_pdf(writer, path)


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
    """Two-up printer spreads for saddle stitching; returns the number of sheet sides."""
    reader = PdfReader(source)
    pages = list(reader.pages)
    order = saddle_stitch_order(len(pages))
    trim = pages[0].trimbox
    width, height = float(trim.width), float(trim.height)
    writer = PdfWriter()
    for left, right in order:
        sheet = PageObject.create_blank_page(width=2 * width, height=height)
        for number, offset in ((left, 0.0), (right, width)):
            page = pages[number - 1]
            page_trim = page.trimbox
            page.cropbox = page_trim  # pypdf clips a merged page to its CropBox: nothing of the bleed overlaps
            sheet.merge_transformed_page(
                page, Transformation().translate(offset - float(page_trim.left), -float(page_trim.bottom))
            )
        sheet.trimbox = sheet.mediabox
        writer.add_page(sheet)
    writer.add_metadata({"/Title": f"{reader.metadata.title if reader.metadata else source.stem} (imposed)"})
    target.parent.mkdir(parents=True, exist_ok=True)
    write_pdf(writer, target)
    return len(order)
