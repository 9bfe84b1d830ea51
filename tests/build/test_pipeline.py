"""The sample edition, built for real and read back with pypdf."""

import functools
import hashlib
import json

import pytest
from pypdf import PdfReader

from pressroom.pdf.preflight import inspect_pdf

LANGUAGE_LETTERS = {
    "az": "əƏğıİşçöü",
    "ru": "жщыэюя",
    "en": "Karabakh",
    "es": "ñ",
}


def test_one_pdf_per_language_listed_in_the_manifest(sample_build):
    report, folder = sample_build
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["edition"] == "2024-H1"
    assert [(f["language"], f["variant"]) for f in manifest["files"]] == [
        (lang, variant) for lang in ("az", "ru", "en", "es") for variant in ("archive", "print", "screen")
    ] + [("all", "archive"), ("all", "screen")]
    for entry in manifest["files"]:
        assert set(entry) == {"file", "language", "variant", "pages", "bytes", "sha256"}
        data = (folder / entry["file"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["pages"] == len(PdfReader(folder / entry["file"]).pages)
        assert entry["file"] == f"since-the-victory-2024-H1-{entry['language']}-{entry['variant']}.pdf"
    assert not list(folder.glob(".*partial"))


@pytest.mark.parametrize("lang", ["az", "ru", "en", "es"])
def test_each_language_is_a_complete_bulletin(sample_build, lang):
    _, folder = sample_build
    path = folder / f"since-the-victory-2024-H1-{lang}-print.pdf"
    facts = inspect_pdf(path)
    assert facts.pages >= 24
    assert facts.lang == lang
    assert facts.fonts and not facts.unembedded_fonts()
    assert all(f.subset and "+Bulletin-" in f.name for f in facts.fonts)
    text = "".join(_text(folder, lang))
    missing = [c for c in LANGUAGE_LETTERS[lang] if c not in text]
    assert not missing, f"{lang}: letters not extractable as text: {missing}"
    assert len(PdfReader(path).outline) >= 8  # one bookmark per article


def test_print_pdf_has_trim_and_bleed_boxes(sample_build):
    _, folder = sample_build
    facts = inspect_pdf(folder / "since-the-victory-2024-H1-en-print.pdf")
    assert facts.trim_mm == pytest.approx((210, 297), abs=0.1)
    assert facts.bleed_mm == pytest.approx(3, abs=0.05)


def test_cover_contents_and_running_heads(sample_build):
    _, folder = sample_build
    reader = PdfReader(folder / "since-the-victory-2024-H1-en-print.pdf")
    cover = reader.pages[0].extract_text()
    assert "Since the Victory" in cover and "January" in cover and "June 2024" in cover
    contents = reader.pages[2].extract_text()
    assert "Contents" in contents and "Clearing the land" in contents
    imprint = reader.pages[1].extract_text()
    assert "sample edition" in imprint
    # running head on a left page that is not an article's opener, and a folio (every English
    # article starts on a left page, so the Russian edition, with longer articles, shows one)
    body_page = PdfReader(folder / "since-the-victory-2024-H1-ru-print.pdf").pages[5].extract_text()
    assert "После Победы" in body_page and "6" in body_page.split()


def test_footnote_and_table_reach_the_page(sample_build):
    _, folder = sample_build
    text = "".join(_text(folder, "en"))
    assert "FZL" in text and "ZZE" in text  # the airports footnote
    assert "Ahmadbayli" in text and "under construction" in text  # the roads table


TYPOGRAPHY = {
    # lang: (opening quote, closing quote, period on the cover, publication date in the imprint)
    "az": ("\u201c", "\u201d", "yanvar", "15 iyul 2024"),
    "ru": ("\u00ab", "\u00bb", "январь", "15 июля 2024"),
    "en": ("\u201c", "\u201d", "January", "15 July 2024"),
    "es": ("\u00ab", "\u00bb", "enero", "15 de julio de 2024"),
}


@functools.cache
def _text(folder, lang: str) -> list[str]:
    """The text of each page of a print PDF, read once for the module (pypdf takes seconds for one)."""
    return [page.extract_text() for page in PdfReader(folder / f"since-the-victory-2024-H1-{lang}-print.pdf").pages]


@pytest.mark.parametrize("lang", ["az", "ru", "en", "es"])
def test_each_language_reads_with_its_own_typography(sample_build, lang):
    _, folder = sample_build
    pages = _text(folder, lang)
    opening, closing, month, published = TYPOGRAPHY[lang]
    body = "\n".join(pages[3:])
    assert body.count(opening) >= 3 and body.count(closing) >= 3
    assert '"' not in body and " -- " not in body  # every straight quote and double hyphen was set
    assert month in pages[0]  # the period on the cover, from Babel
    assert published in pages[1].replace("\u202f", " ").replace("\u00a0", " ")
    assert body.count("\u2010\n") >= 20  # hyphenated line ends, in every language including az
    assert "\u00a0" in body  # no-break spaces reach the page


def test_russian_dashes_cling_to_the_word_before(sample_build):
    _, folder = sample_build
    body = "\n".join(_text(folder, "ru")[3:])
    assert "\u00a0\u2014" in body
    assert "\n\u2014 " not in body  # never a dash at the start of a line


@pytest.mark.parametrize("lang", ["az", "ru", "en", "es"])
def test_archive_copy_describes_itself_and_carries_its_sources(sample_build, lang):
    _, folder = sample_build
    reader = PdfReader(folder / f"since-the-victory-2024-H1-{lang}-archive.pdf")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    for fragment in (f"<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li>", f"since-the-victory:2024-H1:{lang}",
                     "<rdf:li>2024-07-15T00:00:00Z</rdf:li>", "<dc:publisher>", "<dc:rights>", "2024-01-01/2024-06-30",
                     "<dc:title>"):
        assert fragment in xmp
    assert reader.trailer["/Root"]["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged
    attachments = reader.attachments
    assert "edition.yaml" in attachments and f"{lang}/03-roads.md" in attachments
    from ..conftest import REPO

    assert attachments[f"{lang}/03-roads.md"][0] == (REPO / f"issues/2024-H1/{lang}/03-roads.md").read_bytes()
    associated = [spec.get_object() for spec in reader.trailer["/Root"]["/AF"]]
    assert {str(spec["/AFRelationship"]) for spec in associated} == {"/Source"}
    names = [str(spec["/F"]) for spec in associated]
    assert len(names) == len(set(names)) == len(attachments)  # each source listed once (WeasyPrint lists it twice)


def test_screen_copy_is_light_with_live_links_and_bookmarks(sample_build):
    _, folder = sample_build
    screen = folder / "since-the-victory-2024-H1-en-screen.pdf"
    print_file = folder / "since-the-victory-2024-H1-en-print.pdf"
    assert screen.stat().st_size < print_file.stat().st_size / 4
    reader = PdfReader(screen)
    contents = reader.pages[2]
    links = [a.get_object() for a in contents.get("/Annots", []) if a.get_object()["/Subtype"] == "/Link"]
    assert len(links) >= 8  # the contents page links to every article
    assert len(reader.outline) >= 8


@pytest.mark.parametrize("variant", ["archive", "screen"])
def test_merged_edition_has_every_language_as_a_bookmark(sample_build, variant):
    _, folder = sample_build
    merged = PdfReader(folder / f"since-the-victory-2024-H1-all-{variant}.pdf")
    top = [item for item in merged.outline if not isinstance(item, list)]
    assert [item.title for item in top] == ["Azərbaycanca", "Русский", "English", "Español"]
    nested = [item for item in merged.outline if isinstance(item, list)]
    assert len(nested) == 4 and all(len(articles) >= 8 for articles in nested)
    total = sum(len(PdfReader(folder / f"since-the-victory-2024-H1-{lang}-{variant}.pdf").pages)
                for lang in ("az", "ru", "en", "es"))
    assert len(merged.pages) == total
    if variant == "archive":
        xmp = merged.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
        assert "<rdf:li>az</rdf:li><rdf:li>ru</rdf:li><rdf:li>en</rdf:li><rdf:li>es</rdf:li>" in xmp
        assert len(merged.attachments) == 1 + 4 * 10


def test_every_file_passes_qpdf_check(sample_build):
    import shutil
    import subprocess

    if not shutil.which("qpdf"):
        pytest.skip("qpdf is installed by scripts/setup.sh")
    _, folder = sample_build
    for path in sorted(folder.glob("*.pdf")):
        result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, f"{path.name}: {result.stdout}{result.stderr}"


@pytest.mark.parametrize("lang", ["az", "ru", "en", "es"])
def test_no_running_head_on_an_article_opener(sample_build, lang):
    import pypdfium2 as pdfium

    _, folder = sample_build
    path = folder / f"since-the-victory-2024-H1-{lang}-print.pdf"
    reader = PdfReader(path)
    openers = {reader.get_destination_page_number(d) for name, d in reader.named_destinations.items()
               if name.startswith("article-")}
    assert len(openers) == 10
    document = pdfium.PdfDocument(path)

    def head(index: int) -> str:
        page = document[index]
        box = page.get_trimbox()
        return page.get_textpage().get_text_bounded(box[0], box[3] - 19 * 72 / 25.4, box[2], box[3]).strip()

    assert all(head(index) == "" for index in openers)
    later = [index for index in range(min(openers), len(document) - 1) if index not in openers and head(index)]
    assert len(later) >= 5  # the other article pages keep their running heads, left and right


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_the_archive_is_set_line_for_line_as_print(sample_build, lang):
    # The archive render takes the print render's fitting (their sheets differ only in colour): the same
    # lines on the same pages; print only adds the blank pages before its back cover.
    _, folder = sample_build
    printed = _text(folder, lang)
    archive = PdfReader(folder / f"since-the-victory-2024-H1-{lang}-archive.pdf")
    archived = [page.extract_text() for page in archive.pages]
    assert printed[:len(archived) - 1] == archived[:-1]
    assert printed[-1] == archived[-1]
