"""Fitting each article to its pages: pictures that leave no holes, last pages that are not nearly empty.

WeasyPrint has no page floats: a figure that does not fit at the foot of a
column moves to the next one and leaves the rest of the column empty, and an
article may end with a line or two alone on a page. After a layout, the render
stage hands this module what the pages hold (:class:`ArticlePage`, measured in
``pdf.weasyprint_internals``); :func:`plan_fitting` answers what to change, and
the document is laid out again with the changes, a few rounds at most:

- a figure, fact box or pull quote that opens a column after a hole of more
  than ``max_hole_lines`` is moved after the block that follows it (it floats
  forward, as a page float would, and the text fills the hole); one across both
  columns at the top of a page takes the text after it up into the columns
  before it;
- an article whose last page is less than ``min_fill`` full gives that page's
  lines back, or fills it: a second line of space above its headings when the
  page must fill, then by setting its text a little tighter or looser (letter
  spacing within ``tracking`` em, about 4 % of the lines at the widest), and
  for what that leaves by making its photographs lower (cropped, down to
  ``shrink`` of their height) or taller (up to ``grow``; clipped to their box);
  what none can do is reported with the lines to cut or add.

Every article starts on a new page, so the changes of one article never move
another's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

# What may float forward past text, as a page float would: pictures, fact boxes and pull quotes
FLOATS = ("figure", "aside")


@dataclass(frozen=True)
class PlacedBlock:
    """A block laid out in a column: its HTML element, where it is (CSS px) and what it holds."""

    element: Any
    tag: str
    top: float
    bottom: float
    lines: int
    picture: Any  # the figure's <img> element, if it is one
    picture_height: float
    picture_natural: float = 0.0  # its height uncropped


@dataclass(frozen=True)
class PlacedColumn:
    top: float
    bottom: float
    blocks: tuple[PlacedBlock, ...]

    @property
    def content_bottom(self) -> float:
        return max((block.bottom for block in self.blocks), default=self.top)


@dataclass(frozen=True)
class ArticlePage:
    number: int
    article: str  # the article element's id
    area_bottom: float  # where the page area ends, above the footnotes
    columns: tuple[PlacedColumn, ...]  # the last set of columns on the page
    step: float  # the baseline grid: one line
    body: Any  # the article body's element
    tracking: float  # its letter spacing now, in em
    lines: int  # lines of the article's body on the page, in all its column sets
    first_columns: tuple[PlacedColumn, ...] = ()  # the first set (the same as columns when there is one)
    opened_by: Any = None  # a wide picture, gallery or table standing at the page's top, above the columns
    closed_by: Any = None  # one standing at the page's foot, below the columns...
    closed_at: float = 0.0  # ...and where it ends
    after_lone_column: tuple[Any, ...] = ()  # those below a set of columns whose text all stands in the first


@dataclass(frozen=True)
class FittingRules:
    max_hole_lines: int = 3
    min_fill: float = 0.25  # a last page under this is fitted...
    aim_fill: float = 0.28  # ...to this: a little over, as the layout report measures a little differently
    # A photograph in a column may be cropped to between these shares of its height (clipped to its box:
    # lower loses a strip at the top and the foot, taller one at either side). Drawings (SVG) never
    # are, nor a picture the source marks {.whole} (a raster chart, a scanned document).
    shrink: float = 0.85
    grow: float = 1.15
    tracking: float = 0.02  # letter spacing of an article's text, at most this many em either way
    letter_em: float = 0.48  # the average letter's width: tracking t changes a line's length by t / letter_em
    line_bonus: float = 60.0  # with tracking, paragraphs may run a line longer (or shorter) at this price
    rounds: int = 2  # layouts after the first, at most


@dataclass(frozen=True)
class Defer:
    """Move a figure after the ``blocks`` blocks of text that follow it (the headings among them not counted).

    A figure, gallery or table across both columns stands between two-column bodies: the blocks come up
    from the body after it into the one before.
    """

    figure: Any
    blocks: int = 1


@dataclass(frozen=True)
class Resize:
    """Set a picture's height (CSS px), cropping it to its width."""

    picture: Any
    height: float


@dataclass(frozen=True)
class Space:
    """Set the space above a heading (CSS px)."""

    heading: Any
    above: float


@dataclass(frozen=True)
class Track:
    """Set the letter spacing (em) of an article's text, and what a line is worth to its line breaker.

    ``line_bonus`` above 0 lets paragraphs run a line longer where that costs
    little, below 0 a line shorter (see ``text.linebreaking.choose_breaks``).
    """

    body: Any
    letter_spacing: float
    line_bonus: float = 0.0


@dataclass(frozen=True)
class Unresolved:
    article: str
    page: int
    message: str


Change = Defer | Resize | Space | Track


def plan_fitting(pages: list[ArticlePage], rules: FittingRules,
                 ends_edition: bool = True) -> tuple[list[Change], list[Unresolved]]:
    """What to change so that no column foot is left empty and no last page nearly so.

    The edition's last article may end on a page as short as it is; ``ends_edition``
    False: the pages' last article is not the edition's (an article laid out alone).
    """
    if not pages:
        return [], []
    last_article = max(pages, key=lambda page: page.number).article if ends_edition else None
    changes: list[Change] = []
    unresolved: list[Unresolved] = []
    by_article: dict[str, list[ArticlePage]] = {}
    for page in pages:
        by_article.setdefault(page.article, []).append(page)
    for article, own in by_article.items():
        own.sort(key=lambda page: page.number)
        step = own[0].step
        if step <= 0:
            continue
        changes += _holes(own, step, rules)
        if article == last_article:
            continue
        fitted, problem = _last_page(own, step, rules)
        changes += fitted
        if problem is not None:
            unresolved.append(problem)
    return changes, unresolved


def _holes(pages: list[ArticlePage], step: float, rules: FittingRules) -> list[Change]:
    """What left a hole at the foot of the column before it, or lines alone in a column above it, floated on."""
    # a few lines left alone in the first column above a wide picture, gallery or table, the second
    # beside them empty: a paragraph more comes up from below it, and the two columns balance
    deferred: list[Change] = [Defer(element, 1) for page in pages for element in page.after_lone_column]
    for index, page in enumerate(pages[:-1]):
        following = pages[index + 1]
        if following.number != page.number + 1:
            continue
        holes = [(page.area_bottom - column.content_bottom) / step for column in page.columns]
        text = tuple(block for column in following.first_columns for block in column.blocks)
        if page.closed_by is not None and (page.area_bottom - page.closed_at) / step > rules.max_hole_lines:
            # the text after it could not begin in the space left below it (a heading keeps two lines with
            # it): it floats forward, and the text after it comes up above it
            deferred.append(Defer(page.closed_by, _enough_text(text, sum(holes))))
            continue
        if following.opened_by is not None and max(holes, default=0) > rules.max_hole_lines:
            # the columns before it were balanced on this page, and it did not fit below them: the text after
            # it comes up to fill both columns' holes
            deferred.append(Defer(following.opened_by, _enough_text(text, sum(holes))))
            continue
        for position, hole in enumerate(holes):
            if hole <= rules.max_hole_lines:
                continue
            if position + 1 < len(page.columns):
                after = page.columns[position + 1]
            else:
                after = (following.first_columns or following.columns)[0]
            first = after.blocks[0] if after.blocks else None
            if first is not None and first.tag in FLOATS and abs(first.top - after.top) < step:
                deferred.append(Defer(first.element, _enough_text(after.blocks[1:], hole)))
    return deferred


def _enough_text(blocks: tuple[PlacedBlock, ...], lines: float) -> int:
    """How many of the text blocks after a figure it takes to fill ``lines`` lines (at least one)."""
    count = filled = 0
    for block in blocks:
        if block.tag in FLOATS:
            break
        if block.tag not in ("h2", "h3", "h4"):
            count += 1
        filled += block.lines
        if filled >= lines:
            break
    return max(count, 1)


def faults(pages: list[ArticlePage], rules: FittingRules, ends_edition: bool = True) -> dict[str, int]:
    """Per article (by element id), what fitting is for that its layout still shows: column feet more than
    ``max_hole_lines`` short on a page the article continues from, and a last page under ``min_fill``.

    Fitting's rounds compare layouts by it: a round whose changes made an article worse is undone for it.
    """
    if not pages:
        return {}
    last_article = max(pages, key=lambda page: page.number).article if ends_edition else None
    by_article: dict[str, list[ArticlePage]] = {}
    for page in sorted(pages, key=lambda page: page.number):
        by_article.setdefault(page.article, []).append(page)
    found: dict[str, int] = {}
    for article, own in by_article.items():
        count = 0
        step = own[0].step
        for page, following in zip(own, own[1:], strict=False):
            if following.number != page.number + 1 or step <= 0:
                continue
            if page.closed_by is not None:
                feet = [page.area_bottom - page.closed_at]
            else:
                feet = [page.area_bottom - column.content_bottom for column in page.columns]
            count += sum(1 for foot in feet if foot / step > rules.max_hole_lines)
        fill = last_page_fill(own)
        if article != last_article and fill is not None and fill < rules.min_fill:
            count += 1
        found[article] = count
    return found


def last_page_fill(pages: list[ArticlePage]) -> float | None:
    """How full an article's last page is, as fitting measures it: the height its columns use over
    their height (None: one page, or a last page without columns)."""
    last = max(pages, key=lambda page: page.number)
    if len(pages) < 2 or not last.columns or last.step <= 0:
        return None
    return sum(column.content_bottom - column.top for column in last.columns) / _column_height(last, last.step)


def _column_height(page: ArticlePage, step: float) -> float:
    return sum(max(page.area_bottom - column.top, step) for column in page.columns)


def _last_page(pages: list[ArticlePage], step: float, rules: FittingRules) -> tuple[list[Change],
                                                                                       Unresolved | None]:
    last = pages[-1]
    if len(pages) < 2 or not last.columns:
        return [], None
    height = _column_height(last, step)
    used = sum(column.content_bottom - column.top for column in last.columns)
    if used >= rules.min_fill * height:
        return [], None  # aim_fill is the aim only once fitting is needed: no churn over a line or two
    pictures = [(block.picture, block.picture_height, block.picture_natural or block.picture_height)
                for page in pages for column in page.columns for block in column.blocks
                if block.picture is not None and block.picture_height > 0 and _croppable(block.picture)]
    lines = sum(page.lines for page in pages)
    # to fill the page, a heading may also take a second line of space above it
    headings = [block.element for page in pages for column in page.columns for block in column.blocks
                if block.tag == "h2" and block.top > column.top + step / 2]
    plans = [_direction(-1, used + step, pictures, [], last, lines, step, rules),
             _direction(1, rules.aim_fill * height - used + step, pictures, headings, last, lines, step, rules)]
    feasible = [plan for plan in plans if plan[0]]
    if feasible:
        return feasible[0][1], None
    # neither is enough alone: do what can be done in the nearer direction, and say what is left
    best = min(plans, key=lambda plan: plan[2])
    lines_cut, lines_add = math.ceil(used / step), math.ceil((rules.min_fill * height - used) / step)
    return best[1], Unresolved(last.article, last.number,
                               f"the last page of the article (p. {last.number}) is {used / height:.0%} full: "
                               f"cut {lines_cut} line{'s' if lines_cut != 1 else ''} or add {lines_add}")


def _croppable(picture: Any) -> bool:
    """A photograph: not a drawing (SVG: charts, maps) and not marked {.whole} in the source."""
    return (not str(picture.get("src") or "").lower().endswith(".svg")
            and "whole" not in str(picture.get("class") or "").split())


def _direction(sign: int, wanted: float, pictures: list[tuple[Any, float, float]], headings: list[Any],
               last: ArticlePage, lines: int, step: float,
               rules: FittingRules) -> tuple[bool, list[Change], float]:
    """(enough?, the changes, the share of the tracking limit still missing) to cut (-1) or add (+1) ``wanted`` px.

    Space above headings and the text's tracking come first; photographs are cropped only for what
    tracking at its limit leaves (a picture is the article's, the letter spacing no reader sees).
    """
    spaced = headings[: max(int(wanted // step), 0)]
    changes: list[Change] = [Space(heading, 2 * step) for heading in spaced]
    rest = wanted / step - len(spaced)
    if rest <= 0:
        return True, changes, 0.0
    per_line = rules.letter_em / max(lines, 1)  # tracking that makes the text one line longer or shorter
    by_tracking = max(sign * (sign * rules.tracking - last.tracking), 0.0) / per_line
    bound = rules.shrink if sign < 0 else rules.grow
    room = [max(sign * (natural * bound - h), 0.0) for _, h, natural in pictures]
    by_pictures = min(max(rest - by_tracking, 0.0) * step, sum(room))
    if by_pictures > 0:
        share = by_pictures / sum(room)
        changes += [Resize(picture, h + sign * free * share) for (picture, h, _), free in zip(pictures, room,
                                                                                             strict=True)]
        rest -= by_pictures / step
    needed = last.tracking + sign * rest * per_line
    enough = abs(needed) <= rules.tracking + 1e-9
    clamped = max(-rules.tracking, min(rules.tracking, needed))
    # the line breaker's price on lines helps as much again; doubled when tracking alone falls short, and
    # tripled once a round has spent the tracking (paragraphs then run longer where that costs a
    # little more, never a loose line: that costs more than any bonus)
    spent = abs(last.tracking) >= rules.tracking - 1e-9 and last.tracking * sign > 0
    factor = 1 if enough else (3 if spent else 2)
    changes.append(Track(last.body, round(clamped, 4), sign * rules.line_bonus * factor))
    return enough, changes, abs(needed) / rules.tracking


def changed_articles(changes: list[Change], articles: dict[str, Any]) -> set[str]:
    """The ids of the articles (id → element) that hold what ``changes`` change."""
    targets = {id(_target(change)) for change in changes}
    return {ident for ident, article in articles.items() if any(id(element) in targets for element in article.iter())}


def _target(change: Change) -> Any:
    if isinstance(change, Defer):
        return change.figure
    if isinstance(change, Resize):
        return change.picture
    if isinstance(change, Space):
        return change.heading
    return change.body


def apply_fitting(tree: Any, counterpart: Any, changes: list[Change]) -> None:
    """Make ``changes`` in an ElementTree; ``counterpart`` maps the measured elements to the tree's."""
    parents = {child: parent for parent in tree.iter() for child in parent}
    for change in changes:
        if isinstance(change, Defer):
            figure = counterpart(change.figure)
            parent = parents.get(figure)
            if parent is None:
                continue
            if parent.tag == "article":  # it stands between two bodies
                _lift_text(parent, figure, change.blocks)
                continue
            siblings = list(parent)
            passed, last = 0, None
            for index in range(siblings.index(figure) + 1, len(siblings)):
                if siblings[index].tag in FLOATS:
                    break  # pictures and boxes keep their order
                if siblings[index].tag in ("h2", "h3", "h4"):
                    continue  # a heading stays with the text under it
                passed, last = passed + 1, index
                if passed == change.blocks:
                    break
            if last is None:
                continue  # nothing follows it in the article to fill the hole
            parent.remove(figure)
            parent.insert(last, figure)
        elif isinstance(change, Space):
            counterpart(change.heading).set("style", f"margin-top: {change.above:.2f}px")
        elif isinstance(change, Resize):
            picture = counterpart(change.picture)
            picture.set("style", f"height: {change.height:.2f}px; object-fit: cover; overflow: hidden")
        else:
            body = counterpart(change.body)
            article = parents.get(body)
            # a wide picture, gallery or table splits the article's text into several bodies: all are tracked
            for each in [child for child in article if _is_body(child)] if article is not None else [body]:
                each.set("style", f"letter-spacing: {change.letter_spacing:g}em; --line-bonus: {change.line_bonus:g}")


def _is_body(element: Any) -> bool:
    return element is not None and element.tag == "div" and "body" in (element.get("class") or "").split()


def _lift_text(article: Any, spanning: Any, blocks: int) -> None:
    """Move ``blocks`` blocks of text (and the headings before them) from the body after ``spanning`` to the
    body before it."""
    siblings = list(article)
    index = siblings.index(spanning)
    if not (0 < index < len(siblings) - 1 and _is_body(siblings[index - 1]) and _is_body(siblings[index + 1])):
        return
    before, after = siblings[index - 1], siblings[index + 1]
    passed = 0
    for child in list(after):
        if child.tag in FLOATS or passed == blocks:
            break  # pictures and boxes keep their order
        after.remove(child)
        before.append(child)
        if child.tag not in ("h2", "h3", "h4"):
            passed += 1
    while len(before) and before[-1].tag in ("h2", "h3", "h4") and passed < blocks:
        after.insert(0, before[-1])  # a heading stays with the text under it
        before.remove(after[0])
    if len(after) == 0 and not (after.text or "").strip():
        article.remove(after)
