import queue
import threading

import pytest

from pressroom.build.jobs import Options
from pressroom.commands.watch import affected_languages, watch
from pressroom.structure.project import Project


def test_affected_languages(small_project):
    project = Project(small_project, small_project / "output")
    edition = small_project / "issues/2024-H1"
    languages = ("en", "az")
    assert affected_languages([edition / "az/01-first.md"], project, "2024-H1", languages) == ("az",)
    assert affected_languages([edition / "az/01-first.md", edition / "en/01-first.md"], project, "2024-H1",
                              languages) == ("en", "az")
    for shared in (edition / "edition.yaml", edition / "images/pic.png", small_project / "styles/base.css",
                   small_project / "pressroom.yaml"):
        assert affected_languages([shared], project, "2024-H1", languages) == ()


def test_a_save_rebuilds_the_affected_language_only(small_project):
    project = Project(small_project, small_project / "output")
    results: queue.Queue = queue.Queue()
    stop = threading.Event()
    watching = threading.Event()
    thread = threading.Thread(
        target=watch, args=(project, "2024-H1", (), ("print",), 1, Options(), results.put, stop, watching.set),
        daemon=True,
    )
    thread.start()
    try:
        first = results.get(timeout=120)
        assert first.error is None and {r.language for r in first.report.outputs} == {"en", "az"}
        assert watching.wait(timeout=60), "the watcher never started"
        article = small_project / "issues/2024-H1/az/01-first.md"
        article.write_text(article.read_text(encoding="utf-8") + "\nYeni cümlə.\n", encoding="utf-8")
        proof = results.get(timeout=120)  # the saved article's pages come first, before any PDF
        assert proof.report is None and proof.proof is not None and proof.changed == [article]
        assert (proof.proof.lang, proof.proof.key) == ("az", "01-first") and proof.proof.pages
        assert all(page.is_file() and page.parent.name == "az-01-first" for page in proof.proof.pages)
        rebuilt = results.get(timeout=120)
        assert rebuilt.error is None
        assert rebuilt.changed == [article] and rebuilt.languages == ("az",)
        assert [(r.language, r.variant) for r in rebuilt.report.outputs if r.seconds > 0] == [("az", "print")]
        broken = small_project / "issues/2024-H1/en/01-first.md"
        broken.write_text("---\ntitle: [unclosed\n---\nText\n", encoding="utf-8")
        failed = results.get(timeout=60)
        assert failed.error is not None and "never closed with ']'" in str(failed.error)
    finally:
        stop.set()
        thread.join(timeout=30)


def test_print_is_rebuilt_before_the_other_variants():
    from pressroom.commands.watch import build_stages

    assert build_stages(()) == [("print",), ("archive", "screen")]
    assert build_stages(("screen", "print")) == [("print",), ("screen",)]
    assert build_stages(("archive",)) == [("archive",)]


@pytest.mark.parametrize("name, temporary", [
    (".01-first.md.swp", True), ("01-first.md~", True), ("#01-first.md#", True), ("4913", True),
    ("01-first.md.tmp", True), ("~$notes.docx", True), ("01-first.md.swx", True),
    ("01-first.md", False), ("pic.png", False), ("edition.yaml", False),
])
def test_editor_temporary_files_are_not_changes(name, temporary):
    from pressroom.commands.watch import is_editor_temporary

    assert is_editor_temporary(name) is temporary
