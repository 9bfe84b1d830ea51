import re
from pathlib import Path

import pytest

from pressroom.errors import SourceError
from pressroom.structure.edition import Article
from pressroom.text.markdown import render_article


def article(folder: Path, body: str, lang: str = "en") -> Article:
    path = folder / lang / "01-test.md"
    return Article("01-test", 1, "test", lang, path, "T", "", "", "", body, body_line=5)


@pytest.fixture
def edition_folder(tmp_path) -> Path:
    (tmp_path / "images").mkdir()
    (tmp_path / "en").mkdir()
    (tmp_path / "images" / "pic.png").write_bytes(b"png")
    return tmp_path


def html_of(folder: Path, body: str, lang: str = "en") -> str:
    return render_article(article(folder, body, lang), folder).html


def test_image_alone_becomes_a_figure_with_its_alt_text_as_caption(edition_folder):
    html = html_of(edition_folder, 'Text.\n\n![The "new" school.](../images/pic.png)\n')
    assert '<figure><img src="file:///pressroom/images/pic.png"' in html
    assert "<figcaption>The \u201cnew\u201d school.</figcaption></figure>" in html
    assert "<p><figure>" not in html


def test_footnote_is_placed_at_its_reference(edition_folder):
    html = html_of(edition_folder, "Mines[^uxo] remain.\n\n[^uxo]: Unexploded *ordnance*.\n")
    assert '<p>Mines<span class="footnote">Unexploded <em>ordnance</em>.</span> remain.</p>' in html


def test_table_with_alignment(edition_folder):
    html = html_of(edition_folder, "| Route | km |\n|:--|--:|\n| A -- B | 101 |\n")
    assert '<th class="align-left">Route</th>' in html
    assert '<td class="align-right">101</td>' in html
    assert "A\u00a0\u2013 B" in html


def test_typography_is_not_applied_inside_code(edition_folder):
    html = html_of(edition_folder, 'Say "hi" and `"raw" -- code`.\n')
    assert "\u201chi\u201d" in html and "<code>&quot;raw&quot; -- code</code>" in html


def test_text_is_escaped(edition_folder):
    assert "x &lt; y &amp; z" in html_of(edition_folder, "x < y & z\n")


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert(1)</script>\n",
        "Text <iframe src='file:///etc/passwd'></iframe>\n",
        "<object data='x'></object>\n",
        "<embed src='x'>\n",
        "<link rel=stylesheet href='http://example.org/x.css'>\n",
        "<style>@import url(http://example.org/x.css);</style>\n",
        "<a rel='attachment' href='/etc/passwd'>x</a>\n",
    ],
)
def test_raw_html_is_refused_with_the_line(edition_folder, body):
    with pytest.raises(SourceError) as info:
        html_of(edition_folder, "Intro.\n\n" + body)
    assert "raw HTML is not allowed" in info.value.message
    assert info.value.line == 7  # body starts on line 5; the HTML is its third line


@pytest.mark.parametrize(
    "reference, message",
    [
        ("../images/none.png", "not found"),
        ("../../../etc/hosts", "outside"),
        ("/etc/hosts", "absolute"),
        ("http://127.0.0.1:9/x.png", "URLs are not allowed"),
        ("ftp://example.org/x.png", "URLs are not allowed"),
        ("file:///etc/hosts", "URLs are not allowed"),
    ],
)
def test_bad_image_references(edition_folder, reference, message):
    with pytest.raises(SourceError) as info:
        html_of(edition_folder, f"![x]({reference})\n")
    assert message in info.value.message and info.value.line == 5


@pytest.mark.parametrize("href", ["file:///etc/passwd", "javascript:alert(1)", "data:text/html,x"])
def test_links_only_to_the_web_mail_or_anchors(edition_folder, href):
    with pytest.raises(SourceError, match="only http"):
        html_of(edition_folder, f"[x]({href})\n")


def test_web_links_are_kept_as_links(edition_folder):
    assert '<a href="https://example.org/">site</a>' in html_of(edition_folder, "[site](https://example.org/)\n")


def test_image_inside_running_text_is_refused(edition_folder):
    with pytest.raises(SourceError, match="stand alone"):
        html_of(edition_folder, "Look ![x](../images/pic.png) here.\n")


def test_level_one_heading_is_reserved_for_the_title(edition_folder):
    with pytest.raises(SourceError, match="use '##'") as info:
        html_of(edition_folder, "Text.\n\n# Heading\n")
    assert info.value.line == 7


def test_tight_list_items_have_no_paragraphs(edition_folder):
    html = html_of(edition_folder, "1. Shusha\n2. Lachin\n")
    assert "<ol>" in html and "<li>Shusha</li>" in html and "<p>" not in html


@pytest.mark.parametrize("caption, what", [
    ("See [the site](javascript:alert(1)).", "a link"),
    ("See [notes](file:///etc/passwd).", "a link"),
    ("See [the site](https://example.org/).", "a link"),
    ("A ![x](../images/pic.png) b", "an image"),
    ("A note[^1] here", "a footnote"),
])
def test_a_caption_is_plain_text(edition_folder, caption, what):
    body = f"Text.\n\n![{caption}](../images/pic.png)\n" + ("\n[^1]: The note.\n" if "[^1]" in caption else "")
    with pytest.raises(SourceError, match=f"a caption is plain text.*cannot hold {what}") as caught:
        html_of(edition_folder, body)
    assert caught.value.line == 7


def test_a_caption_may_hold_emphasis_and_code(edition_folder):
    html = html_of(edition_folder, "Text.\n\n![The *new* school, `2024`.](../images/pic.png)\n")
    assert "<figcaption>The <em>new</em> school, <code>2024</code>.</figcaption>" in html


@pytest.mark.parametrize("body, line, fragment", [
    ("Text[^1].\n", 5, "footnote [^1] has no definition"),
    ("Text.\n\n[^1]: A note nobody calls.\n", 7, "footnote [^1] is defined but never referred to"),
    ("| a | b |\n|---|---|\n| 1 | 2 | 3 |\n", 7, "3 cells, more than the header's 2: the extra cells would be lost"),
    ("| a | b |\n|---|---|\n| 1 |\n", 7, "1 cell, fewer than the header's 2"),
    ("Intro.\n\n| a | b |\n| 1 | 2 |\n", 7, "no separator row"),
])
def test_markdown_mistakes_that_would_print_silently_are_errors(edition_folder, body, line, fragment):
    with pytest.raises(SourceError) as caught:
        html_of(edition_folder, body)
    assert fragment in caught.value.message and caught.value.line == line, caught.value


def test_escaped_pipes_and_tables_without_outer_pipes_are_fine(edition_folder):
    html_of(edition_folder, "| a \\| b | c |\n|---|---|\n| 1 | 2 |\n\nx | y\n---|---\n1 | 2\n")


def test_a_passage_in_another_language(edition_folder):
    html = html_of(edition_folder, 'Shusha ([Şuşa]{lang=az}) and "[Карабах]{lang=ru}".\n')
    assert '<span lang="az">Şuşa</span>' in html and '<span lang="ru">Карабах</span>' in html
    assert "\u201c" in html  # typography still runs across the span


@pytest.mark.parametrize("body, fragment", [
    ("A [word]{lang=Azeri} here.\n", "write a language code"),
    ("A [word]{style=color:red} here.\n", "attribute 'style' is not allowed"),
    ("A [link](https://example.org/){target=_blank}.\n", "attribute 'target' is not allowed"),
    ("![A picture.](../images/pic.png){.big}\n", "an image takes {.decorative}, {.whole} and one of"),
    ("![](../images/pic.png)\n", "the image has no description"),
    ('![](../images/pic.png "A caption only.")\n', "the image has no description"),
])
def test_attributes_and_descriptions_are_checked(edition_folder, body, fragment):
    with pytest.raises(SourceError, match=re.escape(fragment)) as caught:
        html_of(edition_folder, body)
    assert caught.value.line == 5


def test_description_and_caption_are_separate_when_a_title_is_given(edition_folder):
    html = html_of(edition_folder, '![Two new houses by a road.](../images/pic.png "Aghali, May 2024.")\n')
    assert 'alt="Two new houses by a road."' in html and "<figcaption>Aghali, May 2024.</figcaption>" in html


def test_a_decorative_picture_has_no_alt_text(edition_folder):
    html = html_of(edition_folder, '![](../images/pic.png "An ornament."){.decorative}\n')
    assert '<img class="decorative" src="file:///pressroom/images/pic.png" alt="">' in html


def test_columns_of_figures_are_marked_numeric_unless_the_source_aligns_them(edition_folder):
    html = html_of(edition_folder, "| Route | Length, km | Lanes | Status |\n|---|---|:---:|---|\n"
                                   "| Barda -- Aghdam | 45 | 4 | open |\n"
                                   "| Toghanali -- Kalbajar | 1 081 | 2--4 | built |\n")
    header, first = re.findall(r"<tr>(.*?)</tr>", html, re.S)[:2]
    assert re.findall(r"<th( class=\"[^\"]+\")?>", header) == ["", ' class="numeric"', ' class="align-center"', ""]
    assert re.findall(r"<td( class=\"[^\"]+\")?>", first) == ["", ' class="numeric"', ' class="align-center"', ""]


def test_a_heading_never_ends_on_a_word_alone(edition_folder):
    html = html_of(edition_folder, "## Roads and tunnels that reconnect the regions\n\nText.\n")
    assert "the\u00a0regions</h2>" in html
