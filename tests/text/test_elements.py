"""The ``::: name`` elements and picture placements: the HTML they become, and the mistakes refused."""

from pathlib import Path

import pytest

from pressroom.errors import SourceError
from pressroom.structure.edition import Article
from pressroom.text.markdown import ArticleHTML, render_article

TEXT = 'Families return to the "rebuilt villages" of the region, and the schools open again.\n\n'


def article(folder: Path, body: str, section: str = "Return") -> Article:
    return Article("01-test", 1, "test", "en", folder / "en" / "01-test.md", "T", section, "", "", body, body_line=5)


@pytest.fixture
def edition_folder(tmp_path) -> Path:
    (tmp_path / "images").mkdir()
    (tmp_path / "en").mkdir()
    for name in ("a.png", "b.png", "c.png", "chart.svg"):
        (tmp_path / "images" / name).write_bytes(b"x")
    return tmp_path


def rendered(folder: Path, body: str, section: str = "Return") -> ArticleHTML:
    return render_article(article(folder, body, section), folder)


def refused(folder: Path, body: str, section: str = "Return") -> SourceError:
    with pytest.raises(SourceError) as caught:
        rendered(folder, body, section)
    return caught.value


def test_fact_box_is_a_titled_aside(edition_folder):
    html = rendered(edition_folder, TEXT + "::: factbox At a glance\n- Roads: 101 km\n- Schools: 3\n:::\n").html
    assert '<aside class="factbox"><h2 class="factbox-title">At a\u00a0glance</h2>' in html
    assert "<li>Roads: 101\u00a0km</li>" in html and html.rstrip().endswith("</aside>")


def test_pull_quote_repeats_the_articles_words(edition_folder):
    html = rendered(edition_folder, TEXT + "::: pullquote\nfamilies return to the rebuilt villages\n:::\n").html
    assert '<aside class="pullquote">\n<p>families return to the rebuilt villages</p>\n</aside>' in html


def test_interview_names_its_speakers_and_sets_the_questions_apart(edition_folder):
    html = rendered(edition_folder, TEXT + "::: interview\n**Bulletin:** When did you come back?\n\n"
                                           "**Gulnar Mammadova**: In 2022.\n:::\n").html
    assert ('<p class="question" data-speaker="Bulletin"><strong class="speaker">Bulletin:</strong> '
            "When did you come back?</p>") in html
    assert '<p class="answer" data-speaker="Gulnar Mammadova"><strong class="speaker">Gulnar Mammadova:</strong>' \
           " In 2022.</p>" in html


def test_gallery_holds_its_pictures_in_a_grid(edition_folder):
    body = TEXT + '::: gallery\n![One.](../images/a.png "First."){credit="Photo: A"}\n\n![Two.](../images/b.png)\n:::\n'
    html = rendered(edition_folder, body).html
    assert '</div>\n<div class="gallery gallery-2">\n<figure><img src="file:///pressroom/images/a.png"' in html
    assert '<figcaption>First.<br><span class="credit">Photo: A</span></figcaption>' in html


def test_table_takes_its_caption_and_source_line(edition_folder):
    body = TEXT + "::: table Roads, June 2024\n| Route | km |\n|---|---|\n| A -- B | 101 |\n\nSource: *sample*.\n:::\n"
    html = rendered(edition_folder, body).html
    assert '</div>\n<div class="table"><table>\n<caption>Roads, June 2024</caption>' in html
    assert '</table><p class="table-source">Source: <em>sample</em>.</p></div>\n<div class="body continued">' in html


def test_a_table_in_a_fact_box_stays_in_its_column(edition_folder):
    html = rendered(edition_folder, TEXT + "::: factbox Roads\n| Route | km |\n|---|---|\n| A | 1 |\n:::\n").html
    assert '<h2 class="factbox-title">Roads</h2>\n<div class="table"><table>' in html and "continued" not in html
    assert "<p>Source" not in html


def test_opener_is_set_apart_from_the_body(edition_folder):
    item = rendered(edition_folder, '::: opener\n![A view.](../images/a.png "The valley.")\n\nWhere it starts.\n:::\n\n'
                    + TEXT)
    assert item.opener.startswith('<figure><img src="file:///pressroom/images/a.png" alt="A view.">')
    assert "<p>Where it starts.</p>" in item.opener and "Where it starts" not in item.html


@pytest.mark.parametrize("placement", ["wide", "full-page", "full-bleed"])
def test_picture_placements(edition_folder, placement):
    picture = f'![A view.](../images/a.png "Caption."){{.{placement} credit="Photo: B"}}\n'
    item = rendered(edition_folder, TEXT + picture)
    assert f'<figure class="{placement}"><img src="file:///pressroom/images/a.png" alt="A view.">' in item.html
    assert item.placements == ((edition_folder / "images" / "a.png", placement, 7),)
    # across both columns or on a page of its own: the two-column body is closed before the picture and
    # opened again after it
    assert f'</div>\n<figure class="{placement}">' in item.html and item.html.endswith('<div class="body continued">\n')


def test_svg_pictures_are_figures(edition_folder):
    html = rendered(edition_folder, TEXT + "![A chart.](../images/chart.svg)\n").html
    assert '<figure><img src="file:///pressroom/images/chart.svg" alt="A chart.">' in html


@pytest.mark.parametrize(
    "body, line, fragment",
    [
        pytest.param("::: sidebar Title\nText.\n:::\n", 7, "unknown element '::: sidebar'", id="unknown"),
        pytest.param("::: factbx Title\nText.\n:::\n", 7, "did you mean '::: factbox'", id="misspelt"),
        pytest.param(":::\nText.\n:::\n", 7, "needs the element's name", id="no-name"),
        pytest.param("::: factbox Title\nText.\n", 7, "never closed", id="unclosed"),
        pytest.param("::: factbox A\n::: factbox B\nText.\n:::\n:::\n", 8, "cannot hold another element",
                     id="nested"),
        pytest.param("::: factbox\n- one\n:::\n", 7, "needs a title", id="factbox-untitled"),
        pytest.param("::: factbox Title\n:::\n", 7, "is empty", id="factbox-empty"),
        pytest.param("::: factbox Title\n## Heading\n\nText.\n:::\n", 8, "cannot hold a heading",
                     id="factbox-heading"),
        pytest.param("::: factbox Title\n![A.](../images/a.png)\n:::\n", 8, "not pictures", id="factbox-picture"),
        pytest.param("::: pullquote\nwords nobody wrote\n:::\n", 7, "not in the article's text",
                     id="pullquote-not-found"),
        pytest.param("::: pullquote\nthe schools open again\n\nFamilies return\n:::\n", 7, "one paragraph",
                     id="pullquote-two-paragraphs"),
        pytest.param("::: pullquote\n[the schools](https://example.org) open again\n:::\n", 8, "plain text",
                     id="pullquote-link"),
        pytest.param("::: interview\nWhen did you come back?\n\n**A:** In 2022.\n:::\n", 8, "starts with its speaker",
                     id="interview-no-speaker"),
        pytest.param("::: interview\n**A:** One.\n\n**A:** Two.\n:::\n", 7, "at least two speakers",
                     id="interview-one-speaker"),
        pytest.param("::: gallery\n![A.](../images/a.png)\n:::\n", 7, "two to four pictures", id="gallery-one"),
        pytest.param("::: gallery\n![A.](../images/a.png)\n\nText.\n:::\n", 7, "two to four pictures",
                     id="gallery-text"),
        pytest.param("::: table\n| a |\n|---|\n| 1 |\n:::\n", 7, "needs its caption", id="table-uncaptioned"),
        pytest.param("::: table Caption\nText.\n:::\n", 7, "one pipe table", id="table-without-table"),
        pytest.param("::: opener\nText.\n:::\n", 7, "opens the article", id="opener-not-first"),
        pytest.param("::: gallery\n![A.](../images/a.png){.wide}\n\n![B.](../images/b.png)\n:::\n", 8,
                     "not inside a '::: gallery' block", id="placement-inside-an-element"),
        pytest.param("![A.](../images/a.png){.huge}\n", 7, "not {.huge}", id="unknown-placement"),
        pytest.param("![A.](../images/a.png){.wide .full-bleed}\n", 7, "one of", id="two-placements"),
        pytest.param('![A.](../images/a.png){credit=""}\n', 7, "credit", id="empty-credit"),
    ],
)
def test_mistakes_are_refused_at_their_line(edition_folder, body, line, fragment):
    error = refused(edition_folder, TEXT + body)
    assert fragment in error.message
    assert error.line == line, error.message


def test_an_opener_needs_a_section(edition_folder):
    error = refused(edition_folder, "::: opener\nWhere it starts.\n:::\n\n" + TEXT, section="")
    assert "needs the article's section" in error.message and error.line == 5
