"""pressroom check: each check passes on a good print PDF and fails on one that breaks it."""

import dataclasses

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from pressroom.pdf.preflight import PrintExpectations, check_print_pdf
from pressroom.pdf.render import render_pdf
from pressroom.pdf.sandbox import Sandbox
from pressroom.pdf.variants import VARIANTS, RenderSettings

from ..conftest import REPO

EXPECTED = PrintExpectations(page_mm=(210, 297), bleed_mm=3, min_ppi=300, standard="pdf/x-4")
GOOD = RenderSettings(
    variant=dataclasses.replace(VARIANTS["print"], stylesheets=("fonts.css", "print.css")),
    pdf_variant="pdf/x-4",
    page_size="A4",
    bleed_mm=3,
    output_intent="file:///pressroom/styles/profiles/default_cmyk.icc",
    min_ppi=300,
    metadata=(("Edition", "2024-H1"), ("Language", "en"), ("TrimSize", "210 x 297 mm")),
)
BODY = ('<p style="font-family: \'Bulletin Serif\'; color: var(--ink)">Şuşa {n}</p>'
        '<img src="file:///pressroom/images/pic.jpg" style="width: 40mm">')


@pytest.fixture
def sandbox(tmp_path) -> Sandbox:
    from pressroom.pdf.images import to_cmyk

    images = tmp_path / "images"
    images.mkdir()
    source = REPO / "issues/2024-H1/images/chart-returns.png"
    (images / "pic.png").write_bytes(source.read_bytes())
    cmyk = to_cmyk(source, REPO / "styles/profiles/default_cmyk.icc", tmp_path / "cache")
    return Sandbox(images=images, styles=REPO / "styles", fonts=REPO / "fonts", substitutes=(("pic.jpg", cmyk),))


def render(sandbox, tmp_path, settings=GOOD, pages=4, extra=""):
    body = "".join(f'<section style="break-before: page">{BODY.format(n=n)}{extra}</section>' for n in range(pages))
    target = tmp_path / "test.pdf"
    render_pdf(f'<html lang="en"><head><title>Test</title></head><body>{body}</body></html>', settings, sandbox,
               target, epoch=0)
    return target


def failures(path, expected=EXPECTED) -> dict[str, list]:
    result: dict[str, list] = {}
    for finding in check_print_pdf(path, expected):
        if not finding.ok:
            result.setdefault(finding.check, []).append(finding)
    return result


def test_good_print_pdf_passes_every_check(sandbox, tmp_path):
    assert failures(render(sandbox, tmp_path)) == {}


def test_wrong_bleed_fails_page_boxes_naming_the_page(sandbox, tmp_path):
    found = failures(render(sandbox, tmp_path, dataclasses.replace(GOOD, bleed_mm=1)))
    assert set(found) == {"page boxes"}
    assert found["page boxes"][0].where == "page 1" and "1.0 mm" in found["page boxes"][0].detail


def test_wrong_page_size_fails_page_boxes(sandbox, tmp_path):
    found = failures(render(sandbox, tmp_path, dataclasses.replace(GOOD, page_size="A5")))
    assert "TrimBox is 148.0 × 210.0 mm" in found["page boxes"][0].detail


def test_page_count_not_a_multiple_of_four(sandbox, tmp_path):
    unpadded = dataclasses.replace(GOOD, variant=dataclasses.replace(GOOD.variant, pad_to=1))
    found = failures(render(sandbox, tmp_path, unpadded, pages=3))
    assert set(found) == {"page count"} and "3 pages" in found["page count"][0].detail


def test_font_not_embedded(sandbox, tmp_path):
    path = render(sandbox, tmp_path)
    writer = PdfWriter(clone_from=PdfReader(path))
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            descriptor.pop(NameObject("/FontFile2"), None)
    writer.write(path)
    found = failures(path)
    assert "fonts" in found and found["fonts"][0].detail == "not embedded"
    assert "Bulletin-Serif" in found["fonts"][0].where


def test_missing_output_intent(sandbox, tmp_path):
    found = failures(render(sandbox, tmp_path, dataclasses.replace(GOOD, output_intent=None)))
    assert "output intent" in found


def test_not_identified_as_pdfx(sandbox, tmp_path):
    found = failures(render(sandbox, tmp_path, dataclasses.replace(GOOD, pdf_variant=None)))
    assert "PDF/X identification" in found


def test_rgb_colour_in_the_content(sandbox, tmp_path):
    found = failures(render(sandbox, tmp_path, extra='<p style="color: #c00000">red</p>'))
    assert set(found) == {"colour"}
    assert found["colour"][0].where == "page 1" and "DeviceRGB" in found["colour"][0].detail


def test_rgb_image(sandbox, tmp_path):
    image = '<img src="file:///pressroom/images/pic.png" style="width: 20mm">'
    found = failures(render(sandbox, tmp_path, extra=image))
    assert any("image" in f.where and "RGB" in f.detail for f in found["colour"])


def test_low_resolution_image(sandbox, tmp_path):
    settings = dataclasses.replace(GOOD, allow_lowres=True)
    image = '<img src="file:///pressroom/images/pic.jpg" style="width: 190mm">'
    found = failures(render(sandbox, tmp_path, settings, extra=image))
    assert set(found) == {"image resolution"}
    assert found["image resolution"][0].where.startswith("page 1, image")


def test_missing_printer_metadata(sandbox, tmp_path):
    found = failures(render(sandbox, tmp_path, dataclasses.replace(GOOD, metadata=())))
    assert {f.detail for f in found["metadata"]} >= {"no /Edition", "no /Language", "no /TrimSize"}


def test_pdfx1a_refuses_transparency(sandbox, tmp_path):
    x1a = dataclasses.replace(GOOD, pdf_variant="pdf/x-1a")
    expected = dataclasses.replace(EXPECTED, standard="pdf/x-1a")
    assert failures(render(sandbox, tmp_path, x1a), expected) == {}
    faded = render(sandbox, tmp_path, x1a, extra='<p style="opacity: 0.5; color: var(--ink)">faded</p>')
    assert "transparency" in failures(faded, expected)
