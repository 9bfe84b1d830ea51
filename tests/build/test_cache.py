"""Incremental builds: exactly the outputs whose inputs changed are rebuilt."""

import json
import shutil

import pytest

from pressroom.build.jobs import Options, plan
from pressroom.build.pipeline import build
from pressroom.structure.project import Project

from ..conftest import make_small_project


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    """The small project, built: each test starts from a copy of it (a first build costs seconds)."""
    root = make_small_project(tmp_path_factory.mktemp("built") / "project")
    build(plan(Project(root, root / "output"), "2024-H1"), workers=2)
    return root


@pytest.fixture
def project(built_once, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(built_once, root)
    return Project(root, root / "output")


def make(project, **options):
    report = build(plan(project, "2024-H1"), workers=2, options=Options(**options))
    rebuilt = {f"{r.language}/{r.variant}" for r in report.outputs if r.seconds > 0}
    return report, rebuilt


ALL = {f"{lang}/{variant}" for lang in ("en", "az") for variant in ("print", "archive", "screen")}


def up_to_date(report) -> str:
    return " ".join(n for n in report.notes if n.startswith("up to date"))


def test_unchanged_sources_rebuild_nothing(small_project):
    project = Project(small_project, small_project / "output")
    _, first = make(project)
    assert first == ALL
    report, second = make(project)
    assert second == set()
    assert all(name in up_to_date(report) for name in ALL)


def test_one_article_changed_rebuilds_only_its_language(project):
    article = project.root / "issues/2024-H1/az/01-first.md"
    article.write_text(article.read_text() + "\nYeni cümlə.\n", encoding="utf-8")
    _, rebuilt = make(project)
    assert rebuilt == {"az/print", "az/archive", "az/screen"}


@pytest.mark.parametrize("changed", ["styles/base.css", "issues/2024-H1/images/pic.png", "pressroom.yaml",
                                     "issues/2024-H1/edition.yaml"])
def test_shared_inputs_rebuild_everything(project, changed):
    path = project.root / changed
    path.write_bytes(path.read_bytes() + (b"\n" if not changed.endswith(".png") else b"\0"))
    if changed == "pressroom.yaml":
        path.write_text(path.read_text().replace("Test Publisher", "Another Publisher"))
    if changed.endswith("edition.yaml"):
        path.write_text(path.read_text().replace("A test edition.", "A changed note."))
    _, rebuilt = make(project)
    assert rebuilt == ALL


def test_options_are_part_of_the_digest(project):
    _, rebuilt = make(project, marks=True)
    assert rebuilt == {"en/print", "az/print"}


def test_force_rebuilds_everything(project):
    _, rebuilt = make(project, force=True)
    assert rebuilt == ALL


def test_damaged_record_or_changed_pdf_means_a_rebuild(project):
    cache = project.out / "2024-H1" / ".cache"
    (cache / "en-print.json").write_text("{ not json")
    (cache / "az-screen.json").unlink()
    pdf = project.out / "2024-H1" / "test-bulletin-2024-H1-en-archive.pdf"
    pdf.write_bytes(pdf.read_bytes()[:-100])
    _, rebuilt = make(project)
    assert rebuilt == {"en/print", "az/screen", "en/archive"}
    manifest = json.loads((project.out / "2024-H1" / "manifest.json").read_text())
    for entry in manifest["files"]:
        assert (project.out / "2024-H1" / entry["file"]).stat().st_size == entry["bytes"]


# -- faults: the outputs are all new or all as they were -----------------------------------


def _intact(project) -> None:
    """Every file the manifest lists is the file it describes."""
    from pressroom.delivery.manifest import fixity_problem, read_manifest

    folder = project.out / "2024-H1"
    entries = read_manifest(folder)
    assert entries
    assert [fixity_problem(folder, entry) for entry in entries] == [None] * len(entries)


def test_a_record_that_cannot_be_written_leaves_the_previous_outputs(project):
    before = {p.name: p.read_bytes() for p in (project.out / "2024-H1").glob("*.pdf")}
    article = project.root / "issues/2024-H1/en/01-first.md"
    article.write_text(article.read_text() + "\nA change.\n")
    record = project.out / "2024-H1" / ".cache" / "en-screen.json"
    record.unlink()
    record.mkdir()  # the record cannot be replaced: the commit must fail before anything moves
    with pytest.raises(OSError):
        make(project)
    assert {p.name: p.read_bytes() for p in (project.out / "2024-H1").glob("*.pdf")} == before
    _intact(project)


def test_a_killed_worker_is_a_clear_error_and_changes_nothing(small_project, monkeypatch, tmp_path):
    import os
    import signal
    import threading

    from pressroom.build.worker import HOLD_RENDERS
    from pressroom.errors import BuildError

    from ..conftest import wait_for

    project = Project(small_project, small_project / "output")
    held = tmp_path / "held"
    held.mkdir()
    monkeypatch.setenv(HOLD_RENDERS, str(held))

    def kill_a_worker() -> None:
        wait_for(lambda: any(held.glob("rendering-*")), "a render to start")
        pid = int(next(held.glob("rendering-*")).name.split("-")[1])
        os.kill(pid, signal.SIGKILL)

    killer = threading.Thread(target=kill_a_worker)
    killer.start()
    with pytest.raises(BuildError, match="worker died .* nothing was changed"):
        build(plan(project, "2024-H1"), workers=2)
    killer.join()
    assert not (project.out / "2024-H1" / "manifest.json").exists()
    assert not list((project.out / "2024-H1").glob("*.pdf"))


def test_a_sheet_of_colours_is_told_from_one_that_could_move_a_line(tmp_path):
    from pressroom.build.cache import colours_only

    sheets = {
        "colours.css": ":root { --ink: device-cmyk(0 0 0 1); --tint: #e8f0f8; --paper: white; }\na { color: inherit; }",
        "length.css": ":root { --ink: #000; --gap: 3mm; }",
        "margin.css": "p { color: black; margin: 0; }",
        "media.css": "@media print { :root { --ink: #000; } }",
    }
    for name, text in sheets.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    found = {name: colours_only(tmp_path / name, tmp_path) for name in sheets}
    assert found == {"colours.css": True, "length.css": False, "margin.css": False, "media.css": False}


def test_print_fits_the_articles_and_the_archive_takes_its_fitting(small_project):
    project = Project(small_project, small_project / "output")
    events = []
    build(plan(project, "2024-H1", ("en",)), workers=2, report=lambda name, what: events.append((name, what)))
    cache = small_project / "output/2024-H1/.cache"
    assert sorted(path.name for path in cache.glob("fitted-*")) == ["fitted-en-print.json"]
    # a cold record: the archive and screen render waits for the print render's fitting
    assert events.index(("en/archive", "rendering")) > events.index(("en/print", "done"))
    article = small_project / "issues/2024-H1/en/01-first.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    events.clear()
    build(plan(project, "2024-H1", ("en",)), workers=2, report=lambda name, what: events.append((name, what)))
    # a warm one: both render at once, each fitting the changed article alone
    assert events.index(("en/archive", "rendering")) < events.index(("en/print", "done"))


def test_a_print_sheet_that_sets_more_than_colours_fits_print_on_its_own(small_project):
    sheet = small_project / "styles/print.css"
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\np { margin-bottom: 0; }\n", encoding="utf-8")
    build(plan(Project(small_project, small_project / "output"), "2024-H1", ("en",)), workers=2)
    cache = small_project / "output/2024-H1/.cache"
    assert sorted(path.name for path in cache.glob("fitted-*")) == ["fitted-en-archive.json", "fitted-en-print.json"]


def test_an_output_is_the_same_whatever_was_written_beside_it_and_wherever(small_project, tmp_path):
    from pypdf import PdfReader

    def screen(out: str, variants: tuple[str, ...], workers: int) -> bytes:
        elsewhere = Project(small_project, tmp_path / out)
        report = build(plan(elsewhere, "2024-H1", ("en",), variants), workers)
        return next(report.manifest.parent / r.file for r in report.outputs if r.variant == "screen").read_bytes()

    alone = screen("alone", ("screen",), 1)
    after_archive = screen("serial", (), 1)  # written after the archive file, from the same layout
    at_once = screen("parallel", (), 2)  # the last render of the build: its files written at the same time
    assert alone == after_archive == at_once
    pdf = tmp_path / "screen.pdf"
    pdf.write_bytes(alone)
    assert "/OutputIntents" not in PdfReader(pdf).trailer["/Root"]  # the archive's sRGB intent does not leak
