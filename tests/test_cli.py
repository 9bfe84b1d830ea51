"""The command line: exit codes and one clear message per problem, never a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pressroom.build.worker import HOLD_RENDERS

from .conftest import wait_for, write


def pressroom(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("PRESSROOM_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "pressroom", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300
    )


def assert_clean_failure(result: subprocess.CompletedProcess, code: int, *fragments: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


def test_make_builds_and_summarises(small_project):
    result = pressroom("make", "2024-H1", "--root", str(small_project), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    for lang in ("en", "az"):
        assert (small_project / "output/2024-H1" / f"test-bulletin-2024-H1-{lang}-print.pdf").is_file()
        assert lang in result.stdout
    assert "manifest" in result.stdout


def test_out_and_lang_narrow_the_build(small_project, tmp_path):
    out = tmp_path / "elsewhere"
    result = pressroom("make", "2024-H1", "--root", str(small_project), "--out", str(out), "--lang", "az",
                       "--variant", "print")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (out / "2024-H1").glob("*.pdf")] == ["test-bulletin-2024-H1-az-print.pdf"]
    assert not (small_project / "output").exists()


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["make", "2024-H3"], "not an edition ID"),
        (["make", "2031-H1"], "there is no edition 2031-H1"),
        (["make", "2024-H2"], "did you mean 2024-H1?"),
        (["make", "2024-H1", "--lang", "fr"], "unknown language 'fr'"),
        (["make", "2024-H1", "--lang", "ru"], "has no 'ru' language"),
        (["make", "2024-H1", "--variant", "poster"], "unknown variant 'poster'"),
    ],
)
def test_usage_errors_exit_2(small_project, args, fragment):
    result = pressroom(*args, "--root", str(small_project))
    assert_clean_failure(result, 2, fragment)


def test_not_a_project_is_a_usage_error(tmp_path):
    assert_clean_failure(pressroom("make", "2024-H1", "--root", str(tmp_path)), 2, "no pressroom.yaml")


def test_bad_option_is_exit_2(small_project):
    assert pressroom("make", "2024-H1", "--jobs", "0", "--root", str(small_project)).returncode == 2


@pytest.mark.parametrize(
    "relative, text, fragments",
    [
        ("issues/2024-H1/edition.yaml", "published: 2024-07-15\nnote: [oops\n",
         ["issues/2024-H1/edition.yaml:2:7", "never closed with ']'"]),
        ("issues/2024-H1/en/01-first.md", "---\ntitle: A\n---\n\n![x](../images/gone.png)\n",
         ["issues/2024-H1/en/01-first.md:5", "not found"]),
        ("issues/2024-H1/en/01-first.md", "---\nsection: A\n---\n\nText\n",
         ["issues/2024-H1/en/01-first.md", "no title"]),
        ("issues/2024-H1/az/01-first.md", "---\ntitle: A\n---\n\nText with \u4e2d.\n",
         ["issues/2024-H1/az/01-first.md:5:11", "U+4E2D"]),
        ("issues/2024-H1/en/01-first.md", "---\ntitle: A\n---\n\n<script>x</script>\n",
         ["issues/2024-H1/en/01-first.md:5", "raw HTML"]),
    ],
)
def test_source_problems_exit_1_naming_file_and_line(small_project, relative, text, fragments):
    write(small_project / relative, text)
    result = pressroom("make", "2024-H1", "--root", str(small_project))
    assert_clean_failure(result, 1, *fragments)
    assert not list((small_project / "output").rglob("*.pdf"))


def test_failed_rebuild_keeps_the_previous_pdf(small_project):
    assert pressroom("make", "2024-H1", "--root", str(small_project), "--lang", "en").returncode == 0
    pdf = small_project / "output/2024-H1/test-bulletin-2024-H1-en-print.pdf"
    before = pdf.read_bytes()
    write(small_project / "issues/2024-H1/en/01-first.md", "---\ntitle: A\n---\n\n<iframe></iframe>\n")
    assert pressroom("make", "2024-H1", "--root", str(small_project), "--lang", "en").returncode == 1
    assert pdf.read_bytes() == before
    assert not list(pdf.parent.glob("*.partial"))


def test_check_passes_on_a_fresh_build_and_reports_json(small_project):
    assert pressroom("make", "2024-H1", "--root", str(small_project)).returncode == 0
    result = pressroom("check", "2024-H1", "--root", str(small_project), "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    import json

    payload = json.loads(result.stdout)
    # every file of the manifest is checked: each language and the merged files ("all")
    assert payload["ok"] and {f["language"] for f in payload["files"]} == {"en", "az", "all"}
    printed = next(f for f in payload["files"] if f["variant"] == "print")
    assert {f["check"] for f in printed["findings"]} >= {"page boxes", "colour", "output intent"}


def test_check_fails_with_exit_1_on_a_broken_file(small_project):
    english_print = ("2024-H1", "--root", str(small_project), "--lang", "en", "--variant", "print")
    assert pressroom("make", *english_print).returncode == 0
    css = small_project / "styles" / "print.css"
    css.write_text(css.read_text() + "\n.body p { color: #ff0000; }\n")
    assert pressroom("make", *english_print).returncode == 0
    result = pressroom("check", *english_print)
    assert result.returncode == 1
    assert "FAIL" in result.stdout and "DeviceRGB" in result.stdout


def test_check_before_make_says_what_to_run(small_project):
    result = pressroom("check", "2024-H1", "--root", str(small_project))
    assert_clean_failure(result, 2, "not built yet", "pressroom make 2024-H1")


def test_impose_writes_spreads_into_the_manifest(small_project):
    assert pressroom("make", "2024-H1", "--root", str(small_project), "--lang", "en").returncode == 0
    result = pressroom("impose", "2024-H1", "--root", str(small_project), "--lang", "en")
    assert result.returncode == 0, result.stderr
    manifest = (small_project / "output/2024-H1/manifest.json").read_text()
    assert '"print-imposed"' in manifest and "test-bulletin-2024-H1-en-print-imposed.pdf" in manifest


def test_missing_translation_fails_unless_allowed_and_status_shows_the_gap(small_project):
    write(small_project / "issues/2024-H1/en/02-second.md", "---\ntitle: Second\n---\n\nOne two three.\n")
    result = pressroom("make", "2024-H1", "--root", str(small_project))
    assert_clean_failure(result, 1, "02-second: missing in az", "--allow-missing")
    allowed = pressroom("make", "2024-H1", "--root", str(small_project), "--allow-missing")
    assert allowed.returncode == 0 and "translation gap: 02-second: missing in az" in allowed.stderr
    status = pressroom("status", "2024-H1", "--root", str(small_project), "--json")
    import json

    matrix = json.loads(status.stdout)["articles"]
    assert matrix["02-second"]["az"] is None
    assert {key: matrix["02-second"]["en"][key] for key in ("title", "words", "status", "stub")} == {
        "title": "Second", "words": 3, "status": "approved", "stub": False}
    assert matrix["01-first"]["az"]["title"].startswith("Birinci")
    # the page map of the build just made: where each article is, and how full its last page
    assert matrix["01-first"]["en"]["first_page"] >= 3 and matrix["01-first"]["en"]["pages"] >= 1
    assert 0 < matrix["01-first"]["en"]["last_page_fill"] <= 1


def test_a_gap_in_one_language_leaves_the_complete_ones_workable(small_project):
    write(small_project / "issues/2024-H1/en/02-second.md", "---\ntitle: Second\n---\n\nOne two three.\n")
    complete = pressroom("make", "2024-H1", "--root", str(small_project), "--lang", "en", "--variant", "screen")
    assert complete.returncode == 0, complete.stderr
    assert "translation gap: 02-second: missing in az" in complete.stderr
    incomplete = pressroom("make", "2024-H1", "--root", str(small_project), "--lang", "az", "--variant", "screen")
    assert_clean_failure(incomplete, 1, "02-second: missing in az", "--lang en")
    for command in ("check", "impose", "proof"):
        result = pressroom(command, "2024-H1", "--root", str(small_project), "--lang", "az", "--variant", "screen",
                           "--allow-missing")
        assert "no such option" not in result.stderr.lower(), (command, result.stderr)
        assert "missing in az" not in result.stderr or "warning" in result.stderr, (command, result.stderr)


def test_every_broken_file_is_reported_in_one_run_with_a_count(small_project):
    write(small_project / "issues/2024-H1/en/01-first.md", "---\ntitle: \"Open\nsection: x\n---\n\nText.\n")
    write(small_project / "issues/2024-H1/az/01-first.md", "---\ntitle: T\n---\n\nText[^1].\n")
    write(small_project / "issues/2024-H1/en/02-second.md", "---\ntitel: T\n---\n\nText.\n")
    write(small_project / "issues/2024-H1/az/02-second.md", "---\ntitle: T\n---\n\n![x](../images/gone.png)\n")
    result = pressroom("make", "2024-H1", "--root", str(small_project))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 4, result.stderr  # YAML, front matter, Markdown and image problems, all at once
    assert "en/01-first.md:2:8: a quote opened here is never closed" in result.stderr
    assert "en/02-second.md:2:1: unknown key 'titel'; did you mean 'title'?" in result.stderr
    assert "az/01-first.md:5: footnote [^1] has no definition" in result.stderr
    assert "az/02-second.md:5: image '../images/gone.png' not found" in result.stderr
    assert result.stderr.rstrip().endswith("4 errors in 4 file(s)")
    assert not list((small_project / "output").rglob("*.pdf"))


def test_two_builds_in_different_folders_are_byte_identical(small_project, tmp_path):
    import shutil

    twin = tmp_path / "elsewhere" / "twin"
    shutil.copytree(small_project, twin)
    for path in (twin / "issues").rglob("*"):
        os.utime(path, (1_000_000_000, 1_000_000_000))  # other timestamps too
    assert pressroom("make", "2024-H1", "--root", str(small_project), "--jobs", "2").returncode == 0
    assert pressroom("make", "2024-H1", "--root", str(twin), "--jobs", "1").returncode == 0
    first = sorted((small_project / "output/2024-H1").glob("*.pdf"))
    assert {p.name.rsplit("-", 1)[-1] for p in first} == {"print.pdf", "archive.pdf", "screen.pdf"}
    for path in first:
        assert path.read_bytes() == (twin / "output/2024-H1" / path.name).read_bytes(), path.name


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])  # a stopped job; a closed terminal
def test_interrupted_build_leaves_the_previous_outputs_and_no_debris(small_project, signal_name):
    import signal

    screen = ("2024-H1", "--root", str(small_project), "--variant", "screen")  # one variant is enough to stop
    assert pressroom("make", *screen).returncode == 0
    folder = small_project / "output/2024-H1"
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name != ".lock"}
    article = small_project / "issues/2024-H1/en/01-first.md"
    article.write_text(article.read_text() + "\nA change that starts a rebuild.\n")
    held = small_project.parent / "held"
    held.mkdir()
    # Each render announces itself in ``held`` and waits there: the signal reaches a build mid-render.
    env = {**os.environ, HOLD_RENDERS: str(held)}
    process = subprocess.Popen([sys.executable, "-m", "pressroom", "make", *screen, "--jobs", "2"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    wait_for(lambda: any(held.iterdir()) or process.poll() is not None, "a render to start")
    assert process.poll() is None, "the build ended before it rendered"
    assert list(folder.glob(".staging-*"))
    process.send_signal(getattr(signal, signal_name))
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130 and "interrupted" in stderr and "Traceback" not in stderr
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name != ".lock"}
    assert after == before
    assert not list(folder.glob(".staging-*")) and not list(folder.rglob("*.partial"))
    assert pressroom("make", *screen).returncode == 0  # the lock was released


def test_a_second_build_at_the_same_time_is_told_to_wait(small_project):
    import fcntl

    folder = small_project / "output/2024-H1"
    folder.mkdir(parents=True)
    with (folder / ".lock").open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        handle.write("pressroom make 2024-H1, pid 4242")
        handle.flush()
        result = pressroom("make", "2024-H1", "--root", str(small_project))
    assert_clean_failure(result, 1, "another build of this edition is running", "pid 4242")


@pytest.mark.parametrize("args", [("--version",), ("-V",), ("version",)])
def test_version_is_printed(args):
    from pressroom import __version__

    result = pressroom(*args)
    assert result.returncode == 0 and __version__ in result.stdout


@pytest.mark.parametrize("args", [("-h",), ("--help",), ("make", "-h")])
def test_short_and_long_help(args):
    result = pressroom(*args)
    assert result.returncode == 0 and "Usage" in result.stdout


# -- faults of the machine: one message naming the path and what to do, outputs unchanged ---


@pytest.mark.parametrize("setup, fragment", [
    pytest.param(lambda root: (root / "elsewhere").write_text("a file"), "a file stands where pressroom needs a folder",
                 id="out-is-a-file"),
    pytest.param(lambda root: ((root / "elsewhere").mkdir(), (root / "elsewhere" / "2024-H1").write_text("x")),
                 "a file stands where pressroom needs a folder", id="edition-folder-is-a-file"),
    pytest.param(lambda root: (root / "elsewhere" / "2024-H1" / "manifest.json").mkdir(parents=True),
                 "a folder stands where pressroom writes a file", id="manifest-is-a-folder"),
    pytest.param(lambda root: ((root / "elsewhere").mkdir(), (root / "elsewhere" / ".cache").write_text("x")),
                 "a file stands where pressroom needs a folder", id="cache-is-a-file"),
])
def test_odd_output_folders_are_clear_errors(small_project, setup, fragment):
    setup(small_project)
    result = pressroom("make", "2024-H1", "--root", str(small_project), "--out", str(small_project / "elsewhere"),
                       "--lang", "en", "--variant", "screen")
    assert_clean_failure(result, 1, "cannot use", fragment, "the previous outputs are unchanged")
    assert "internal error" not in result.stderr


def test_a_full_disk_is_a_clear_error_and_changes_nothing(small_project, monkeypatch):
    import errno

    from typer.testing import CliRunner

    from pressroom import cli
    from pressroom.build import pipeline

    args = ["make", "2024-H1", "--root", str(small_project), "--lang", "en", "--variant", "screen", "--jobs", "1"]
    assert CliRunner().invoke(cli.app, args).exit_code == 0
    pdf = small_project / "output/2024-H1/test-bulletin-2024-H1-en-screen.pdf"
    before = pdf.read_bytes(), (small_project / "output/2024-H1/manifest.json").read_bytes()
    (small_project / "issues/2024-H1/en/01-first.md").write_text(
        (small_project / "issues/2024-H1/en/01-first.md").read_text() + "\nMore.\n")

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(pdf))

    monkeypatch.setattr(pipeline, "commit_files", disk_full)
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 1, result.output
    assert "No space left on device; the disk is full: free some space and run again" in result.output
    assert (pdf.read_bytes(), (small_project / "output/2024-H1/manifest.json").read_bytes()) == before


# -- the layout desk's loop -------------------------------------------------------------


def test_commands_find_the_project_from_a_subfolder(small_project, monkeypatch):
    from typer.testing import CliRunner

    from pressroom import cli

    monkeypatch.chdir(small_project / "issues" / "2024-H1" / "en")
    result = CliRunner().invoke(cli.app, ["status", "2024-H1"])
    assert result.exit_code == 0, result.output
    assert "01-first" in result.output


def test_add_writes_a_stub_in_every_language_that_status_shows_missing(small_project):
    result = pressroom("add", "2024-H1", "02-new-school", "--root", str(small_project), "--title", "A new school")
    assert result.returncode == 0, result.stderr
    az = (small_project / "issues/2024-H1/az/02-new-school.md").read_text()
    assert "HAZIRLANIR: A new school" in az and "status: stub" in az
    assert "TODO: A new school" in (small_project / "issues/2024-H1/en/02-new-school.md").read_text()
    again = pressroom("add", "2024-H1", "02-new-school", "--root", str(small_project))
    assert_clean_failure(again, 2, "exists already")
    status = pressroom("status", "2024-H1", "--root", str(small_project))
    assert "2 missing translation(s)" in status.stdout, status.stdout
    build = pressroom("make", "2024-H1", "--root", str(small_project), "--lang", "en", "--variant", "screen")
    assert build.returncode == 0 and "not final, for proofs only: en/02-new-school.md (a stub)" in build.stderr
    check = pressroom("check", "2024-H1", "--root", str(small_project), "--lang", "en", "--variant", "screen")
    assert check.returncode == 1 and "not finished: en/02-new-school.md (a stub)" in check.stdout, check.stdout
    archive = pressroom("archive", "2024-H1", "--root", str(small_project))
    assert_clean_failure(archive, 1, "not finished", "az/02-new-school.md (a stub)")


def test_a_changed_source_makes_its_translations_stale(small_project):
    recorded = pressroom("translated", "2024-H1", "01-first", "--root", str(small_project))
    assert recorded.returncode == 0 and "recorded: issues/2024-H1/en/01-first.md" in recorded.stdout
    assert "translated_from: " in (small_project / "issues/2024-H1/en/01-first.md").read_text()
    status = pressroom("status", "2024-H1", "--root", str(small_project))
    assert "stale" not in status.stdout
    source = small_project / "issues/2024-H1/az/01-first.md"
    source.write_text(source.read_text() + "\nYeni abzas.\n")
    os.utime(source, (1_000_000_000, 1_000_000_000))  # by content, not by date
    status = pressroom("status", "2024-H1", "--root", str(small_project))
    assert "1 stale: en/01-first" in status.stdout, status.stdout


def test_the_catalogue_leaves_out_an_edition_with_drafts(small_project):
    article = small_project / "issues/2024-H1/az/01-first.md"
    article.write_text(article.read_text().replace("---\n\n", "status: draft\n---\n\n", 1))
    build = pressroom("make", "2024-H1", "--root", str(small_project), "--variant", "screen")
    assert build.returncode == 0 and "not final, for proofs only: az/01-first.md (a draft)" in build.stderr
    catalogue = pressroom("catalogue", "--root", str(small_project))
    assert "left out of the catalogue" in catalogue.stderr and "az/01-first.md (a draft)" in catalogue.stderr
    assert "2024-H1" not in (small_project / "output" / "index.html").read_text().split("<body", 1)[1]


def test_the_summary_reads_well_at_80_columns(small_project):
    env = {**os.environ, "COLUMNS": "80"}
    result = subprocess.run([sys.executable, "-m", "pressroom", "make", "2024-H1", "--root", str(small_project),
                             "--lang", "en", "--variant", "screen"], capture_output=True, text=True, env=env,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert "…en-screen.pdf" in result.stdout and "files: test-bulletin-2024-H1-…" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert "en: 1 article on pp. " in result.stdout
