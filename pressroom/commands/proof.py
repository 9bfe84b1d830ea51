"""Contact sheets for the layout staff: every page of a built PDF, as the reader sees the spreads.

A bulletin is read as spreads: page 1 (the cover) stands alone on the right,
then 2|3, 4|5, …, and the last page stands alone on the left when the count is
even. One PNG per PDF shows every page that way as a small thumbnail, with its
page number under it, so a glance finds a widowed heading, a figure on the
wrong side of a spread or a blank page in the wrong place:

    <out>/<ID>/proof/<file-stem>-contact.png
    <out>/<ID>/proof/<file-stem>/page-001.png, …   (with ``pages=True``, about 100 dpi)

On the print PDFs the problems the layout report finds (:mod:`pressroom.pdf.composition`)
are marked on the thumbnails: a red frame round a hole, a loose line or a hyphen
at a page turn, an orange one round what is only worth a look (a widow, a stub),
so that staff see at a glance where the page needs them.

Only the TrimBox is shown: the print variant runs 3 mm into the bleed, which
the reader never sees. Pages are rendered one at a time with PDFium and each
one's objects are closed at once, so memory stays at one page plus the sheet
whatever the page count. PDFium shows the CMYK colours of a print PDF only
approximately: a contact sheet is for layout, not for colour proofing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from ..build.article_proof import ArticleLayout
from ..build.jobs import Job, built_jobs
from ..build.tasks import parallel_map
from ..errors import UsageError
from ..files import atomic_path
from ..pdf.composition import Spot

PROOF_FOLDER = "proof"
THUMB_HEIGHT = 180  # pixels: a page's trim, A4 is 127 × 180
SHEET_WIDTH = 1600  # pixels at most, unless one spread is wider
PAGE_DPI = 100  # the full-size page PNGs
SUPERSAMPLE = 2  # thumbnails are drawn this much larger, then reduced: sharper lines and text

MARGIN = 24  # around everything
HEADER = 44  # the file-name line and the space under it
SPREAD_GAP = 28  # between spreads in a row
ROW_GAP = 14  # between a row's page numbers and the next row
LABEL = 20  # the page-number line under the thumbnails

BACKGROUND = (222, 222, 219)  # neutral light grey: white pages stand out without glare
EDGE = (150, 150, 146)  # a hairline around each spread, where the paper ends
SPINE = (186, 186, 182)  # the fold between the two pages of a spread
INK = (40, 40, 40)
MUTED = (96, 96, 92)
PROBLEM = (214, 40, 40)  # a layout target missed
NOTICE = (230, 140, 20)  # worth a look
# What the layout report finds that is drawn on the thumbnails; the rest (lines off the grid) would only clutter.
MARKED = {"nearly empty page": PROBLEM, "hole at column foot": PROBLEM, "loose line": PROBLEM,
          "hyphen run": PROBLEM, "hyphen at page turn": PROBLEM, "hyphenated display text": PROBLEM,
          "running head on opener": PROBLEM, "substitute letter": PROBLEM, "break off the syllable": PROBLEM,
          "one-letter word at line end": PROBLEM, "particle at line start": PROBLEM,
          "widow": NOTICE, "orphan": NOTICE, "heading at column foot": NOTICE, "paragraph stub": NOTICE,
          "one-word title line": NOTICE, "hyphen at column end": NOTICE}

PAGE_FILE = re.compile(r"^page-\d{3,}\.png$")

Spread = tuple[int | None, int | None]  # (left page, right page), 1-based; None: no page on that side


def spreads(page_count: int) -> list[Spread]:
    """The reader's spreads: (None, 1), (2, 3), (4, 5), …, and (n, None) if n is even."""
    if page_count < 1:
        return []
    result: list[Spread] = [(None, 1)]
    for left in range(2, page_count + 1, 2):
        result.append((left, left + 1 if left + 1 <= page_count else None))
    return result


@dataclass(frozen=True)
class SheetLayout:
    """Where everything goes on one contact sheet: pure arithmetic, no pixels (tests check it directly)."""

    page_count: int
    thumb_width: int
    thumb_height: int
    columns: int  # spreads per row

    @property
    def spreads(self) -> list[Spread]:
        return spreads(self.page_count)

    @property
    def rows(self) -> int:
        return math.ceil(len(self.spreads) / self.columns) if self.page_count else 0

    @property
    def spread_width(self) -> int:
        return 2 * self.thumb_width

    @property
    def row_height(self) -> int:
        return self.thumb_height + LABEL

    @property
    def size(self) -> tuple[int, int]:
        used = min(self.columns, len(self.spreads)) or 1
        width = 2 * MARGIN + used * self.spread_width + (used - 1) * SPREAD_GAP
        height = 2 * MARGIN + HEADER + self.rows * self.row_height + max(self.rows - 1, 0) * ROW_GAP
        return width, height

    def spread_box(self, index: int) -> tuple[int, int, int, int]:
        """The whole slot of spread ``index`` (0-based): both pages' places, even where one is empty."""
        row, column = divmod(index, self.columns)
        x = MARGIN + column * (self.spread_width + SPREAD_GAP)
        y = MARGIN + HEADER + row * (self.row_height + ROW_GAP)
        return x, y, x + self.spread_width, y + self.thumb_height

    def page_box(self, page: int) -> tuple[int, int, int, int]:
        """The thumbnail of ``page`` (1-based) as (left, top, right, bottom), right and bottom exclusive."""
        if not 1 <= page <= self.page_count:
            raise ValueError(f"page {page} is not in 1–{self.page_count}")
        index = page // 2  # 1 → spread 0, 2 and 3 → spread 1, …
        left, top, _, bottom = self.spread_box(index)
        # Even pages are versos (left), odd pages rectos (right).
        x = left if page % 2 == 0 else left + self.thumb_width
        return x, top, x + self.thumb_width, bottom

    def page_boxes(self) -> dict[int, tuple[int, int, int, int]]:
        return {page: self.page_box(page) for page in range(1, self.page_count + 1)}


def sheet_layout(page_count: int, trim_pt: tuple[float, float], width: int = SHEET_WIDTH,
                 thumb_height: int = THUMB_HEIGHT) -> SheetLayout:
    """Thumbnails ``thumb_height`` high with the trim's proportions, as many spreads a row as fit in ``width``.

    The rows are then balanced (13 spreads at 5 a row are set 5, 5, 3; 7 are set
    4, 3 rather than 5, 2), so the sheet has no long ragged last row.
    """
    trim_width, trim_height = trim_pt
    thumb_width = max(1, round(thumb_height * trim_width / trim_height))
    fitting = max(1, (width - 2 * MARGIN + SPREAD_GAP) // (2 * thumb_width + SPREAD_GAP))
    count = max(len(spreads(page_count)), 1)
    rows = math.ceil(count / fitting)
    return SheetLayout(page_count, thumb_width, thumb_height, math.ceil(count / rows))


# -- rendering -------------------------------------------------------------------


def write_proofs(jobs: list[Job], pages: bool = False, width: int = SHEET_WIDTH, workers: int = 1) -> list[Path]:
    """A contact sheet of each job's PDF (and with ``pages``, every page at about 100 dpi); the paths written.

    ``width`` is the widest a contact sheet may be, in pixels; it decides how many
    spreads go in a row. A job whose PDF is not built yet is a usage error naming
    the ``pressroom make`` command, raised before anything is drawn.
    """
    batches = parallel_map(_proof_job, [(job, pages, width) for job in built_jobs(jobs)], workers)
    return [path for batch in batches for path in batch]


def _proof_job(task: tuple[Job, bool, int]) -> list[Path]:
    job, pages, width = task
    try:
        spots = _layout_spots(job.target, job.lang) if job.variant == "print" else ()
        return proof_pdf(job.target, job.target.parent / PROOF_FOLDER, pages, width, job.project.fonts, spots)
    except UsageError as error:
        raise UsageError(f"{error}; build it again: pressroom make {job.edition.id} --lang {job.lang} "
                         f"--variant {job.variant} --force") from None


def _layout_spots(pdf: Path, lang: str) -> tuple[Spot, ...]:
    from ..pdf.composition import layout_report

    try:
        return tuple(layout_report(pdf, lang).spots)
    except Exception:  # noqa: BLE001 (a PDF the report cannot read still gets its sheet, unmarked)
        return ()


def proof_pdf(pdf: Path, folder: Path, pages: bool = False, width: int = SHEET_WIDTH,
              fonts: Path | None = None, spots: tuple[Spot, ...] = ()) -> list[Path]:
    """The contact sheet of ``pdf`` in ``folder`` (and its page PNGs); returns the paths written, sheet first.

    The labels are set in the project's Noto Sans from ``fonts`` when given, else in Pillow's own font;
    ``spots`` (from the layout report) are framed on the thumbnails.
    """
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise UsageError(f"cannot read {pdf.name} as a PDF ({exc})") from None
    page_folder = folder / pdf.stem
    written: list[Path] = []
    try:
        count = len(document)
        first = document[0] if count else None
        try:
            trim = _trim_size(first) if first is not None else (595.0, 842.0)
        finally:
            if first is not None:
                first.close()
        layout = sheet_layout(count, trim, width)
        sheet = Image.new("RGB", layout.size, BACKGROUND)
        draw = ImageDraw.Draw(sheet)
        for number in range(1, count + 1):
            image = _render_page(document, number - 1, layout, pages)
            try:
                if pages:
                    target = page_folder / f"page-{number:03d}.png"
                    with atomic_path(target) as temporary:
                        image.save(temporary, format="PNG")
                    written.append(target)
                box = layout.page_box(number)
                size = (box[2] - box[0], box[3] - box[1])
                thumb = image if image.size == size else image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
                sheet.paste(thumb, box[:2])
                thumb.close()
                _mark(draw, box, trim, [spot for spot in spots if spot.page == number])
            finally:
                image.close()
    except pdfium.PdfiumError as exc:  # a damaged page: the PDF opened but cannot be drawn
        raise UsageError(f"cannot draw {pdf.name} ({exc})") from None
    finally:
        document.close()
    _decorate(draw, layout, pdf.name, trim, fonts)
    target = folder / f"{pdf.stem}-contact.png"
    with atomic_path(target) as temporary:
        sheet.save(temporary, format="PNG", optimize=True)
    sheet.close()
    if pages:
        _remove_stale_pages(page_folder, count)
    return [target, *written]


def article_pngs(layout: ArticleLayout) -> list[Path]:
    """The pages of one article laid out alone (build.article_proof) as PNGs beside its PDF, named by folio:
    ``proof/<lang>-<key>/page-010.png``, …; pages of an earlier, longer proof are removed."""
    import pypdfium2 as pdfium

    folder = layout.pdf.with_suffix("")
    written: list[Path] = []
    document = pdfium.PdfDocument(layout.pdf)
    try:
        for index in range(layout.lead_pages, layout.lead_pages + layout.pages):
            image = _render_page(document, index, None, True)
            try:
                target = folder / f"page-{layout.first_page + index - layout.lead_pages:03d}.png"
                with atomic_path(target) as temporary:
                    image.save(temporary, format="PNG", compress_level=1)  # fast: a proof lives for minutes
                written.append(target)
            finally:
                image.close()
    finally:
        document.close()
    shown = {path.name for path in written}
    for stale in folder.glob("page-*.png"):
        if stale.name not in shown:
            stale.unlink()
    return written


def _mark(draw, box: tuple[int, int, int, int], trim_pt: tuple[float, float], spots: list[Spot]) -> None:
    """Frame each spot on the page's thumbnail (spot boxes are in points from the trim's lower left)."""
    scale_x = (box[2] - box[0]) / trim_pt[0]
    scale_y = (box[3] - box[1]) / trim_pt[1]
    for spot in spots:
        colour = MARKED.get(spot.kind)
        if colour is None:
            continue
        x0, bottom, x1, top = spot.box
        left = box[0] + max(int(x0 * scale_x) - 2, 0)
        right = box[0] + min(int(x1 * scale_x) + 2, box[2] - box[0] - 1)
        upper = box[1] + max(int((trim_pt[1] - top) * scale_y) - 2, 0)
        lower = box[1] + min(int((trim_pt[1] - bottom) * scale_y) + 2, box[3] - box[1] - 1)
        draw.rectangle((left, upper, max(right, left + 3), max(lower, upper + 3)), outline=colour, width=2)


def _trim_crop(page) -> tuple[float, float, float, float]:
    """How much to cut off each side (left, bottom, right, top, in points) to keep only the TrimBox."""
    if page.get_rotation() != 0:
        return 0.0, 0.0, 0.0, 0.0  # pressroom never rotates pages; a foreign PDF is shown whole
    left, bottom, right, top = page.get_cropbox()
    trim = page.get_trimbox()  # falls back to the CropBox when a PDF has no TrimBox
    return (max(trim[0] - left, 0.0), max(trim[1] - bottom, 0.0),
            max(right - trim[2], 0.0), max(top - trim[3], 0.0))


def _trim_size(page) -> tuple[float, float]:
    crop = _trim_crop(page)
    width, height = page.get_size()
    return width - crop[0] - crop[2], height - crop[1] - crop[3]


def _render_page(document, index: int, layout: SheetLayout | None, full_size: bool):
    """One page's trim as a PIL image: at PAGE_DPI for a page PNG, else at SUPERSAMPLE × the thumbnail."""
    page = document[index]
    try:
        crop = _trim_crop(page)
        height = page.get_height() - crop[1] - crop[3]
        scale = PAGE_DPI / 72 if full_size or layout is None else SUPERSAMPLE * layout.thumb_height / height
        bitmap = page.render(scale=scale, crop=crop)
        try:
            # convert() copies the pixels out of PDFium's buffer, which close() frees.
            return bitmap.to_pil().convert("RGB")
        finally:
            bitmap.close()
    finally:
        page.close()


def _decorate(draw, layout: SheetLayout, name: str, trim_pt: tuple[float, float], fonts: Path | None) -> None:
    """The header, a hairline round each spread, the fold, and the page numbers."""
    title, small = _font(15, fonts, "NotoSans-Bold.ttf"), _font(11, fonts, "NotoSans-Regular.ttf")
    draw.text((MARGIN, MARGIN + 14), name, fill=INK, font=title, anchor="ls")
    title_end = MARGIN + draw.textlength(name, font=title)
    facts = (f"{layout.page_count} page{'s' if layout.page_count != 1 else ''}  ·  "
             f"trim {trim_pt[0] * 25.4 / 72:.0f} × {trim_pt[1] * 25.4 / 72:.0f} mm")
    draw.text((title_end + 18, MARGIN + 14), facts, fill=MUTED, font=small, anchor="ls")
    for left_page, right_page in layout.spreads:
        pages = [p for p in (left_page, right_page) if p is not None]
        boxes = [layout.page_box(p) for p in pages]
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
        # Outside the pages, so the hairline never covers what is printed.
        draw.rectangle((x0 - 1, y0 - 1, x1, y1), outline=EDGE)
        if len(pages) == 2:
            fold = boxes[1][0]
            draw.line((fold, y0, fold, y1 - 1), fill=SPINE)
        for page, box in zip(pages, boxes, strict=True):
            centre = (box[0] + box[2]) / 2
            draw.text((centre, box[3] + 5), str(page), fill=MUTED, font=small, anchor="mt")


def _font(size: int, fonts: Path | None, name: str):
    from PIL import ImageFont

    if fonts is not None and (fonts / name).is_file():
        try:
            return ImageFont.truetype(str(fonts / name), size)
        except OSError:
            pass  # a damaged font file costs only the nicer labels
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, ImportError):  # a Pillow without FreeType has only the small bitmap font
        return ImageFont.load_default()


def _remove_stale_pages(folder: Path, count: int) -> None:
    """Page PNGs beyond the PDF's last page, left by a longer earlier build, would show pages that no longer exist."""
    for path in folder.glob("page-*.png"):
        if PAGE_FILE.match(path.name) and int(path.stem.split("-")[1]) > count:
            path.unlink()
