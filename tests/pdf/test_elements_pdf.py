"""Every element of issue 15 in real PDFs: one small project with all of them, built once in each variant.

Read back as a printer and a screen reader meet them: preflight and veraPDF verdicts, the
structure tree (fact box a Sect, interview turns titled by their speaker, the pull quote
read once), the full-bleed picture in the bleed, the ISSN in the XMP and the imprint.
"""

from __future__ import annotations

import re
import shutil

import pytest
from pypdf import PdfReader

from pressroom.build.jobs import plan
from pressroom.build.pipeline import build
from pressroom.commands.check import check_outputs
from pressroom.pdf.conformance import structure_elements
from pressroom.pdf.verapdf import find_verapdf
from pressroom.structure.project import Project

from ..conftest import REPO, SAMPLE_ID, make_small_project, write

QUOTE = "the first families moved into their new houses"
BODY = f"""\
---
title: "Elements of a real bulletin, with a title too long for the running head"
short_title: "Elements"
section: Return
author: Gulnar Mammadova
author_role: correspondent in Aghali
---

::: opener
![A valley at sunrise.](../images/opener.png "Morning in the valley."){{credit="Illustration: test"}}

The section begins here.
:::

In the summer of 2022 {QUOTE}, and the school opened in September. Lorem ipsum dolor sit amet, consectetur
adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.

::: pullquote
{QUOTE}
:::

::: factbox At a glance
- Houses: 200
- Schools: 1
:::

::: interview
**Bulletin:** When did you come back?

**Gulnar Mammadova:** In the summer of 2022.
:::

![Bars of the residents in 2022, 2023 and 2024: 1200, 4700, 8500.](../images/chart.svg "Residents.")

::: gallery
![A mosque.](../images/g1.png "The mosque."){{credit="Illustration: test"}}

![A street.](../images/g2.png "The street.")
:::

![A road across the valley.](../images/road.png "The road."){{.wide credit="Illustration: test"}}

::: table Roads, June 2024
| Route | km |
|---|---|
| A -- B | 101 |

Source: illustrative figures.
:::

![A solar park.](../images/solar.png "The solar park."){{.full-page}}

![A valley with orchards.](../images/valley.png "The valley."){{.full-bleed credit="Illustration: test"}}
"""


@pytest.fixture(scope="module")
def elements_build(tmp_path_factory):
    root = make_small_project(tmp_path_factory.mktemp("elements") / "project")
    images = REPO / "issues" / SAMPLE_ID / "images"
    for name, target in (("opener-return.png", "opener.png"), ("chart-returns.svg", "chart.svg"),
                         ("shusha-mosque.png", "g1.png"), ("shusha-street.png", "g2.png"), ("road.png", "road.png"),
                         ("solar.png", "solar.png"), ("valley.png", "valley.png")):
        shutil.copy(images / name, root / "issues" / SAMPLE_ID / "images" / target)
    write(root / "issues" / SAMPLE_ID / "en" / "01-first.md", BODY)
    yaml = root / "pressroom.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + "imprint:\n  issn_print: {en: 2049-3630}\n"
                    "  issn_online: 0317-8471\n  editor_in_chief: A. Editor\n", encoding="utf-8")
    edition = root / "issues" / SAMPLE_ID / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8") + "imprint:\n  print_run: 500\n", encoding="utf-8")
    project = Project(root=root, out=root / "output")
    build(plan(project, SAMPLE_ID, ["en"]), workers=2)
    return project, root / "output" / SAMPLE_ID


def pdf(folder, variant):
    return folder / f"test-bulletin-{SAMPLE_ID}-en-{variant}.pdf"


def test_every_file_passes_its_checks(elements_build):
    project, _ = elements_build
    with_verapdf = find_verapdf() is not None  # the sample's own test fails without it in CI
    for result in check_outputs(plan(project, SAMPLE_ID, ["en"]), workers=2, with_verapdf=with_verapdf):
        failed = [f"{finding.check}: {finding.detail}" for finding in result.findings if not finding.ok]
        assert not failed, f"{result.file}: {failed}"


def test_the_print_file_separates_the_svg_and_runs_the_picture_into_the_bleed(elements_build):
    from pressroom.pdf.preflight import placements

    _, folder = elements_build
    reader = PdfReader(pdf(folder, "print"))
    bleeds = []
    for placement in placements(reader):
        page = reader.pages[placement.page - 1]
        left, bottom, right, top = placement.box
        box = page.bleedbox
        if left <= float(box.left) + 0.5 and right >= float(box.right) - 0.5:
            bleeds.append(placement)
            assert bottom <= float(box.bottom) + 0.5 and top >= float(box.top) - 0.5
            assert placement.ppi >= 300
    assert len(bleeds) == 1
    text = "".join(page.extract_text() for page in reader.pages)
    assert "8500" in text and "2024" in text  # the chart's text is text


def test_the_screen_file_trims_the_full_bleed_picture_to_the_page(elements_build):
    from pressroom.pdf.preflight import placements

    _, folder = elements_build
    reader = PdfReader(pdf(folder, "screen"))
    page_boxes = [(p.page, p.box) for p in placements(reader)]
    covering = [(n, box) for n, box in page_boxes
                if box[0] <= 0.5 and box[2] >= float(reader.pages[n - 1].mediabox.right) - 0.5]
    assert len(covering) == 1
    number, (left, bottom, right, top) = covering[0]
    media = reader.pages[number - 1].mediabox
    # the page is the trimmed page (no bleed on screen), and the picture covers it, cropped to its proportions
    assert (round(float(media.width)), round(float(media.height))) == (595, 842)
    assert left <= 0.5 and bottom <= 0.5 and right >= float(media.right) - 0.5 and top >= float(media.top) - 0.5
    assert max(-left, -bottom, right - float(media.right), top - float(media.top)) < 8.5  # less than a bleed


def structure_text(reader: PdfReader, element) -> str:
    """The text a screen reader meets in ``element``: its marked content, page by page."""
    return "".join(t for t in _texts(reader, element))


def _texts(reader, element):
    from pressroom.pdf.conformance import _resolve

    kids = element.get("/K")
    kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
    for kid in kids:
        kid = _resolve(kid)
        if hasattr(kid, "get") and kid.get("/S") is not None:
            yield from _texts(reader, kid)


def _ancestors(element) -> list[str]:
    found = []
    while "/P" in element:
        element = element["/P"].get_object()
        found.append(str(element.get("/S")))
    return found


def test_the_structure_a_screen_reader_follows(elements_build):
    _, folder = elements_build
    reader = PdfReader(pdf(folder, "archive"))
    elements = structure_elements(reader)
    kinds = [str(e["/S"]) for e in elements]
    # the fact box is a section with its heading, inside the article (the cover, imprint and back cover are too)
    sections = [e for e in elements if e["/S"] == "/Sect" and "/Art" in _ancestors(e)]
    assert len(sections) == 1
    assert [str(k.get_object()["/S"]) for k in sections[0]["/K"]][:1] == ["/H2"]
    # interview turns carry their speaker
    speakers = [str(e["/T"]) for e in elements if e["/S"] == "/P" and "/T" in e]
    assert speakers == ["Bulletin", "Gulnar Mammadova"]
    # figures: opener, chart, two in the gallery, wide, full page, full bleed; each described
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert len(figures) == 7 and all(str(f.get("/Alt", "")).strip() for f in figures)
    assert kinds.count("/Caption") >= 8  # seven figures and the table
    # the pull quote is drawn as an artifact: its words are in the page once more than in the tree
    page_text = re.sub(r"\s+", " ", "".join(page.extract_text() for page in reader.pages))
    assert page_text.count("the first families moved") == 2


def test_the_issn_is_in_the_xmp_and_declared_for_pdfa(elements_build):
    _, folder = elements_build
    for variant in ("archive", "screen", "print"):
        xmp = PdfReader(pdf(folder, variant)).trailer["/Root"]["/Metadata"].get_object().get_data().decode()
        assert "<prism:issn>2049-3630</prism:issn>" in xmp and "<prism:eIssn>0317-8471</prism:eIssn>" in xmp
        assert ("<pdfaSchema:prefix>prism</pdfaSchema:prefix>" in xmp) == (variant == "archive")


def test_the_imprint_prints_the_fields_given_and_no_others(elements_build):
    _, folder = elements_build
    reader = PdfReader(pdf(folder, "screen"))
    imprint = reader.pages[1].extract_text()
    for text in ("Editor-in-chief", "A.\u00a0Editor", "ISSN (print)", "2049-3630", "ISSN (online)", "0317-8471",
                 "Print run", "500"):
        assert text in imprint, text
    for absent in ("Printed by", "Legal deposit", "Address", "Editorial board"):
        assert absent not in imprint


def test_short_title_and_byline(elements_build):
    _, folder = elements_build
    reader = PdfReader(pdf(folder, "screen"))
    contents = reader.pages[2].extract_text()
    assert "Elements" in contents and "too long for the running head" not in contents
    text = [page.extract_text() for page in reader.pages]
    article_page = next(i for i, t in enumerate(text) if "correspondent in Aghali" in t)
    assert "correspondent in Aghali" in text[article_page]


def test_the_samples_running_heads_name_articles_by_their_short_title(sample_build):
    _, folder = sample_build
    reader = PdfReader(folder / f"since-the-victory-{SAMPLE_ID}-en-screen.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    heads = set(re.findall(r"(?:Return|Infrastructure|Health|Travel) · [^\n]*", text))
    shorts = {"Return · The Great Return", "Infrastructure · Three airports", "Health · Health care",
              "Travel · The heritage route"}
    assert heads & shorts and heads <= shorts | {"Infrastructure · Roads and tunnels that reconnect the regions"}, heads


def test_a_short_title_that_says_what_the_section_says_is_not_repeated_in_the_running_head(sample_build):
    # es 07-health: section "Salud", short title "Salud"
    _, folder = sample_build
    reader = PdfReader(folder / f"since-the-victory-{SAMPLE_ID}-es-screen.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Salud · Salud" not in text and "Salud ·" not in text
    assert re.search(r"(?m)^Salud$", text), "the section stands alone as the running head"


def test_pictures_on_pages_of_their_own_leave_no_blank_page_between_them(elements_build):
    _, folder = elements_build
    text = [page.extract_text() for page in PdfReader(pdf(folder, "screen")).pages]
    solar = next(i for i, t in enumerate(text) if "The solar park." in t)
    assert "The valley." in text[solar + 1]
