"""Contact sheets: the spread arithmetic, a synthetic PDF whose pages say which they are, and a real build."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from pressroom.build.jobs import plan
from pressroom.build.pipeline import build
from pressroom.commands.proof import (
    BACKGROUND,
    PAGE_DPI,
    SHEET_WIDTH,
    THUMB_HEIGHT,
    proof_pdf,
    sheet_layout,
    spreads,
    write_proofs,
)
from pressroom.errors import UsageError
from pressroom.structure.project import Project

from ..conftest import ARTICLE, make_small_project, write

A4 = (595.276, 841.89)


# -- the arithmetic ----------------------------------------------------------------


@pytest.mark.parametrize("count, expected", [
    (1, [(None, 1)]),
    (2, [(None, 1), (2, None)]),
    (3, [(None, 1), (2, 3)]),
    (4, [(None, 1), (2, 3), (4, None)]),
    (5, [(None, 1), (2, 3), (4, 5)]),
    (0, []),
])
def test_spreads_are_as_the_reader_sees_them(count, expected):
    assert spreads(count) == expected


@pytest.mark.parametrize("count", [1, 2, 3, 4, 7, 24, 36, 101])
def test_every_page_has_one_place_inside_the_sheet_and_none_overlap(count):
    layout = sheet_layout(count, A4)
    width, height = layout.size
    assert width <= SHEET_WIDTH
    boxes = layout.page_boxes()
    assert sorted(boxes) == list(range(1, count + 1))
    for (x0, y0, x1, y1) in boxes.values():
        assert 0 < x0 < x1 <= width and 0 < y0 < y1 <= height
        assert (x1 - x0, y1 - y0) == (layout.thumb_width, THUMB_HEIGHT)
    ordered = sorted(boxes.values())
    for a in ordered:
        for b in ordered:
            if a is not b:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_spread_pages_touch_at_the_fold_and_page_one_is_a_recto():
    layout = sheet_layout(8, A4)
    one, two, three = layout.page_box(1), layout.page_box(2), layout.page_box(3)
    assert two[2] == three[0] and two[1] == three[1]  # 2|3 side by side, no gap
    assert one[0] == layout.spread_box(0)[0] + layout.thumb_width  # page 1 in the right half of its slot
    assert layout.page_box(8)[0] == layout.spread_box(4)[0]  # the last even page on the left


def test_rows_are_balanced_and_the_width_decides_the_columns():
    layout = sheet_layout(24, A4)  # 13 spreads
    assert layout.columns * 2 * layout.thumb_width < SHEET_WIDTH
    assert layout.rows == -(-13 // layout.columns)
    last_row = 13 - (layout.rows - 1) * layout.columns
    assert layout.columns - last_row < layout.rows  # no row shorter than it needs to be
    narrow = sheet_layout(24, A4, width=400)
    assert narrow.columns == 1 and narrow.rows == 13
    assert sheet_layout(12, A4).rows == 2  # 7 spreads: 4 + 3, not 5 + 2
    assert sheet_layout(12, A4).columns == 4


# -- a synthetic PDF: each page a colour of its own, with a red bleed --------------


BLEED = 9  # points
TRIM = (120, 170)  # points


def colour(page: int) -> tuple[int, int, int]:
    return (20 + 37 * page % 200, 60 + 23 * page % 180, 200 - 11 * page % 150)


@pytest.fixture
def coloured_pdf(tmp_path) -> Path:
    """Six pages, each filled with colour(n) inside its TrimBox and pure red in the bleed around it."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, RectangleObject

    writer = PdfWriter()
    for number in range(1, 7):
        page = writer.add_blank_page(TRIM[0] + 2 * BLEED, TRIM[1] + 2 * BLEED)
        r, g, b = (c / 255 for c in colour(number))
        stream = DecodedStreamObject()
        stream.set_data(f"1 0 0 rg 0 0 {TRIM[0] + 2 * BLEED} {TRIM[1] + 2 * BLEED} re f "
                        f"{r:.4f} {g:.4f} {b:.4f} rg {BLEED} {BLEED} {TRIM[0]} {TRIM[1]} re f".encode())
        page.replace_contents(stream)
        page.trimbox = RectangleObject((BLEED, BLEED, BLEED + TRIM[0], BLEED + TRIM[1]))
    target = tmp_path / "out" / "2024-H1" / "bulletin-2024-H1-en-print.pdf"
    target.parent.mkdir(parents=True)
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def near(a, b, tolerance=12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=False))


def test_contact_sheet_shows_each_page_in_its_place_without_bleed(coloured_pdf):
    folder = coloured_pdf.parent / "proof"
    written = proof_pdf(coloured_pdf, folder)
    assert written == [folder / "bulletin-2024-H1-en-print-contact.png"]
    layout = sheet_layout(6, TRIM)
    with Image.open(written[0]) as sheet:
        assert sheet.format == "PNG" and sheet.size == layout.size
        sheet = sheet.convert("RGB")
        for page, (x0, y0, x1, y1) in layout.page_boxes().items():
            assert near(sheet.getpixel(((x0 + x1) // 2, (y0 + y1) // 2)), colour(page)), page
            # The trim's corners are the page's colour: the red bleed was cut off.
            for x, y in ((x0 + 1, y0 + 1), (x1 - 2, y1 - 2)):
                assert near(sheet.getpixel((x, y)), colour(page), 30), (page, x, y)
        colours = sheet.getcolors(sheet.width * sheet.height)
        assert not [c for _, c in colours if c[0] > 200 and c[1] < 60 and c[2] < 60]
        # Where no page stands (left of page 1, right of page 6) is background.
        x0, y0, x1, y1 = layout.spread_box(0)
        assert sheet.getpixel((x0 + 5, y0 + 5)) == BACKGROUND
        x0, y0, x1, y1 = layout.spread_box(3)
        assert sheet.getpixel((x1 - 5, y0 + 5)) == BACKGROUND


def test_page_pngs_are_one_per_page_at_100_dpi_and_stale_ones_go(coloured_pdf):
    folder = coloured_pdf.parent / "proof"
    stale = folder / coloured_pdf.stem / "page-007.png"
    stale.parent.mkdir(parents=True)
    Image.new("RGB", (4, 4)).save(stale)
    keep = stale.with_name("notes.txt")
    keep.write_text("mine")
    written = proof_pdf(coloured_pdf, folder, pages=True)
    pages = sorted((folder / coloured_pdf.stem).glob("page-*.png"))
    assert [p.name for p in pages] == [f"page-{n:03d}.png" for n in range(1, 7)]
    assert written[1:] == pages
    assert keep.is_file()  # only page PNGs are cleaned up
    for number, path in enumerate(pages, 1):
        with Image.open(path) as image:
            expected = (round(TRIM[0] * PAGE_DPI / 72), round(TRIM[1] * PAGE_DPI / 72))
            assert abs(image.size[0] - expected[0]) <= 1 and abs(image.size[1] - expected[1]) <= 1
            assert near(image.convert("RGB").getpixel((image.width // 2, image.height // 2)), colour(number))
    assert not list(folder.rglob("*.partial"))


# -- a real build --------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The conftest small_project (en, az), with a second article so there are a few spreads, built for print."""
    root = make_small_project(tmp_path_factory.mktemp("proof") / "project")
    edition = root / "issues" / "2024-H1"
    for lang in ("en", "az"):
        write(edition / lang / "02-second.md", ARTICLE.format(title="The second article"))
    project = Project(root, root / "output")
    report = build(plan(project, "2024-H1", variants=["print"]), workers=1)
    return project, {record.language: record.pages for record in report.outputs}


def test_contact_sheets_of_a_built_edition(built):
    project, pages = built
    written = write_proofs(plan(project, "2024-H1", variants=["print"]))
    folder = project.out / "2024-H1" / "proof"
    assert written == [folder / f"test-bulletin-2024-H1-{lang}-print-contact.png" for lang in ("en", "az")]
    for lang, path in zip(("en", "az"), written, strict=True):
        count = pages[lang]
        assert count >= 4 and count % 4 == 0
        layout = sheet_layout(count, (595.276, 841.89))
        with Image.open(path) as sheet:
            assert sheet.format == "PNG"
            assert sheet.size == layout.size
            assert 300 < sheet.width <= SHEET_WIDTH and 200 < sheet.height < 2000
            assert path.stat().st_size < 2_000_000
            sheet = sheet.convert("RGB")
            for page, (x0, y0, x1, y1) in layout.page_boxes().items():
                # Even a blank padding page is paper, not background.
                region = sheet.crop((x0, y0, x1, y1))
                background = {c: n for n, c in region.getcolors(region.width * region.height)}.get(BACKGROUND, 0)
                assert background < 0.02 * region.width * region.height, (lang, page)
            # Between two spreads, and beside page 1, is background.
            x0, y0, _, _ = layout.page_box(1)
            assert sheet.getpixel((x0 - layout.thumb_width // 2, y0 + 20)) == BACKGROUND
            _, y0, x1, _ = layout.page_box(3)
            assert sheet.getpixel((x1 + 10, y0 + 20)) == BACKGROUND


def test_pages_option_writes_one_png_per_page(built):
    project, pages = built
    written = write_proofs(plan(project, "2024-H1", languages=["az"], variants=["print"]), pages=True)
    folder = project.out / "2024-H1" / "proof" / "test-bulletin-2024-H1-az-print"
    pngs = sorted(folder.glob("page-*.png"))
    assert len(pngs) == pages["az"]
    assert written == [folder.parent / "test-bulletin-2024-H1-az-print-contact.png", *pngs]
    with Image.open(pngs[0]) as first:
        assert abs(first.width - 827) <= 2 and abs(first.height - 1169) <= 2  # A4 trim at 100 dpi


def test_an_unbuilt_pdf_is_a_usage_error_naming_the_command(built):
    project, _ = built
    with pytest.raises(UsageError, match=r"pressroom make 2024-H1"):
        write_proofs(plan(project, "2024-H1", variants=["screen"]))


def test_a_damaged_pdf_is_a_usage_error_naming_the_rebuild(built, tmp_path):
    project, _ = built
    damaged = Project(project.root, tmp_path / "out")
    job = plan(damaged, "2024-H1", languages=["en"], variants=["print"])[0]
    job.target.parent.mkdir(parents=True)
    job.target.write_bytes(b"%PDF-1.7\nnot really a PDF\n")
    with pytest.raises(UsageError, match=r"cannot read .*pressroom make 2024-H1 --lang en --variant print --force"):
        write_proofs([job])
    assert not (job.target.parent / "proof").exists() or not list((job.target.parent / "proof").rglob("*"))


def test_layout_problems_are_framed_on_their_page(coloured_pdf):
    from pressroom.commands.proof import PROBLEM
    from pressroom.pdf.composition import Spot

    folder = coloured_pdf.parent / "proof"
    # a hole in the lower half of page 3's right half, in points from the trim's lower left
    spot = Spot(3, "hole at column foot", "column 2: 8 lines empty", (60.0, 10.0, 110.0, 80.0))
    written = proof_pdf(coloured_pdf, folder, spots=(spot,))
    layout = sheet_layout(6, TRIM)
    x0, y0, x1, y1 = layout.page_box(3)
    scale = (x1 - x0) / TRIM[0]
    left, top = x0 + int(60 * scale) - 2, y0 + int((TRIM[1] - 80) * scale) - 2
    with Image.open(written[0]) as sheet:
        sheet = sheet.convert("RGB")
        assert sheet.getpixel((left, top + 5)) == PROBLEM  # the frame's left edge
        assert near(sheet.getpixel(((x0 + x1) // 2 - 20, (y0 + y1) // 2 - 30)), colour(3))  # inside: untouched
        x0, y0, x1, y1 = layout.page_box(2)
        assert PROBLEM not in [c for _, c in sheet.crop((x0, y0, x1, y1)).getcolors(100000)]
