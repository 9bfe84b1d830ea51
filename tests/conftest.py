"""Shared fixtures: the real sample edition built once, and small throw-away projects."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from pressroom.build.jobs import plan
from pressroom.build.pipeline import build
from pressroom.structure.project import Project

REPO = Path(__file__).resolve().parent.parent
SAMPLE_ID = "2024-H1"


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The sample edition, every language, built once for the whole test session."""
    out = tmp_path_factory.mktemp("output")
    project = Project(root=REPO, out=out)
    report = build(plan(project, SAMPLE_ID), workers=2)
    return report, out / SAMPLE_ID


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


ARTICLE = """\
---
title: "{title}"
section: Return
summary: A short summary.
---

First paragraph about the "return" of residents -- with 12500 people.

## A subheading

![A caption for the picture.](../images/pic.png)

Second paragraph with a footnote[^1].

[^1]: The footnote text.
"""


def make_small_project(root: Path) -> Path:
    """A two-language project (en, az) with one short article at ``root``: quick to build and to break."""
    root.mkdir(parents=True)
    shutil.copytree(REPO / "styles", root / "styles")
    shutil.copytree(REPO / "fonts", root / "fonts")
    write(
        root / "pressroom.yaml",
        """
        slug: test-bulletin
        name: {en: Test Bulletin, az: Sınaq bülleteni}
        publisher: Test Publisher
        languages: [en, az]
        """,
    )
    edition = root / "issues" / "2024-H1"
    write(edition / "edition.yaml", "published: 2024-07-15\nnote: A test edition.\n")
    (edition / "images").mkdir(parents=True)
    shutil.copy(REPO / "issues" / SAMPLE_ID / "images" / "village.png", edition / "images" / "pic.png")
    write(edition / "en" / "01-first.md", ARTICLE.format(title="The first article"))
    write(edition / "az" / "01-first.md", ARTICLE.format(title="Birinci məqalə: ə Ə ğ ı İ ş ç ö ü"))
    return root


@pytest.fixture
def small_project(tmp_path) -> Path:
    return make_small_project(tmp_path / "project")


def wait_for(condition, what: str, timeout: float = 120.0) -> None:
    """Poll ``condition`` until it holds; fail naming ``what`` if it never does (a bound, not a guess)."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what} after {timeout:.0f} s")
        time.sleep(0.02)
