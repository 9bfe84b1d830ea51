"""Accessible editions: the structure tree a screen reader follows, read back from the sample's PDFs.

veraPDF's verdicts are in tests/commands/test_check.py; here are the things it cannot judge:
what is an artifact, what is a note, a table header, a figure's description, a passage's language.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from pypdf import PdfReader

from pressroom.pdf.conformance import structure_elements as elements

from ..conftest import SAMPLE_ID


@pytest.fixture(scope="module", params=["az", "ru", "en", "es"])
def tagged(request, sample_build):
    _, folder = sample_build
    lang = request.param
    return lang, {variant: PdfReader(folder / f"since-the-victory-{SAMPLE_ID}-{lang}-{variant}.pdf")
                  for variant in ("archive", "screen")}


def test_both_accessible_variants_are_tagged_and_show_their_title(tagged):
    for reader in tagged[1].values():
        root = reader.trailer["/Root"]
        assert root["/MarkInfo"]["/Marked"] and root["/ViewerPreferences"]["/DisplayDocTitle"]
        assert "/StructTreeRoot" in root


def test_running_heads_and_folios_are_artifacts_not_content(tagged):
    _, readers = tagged
    reader = readers["screen"]
    # an article's later pages carry a running head and a folio: both drawn as artifacts with text
    # (the first article's second page: the section opener and the first page have no running head)
    headed = 0
    for page in reader.pages[3:]:
        data = page.get_contents().get_data()
        texts = [block for block in re.findall(rb"/Artifact\s+BMC(.*?)EMC", data, re.S)
                 if re.search(rb"T[Jj]", block)]
        headed += len(texts) >= 2
        for block in texts:
            assert b"/MCID" not in block
    assert headed >= 10, "running heads and folios should be artifacts"


def test_contents_notes_headers_figures_and_captions(tagged):
    lang, readers = tagged
    found = elements(readers["archive"])
    kinds = Counter(str(element["/S"]) for element in found)
    assert kinds["/TOC"] == 1 and kinds["/TOCI"] == 10
    assert not any(str(kid.get_object()["/S"]) not in ("/TOCI", "/Caption")
                   for element in found if element["/S"] == "/TOC" for kid in element["/K"])
    notes = [element for element in found if element["/S"] == "/Note"]
    assert notes and all(element.get("/ID") for element in notes)
    # met where the text calls it, inside its paragraph, not in the page's footnote area
    assert all(element["/P"].get_object()["/S"] in ("/P", "/LI", "/TD", "/LBody") for element in notes)
    headers = [element for element in found if element["/S"] == "/TH"]
    assert headers and all(element["/A"]["/Scope"] == "/Column" for element in headers)
    figures = [element for element in found if element["/S"] == "/Figure"]
    assert figures and all(str(element.get("/Alt", "")).strip() for element in figures)
    # one caption a figure, and a table's caption (``::: table``) in its Table
    table_captions = [element for element in found
                      if element["/S"] == "/Caption" and element["/P"].get_object()["/S"] == "/Table"]
    assert len(table_captions) == 1 and kinds["/Caption"] == len(figures) + len(table_captions)


def test_an_article_crossing_pages_stays_one_element(tagged):
    _, readers = tagged
    found = elements(readers["archive"])
    assert Counter(str(element["/S"]) for element in found)["/Art"] == 10  # ten articles, two or more pages each


def test_a_passage_in_another_language_carries_its_own_lang(tagged):
    lang, readers = tagged
    marked = [(str(element["/S"]), str(element["/Lang"])) for element in elements(readers["screen"])
              if "/Lang" in element]
    assert marked, "the sample marks a passage in another language in every language"
    assert all(code != lang for _, code in marked)


def test_a_figure_has_its_description_as_alt_text_and_a_caption_of_its_own(sample_build):
    _, folder = sample_build
    reader = PdfReader(folder / f"since-the-victory-{SAMPLE_ID}-en-archive.pdf")
    found = elements(reader)
    alts = [str(element["/Alt"]) for element in found if element["/S"] == "/Figure"]
    assert any(alt.startswith("Rebuilt houses in a smart village") for alt in alts)
    text = "".join(page.extract_text() for page in reader.pages[3:6])
    assert "Aghali, Zangilan district: the first smart village." in text


def test_the_merged_file_keeps_every_language_s_structure_under_its_own_lang(sample_build):
    _, folder = sample_build
    reader = PdfReader(folder / f"since-the-victory-{SAMPLE_ID}-all-screen.pdf")
    found = elements(reader)
    parts = [str(element["/Lang"]) for element in found if element["/S"] == "/Part"]
    assert parts == ["az", "ru", "en", "es"]
    kinds = Counter(str(element["/S"]) for element in found)
    assert kinds["/Art"] == 40 and kinds["/TOC"] == 4
    notes = [str(element["/ID"]) for element in found if element["/S"] == "/Note"]
    assert len(notes) == len(set(notes))  # note IDs stay unique across the languages
