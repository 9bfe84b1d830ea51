"""pressroom check reads every file it ships; veraPDF judges the PDF/A claims (zero failed rules)."""

from __future__ import annotations

import json
import os

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import BooleanObject, NameObject

from pressroom.build.jobs import plan
from pressroom.build.pipeline import build
from pressroom.commands.check import check_outputs
from pressroom.commands.impose import impose_outputs
from pressroom.pdf.conformance import ReaderExpectations, check_reader_pdf
from pressroom.pdf.verapdf import find_verapdf, validate
from pressroom.structure.project import Project

from ..conftest import REPO, SAMPLE_ID, make_small_project

SMALL = "test-bulletin-2024-H1"


@pytest.fixture(scope="module")
def small_build(tmp_path_factory):
    """The small project (en, az; one article with a picture and a footnote), every variant: the files
    the checks are broken on, quick to read."""
    root = make_small_project(tmp_path_factory.mktemp("small") / "project")
    build(plan(Project(root, root / "output"), "2024-H1"), workers=2)
    return root / "output" / "2024-H1"


def need_verapdf() -> None:
    if find_verapdf() is None:
        if os.environ.get("CI"):
            pytest.fail("veraPDF is not installed: scripts/setup.sh must install it in CI")
        pytest.skip("veraPDF is not installed (bash scripts/setup.sh)")


def test_verapdf_finds_no_failed_rule_in_any_archive_or_screen_file_of_the_sample(sample_build):
    """One veraPDF run: archive files are judged as PDF/A-3 and PDF/UA-1 at once, screen files as PDF/UA-1."""
    need_verapdf()
    _, folder = sample_build
    files = sorted([*folder.glob("*-archive.pdf"), *folder.glob("*-screen.pdf")])
    assert len(files) == 10  # four languages and the merged file, each variant
    verdicts = validate(files)
    assert {v.file.name for v in verdicts} == {f.name for f in files}
    for verdict in verdicts:
        expected = ("PDF/A-3B validation profile + PDF/UA-1 validation profile" if "-archive" in verdict.file.name
                    else "PDF/UA-1 validation profile")
        assert verdict.profile == expected, verdict.file.name
        assert verdict.compliant and not verdict.failed, f"{verdict.file.name}: " + "; ".join(map(str, verdict.failed))


def test_verapdf_catches_an_interpolated_image(small_build, tmp_path):
    need_verapdf()
    source = small_build / f"{SMALL}-en-archive.pdf"
    reader = PdfReader(source)
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    interpolated = 0
    for page in writer.pages:
        stack = list(page["/Resources"].get("/XObject", {}).values())
        while stack:  # pictures sit in the page's resources or in a form's
            xobject = stack.pop().get_object()
            if xobject.get("/Subtype") == "/Image":
                xobject[NameObject("/Interpolate")] = BooleanObject(True)
                interpolated += 1
            stack += xobject.get("/Resources", {}).get("/XObject", {}).values()
    assert interpolated
    broken = tmp_path / "interpolated.pdf"
    writer.write(broken)
    (verdict,) = validate([broken])
    assert not verdict.compliant
    assert any(rule.clause == "6.2.8" and rule.test == 3 for rule in verdict.failed)


def test_every_file_of_the_sample_passes_check(sample_build):
    _, folder = sample_build
    project = Project(REPO, folder.parent)
    results = check_outputs(plan(project, SAMPLE_ID), workers=2, with_verapdf=False)  # veraPDF: the test above
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert {r.file for r in results} == {entry["file"] for entry in manifest["files"]}
    for result in results:
        assert result.ok, f"{result.file}: " + "; ".join(f"{f.check} {f.where} {f.detail}" for f in result.failures)
    archive = next(r for r in results if r.file.endswith("-en-archive.pdf"))
    assert {f.check for f in archive.findings} >= {"fixity", "metadata", "embedded sources", "links"}


def test_merged_contents_links_that_jump_into_another_language_are_caught(small_build, tmp_path):
    naive = PdfWriter()  # what plain merging does: every language's contents names the same destinations
    for lang in ("en", "az"):
        naive.append(small_build / f"{SMALL}-{lang}-screen.pdf", outline_item=lang)
    target = tmp_path / "naive.pdf"
    naive.write(target)
    expected = ReaderExpectations("all", ("en", "az"), 1, archival=False)
    links = [f for f in check_reader_pdf(target, expected) if f.check == "links" and not f.ok]
    assert links and "lands on page" in links[0].detail
    merged = small_build / f"{SMALL}-all-screen.pdf"
    assert all(f.ok for f in check_reader_pdf(merged, expected) if f.check == "links")


def test_a_changed_file_fails_fixity(small_project):
    project = Project(small_project, small_project / "output")
    build(plan(project, "2024-H1", ["en"], ["screen"]), workers=1)
    pdf = small_project / "output/2024-H1/test-bulletin-2024-H1-en-screen.pdf"
    data = bytearray(pdf.read_bytes())
    data[-20] ^= 0x01
    pdf.write_bytes(bytes(data))
    (result,) = check_outputs(plan(project, "2024-H1", ["en"], ["screen"]), with_verapdf=False)
    assert [f.check for f in result.failures] == ["fixity"]


def test_spreads_are_withdrawn_when_their_print_pdf_changes(small_project):
    project = Project(small_project, small_project / "output")
    build(plan(project, "2024-H1", ["en"], ["print"]), workers=1)
    (record,) = impose_outputs(plan(project, "2024-H1", ["en"], ["print"]))
    spreads = small_project / "output/2024-H1" / record.file
    assert spreads.is_file() and record.made_from
    (result,) = [r for r in check_outputs(plan(project, "2024-H1", ["en"], ["print"])) if r.file == record.file]
    assert result.ok, result.failures
    article = small_project / "issues/2024-H1/en/01-first.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nA late correction.\n", encoding="utf-8")
    report = build(plan(project, "2024-H1", ["en"], ["print"]), workers=1)
    assert not spreads.exists()
    assert any("withdrawn" in note and record.file in note for note in report.notes)
    manifest = (small_project / "output/2024-H1/manifest.json").read_text(encoding="utf-8")
    assert record.file not in manifest


def _tampered(source, target, change) -> object:
    reader = PdfReader(source)
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    change(writer)
    writer.write(target)
    return target


def test_each_reader_check_fails_on_a_file_that_breaks_it(small_build, tmp_path):
    archive = small_build / f"{SMALL}-en-archive.pdf"
    expected = ReaderExpectations("en", ("en", "az"), 1, archival=True)

    def failing(path, expectation=expected) -> set[str]:
        return {f.check for f in check_reader_pdf(path, expectation) if not f.ok}

    assert failing(archive) == set()

    def twice_in_af(writer):
        associated = writer.root_object["/AF"]
        associated.append(associated[0])

    assert failing(_tampered(archive, tmp_path / "af.pdf", twice_in_af)) == {"embedded sources"}

    def thin_xmp(writer):
        from pypdf.generic import StreamObject

        stream = StreamObject()
        stream.set_data(b'<x:xmpmeta xmlns:x="adobe:ns:meta/"/>')
        writer.root_object[NameObject("/Metadata")] = writer._add_object(stream)

    assert failing(_tampered(archive, tmp_path / "xmp.pdf", thin_xmp)) == {"metadata"}

    def no_outline(writer):
        del writer.root_object["/Outlines"]

    assert "bookmarks" in failing(_tampered(archive, tmp_path / "outline.pdf", no_outline))

    def dead_link(writer):
        for page in writer.pages:
            for annotation in page.get("/Annots", []):
                annotation = annotation.get_object()
                if "/Dest" in annotation:
                    from pypdf.generic import TextStringObject

                    annotation[NameObject("/Dest")] = TextStringObject("nowhere")
                    return

    assert failing(_tampered(archive, tmp_path / "link.pdf", dead_link)) == {"links"}
    # full-resolution pictures where a screen file promises about 150 ppi
    screen_expected = ReaderExpectations("en", ("en", "az"), 1, archival=False, max_ppi=150)
    assert failing(archive, screen_expected) == {"image resolution"}


def test_each_structure_check_fails_on_a_file_that_breaks_it(small_build, tmp_path):
    from pressroom.pdf.conformance import structure_elements

    screen = small_build / f"{SMALL}-en-screen.pdf"
    expected = ReaderExpectations("en", ("en", "az"), 1, archival=False, tagged=True)

    def failing(path) -> dict[str, str]:
        return {f.check: f.detail for f in check_reader_pdf(path, expected) if not f.ok}

    assert failing(screen) == {}

    def edit_elements(kind: str, change):
        def edit(writer):
            stack = [writer.root_object["/StructTreeRoot"].get_object()]
            while stack:
                element = stack.pop()
                if element.get("/S") == kind:
                    change(element)
                kids = element.get("/K")
                for kid in kids if isinstance(kids, list) else ([kids] if kids is not None else []):
                    kid = kid.get_object() if hasattr(kid, "get_object") else kid
                    if isinstance(kid, dict):
                        stack.append(kid)
        return edit

    no_alt = _tampered(screen, tmp_path / "alt.pdf", edit_elements("/Figure", lambda e: e.pop("/Alt", None)))
    assert "a figure without a description" in failing(no_alt)["structure"]
    no_id = _tampered(screen, tmp_path / "note.pdf", edit_elements("/Note", lambda e: e.pop("/ID", None)))
    assert "a note without an /ID" in failing(no_id)["structure"]
    untagged = _tampered(screen, tmp_path / "untagged.pdf", lambda w: w.root_object.pop("/StructTreeRoot"))
    assert "not tagged" in failing(untagged)["structure"]
    assert structure_elements(PdfReader(untagged)) == []


def test_spreads_made_from_another_print_pdf_fail_check(small_project):
    project = Project(small_project, small_project / "output")
    build(plan(project, "2024-H1", ["en"], ["print"]), workers=1)
    (record,) = impose_outputs(plan(project, "2024-H1", ["en"], ["print"]))
    manifest_path = small_project / "output/2024-H1/manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        if entry["file"] == record.file:
            entry["made_from"] = "0" * 64
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    (result,) = [r for r in check_outputs(plan(project, "2024-H1", ["en"], ["print"])) if r.file == record.file]
    assert [f.check for f in result.failures] == ["made from"]


def _damaged(kind: str, good: bytes) -> bytes:
    import io

    if kind == "truncated":
        return good[: len(good) // 3]
    if kind == "garbage":
        return bytes(range(256)) * 20
    if kind == "empty":
        return b""
    writer = PdfWriter()
    if kind == "encrypted":
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(good)))
        writer.encrypt("reader", "owner")
    buffer = io.BytesIO()
    writer.write(buffer)  # "zero-page": a valid PDF without pages
    return buffer.getvalue()


@pytest.fixture(scope="module")
def print_build(tmp_path_factory):
    from ..conftest import make_small_project

    root = make_small_project(tmp_path_factory.mktemp("damaged") / "project")
    project = Project(root, root / "output")
    build(plan(project, "2024-H1", ["en"], ["print"]), workers=1)
    return project


@pytest.mark.parametrize("kind", ["truncated", "garbage", "empty", "zero-page", "encrypted"])
def test_check_and_impose_report_a_damaged_pdf_the_manifest_vouches_for(print_build, kind):
    """As if the build itself had made a bad file: the manifest agrees, the file cannot be read."""
    import hashlib

    from pressroom.errors import BuildError

    folder = print_build.out / "2024-H1"
    pdf = folder / "test-bulletin-2024-H1-en-print.pdf"
    manifest_path = folder / "manifest.json"
    good, manifest = pdf.read_bytes(), manifest_path.read_text()
    try:
        data = _damaged(kind, good)
        pdf.write_bytes(data)
        entries = json.loads(manifest)
        for entry in entries["files"]:
            if entry["file"] == pdf.name:
                entry.update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
        manifest_path.write_text(json.dumps(entries))
        jobs = plan(print_build, "2024-H1", ["en"], ["print"])
        (result,) = check_outputs(jobs, with_verapdf=False)
        assert [f.check for f in result.failures] == ["readable"], result.failures
        with pytest.raises(BuildError, match="cannot be imposed: it is not a readable PDF"):
            impose_outputs(jobs)
    finally:
        pdf.write_bytes(good)
        manifest_path.write_text(manifest)
