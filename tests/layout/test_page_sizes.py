"""Every page size pressroom accepts: page-sized elements follow the page, not A4.

The sample edition (English, print; its first three articles, which hold a
section opener, an interview, a fact box, a pull quote, a footnote and a
picture across the columns) is built on A5 and on Letter; the cover, the
imprint and the back cover must each be one page, and the text of body pages
must stay inside the page's margins.
"""

from __future__ import annotations

import re
import shutil

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from pressroom.build.jobs import Options, plan
from pressroom.build.pipeline import build
from pressroom.structure.edition import PAGE_SIZES
from pressroom.structure.project import Project

from ..conftest import REPO, SAMPLE_ID

MM = 72 / 25.4
MARGINS_MM = {"top": 20, "bottom": 22, "inner": 22, "outer": 17}  # styles/base.css @page


@pytest.fixture(scope="module", params=["A5", "letter"])
def resized(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"sample-{request.param}")
    for name in ("issues", "styles", "fonts"):
        shutil.copytree(REPO / name, root / name, symlinks=False)
    for article in root.glob(f"issues/{SAMPLE_ID}/*/*.md"):
        if int(article.name[:2]) > 3:
            article.unlink()
    settings = re.sub(r"(?m)^page_size:.*$", "", (REPO / "pressroom.yaml").read_text(encoding="utf-8"))
    (root / "pressroom.yaml").write_text(settings + f"\npage_size: {request.param}\n", encoding="utf-8")
    # The sample's cover is drawn for A4 (298 ppi on Letter): resolution is not what is tested here.
    build(plan(Project(root, root / "output"), SAMPLE_ID, ["en"], ["print"]), workers=1,
          options=Options(allow_lowres=True))
    return request.param, root / "output" / SAMPLE_ID / f"since-the-victory-{SAMPLE_ID}-en-print.pdf"


def page_texts(pdf) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def test_the_pages_have_the_chosen_size(resized):
    size, pdf = resized
    width, height = PAGE_SIZES[size]
    trim = PdfReader(pdf).pages[5].trimbox
    assert (round(float(trim.width) / MM, 1), round(float(trim.height) / MM, 1)) == (width, height)


def test_cover_imprint_and_back_cover_are_one_page_each(resized):
    _, pdf = resized
    texts = page_texts(pdf)
    assert "Victory" in texts[0] and "Edition 2024-H1" in texts[0]  # the cover keeps its edition line
    imprint = [n for n, text in enumerate(texts) if "Imprint" in text or "IMPRINT" in text]
    assert imprint == [1], "the imprint must be page 2 and only page 2"
    assert "illustrative" in texts[1] and "pressroom project" in texts[1]  # its note and rights are on it
    assert texts[2].lstrip().startswith("Contents")
    assert "Information bulletin on the revival" in texts[-1]
    assert "Information bulletin on the revival" not in texts[-2]  # the back cover did not spill back


def test_body_text_stays_inside_the_margins(resized):
    size, pdf = resized
    width, height = PAGE_SIZES[size]
    document = pdfium.PdfDocument(pdf)
    checked = 0
    for index in range(4, len(document) - 1):
        page = document[index]
        text = page.get_textpage()
        boxes = [text.get_charbox(i) for i in range(text.count_chars()) if not text.get_text_range(i, 1).isspace()]
        if len(boxes) < 200:
            continue  # a blank or nearly blank page says nothing about margins
        left_page = (index + 1) % 2 == 0
        inner, outer = MARGINS_MM["inner"], MARGINS_MM["outer"]
        left_margin, right_margin = (outer, inner) if left_page else (inner, outer)
        box = page.get_trimbox()
        x0 = min(b[0] for b in boxes) - box[0]
        x1 = box[2] - max(b[2] for b in boxes)
        # 1 mm of tolerance: glyphs' side bearings and optical overhangs
        assert x0 >= (left_margin - 1) * MM and x1 >= (right_margin - 1) * MM, (
            f"page {index + 1}: {x0 / MM:.1f} mm, {x1 / MM:.1f} mm"
        )
        # running heads and folios sit in the margin boxes, inside the page
        assert min(b[1] for b in boxes) - box[1] > 5 * MM and box[3] - max(b[3] for b in boxes) > 5 * MM
        checked += 1
    assert checked >= 5
