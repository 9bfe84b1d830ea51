"""The layout report, on pages made to show each problem (and on a page that shows none)."""

from __future__ import annotations

import pytest

from pressroom.pdf.composition import layout_report, measure
from pressroom.pdf.pagetext import Line, PageText, Picture, Word

BODY = 9.6
PITCH = 13.4
WIDTH, HEIGHT = 595.0, 842.0
LEFT, RIGHT = (48.0, 281.0), (300.0, 533.0)  # the two columns' edges
TOP = 775.0  # the first body baseline of a full page
LINES = 48  # body lines in a full column


def line(text: str, x0: float, x1: float, baseline: float, size: float = BODY,
         font: str = "Bulletin-Serif") -> Line:
    """A line whose words are spread evenly from x0 to x1 (a justified line when x1 is the column's edge)."""
    words = text.split(" ")
    natural = [len(word) * size * 0.5 for word in words]
    gap = (x1 - x0 - sum(natural)) / max(len(words) - 1, 1)
    placed, x = [], x0
    for word, width in zip(words, natural, strict=True):
        placed.append(Word(word, x, x + width))
        x += width + gap
    if len(words) == 1:
        placed = [Word(words[0], x0, x1)]
    return Line(tuple(placed), baseline, size, font, baseline + size * 0.8, baseline - size * 0.25)


def column(edges: tuple[float, float], count: int, first: float = TOP, text: str = "columns " * 6,
           last_short: bool = True) -> list[Line]:
    lines = [line(text.strip(), edges[0], edges[1], first - n * PITCH) for n in range(count)]
    if last_short and lines:
        lines[-1] = line("end.", edges[0], edges[0] + 30, lines[-1].baseline)
    return lines


def page(number: int, lines: list[Line], head: bool = True) -> PageText:
    extra = [line("Running head", 300, 400, TOP + 22, 7.5, "Bulletin-Sans")] if head else []
    return PageText(number, WIDTH, HEIGHT, tuple(lines + extra), ())


def edition(*article_pages: PageText) -> list[PageText]:
    cover = PageText(1, WIDTH, HEIGHT, (line("Since the Victory", 60, 400, 660, 46, "Bulletin-Serif-Bold"),), ())
    back = PageText(len(article_pages) + 2, WIDTH, HEIGHT, (line("Back", 60, 200, 300, 22, "Bulletin-Serif-Bold"),),
                    ())
    return [cover, *article_pages, back]


def full_page(number: int, **kwargs) -> PageText:
    return page(number, column(LEFT, LINES, last_short=False) + column(RIGHT, LINES, last_short=False), **kwargs)


def report(pages: list[PageText], openers: dict[int, str], language: str = "en"):
    return measure(pages, openers, language, "test.pdf")


def kinds(result) -> set[str]:
    return {spot.kind for spot in result.spots}


def test_a_well_set_article_meets_every_target():
    pages = edition(full_page(2, head=False), full_page(3), page(4, column(LEFT, 30) + column(RIGHT, 28)))
    result = report(pages, {2: "An article"})
    assert result.ok, [t for t in result.targets if not t.ok]
    assert result.counts.grid_aligned == result.counts.grid_lines > 0


def test_a_hole_at_a_column_foot_is_found_with_its_size():
    holed = page(3, column(LEFT, LINES - 8, last_short=False) + column(RIGHT, LINES, last_short=False))
    pages = edition(full_page(2, head=False), holed, page(4, column(LEFT, 30) + column(RIGHT, 28)))
    result = report(pages, {2: "An article"})
    holes = result.spots_of("hole at column foot")
    assert [spot.page for spot in holes] == [3] and "8 lines" in holes[0].detail
    assert not next(t for t in result.targets if t.name.startswith("column feet")).ok


def test_a_nearly_empty_article_end_is_found_but_not_the_editions_last_page():
    pages = edition(full_page(2, head=False), page(3, column(LEFT, 3)), full_page(4, head=False),
                    page(5, column(LEFT, 3)))
    result = report(pages, {2: "First", 4: "Second"})
    assert [spot.page for spot in result.spots_of("nearly empty page")] == [3]


def test_a_page_of_its_own_for_a_picture_is_neither_empty_nor_a_hole_before_it():
    # an article ends on a page 60 % full, then its full-bleed picture has a page of its own
    picture = PageText(4, WIDTH, HEIGHT, (line("Orchards along the river.", 60, 300, 120, 7.5, "Bulletin-Sans"),),
                       (Picture(-9, -9, WIDTH + 9, HEIGHT + 9),))
    pages = edition(full_page(2, head=False), page(3, column(LEFT, 30) + column(RIGHT, 28)), picture,
                    full_page(5, head=False), page(6, column(LEFT, 30)))
    result = report(pages, {2: "First", 5: "Second"})
    assert not result.spots_of("nearly empty page") and not result.spots_of("hole at column foot")
    assert [measured.role for measured in result.pages][3] == "picture"


def test_columns_that_end_above_the_footnotes_are_full_though_a_note_line_sits_under_one():
    notes = [line("1. A note that runs across the page, long enough for two lines of it.", LEFT[0], RIGHT[1],
                  TOP - (LINES + 1) * PITCH, 7.5),
             line("Its end.", LEFT[0], LEFT[0] + 40, TOP - (LINES + 2) * PITCH, 7.5)]
    noted = page(3, column(LEFT, LINES - 3, last_short=False) + column(RIGHT, LINES - 3, last_short=False) + notes)
    pages = edition(full_page(2, head=False), noted, page(4, column(LEFT, 30) + column(RIGHT, 28)))
    assert not report(pages, {2: "An article"}).spots_of("hole at column foot")


def test_a_loose_line_is_measured_in_em():
    loose = line("a few words only", LEFT[0], LEFT[1], TOP - 10 * PITCH)  # four words over a whole column
    lines = column(LEFT, LINES, last_short=False)
    lines[10] = loose
    pages = edition(page(2, lines + column(RIGHT, LINES, last_short=False), head=False),
                    page(3, column(LEFT, 20) + column(RIGHT, 18)))
    result = report(pages, {2: "An article"})
    spots = result.spots_of("loose line")
    assert len(spots) == 1 and "em" in spots[0].detail and spots[0].page == 2
    assert result.counts.loose_lines == 1


def test_hyphen_runs_page_turns_and_the_grid():
    left = column(LEFT, LINES, last_short=False)
    for index in (5, 6, 7):
        left[index] = line("some text with a hyphen\u2010", LEFT[0], LEFT[1], left[index].baseline)
    right = column(RIGHT, LINES, first=TOP - 6, last_short=False)  # every line 6 pt off the left column's
    right[-1] = line("the page ends on a hyphen\u2010", RIGHT[0], RIGHT[1], right[-1].baseline)
    pages = edition(page(2, left + right, head=False), page(3, column(LEFT, 20) + column(RIGHT, 18)))
    result = report(pages, {2: "An article"})
    assert {"hyphen run", "hyphen at page turn", "off the baseline grid"} <= kinds(result)
    grid = next(t for t in result.targets if t.name.startswith("body lines on the common baseline"))
    assert not grid.ok


def test_a_running_head_on_an_opener_is_found():
    opener = full_page(2, head=True)
    pages = edition(opener, full_page(3), page(4, column(LEFT, 30) + column(RIGHT, 28)))
    result = report(pages, {2: "An article"})
    assert [spot.page for spot in result.spots_of("running head on opener")] == [2]


def test_russian_particles_and_one_letter_words_at_a_line_edge():
    lines = column(LEFT, LINES, last_short=False)
    lines[3] = line("слова которые стоят в", LEFT[0], LEFT[1], lines[3].baseline)
    lines[8] = line("же начинает эту строку", LEFT[0], LEFT[1], lines[8].baseline)
    lines[12] = line("перенесено так\u2010", LEFT[0], LEFT[1], lines[12].baseline)
    lines[13] = line("же это конец слова", LEFT[0], LEFT[1], lines[13].baseline)  # "так-/же": a word, not a particle
    pages = edition(page(2, lines + column(RIGHT, LINES, last_short=False), head=False),
                    page(3, column(LEFT, 20) + column(RIGHT, 18)))
    result = report(pages, {2: "Статья"}, "ru")
    assert len(result.spots_of("one-letter word at line end")) == 1
    assert len(result.spots_of("particle at line start")) == 1


def test_substitute_letters_and_hyphenated_display_text():
    title = line("Small capitals \u026a and a hyphen\u2010", 48, 400, 730, 24, "Bulletin-Serif-Bold")
    pages = edition(page(2, [title] + column(LEFT, 20, first=600) + column(RIGHT, 18, first=600), head=False))
    result = report(pages, {2: "An article"})
    assert {"substitute letter", "hyphenated display text"} <= kinds(result)


def test_azerbaijani_breaks_off_the_syllable_are_counted():
    lines = column(LEFT, LINES, last_short=False)
    lines[4] = line("söz iqtis\u2010", LEFT[0], LEFT[1], lines[4].baseline)  # iqtis-adi: off the syllable
    lines[5] = line("adi inkişaf", LEFT[0], LEFT[1], lines[5].baseline)
    lines[9] = line("söz iqti\u2010", LEFT[0], LEFT[1], lines[9].baseline)  # iqti-sadi: on it
    lines[10] = line("sadi inkişaf", LEFT[0], LEFT[1], lines[10].baseline)
    pages = edition(page(2, lines + column(RIGHT, LINES, last_short=False), head=False),
                    page(3, column(LEFT, 20) + column(RIGHT, 18)))
    result = report(pages, {2: "Məqalə"}, "az")
    assert result.counts.az_breaks == 2 and result.counts.az_breaks_off_syllable == 1
    assert [spot.detail for spot in result.spots_of("break off the syllable")] == ["iqtis-adi"]


# -- the sample edition: what its print PDFs meet ------------------------------------

@pytest.mark.parametrize("lang", ["az", "ru", "en", "es"])
def test_the_sample_meets_the_composition_targets(sample_build, lang):
    _, folder = sample_build
    result = layout_report(folder / f"since-the-victory-2024-H1-{lang}-print.pdf", lang)
    # every target, in every language: a target missed after a change is a regression
    assert all(target.ok for target in result.targets), [t for t in result.targets if not t.ok]
    assert result.counts.full_lines > 500  # the report read the pages: a broken reader finds nothing
