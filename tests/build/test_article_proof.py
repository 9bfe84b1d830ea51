"""One article laid out alone gives the pages the whole language's build gave it, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressroom.build.article_proof import changed_articles, lay_out_article
from pressroom.build.cache import read_page_map
from pressroom.commands.proof import article_pngs
from pressroom.errors import UsageError
from pressroom.layout.compose import article_alone
from pressroom.pdf.pagetext import read_pages
from pressroom.structure.project import Project
from tests.conftest import REPO, SAMPLE_ID


def _lines(page) -> list[tuple[str, float, float]]:
    return [(line.text, round(line.baseline, 1), round(line.x0, 1)) for line in page.lines]


@pytest.mark.parametrize("key", ["03-roads", "10-heritage-route"])
def test_an_article_alone_has_the_pages_of_the_whole_build(sample_build, key):
    # 03-roads opens on a left-hand page and holds a wide picture and a table; 10 ends the edition
    _, folder = sample_build
    project = Project(REPO, folder.parent)
    layout = lay_out_article(project, SAMPLE_ID, "en", key)
    placed = read_page_map(project, SAMPLE_ID, "en")[key]
    assert (layout.first_page, layout.pages) == (placed["first_page"], placed["pages"])
    assert layout.lead_pages == (1 if layout.first_page % 2 == 0 else 0)
    whole = read_pages(folder / f"since-the-victory-{SAMPLE_ID}-en-print.pdf")
    alone = read_pages(layout.pdf)
    assert len(alone) == layout.lead_pages + layout.pages  # the article and nothing after it
    for index in range(layout.pages):
        assert _lines(alone[layout.lead_pages + index]) == _lines(whole[layout.first_page - 1 + index]), \
            f"page {layout.first_page + index} differs"
    pngs = article_pngs(layout)
    assert [path.name for path in pngs] == [f"page-{layout.first_page + i:03d}.png" for i in range(layout.pages)]
    assert all(path.stat().st_size > 10_000 for path in pngs)


def test_an_article_left_alone_is_numbered_from_its_place():
    html = ('<html><head><title>t</title></head><body><section class="cover"></section>'
            '<article id="article-01-a" class="article"><p>A</p></article>'
            '<article id="article-02-b" class="article"><p>B</p></article></body></html>')
    even, lead = article_alone(html, "article-02-b", 8)
    assert lead == 1 and "counter-reset: page 7" in even and '<div class="proof-lead">' in even
    assert "<p>B</p>" in even and "<p>A</p>" not in even and "cover" not in even
    odd, lead = article_alone(html, "article-01-a", 5)
    assert lead == 0 and "counter-reset: page 5" in odd and "proof-lead" not in odd


def test_an_article_never_built_cannot_be_proofed_alone(small_project):
    project = Project(small_project, small_project / "output")
    with pytest.raises(UsageError, match="build the language once"):
        lay_out_article(project, "2024-H1", "en", "01-first")


def test_the_saved_articles_are_found_among_the_changes(small_project):
    project = Project(small_project, small_project / "output")
    edition = small_project / "issues" / "2024-H1"
    changed = [edition / "az" / "01-first.md", edition / "images" / "pic.png", small_project / "styles" / "base.css",
               edition / "az" / "01-first.md", edition / "en" / "01-first.md"]
    assert changed_articles(changed, project, "2024-H1") == [("az", "01-first"), ("en", "01-first")]
    assert changed_articles([Path("/elsewhere/en/01-first.md")], project, "2024-H1") == []
