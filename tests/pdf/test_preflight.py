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
    output_condition=("CGATS TR 001", "http://www.color.org"),
)
BODY = ('<p style="font-family: \'Bulletin Serif\'; color: var(--ink)">Şuşa {n}</p>'
        '<img src="file:///pressroom/images/pic.jpg" style="width: 40mm">')


@pytest.fixture
def sandbox(tmp_path) -> Sandbox:
    from pressroom.pdf.images import to_cmyk

    images = tmp_path / "images"
    images.mkdir()
    source = REPO / "issues/2024-H1/images/village.png"
    (images / "pic.png").write_bytes(source.read_bytes())
    cmyk = to_cmyk(source, REPO / "styles/profiles/default_cmyk.icc", tmp_path / "cache")
    return Sandbox(root=REPO.parents[-1], images=images, styles=REPO / "styles", fonts=REPO / "fonts",
                   substitutes=(("pic.jpg", cmyk),))


def render(sandbox, tmp_path, settings=GOOD, pages=4, extra=""):
    body = "".join(f'<section id="s{n}" style="break-before: page">{BODY.format(n=n)}{extra}</section>'
                   for n in range(pages))
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
    image = '<img src="file:///pressroom/images/pic.jpg" style="width: 185mm">'
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


def test_print_files_have_no_annotations_and_the_check_sees_one_put_back(sandbox, tmp_path):
    link = '<a href="#s0" style="color: var(--ink)">a link</a>'
    path = render(sandbox, tmp_path, extra=link)
    assert "/Annots" not in PdfReader(path).pages[0]  # the renderer left the links out of the print file
    reader = PdfReader(path)
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject

    link = DictionaryObject({NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
                             NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (100, 100, 200, 120)])})
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    writer.write(path)
    found = failures(path)
    assert set(found) == {"annotations"} and found["annotations"][0].where == "page 1"


def test_interpolated_image_is_found_and_named_by_its_file(sandbox, tmp_path):
    path = render(sandbox, tmp_path)
    reader = PdfReader(path)
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    xobjects = writer.pages[0]["/Resources"]["/XObject"]
    image_names = [name for name in xobjects if xobjects[name].get_object().get("/Subtype") == "/Image"]
    from pypdf.generic import BooleanObject

    xobjects[image_names[0]].get_object()[NameObject("/Interpolate")] = BooleanObject(True)
    writer.write(path)
    labels = {image_names[0]: "images/pic.jpg in en/01-test.md"}
    found = [f for f in check_print_pdf(path, EXPECTED, labels) if not f.ok]
    assert {f.check for f in found} == {"interpolation"}
    assert found[0].where == "page 1, images/pic.jpg in en/01-test.md"


def test_a_header_that_is_not_pdfx4s_version_fails(sandbox, tmp_path):
    path = render(sandbox, tmp_path)
    writer = PdfWriter(clone_from=PdfReader(path))  # pypdf writes %PDF-1.3 unless told otherwise
    writer.write(path)
    found = failures(path)
    assert set(found) == {"PDF version"} and "1.3" in found["PDF version"][0].detail


def test_a_full_page_picture_must_run_into_the_bleed(sandbox, tmp_path):
    cover_css = ("@page { margin: 0; background: url(file:///pressroom/images/pic.jpg) no-repeat; "
                 "background-size: 100% 100% }")
    settings = dataclasses.replace(GOOD, allow_lowres=True)
    target = tmp_path / "cover.pdf"
    body = "".join(f'<section style="break-before: page"><style>{cover_css}</style>{n}</section>' for n in range(4))
    render_pdf(f'<html lang="en"><head><title>T</title></head><body>{body}</body></html>', settings, sandbox,
               target, epoch=0)
    found = [f for f in check_print_pdf(target, EXPECTED) if not f.ok and f.check == "bleed"]
    assert found and "reaches the trim but not the bleed" in found[0].detail
    # the same picture sized by pressroom's cover rule fills the bleed
    fitted = dataclasses.replace(settings, cover_pixels=(600, 848))
    css = fitted.cover_css(210, 297).replace("@page cover", "@page")
    body = "".join(f'<section style="break-before: page"><style>@page {{ margin: 0; background: '
                   f'url(file:///pressroom/images/pic.jpg) no-repeat }} {css}</style>{n}</section>' for n in range(4))
    render_pdf(f'<html lang="en"><head><title>T</title></head><body>{body}</body></html>', fitted, sandbox,
               target, epoch=0)
    assert not [f for f in check_print_pdf(target, EXPECTED) if not f.ok and f.check == "bleed"]


def test_the_output_intent_names_a_registered_condition(sandbox, tmp_path):
    good = dataclasses.replace(GOOD, output_condition=("CGATS TR 001", "http://www.color.org"))
    intent = PdfReader(render(sandbox, tmp_path, good)).trailer["/Root"]["/OutputIntents"][0].get_object()
    assert (intent["/OutputConditionIdentifier"], intent["/RegistryName"]) == ("CGATS TR 001", "http://www.color.org")
    # WeasyPrint's own: the profile's description as the condition, and no registry
    found = failures(render(sandbox, tmp_path, dataclasses.replace(GOOD, output_condition=("", ""))))
    assert set(found) == {"output intent"} and "RegistryName" in found["output intent"][0].detail
