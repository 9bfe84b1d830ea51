"""Fitting articles to their pages: what is planned from measured pages, and how it changes the document."""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement

import pytest

from pressroom.layout.fitting import (
    ArticlePage,
    Defer,
    FittingRules,
    PlacedBlock,
    PlacedColumn,
    Resize,
    Space,
    Track,
    apply_fitting,
    faults,
    last_page_fill,
    plan_fitting,
)

STEP = 18.0  # one line, CSS px
TOP, BOTTOM = 100.0, 100.0 + 50 * STEP  # a column of 50 lines
RULES = FittingRules()
CROPPING = FittingRules(shrink=0.7, grow=1.3)  # pictures may be cropped further than by default
NO_CROPPING = FittingRules(shrink=1.0, grow=1.0)


def text(top: float, lines: int, tag: str = "p") -> PlacedBlock:
    return PlacedBlock(Element(tag), tag, top, top + lines * STEP, lines, None, 0.0)


def figure(top: float, height: float, src: str = "images/photo.png") -> PlacedBlock:
    return PlacedBlock(Element("figure"), "figure", top, top + height + STEP, 1, Element("img", src=src), height)


def page(number: int, *columns: tuple[PlacedBlock, ...], article: str = "a1", lines: int = 90) -> ArticlePage:
    placed = tuple(PlacedColumn(TOP, BOTTOM, blocks) for blocks in columns)
    return ArticlePage(number, article, BOTTOM, placed, STEP, Element("div"), 0.0, lines)


def test_a_figure_after_a_hole_floats_forward():
    pushed = figure(TOP, 12 * STEP)
    pages = [page(4, (text(TOP, 50),), (text(TOP, 40),)),  # the second column stops 10 lines short
             page(5, (pushed, text(TOP + 13 * STEP, 37)), (text(TOP, 50),)),
             page(6, (text(TOP, 30),), (text(TOP, 30),), article="a2")]
    changes, unresolved = plan_fitting(pages, RULES)
    assert changes == [Defer(pushed.element)] and not unresolved


def test_a_short_hole_is_left_alone():
    pages = [page(4, (text(TOP, 50),), (text(TOP, 48),)), page(5, (figure(TOP, 10 * STEP),), (text(TOP, 50),)),
             page(6, (text(TOP, 30),), article="a2")]
    assert plan_fitting(pages, RULES) == ([], [])


def test_a_nearly_empty_last_page_gives_its_lines_back_through_the_letter_spacing_then_the_pictures():
    photo = figure(TOP, 20 * STEP)
    pages = [page(4, (photo, text(TOP + 21 * STEP, 29)), (text(TOP, 50),), lines=56),
             page(5, (text(TOP, 4),), (), lines=4),
             page(6, (text(TOP, 30),), article="a2")]
    changes, unresolved = plan_fitting(pages, CROPPING)
    assert not unresolved
    resized = [c for c in changes if isinstance(c, Resize)]
    assert len(resized) == 1 and 0.7 * 20 * STEP <= resized[0].height < 20 * STEP
    assert [c.letter_spacing for c in changes if isinstance(c, Track)] == [-CROPPING.tracking]  # spent first
    # a long article gives the same lines back by its letter spacing alone: the photograph stays whole
    pages[0] = page(4, (photo, text(TOP + 21 * STEP, 29)), (text(TOP, 50),), lines=400)
    changes, unresolved = plan_fitting(pages, CROPPING)
    assert not unresolved and not any(isinstance(c, Resize) for c in changes)


@pytest.mark.parametrize("kept", [figure(TOP, 20 * STEP, src="images/chart.svg"),  # a drawing
                                   PlacedBlock(Element("figure"), "figure", TOP, TOP + 21 * STEP, 1,
                                               Element("img", {"src": "images/scan.png", "class": "whole"}),
                                               20 * STEP)])  # marked {.whole} in the source
def test_a_drawing_or_a_picture_marked_whole_is_never_cropped(kept):
    pages = [page(4, (kept, text(TOP + 21 * STEP, 29)), (text(TOP, 50),), lines=400),
             page(5, (text(TOP, 4),), (), lines=4), page(6, (text(TOP, 30),), article="a2")]
    changes, _ = plan_fitting(pages, CROPPING)
    assert not any(isinstance(c, Resize) for c in changes)


def test_pictures_are_not_cropped_unless_the_rules_allow_it():
    photo = figure(TOP, 20 * STEP)
    pages = [page(4, (photo, text(TOP + 21 * STEP, 29)), (text(TOP, 50),), lines=400),
             page(5, (text(TOP, 4),), (), lines=4), page(6, (text(TOP, 30),), article="a2")]
    changes, _ = plan_fitting(pages, NO_CROPPING)
    assert changes and not any(isinstance(c, Resize) for c in changes)


def test_what_cannot_be_fitted_is_reported_with_the_lines_to_cut_or_add():
    pages = [page(4, (text(TOP, 50),), (text(TOP, 50),), lines=100),
             page(5, (text(TOP, 6),), (), lines=6), page(6, (text(TOP, 30),), article="a2")]
    changes, unresolved = plan_fitting(pages, RULES)
    assert len(unresolved) == 1
    assert unresolved[0].page == 5 and "cut 6 lines or add" in unresolved[0].message
    # what can be done is still tried: the text as tight (or loose) as the rules allow
    assert [abs(c.letter_spacing) for c in changes if isinstance(c, Track)] == [RULES.tracking]


def test_faults_count_the_holes_and_the_nearly_empty_last_page_of_each_article():
    holed = [page(4, (text(TOP, 50),), (text(TOP, 45),)), page(5, (text(TOP, 50),), (text(TOP, 20),))]
    short = [page(6, (text(TOP, 50),), (text(TOP, 50),), article="a2"), page(7, (text(TOP, 5),), (), article="a2")]
    last = [page(8, (text(TOP, 50),), (text(TOP, 50),), article="a3"), page(9, (text(TOP, 2),), (), article="a3")]
    assert faults(holed + short + last, RULES) == {"a1": 1, "a2": 1, "a3": 0}  # the edition's last may end short
    assert last_page_fill(short) == pytest.approx(5 / 100)
    assert last_page_fill(holed[:1]) is None  # one page: no last page to fill


def test_the_editions_last_article_may_end_short():
    pages = [page(4, (text(TOP, 50),), (text(TOP, 50),)), page(5, (text(TOP, 3),), ())]
    assert plan_fitting(pages, RULES) == ([], [])


def test_the_changes_move_figures_past_the_next_text_and_set_sizes():
    body = Element("div")
    first = SubElement(body, "p")
    moved = SubElement(body, "figure")
    picture = SubElement(moved, "img")
    heading = SubElement(body, "h2")
    after = SubElement(body, "p")
    apply_fitting(body, lambda element: element, [
        Defer(moved), Resize(picture, 120.0), Space(heading, 36.0), Track(body, -0.01)])
    assert list(body) == [first, heading, after, moved]  # a heading stays with its text
    assert picture.get("style") == "height: 120.00px; object-fit: cover; overflow: hidden"  # clipped to its box
    assert heading.get("style") == "margin-top: 36.00px"
    assert body.get("style") == "letter-spacing: -0.01em; --line-bonus: 0"


def test_a_figure_floats_past_as_much_text_as_the_hole_needs_but_never_past_another_figure():
    body = Element("div")
    moved = SubElement(body, "figure")
    texts = [SubElement(body, "p") for _ in range(3)]
    other = SubElement(body, "figure")
    last = SubElement(body, "p")
    apply_fitting(body, lambda element: element, [Defer(moved, blocks=2)])
    assert list(body) == [texts[0], texts[1], moved, texts[2], other, last]
    apply_fitting(body, lambda element: element, [Defer(moved, blocks=5)])
    assert list(body) == [texts[0], texts[1], texts[2], moved, other, last]


def test_a_fact_box_after_a_hole_floats_forward_like_a_figure():
    box = PlacedBlock(Element("aside"), "aside", TOP, TOP + 14 * STEP, 12, None, 0.0)
    pages = [page(4, (text(TOP, 50),), (text(TOP, 40),)),
             page(5, (box, text(TOP + 14 * STEP, 36)), (text(TOP, 50),)),
             page(6, (text(TOP, 30),), (text(TOP, 30),), article="a2")]
    assert plan_fitting(pages, RULES)[0] == [Defer(box.element, 1)]


def test_a_wide_picture_at_a_page_top_takes_up_the_text_after_it_to_fill_both_columns():
    wide = Element("figure")
    after = (text(TOP + 20 * STEP, 6), text(TOP + 26 * STEP, 6), text(TOP + 32 * STEP, 18))
    balanced = page(4, (text(TOP, 45),), (text(TOP, 43),))  # the columns before it stop 5 and 7 lines short
    following = ArticlePage(5, "a1", BOTTOM, (PlacedColumn(TOP + 20 * STEP, BOTTOM, after),), STEP, Element("div"),
                            0.0, 90, (PlacedColumn(TOP + 20 * STEP, BOTTOM, after),), wide)
    changes, _ = plan_fitting([balanced, following, page(6, (text(TOP, 30),), article="a2")], RULES)
    assert changes == [Defer(wide, 2)]  # 12 lines of holes: two paragraphs of six lines


def test_lifting_text_over_a_wide_picture_moves_paragraphs_between_the_bodies():
    article = Element("article")
    before = SubElement(article, "div", {"class": "body"})
    SubElement(before, "p")
    wide = SubElement(article, "figure", {"class": "wide"})
    after = SubElement(article, "div", {"class": "body continued"})
    heading, first, second = SubElement(after, "h2"), SubElement(after, "p"), SubElement(after, "p")
    apply_fitting(article, lambda element: element, [Defer(wide, 1)])
    assert list(before)[1:] == [heading, first] and list(after) == [second]
    apply_fitting(article, lambda element: element, [Defer(wide, 3), Track(before, 0.01)])
    assert list(article) == [before, wide] and list(before)[1:] == [heading, first, second]
    assert before.get("style") == "letter-spacing: 0.01em; --line-bonus: 0"


def test_a_table_that_leaves_the_page_foot_empty_below_it_floats_forward():
    table = Element("div", {"class": "table"})
    # the columns stop 10 lines short; the table below them ends 6 lines above the foot
    closed = ArticlePage(4, "a1", BOTTOM, (PlacedColumn(TOP, BOTTOM, (text(TOP, 40),)),
                                           PlacedColumn(TOP, BOTTOM, (text(TOP, 40),))), STEP, Element("div"),
                         0.0, 80, closed_by=table, closed_at=BOTTOM - 6 * STEP)
    after = (text(TOP, 2, "h2"), text(TOP + 2 * STEP, 12), text(TOP + 14 * STEP, 12))
    following = ArticlePage(5, "a1", BOTTOM, (PlacedColumn(TOP, BOTTOM, after),), STEP, Element("div"), 0.0, 90,
                            (PlacedColumn(TOP, BOTTOM, after),))
    changes, _ = plan_fitting([closed, following, page(6, (text(TOP, 30),), article="a2")], RULES)
    assert changes == [Defer(table, 2)]  # 20 lines: the heading's and two paragraphs'


def test_lines_left_alone_in_the_first_column_above_a_wide_picture_take_a_paragraph_more():
    wide = Element("figure", {"class": "wide"})
    lone = ArticlePage(4, "a1", BOTTOM, (PlacedColumn(TOP, BOTTOM, (text(TOP, 50),)),
                                         PlacedColumn(TOP, BOTTOM, (text(TOP, 50),))), STEP, Element("div"), 0.0, 100,
                       after_lone_column=(wide,))
    changes, _ = plan_fitting([lone, page(5, (text(TOP, 30),), (text(TOP, 28),)),
                               page(6, (text(TOP, 30),), article="a2")], RULES)
    assert changes == [Defer(wide, 1)]
