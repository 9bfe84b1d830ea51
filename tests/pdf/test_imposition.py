import pytest
from pypdf import PdfReader

from pressroom.errors import BuildError
from pressroom.pdf.imposition import add_crop_marks, impose, saddle_stitch_order
from pressroom.pdf.preflight import MM_PER_PT

from ..conftest import SAMPLE_ID


def test_saddle_stitch_order_of_sixteen_pages():
    assert saddle_stitch_order(16) == [(16, 1), (2, 15), (14, 3), (4, 13), (12, 5), (6, 11), (10, 7), (8, 9)]


def test_saddle_stitch_needs_a_multiple_of_four():
    with pytest.raises(BuildError, match="multiple of 4"):
        saddle_stitch_order(10)


@pytest.fixture
def english_print(sample_build):
    _, folder = sample_build
    return folder / f"since-the-victory-{SAMPLE_ID}-en-print.pdf"


def test_imposed_sheets_pair_the_right_pages(english_print, tmp_path):
    target = tmp_path / "imposed.pdf"
    sides = impose(english_print, target)
    source = PdfReader(english_print)
    n = len(source.pages)
    sheets = PdfReader(target).pages
    assert sides == len(sheets) == n // 2
    first = sheets[0]
    page = source.pages[0]
    bleed = float(page.trimbox.left) - float(page.bleedbox.left)
    assert float(first.trimbox.width) == pytest.approx(2 * float(page.trimbox.width))
    # the bleed stays on the sheet's outer edges
    assert float(first.bleedbox.width) == pytest.approx(2 * float(page.trimbox.width) + 2 * bleed)
    assert float(first.bleedbox.height) == pytest.approx(float(page.trimbox.height) + 2 * bleed)
    # the first sheet carries the back cover (left) and the cover (right)
    text = first.extract_text()
    assert "Since the Victory" in text and "Edition 2024-H1" in text
    # the second sheet: page 2 (imprint) left, page n-1 right (a numbered page, or a blank one that pads
    # the count to a multiple of four)
    second = sheets[1].extract_text()
    right = source.pages[n - 2].extract_text().strip()
    assert "IMPRINT" in second and second.rstrip().endswith(right[-40:])
    assert not right or right.endswith(str(n - 1))


def test_crop_marks_sit_outside_the_bleed(english_print, tmp_path):
    copy = tmp_path / "marked.pdf"
    copy.write_bytes(english_print.read_bytes())
    add_crop_marks(copy)
    page = PdfReader(copy).pages[0]
    reach_mm = (float(page.trimbox.left) - float(page.mediabox.left)) * MM_PER_PT
    assert reach_mm == pytest.approx(3 + 2 + 5 + 1, abs=0.01)
    assert (float(page.trimbox.left) - float(page.bleedbox.left)) * MM_PER_PT == pytest.approx(3, abs=0.01)
    content = page.get_contents().get_data()
    assert b"/PressroomRegistration CS 1 SCN" in content
    assert "/Separation" in str(page["/Resources"]["/ColorSpace"]["/PressroomRegistration"])
    assert b" rg" not in content and b" RG" not in content


def test_marks_and_spreads_stay_pdfx4(english_print, tmp_path):
    from pressroom.pdf.preflight import PrintExpectations, check_print_pdf

    marked = tmp_path / "marked.pdf"
    marked.write_bytes(english_print.read_bytes())
    add_crop_marks(marked)
    assert marked.read_bytes().startswith(b"%PDF-1.6")
    page_failures = [f for f in check_print_pdf(marked, PrintExpectations((210, 297), 3, 300, "pdf/x-4"))
                     if not f.ok and f.check != "page boxes"]  # the MediaBox is larger by design
    assert page_failures == []
    spreads = tmp_path / "imposed.pdf"
    impose(english_print, spreads)
    reader = PdfReader(spreads)
    assert reader.pdf_header == "%PDF-1.6" and reader.trailer.get("/ID")
    assert all("/Annots" not in sheet for sheet in reader.pages)
    failed = [f for f in check_print_pdf(spreads, PrintExpectations((420, 297), 3, 300, "pdf/x-4", 2)) if not f.ok]
    assert failed == []
