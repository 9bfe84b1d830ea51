"""The reading gate: one function decides what of the disk pressroom may read."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from pressroom.errors import SourceError
from pressroom.sources import reading
from pressroom.sources.reading import LIMITS, admit, admit_folder, file_name, read_source, read_text


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    (root / "issues").mkdir(parents=True)
    (root / "issues" / "a.md").write_text("inside\n")
    (tmp_path / "outside.md").write_text("SECRET\n")
    return root


def refused(call, *fragments: str) -> SourceError:
    with pytest.raises(SourceError) as caught:
        call()
    for fragment in fragments:
        assert fragment in caught.value.message, caught.value.message
    return caught.value


def test_a_file_inside_the_project_is_read(project):
    assert read_text(project / "issues" / "a.md", project) == ("inside\n", [])


def test_a_link_inside_the_project_is_followed(project):
    (project / "issues" / "b.md").symlink_to("a.md")
    assert read_source(project / "issues" / "b.md", project, "article") == b"inside\n"


def test_a_link_to_a_file_outside_is_refused(project):
    link = project / "issues" / "b.md"
    link.symlink_to(project.parent / "outside.md")
    error = refused(lambda: read_source(link, project, "article"), "outside the project")
    assert error.path == link


def test_a_linked_folder_outside_is_refused_for_its_files_and_itself(project):
    (project.parent / "elsewhere").mkdir()
    (project.parent / "elsewhere" / "c.md").write_text("SECRET\n")
    (project / "issues" / "en").symlink_to(project.parent / "elsewhere")
    refused(lambda: read_source(project / "issues" / "en" / "c.md", project, "article"), "outside the project")
    refused(lambda: admit_folder(project / "issues" / "en", project), "outside the project")


def test_a_hard_link_is_refused(project):
    os.link(project.parent / "outside.md", project / "issues" / "b.md")
    refused(lambda: read_source(project / "issues" / "b.md", project, "article"), "2 hard links", "copy it")


def test_a_fifo_is_refused_without_blocking(project):
    os.mkfifo(project / "issues" / "pipe.md")
    refused(lambda: read_source(project / "issues" / "pipe.md", project, "article"), "FIFO")


def test_a_device_is_refused_even_through_a_link_inside(project, tmp_path):
    # /dev/zero would exhaust memory: refused for being outside and, were it inside, for not being a file
    (project / "issues" / "zero.md").symlink_to("/dev/zero")
    refused(lambda: read_source(project / "issues" / "zero.md", project, "article"), "outside")
    refused(lambda: admit(Path("/dev/zero"), Path("/"), "article"), "character device")


def test_a_folder_is_not_a_file(project):
    refused(lambda: read_source(project / "issues", project, "article"), "a folder")


def test_a_loop_of_links(project):
    (project / "issues" / "loop.md").symlink_to("loop.md")
    refused(lambda: read_source(project / "issues" / "loop.md", project, "article"), "loop")


def test_a_missing_file_and_a_name_too_long(project):
    refused(lambda: read_source(project / "issues" / "gone.md", project, "article"), "does not exist")
    refused(lambda: read_source(project / "issues" / ("x" * 300), project, "article"), "too long")


def test_the_size_is_capped_before_reading(project, monkeypatch):
    big = project / "issues" / "big.md"
    with big.open("wb") as file:
        file.truncate(LIMITS["article"] + 1)  # sparse: nothing is written, nothing must be read
    monkeypatch.setattr(reading.os, "fdopen", lambda *a, **k: pytest.fail("a file over the limit was opened"))
    refused(lambda: read_source(big, project, "article"), "more than")


def test_permission_denied_is_a_source_error(project, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(reading.os, "open", denied)
    refused(lambda: read_source(project / "issues" / "a.md", project, "article"), "permission denied")


def test_a_name_that_is_not_utf8(project):
    name = os.fsdecode(b"bad\xff.md")
    error = refused(lambda: file_name(project / "issues" / name), "not UTF-8", "\\xff")
    assert error.path == project / "issues"
