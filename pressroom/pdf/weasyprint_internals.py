"""The fence: every use of WeasyPrint's and pyphen's internals, and nothing else.

pressroom needs a few things neither library offers as API: a line breaker
that chooses among a line's breaks (hyphenation policy, runs of hyphenated
lines, loose lines), a hyphenation dictionary of its own (Azerbaijani),
the laid-out boxes of a page (to measure images and overflowing text), the
resolution images are written at, the temporary font folder, and a hook into
the XMP metadata. Each is done here, once. They were verified against the
versions in :data:`VERIFIED`; ``tests/pdf/test_weasyprint_internals.py`` checks
that every name used here still exists and behaves, and fails loudly on an
upgrade that changes one. Nothing outside this module reaches into either
library past its public API.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyphen

if TYPE_CHECKING:
    from ..text.hyphenation import LineRules

VERIFIED = {"weasyprint": ("70.0",), "pyphen": ("0.18.1",)}


def installed_versions() -> dict[str, str]:
    import weasyprint

    return {"weasyprint": weasyprint.__version__, "pyphen": getattr(pyphen, "VERSION", "") or _version("pyphen")}


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


# -- pyphen: a dictionary of our own -------------------------------------------


def register_dictionary(lang: str, dictionary: Path) -> None:
    """Make ``lang`` (and ``lang_XX``, ``lang-XX``…) hyphenate with ``dictionary``.

    pyphen has no registration API; its two module-level tables are what
    ``pyphen.language_fallback`` and ``Pyphen(lang=…)`` consult, and through
    them WeasyPrint.
    """
    pyphen.LANGUAGES[lang] = dictionary
    pyphen.LANGUAGES_LOWERCASE[lang] = lang
    _keep_positions_of_dotted_capital_i()


def _language_of(dictionary: Any) -> str:
    """The language a ``pyphen.Pyphen`` was made for: pyphen keeps only its patterns (``hd``)."""
    key = id(dictionary.hd)
    if key not in _languages_of_dictionaries:
        paths = {path: lang for lang, path in pyphen.LANGUAGES.items()}
        found = next((path for path, patterns in pyphen.hdcache.items() if patterns is dictionary.hd), None)
        _languages_of_dictionaries[key] = paths.get(found, "").split("_")[0] if found is not None else ""
    return _languages_of_dictionaries[key]


# pyphen finds break positions in ``word.lower()`` and applies them to the word
# as written; "İ".lower() is two characters (i + combining dot), so every break
# after an İ fell one letter late ("İqt-is-adi", "İNF-ORM-AS-İYA"). Azerbaijani
# and Turkish write İ's lower case as a plain i: positions are found in that.
_dotted_i_fixed: list[bool] = []


def _keep_positions_of_dotted_capital_i() -> None:
    if _dotted_i_fixed:
        return
    positions = pyphen.HyphDict.positions

    @functools.wraps(positions)
    def same_length_positions(self: Any, word: str) -> Any:
        return positions(self, word.replace("\u0130", "i") if "\u0130" in word else word)

    pyphen.HyphDict.positions = same_length_positions
    _dotted_i_fixed.append(True)


# -- WeasyPrint's line breaker: a paragraph's breaks chosen together ------------
#
# WeasyPrint breaks lines greedily (the first fit) and knows no
# ``hyphenate-limit-lines``: in narrow Russian columns one line in eight came out
# with word spaces over 1 em. Its per-line function ``layout.inline.get_next_linebox``
# is wrapped. For a justified paragraph of plain text the wrapper measures the
# text in its own fonts (Pango, through WeasyPrint's ``create_layout``), lets
# ``text.linebreaking.choose_breaks`` choose every break of the paragraph
# together, then has WeasyPrint lay out each line as planned: the line is broken
# to a measure narrowed to just past the planned break (the first call of
# ``inline.avoid_collisions`` in ``get_next_linebox`` gives that measure; the
# later ones, for alignment, the full measure, so the line is justified to the
# column). Each line laid out is compared with the plan; where they differ, or
# the paragraph moves to another column, the rest is planned again from where
# the text really is.
#
# Hyphenation follows a policy that reaches pyphen through a context variable,
# read by a wrapper of ``pyphen.Pyphen.positions`` (WeasyPrint asks it about the
# one word that did not fit): COMMON, the house rules
# (``text.hyphenation.allowed_breaks``: no names, capitals or numbers, exception
# lists); LAST_RESORT, names too; NONE, no automatic hyphenation (soft hyphens
# typed in the source still work). A paragraph that cannot be planned (inline
# pictures, line breaks, soft hyphens, floats about) is broken greedily under
# COMMON, and NONE after ``max_run`` hyphenated lines in a row.

HYPHEN = "\u2010"  # what WeasyPrint appends at a hyphenated line end (hyphenate-character)
NONE, COMMON, LAST_RESORT = "none", "common", "last resort"
_policy: ContextVar[str | None] = ContextVar("pressroom_hyphenation_policy", default=None)
_narrowing: ContextVar[list | None] = ContextVar("pressroom_line_narrowing", default=None)
_line_breaking: list[Any] = []  # the installed rules, once installed
_languages_of_dictionaries: dict[int, str] = {}
_BREAK_AFTER = "-\u2010\u2013\u2014/"  # a line may end after these inside a word (Pango breaks there too)


def _ends_hyphenated(line: Any) -> bool:
    last = line
    while getattr(last, "children", None):
        last = last.children[-1]
    return isinstance(getattr(last, "text", None), str) and last.text.endswith(HYPHEN)


def _position(skip_stack: Any) -> object:
    """A hashable form of where a line starts in its paragraph (a skip stack: None or nested dicts)."""
    if not isinstance(skip_stack, dict):
        return skip_stack
    return tuple(sorted((key, _position(value)) for key, value in skip_stack.items()))


def _line_text(line: Any) -> str:
    """The text of a laid-out line, in reading order."""
    text = getattr(line, "text", None)
    if isinstance(text, str):
        return text
    return "".join(_line_text(child) for child in getattr(line, "children", ()) or ())


# -- the baseline grid -------------------------------------------------------------
#
# Lines whose style carries the custom property ``--baseline-grid`` (a length;
# WeasyPrint keeps custom properties in the style as ``__baseline_grid``) start on
# the page's grid: a whole number of grid steps below the top of the page area.
# A line that starts just past a grid line (less than GRID_SLACK of a step, as
# after a line made a little taller by a superscript) moves up onto it; one
# further past moves down to the next. So whatever stands between two paragraphs
# (a heading, a figure and its caption) takes whole lines, and the lines of two
# columns and of facing pages share their baselines.

GRID_SLACK = 0.2
_PX_PER = {"px": 1.0, "pt": 4 / 3, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}


def _number(style: Any, name: str) -> float:
    """A custom property holding a plain number (``--line-bonus: 120`` is ``style["__line_bonus"]``)."""
    try:
        tokens = style[name]
    except (KeyError, TypeError):
        return 0.0
    for token in tokens or ():
        if getattr(token, "type", None) == "number":
            return float(token.value)
    return 0.0


def _grid_step(style: Any) -> float:
    """The grid step of a line's style in CSS px, 0 if it is not on the grid."""
    try:
        tokens = style["__baseline_grid"]
    except (KeyError, TypeError):
        return 0.0
    for token in tokens or ():
        if getattr(token, "type", None) == "dimension" and token.unit in _PX_PER:
            return float(token.value) * _PX_PER[token.unit]
    return 0.0


def _in_last_column(context: Any, block: Any) -> bool:
    """Whether ``block`` ends at the page area's right edge: its foot is a page turn, not a column's end."""
    area = context.current_footnote_area
    page = getattr(area, "page", None)
    if page is None:
        return True
    return block.position_x + block.margin_width() >= page.content_box_x() + page.width - 1


def _on_the_grid(context: Any, linebox: Any, position_y: float) -> float:
    step = _grid_step(linebox.style)
    area = context.current_footnote_area
    if step <= 0 or area is None or getattr(area, "page", None) is None:
        return position_y
    origin = area.page.content_box_y()
    past = (position_y - origin) % step
    if past < 1e-6:
        return position_y
    return position_y - past if past < GRID_SLACK * step else position_y + step - past


class _Paragraph:
    """A justified paragraph's text as measured atoms, and its planned lines."""

    def __init__(self, text: str, atoms: list, font_size: float, width: float, indent: float,
                 line_height: float, widows: int, line_bonus: float = 0.0) -> None:
        self.text, self.atoms, self.font_size, self.widows = text, atoms, font_size, widows
        self.line_bonus = line_bonus
        # what the plans depend on: the same paragraph in a later layout (a fitting round) plans alike
        self.signature = hash((text, tuple(atoms), font_size, width, indent, widows, line_bonus))
        self.width, self.indent, self.line_height = width, indent, line_height
        self.offsets: dict[object, int] = {None: 0}  # where WeasyPrint's line starts are in the text
        self.plans: dict[tuple[int, int | None], Any] = {}  # (start, lines left in the column) → planned line
        self.runs: dict[int, int] = {0: 0}  # start → hyphenated lines just before it
        self.remaining: dict[int, int] = {}  # start → lines from there to the end, as planned freely

    def measure(self, start: int) -> Any:
        return lambda number: self.width - (self.indent if start == 0 and number == 0 else 0.0)

    def plan(self, start: int, lines_left: int | None, rules: LineRules) -> Any:
        """The planned line that begins at ``start`` (a character offset), planning from there if need be.

        A column foot further away than the paragraph's end changes nothing: the
        plan made without one is used (column balancing asks about many feet).
        """
        if lines_left is not None:
            self._planned(start, None, rules)
            remaining = self.remaining.get(start)
            if remaining is not None and lines_left > remaining + self.widows:
                lines_left = None
        return self._planned(start, lines_left, rules)

    def _planned(self, start: int, lines_left: int | None, rules: LineRules) -> Any:
        key = (start, lines_left)
        if key not in self.plans:
            lines = self._lines(start, lines_left, rules)
            if lines is None:
                return None
            left = lines_left
            position = start
            for index, line in enumerate(lines):
                self.plans.setdefault((position, left), line)
                if lines_left is None:
                    self.remaining.setdefault(position, len(lines) - index)
                position = self._next_start(line.end)
                left = None if left is None else left - 1
            if key not in self.plans:
                self.plans[key] = None
        return self.plans[key]

    def _lines(self, start: int, lines_left: int | None, rules: LineRules) -> list | None:
        """The planned lines from ``start`` to the paragraph's end (None: nothing from there)."""
        from ..text.linebreaking import choose_breaks

        first = next((index for index, atom in enumerate(self.atoms) if atom.start >= start), None)
        if first is None:
            return None
        run = self.runs.get(start, 0)
        remembered = (self.signature, start, run, lines_left)
        lines = _PLANS.get(remembered)
        if lines is None:
            lines = choose_breaks(self.atoms[first:], self.measure(start), self.font_size, rules,
                                  run, lines_left, self.widows, self.line_bonus)
            if len(_PLANS) > CACHE_LIMIT:
                _PLANS.clear()
            _PLANS[remembered] = lines
        return lines

    def free_cost(self, rules: LineRules) -> tuple[float, bool]:
        """What the paragraph's best lines, free of any column foot, cost; and whether one is loose."""
        from ..text.linebreaking import paragraph_cost

        lines = self._lines(0, None, rules)
        if not lines:
            return float("inf"), True
        return paragraph_cost(self.atoms, lines, self.measure(0), self.font_size, rules)

    def _next_start(self, end: int) -> int:
        while end < len(self.text) and self.text[end] == " ":
            end += 1
        return end

    def follow(self, start: int, line: Any, resume_at: Any, hyphenated: bool) -> None:
        """Record where the line WeasyPrint laid out from ``start`` ends, for the line after it."""
        if resume_at is None:
            return
        laid = _line_text(line)
        if hyphenated:
            laid = laid[: -len(HYPHEN)]
        laid = laid.strip(" ")
        begin = self._next_start(start)
        if not self.text.startswith(laid, begin):
            return  # the text was transformed on the way (first-line style): greedy from here
        following = self._next_start(begin + len(laid))
        self.offsets[_position(resume_at)] = following
        self.runs[following] = self.runs.get(start, 0) + 1 if hyphenated else 0


def _paragraph(linebox: Any, containing_block: Any, context: Any, rules: LineRules,
               first_line_styled: bool) -> _Paragraph | None:
    """The paragraph of ``linebox`` as atoms, measured; None if it holds more than text.

    A paragraph whose best plan holds a loose line, or one of an article being
    fitted to its pages, is measured again with its letters ``rules.tracking_em``
    wider and narrower; if one of those sets it cheaper, its text boxes get that
    letter-spacing (copies of their styles: WeasyPrint shares one computed style
    among like elements).
    """
    from weasyprint.formatting_structure import boxes
    from weasyprint.text.line_break import strut

    texts: list[Any] = []

    def walk(box: Any) -> bool:
        if isinstance(box, boxes.TextBox):
            texts.append(box)
            return True
        if isinstance(box, boxes.InlineBox):
            return all(walk(child) for child in box.children)
        return False

    if not all(walk(child) for child in linebox.children) or not texts:
        return None
    if any(box.style["letter_spacing"] != linebox.style["letter_spacing"] for box in texts):
        # a letter-spaced run (an interview's speaker in capitals) comes out narrower than measured: the
        # planner took its lines for full and left them loose; WeasyPrint breaks such a paragraph alone
        return None
    text = "".join(box.text for box in texts)
    if "\u00ad" in text or "\n" in text:
        return None
    styles: list[Any] = []
    for box in texts:
        styles += [box.style] * len(box.text)
    measure = _Measurer(context)
    line_height, _ = strut(linebox.style)

    def measured(styles: list[Any]) -> _Paragraph | None:
        atoms = _atoms(text, styles, measure)
        if not atoms:
            return None
        return _Paragraph(text, atoms, linebox.style["font_size"], containing_block.width,
                          getattr(linebox, "text_indent", 0) or 0, line_height, linebox.style["widows"],
                          _number(linebox.style, "__line_bonus"))

    paragraph = measured(styles)
    if paragraph is None or not rules.tracking_em or first_line_styled:
        return paragraph  # a first line in its own style (small caps) is set greedily: nothing to even out
    cost, loose = paragraph.free_cost(rules)
    if not loose and not paragraph.line_bonus:
        return paragraph  # even, and no fitting asks it for a line more or less (which tracking may give)
    best, tracked = paragraph, None
    # each setting's styles stay alive to the end: the measurer knows styles by id
    settings = [{id(box.style): _tracked(box.style, step) for box in texts}
                for step in (rules.tracking_em, -rules.tracking_em)]
    for copies in settings:
        candidate = measured([copies[id(style)] for style in styles])
        assert candidate is not None
        candidate_cost, _ = candidate.free_cost(rules)
        if candidate_cost + rules.tracking_penalty < cost:
            best, tracked, cost = candidate, copies, candidate_cost + rules.tracking_penalty
    if tracked is not None:
        for box in texts:
            box.style = tracked[id(box.style)]
    return best


def _tracked(style: Any, step: float) -> Any:
    """A copy of ``style`` with its letters ``step`` em further apart."""
    copy = style.copy()
    spacing = style["letter_spacing"]
    copy["letter_spacing"] = (0.0 if spacing == "normal" else spacing) + step * style["font_size"]
    return copy


def _atoms(text: str, styles: list[Any], measure: _Measurer) -> list[Any]:
    """``text`` (one style a character) as the line breaker's atoms, measured."""
    from ..text.linebreaking import Atom, Break

    atoms: list[Atom] = []
    index = 0
    while index < len(text) and text[index] == " ":
        index += 1
    while index < len(text):
        end = text.find(" ", index)
        end = len(text) if end < 0 else end
        pieces = _word_pieces(text, index, end, styles)
        for number, (start, stop, follows) in enumerate(pieces):
            last = number == len(pieces) - 1
            if last:
                follows = Break.END if text[end:].strip(" ") == "" else Break.SPACE
            style = styles[stop - 1]
            atoms.append(Atom(start, stop, measure.span(text, start, stop, styles), text.count("\u00a0", start, stop),
                              follows, measure.text(" ", style) if follows is Break.SPACE else 0.0,
                              measure.text(style["hyphenate_character"], style)
                              if follows in (Break.HYPHEN, Break.NAME) else 0.0))
        index = end
        while index < len(text) and text[index] == " ":
            index += 1
    return atoms


def _word_pieces(text: str, start: int, end: int, styles: list) -> list[tuple[int, int, Any]]:
    """A word's unbreakable pieces, each with the break that may follow it."""
    import re

    from ..text.linebreaking import Break

    cuts: dict[int, Any] = {}
    for position in range(start + 1, end - 1):
        after_letter = text[position - 2: position - 1].isalnum()
        if text[position - 1] in _BREAK_AFTER and text[position].isalnum() and after_letter:
            cuts[position] = Break.AFTER
    for match in re.finditer(r"[^\W\d_]+", text[start:end]):
        word = match.group(0)
        style = styles[start + match.start()]
        if style["hyphens"] != "auto" or not style["lang"]:
            continue
        total, left, right = style["hyphenate_limit_chars"]
        key = (word, style["lang"], total, left, right)
        breaks = _HYPHENS.get(key)
        if breaks is None:
            breaks = _HYPHENS[key] = _hyphens(word, style["lang"], total, left, right)
            if len(_HYPHENS) > CACHE_LIMIT:
                _HYPHENS.clear()
        for position, kind in breaks:
            cuts.setdefault(start + match.start() + position, kind)
    pieces = []
    previous = start
    for position in sorted(cuts):
        pieces.append((previous, position, cuts[position]))
        previous = position
    pieces.append((previous, end, None))
    return pieces


def _hyphens(word: str, lang: str, total: int, left: int, right: int) -> tuple[tuple[int, Any], ...]:
    """Where ``word`` may break: (position, Break.HYPHEN, or Break.NAME where only a name may), by the house rules."""
    from ..text.hyphenation import allowed_breaks
    from ..text.linebreaking import Break

    fallback = pyphen.language_fallback(lang)
    if fallback is None or len(word) < total or word.isupper() and len(word) > 1:
        return ()
    found = [int(p) for p in pyphen.Pyphen(lang=fallback, left=left, right=right).positions(word)]
    common = set(allowed_breaks(word, found, fallback, False, left, right))
    named = set(allowed_breaks(word, found, fallback, True, left, right)) - common
    return tuple((position, Break.HYPHEN if position in common else Break.NAME) for position in sorted(common | named))


# Kept for the life of the process, across layouts: a fitting round lays the same text out again.
CACHE_LIMIT = 200_000
_WIDTHS: dict[tuple[str, str], float] = {}
_PLANS: dict[tuple, list] = {}
_HYPHENS: dict[tuple, tuple] = {}  # (word, language, hyphenate-limit-chars) → its breaks


class _Measurer:
    """Natural widths of text in a style, as Pango sets it (cached per font, spacing and text)."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.fonts: dict[int, str] = {}  # id(style) → what of the style sets the text's width

    def _font(self, style: Any) -> str:
        key = self.fonts.get(id(style))
        if key is None:
            from weasyprint.text.line_break import _font_style_cache_key

            key = self.fonts[id(style)] = (_font_style_cache_key(style, include_size=True) + str(
                (style["letter_spacing"], style["word_spacing"], style["font_kerning"])))
        return key

    def text(self, text: str, style: Any) -> float:
        key = (self._font(style), text)
        width = _WIDTHS.get(key)
        if width is None:
            from weasyprint.text.line_break import create_layout, line_size

            layout = create_layout(text, style, self.context, None, 0)
            line, _ = layout.get_first_line()
            width = line_size(line, style)[0]
            layout.deactivate()
            if len(_WIDTHS) > CACHE_LIMIT:
                _WIDTHS.clear()
            _WIDTHS[key] = width
        return width

    def span(self, text: str, start: int, end: int, styles: list) -> float:
        width = 0.0
        begin = start
        for index in range(start + 1, end + 1):
            if index == end or styles[index] is not styles[begin]:
                width += self.text(text[begin:index], styles[begin])
                begin = index
        return width


def install_line_breaking(rules: LineRules) -> None:
    """Install the paragraph line breaker and the hyphenation policy (idempotent)."""
    if _line_breaking:
        return
    from weasyprint.layout import inline

    from ..text.hyphenation import allowed_breaks

    next_linebox = inline.get_next_linebox
    positions = pyphen.Pyphen.positions
    avoid_collisions = inline.avoid_collisions

    @functools.wraps(positions)
    def house_positions(self: Any, word: str) -> Any:
        policy = _policy.get()
        if policy is None:
            return positions(self, word)  # outside a layout: pyphen as it is
        if policy == NONE:
            return []
        found = positions(self, word)
        allowed = allowed_breaks(word, [int(p) for p in found], _language_of(self), policy == LAST_RESORT,
                                 self.left, self.right)
        kept = {int(p): p for p in found}
        return [kept.get(p) or pyphen.DataInt(p) for p in allowed]

    @functools.wraps(avoid_collisions)
    def narrowed_collisions(context, box, containing_block, outer=True):  # noqa: ANN001, ANN202
        position_x, position_y, available_width = avoid_collisions(context, box, containing_block, outer)
        narrowing = _narrowing.get()
        if narrowing and narrowing[0] is box:
            available_width -= narrowing[1]
            narrowing.clear()  # only the measure the line is broken to; alignment uses the full one
        return position_x, position_y, available_width

    def lay(policy: str, narrow: float, context, linebox, position_y, bottom_space, skip_stack, rest):  # noqa: ANN001, ANN202
        policy_token = _policy.set(policy)
        narrow_token = _narrowing.set([linebox, narrow] if narrow > 0 else None)
        try:
            return next_linebox(context, linebox, position_y, bottom_space, skip_stack, *rest)
        finally:
            _narrowing.reset(narrow_token)
            _policy.reset(policy_token)

    @functools.wraps(next_linebox)
    def get_next_linebox(context, linebox, position_y, bottom_space, skip_stack, *rest):  # noqa: ANN001, ANN202
        # per paragraph, not per box: WeasyPrint lays a paragraph that goes on in another column or
        # page out from a copy of its line box (the copies share their children)
        paragraphs = context.__dict__.setdefault("_pressroom_paragraphs", {})
        key = (id(getattr(linebox, "element", None)), id(linebox.children[0]) if linebox.children else id(linebox))
        state = paragraphs.setdefault(key, {"runs": {}, "paragraph": None, "tried": False, "box": linebox})
        paragraph = state["paragraph"]
        justified = linebox.style["text_align_all"] == "justify" and not context.excluded_shapes
        if justified and paragraph is None and not state["tried"]:
            state["tried"] = True
            paragraph = state["paragraph"] = _paragraph(linebox, rest[0], context, rules, bool(rest[-1]))
        position_y = _on_the_grid(context, linebox, position_y)
        start = paragraph.offsets.get(_position(skip_stack)) if paragraph is not None else None
        planned = None
        if paragraph is not None and start is not None:
            room = context.page_bottom - bottom_space - position_y
            lines_left = (max(int(room / paragraph.line_height + 0.01), 0)
                          if math.isfinite(room) and room < 1e6 and paragraph.line_height > 0
                          and _in_last_column(context, rest[0]) else None)
            # a ::first-line style (small caps) sets the line in other widths than the planner measured:
            # that line is broken greedily, the rest planned from where it ends
            planned = paragraph.plan(start, lines_left, rules) if not rest[-1] else None
        if planned is not None:
            assert paragraph is not None and start is not None
            measure = paragraph.measure(start)(0)
            narrow = 0.0
            if planned.next_width != float("inf"):
                slack = min(max((planned.next_width - planned.width) / 2, 0.25), 4.0)
                narrow = measure - (planned.width + slack)
            policy = (LAST_RESORT if planned.name else COMMON) if planned.hyphenated else NONE
            line, resume_at = lay(policy, narrow, context, linebox, position_y, bottom_space, skip_stack, rest)
            hyphenated = line is not None and _ends_hyphenated(line)
            paragraph.follow(start, line, resume_at, hyphenated)
        else:
            run = 0 if skip_stack is None else state["runs"].get(_position(skip_stack), 0)
            policy = COMMON if run < rules.max_run else NONE
            line, resume_at = lay(policy, 0.0, context, linebox, position_y, bottom_space, skip_stack, rest)
            hyphenated = line is not None and _ends_hyphenated(line)
            if paragraph is not None and start is not None:
                paragraph.follow(start, line, resume_at, hyphenated)
        if line is not None and resume_at is not None:
            run = 0 if skip_stack is None else state["runs"].get(_position(skip_stack), 0)
            state["runs"][_position(resume_at)] = run + 1 if hyphenated else 0
        return line, resume_at

    pyphen.Pyphen.positions = house_positions
    inline.avoid_collisions = narrowed_collisions
    inline.get_next_linebox = get_next_linebox
    _line_breaking.append(rules)


# -- the structure tree: what a screen reader follows -----------------------------
#
# WeasyPrint 70 tags running heads and folios as content (a screen reader reads
# them on every page), writes one /Lang for the whole document, knows no Note,
# TOC or header scope, and makes a paragraph that crosses a page two structure
# elements (issues #1836, #2903). ``improve_tagging`` wraps its tag-tree builder
# ``pdf.tags._build_box_tree`` (it calls itself through the module global, so
# the wrapper sees every box) and ``Stream.marked``:
#
# - text in margin boxes, decorative images and pull quotes (words the text already holds) are drawn
#   as /Artifact and left out of the tree;
# - an element with a ``lang`` attribute gets its own /Lang;
# - ``class="footnote"`` becomes /Note (moved next to its call), ``ol.toc`` /TOC with /TOCI items, TH a /Scope;
# - a fact box (``aside.factbox``, which WeasyPrint leaves NonStruct) becomes /Sect (PDF 1.7 has no Aside),
#   an interview's turn (``p[data-speaker]``) carries its speaker as the element's title (/T);
# - after the tree is built, the elements one HTML element left on several pages
#   are merged into the first (links excepted: their marked content is mapped to them).

_tagging: list[bool] = []
ARTIFACT = "_pressroom_artifact"  # set on the text boxes of margin boxes before writing


def mark_artifacts(pages: Any) -> None:
    """Flag what a screen reader must not read to be drawn as an artifact and left out of the tree.

    The text of margin boxes (running heads, folios), images marked ``class="decorative"``,
    pull quotes (``class="pullquote"``: their words are read where the text has them) and a
    section opener's large section name (``class="opener-section"``: the article's header has it).
    """
    from weasyprint.formatting_structure import boxes

    for page in pages:
        for box in page_boxes(page):
            if isinstance(box, boxes.MarginBox):
                for inner in _descendants(box):
                    setattr(inner, ARTIFACT, True)
            element = getattr(box, "element", None)
            classes = (element.get("class") or "").split() if element is not None and hasattr(element, "get") else []
            if isinstance(box, boxes.ReplacedBox) and "decorative" in classes:
                setattr(box, ARTIFACT, True)
            if "pullquote" in classes or "opener-section" in classes:  # read where the text has them
                for inner in _descendants(box):
                    setattr(inner, ARTIFACT, True)


def improve_tagging() -> None:
    """Install the tagging improvements above (idempotent)."""
    if _tagging:
        return
    from contextlib import contextmanager

    import pydyf
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import stream as stream_module
    from weasyprint.pdf import tags

    marked = stream_module.Stream.marked
    build_box_tree = tags._build_box_tree
    add_tags = tags.add_tags
    elements: dict[int, tuple[Any, Any]] = {}  # id(struct element) → (struct element, HTML element)
    html_roots: list[Any] = []

    @contextmanager
    def marked_or_artifact(self, box, tag):  # noqa: ANN001, ANN202 (WeasyPrint's signature)
        if getattr(box, ARTIFACT, False):
            with self.artifact():
                yield
        else:
            with marked(self, box, tag):
                yield

    def build(box, parent, pdf, page_number, nums, annotations, tags_of_page):  # noqa: ANN001, ANN202
        if isinstance(box, boxes.MarginBox) or getattr(box, ARTIFACT, False):
            return  # drawn as artifacts: nothing of it belongs to the tree
        if getattr(box, "element_tag", None) == "html" and not html_roots:
            html_roots.append(box.element)
        for element in build_box_tree(box, parent, pdf, page_number, nums, annotations, tags_of_page):
            html = getattr(box, "element", None)
            if html is not None and box.element_tag not in ("html", "body") and hasattr(html, "get"):
                _refine(element, html, pydyf)
                elements[id(element)] = (element, html)
            yield element

    def tag_document(pdf, document, pdf_version, page_streams):  # noqa: ANN001, ANN202
        elements.clear()
        html_roots.clear()
        add_tags(pdf, document, pdf_version, page_streams)
        by_reference = {_reference_key(element.reference): (element, html) for element, html in elements.values()}
        root = _object(pdf, pdf.catalog["StructTreeRoot"])
        for document_element, _ in _kids(pdf, root, by_reference):
            _merge_split_elements(pdf, document_element, by_reference)
        if html_roots:
            _notes_to_their_calls(pdf, list(elements.values()), html_roots[0])
        elements.clear()
        html_roots.clear()

    stream_module.Stream.marked = marked_or_artifact
    tags._build_box_tree = build
    tags.add_tags = tag_document
    _patch_add_tags_callers(tag_document)
    _tagging.append(True)


def _patch_add_tags_callers(tag_document: Any) -> None:
    """``pdf/__init__`` imported ``add_tags`` by name: it must call the wrapper too."""
    from weasyprint import pdf as pdf_package

    if getattr(pdf_package, "add_tags", None) is not None:
        pdf_package.add_tags = tag_document


def _refine(element: Any, html: Any, pydyf: Any) -> None:
    """/Lang, /Note, /TOC and /TOCI, TH /Scope on one structure element."""
    lang = html.get("lang")
    if lang and html.tag != "html":
        element["Lang"] = pydyf.String(lang)
    classes = (html.get("class") or "").split()
    if "footnote" in classes and element["S"] == "/Span":
        element["S"] = "/Note"
        element["ID"] = pydyf.String(f"note-{element.number}")  # PDF/UA-1 7.9: a Note has an ID
    elif "toc" in classes and element["S"] == "/L":
        element["S"] = "/TOC"
    elif "toc-entry" in classes and element["S"] == "/LI":
        element["S"] = "/TOCI"
    elif "toc-entry" in classes and element["S"] == "/LBody":
        element["S"] = "/Reference"  # a TOCI holds references to the content, not list bodies
    elif element["S"] == "/TH":
        element["A"]["Scope"] = "/Column"  # pressroom's tables have one header row
    elif "factbox" in classes and element["S"] == "/NonStruct":
        element["S"] = "/Sect"
    if html.get("data-speaker") and element["S"] == "/P":
        element["T"] = pydyf.String(html.get("data-speaker"))


def _reference_key(reference: Any) -> bytes:
    return reference.encode() if isinstance(reference, str) else bytes(reference)


def _object(pdf: Any, reference: Any) -> Any:
    number = int(_reference_key(reference).split()[0])
    return pdf.objects[number]


def _kids(pdf: Any, element: Any, by_reference: dict) -> list[tuple[Any, Any]]:
    """(struct element, its HTML element or None) for each structure element among ``element``'s kids."""
    found = []
    for kid in element.get("K") or ():
        if isinstance(kid, int):
            continue
        key = _reference_key(kid) if isinstance(kid, (str, bytes)) else None
        if key is None:
            continue
        pair = by_reference.get(key)
        target = pair[0] if pair else _object(pdf, kid)
        if isinstance(target, dict) and target.get("Type") == "/StructElem":
            found.append((target, pair[1] if pair else None))
    return found


def _notes_to_their_calls(pdf: Any, made: list[tuple[Any, Any]], html_root: Any) -> None:
    """Move each /Note from the page's footnote area to just after its call in the text.

    WeasyPrint lays a footnote out at the foot of the page and tags it there; a
    screen reader should meet it where the text refers to it. The call (the
    ``::footnote-call`` of the same element) is tagged inside the paragraph.
    """
    parent_of = {child: parent for parent in html_root.iter() for child in parent}
    first_for: dict[int, Any] = {}
    for element, html in made:
        if element["S"] != "/Note":
            first_for.setdefault(id(html), element)
    for note, html in made:
        if note["S"] != "/Note":
            continue
        anchor = first_for.get(id(html))  # the call
        if anchor is None:  # no call tagged: the paragraph that holds the footnote's element
            caller = parent_of.get(html)
            while caller is not None and id(caller) not in first_for:
                caller = parent_of.get(caller)
            anchor = first_for.get(id(caller)) if caller is not None else None
        if anchor is None:
            continue
        key = _reference_key(note.reference)
        old_parent = _object(pdf, note["P"])
        old_parent["K"][:] = [kid for kid in old_parent["K"]
                              if not (isinstance(kid, (str, bytes)) and _reference_key(kid) == key)]
        new_parent = _object(pdf, anchor["P"])
        anchor_key = _reference_key(anchor.reference)
        kids = new_parent["K"]
        at = next((i for i, kid in enumerate(kids)
                   if isinstance(kid, (str, bytes)) and _reference_key(kid) == anchor_key), len(kids) - 1)
        kids.insert(at + 1, note.reference)
        note["P"] = new_parent.reference


def _holds_content(element: Any) -> bool:
    """True for elements that marked content is mapped to directly (links, figures): never moved."""
    return any(isinstance(kid, int) for kid in element.get("K") or ())


def _merge_split_elements(pdf: Any, element: Any, by_reference: dict) -> None:
    """Merge, among ``element``'s kids, the structure elements of one HTML element (split by pages), recursively.

    The first keeps its place and receives the later parts' kids; something
    between the parts (a footnote set at the foot of the page) stays where it is.
    """
    kids = element.get("K")
    if kids is None:
        return
    kept: list[Any] = []
    first_of: dict[int, Any] = {}  # id(HTML element) → the first structure element made for it here
    for kid in list(kids):
        pair = by_reference.get(_reference_key(kid)) if isinstance(kid, (str, bytes)) else None
        if pair is None or _holds_content(pair[0]):
            kept.append(kid)
            continue
        first = first_of.get(id(pair[1]))
        if first is None or first["S"] != pair[0]["S"]:
            first_of[id(pair[1])] = pair[0]
            kept.append(kid)
            continue
        for moved in pair[0]["K"]:
            if not isinstance(moved, int):
                target = by_reference.get(_reference_key(moved))
                child = target[0] if target else _object(pdf, moved)
                if isinstance(child, dict) and child.get("Type") == "/StructElem":
                    child["P"] = first.reference
            first["K"].append(moved)
    kids.clear()
    kids.extend(kept)
    for kid, _ in _kids(pdf, element, by_reference):
        _merge_split_elements(pdf, kid, by_reference)


# -- laid-out pages --------------------------------------------------------------


def page_boxes(page: Any) -> Iterator[Any]:
    """Every box laid out on a page of a rendered document, footnote areas included."""
    stack = [page._page_box]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(getattr(current, "children", ()) or ())
        footnotes = getattr(current, "footnote_area", None)
        if footnotes is not None:
            stack.append(footnotes)


def placed_images(page: Any) -> Iterator[tuple[str, int, float]]:
    """(src attribute, image width in pixels, placed width in CSS px) of every raster image on a page."""
    for box in page_boxes(page):
        image = getattr(box, "replacement", None)
        pixels = getattr(image, "width", None)
        if not pixels or not getattr(box, "width", None):
            continue
        url = box.element.get("src") if box.element is not None else None
        if url:
            yield url, pixels, box.width


def overflowing_lines(page: Any) -> Iterator[str]:
    """The text of each block whose line runs past the right edge of its box (one per block)."""
    from weasyprint.formatting_structure import boxes

    for parent in page_boxes(page):
        lines = [child for child in getattr(parent, "children", ()) or () if isinstance(child, boxes.LineBox)]
        if not lines or parent.width is None:
            continue
        limit = parent.content_box_x() + parent.width
        for line in lines:
            overflowing = next((text for text in _descendants(line)
                                if isinstance(text, boxes.TextBox) and text.position_x + text.width > limit + 1), None)
            if overflowing is not None:
                yield overflowing.text
                break


BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "figure", "img", "li", "tr", "aside", "table", "dt", "dd")


def elements_not_laid_out(pages: Any) -> list[Any]:
    """The HTML block elements of the document that no box of any page was made for: content the layout lost.

    WeasyPrint 70 can drop the rest of a multi-column box when an element in it
    does not fit at the foot of a page, without a warning; a build must not
    publish a file with paragraphs missing.
    """
    laid_out: set[int] = set()
    root = None
    for page in pages:
        for box in page_boxes(page):
            element = getattr(box, "element", None)
            if element is None:
                continue
            laid_out.add(id(element))
            if root is None and getattr(box, "element_tag", None) == "html":
                root = element
    if root is None:
        return []
    return [element for element in root.iter() if element.tag in BLOCK_TAGS and id(element) not in laid_out]


def lines_over_footnotes(page: Any) -> Iterator[str]:
    """The text of main-flow lines that reach into the page's footnote area (one per overlapping block).

    WeasyPrint 70 sets the columns that follow a ``column-span: all`` element (a
    gallery, a wide picture, a table) without leaving room for footnotes called
    before it on the page: their last lines print over the notes.
    """
    from weasyprint.formatting_structure import boxes

    children = list(page._page_box.children)
    area = next((box for box in children if isinstance(box, boxes.FootnoteAreaBox)), None)
    if area is None or not area.children:
        return
    top = area.content_box_y()
    stack = [box for box in children if not isinstance(box, boxes.FootnoteAreaBox)]
    while stack:
        box = stack.pop()
        if isinstance(box, (boxes.MarginBox, boxes.FootnoteAreaBox)):
            continue
        kids = list(getattr(box, "children", ()) or ())
        lines = [kid for kid in kids if isinstance(kid, boxes.LineBox)]
        over = next((line for line in lines if line.position_y + (line.height or 0) > top + 0.5), None)
        if over is not None:
            yield "".join(text.text for text in _descendants(over) if isinstance(text, boxes.TextBox))
            continue
        stack.extend(kid for kid in kids if not isinstance(kid, boxes.LineBox))


def article_lines(page: Any, prefix: str) -> dict[str, int]:
    """Per element id starting with ``prefix`` (an article) that the page holds: its lines there (0 on a
    page of its own for a picture).

    Lines in the main flow only: running heads and folios live in margin boxes, which are skipped.
    """
    from weasyprint.formatting_structure import boxes

    found: dict[str, int] = {}
    stack: list[tuple[Any, str | None]] = [(page._page_box, None)]
    while stack:
        box, owner = stack.pop()
        if isinstance(box, boxes.MarginBox):
            continue
        element = getattr(box, "element", None)
        ident = element.get("id") if element is not None and hasattr(element, "get") else None
        if ident and ident.startswith(prefix) and getattr(box, "element_tag", None) == "article":
            owner = ident
        if isinstance(box, (boxes.LineBox, boxes.ReplacedBox)) and owner is not None:
            found[owner] = found.get(owner, 0) + isinstance(box, boxes.LineBox)
            continue
        stack.extend((child, owner) for child in getattr(box, "children", ()) or ())
    return found


def article_pages(document: Any) -> list[Any]:
    """What the fitting stage needs of each page that holds an article's columns.

    For every page: the article (its element id), the bottom of the page area
    above the footnotes, and the columns of its last column set (after the last
    element that spans them), each with its blocks: the HTML element, top,
    bottom, line boxes, and for a figure its picture's element and height.
    Lengths in CSS px.
    """
    from weasyprint.formatting_structure import boxes

    from ..layout.fitting import ArticlePage, PlacedColumn

    pages = []
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        bottom = page_box.content_box_y() + page_box.height
        notes = getattr(page_box, "footnote_area", None)
        if notes is not None and notes.children:
            bottom = notes.position_y
        bodies: dict[str, list[Any]] = {}
        for article, body in _article_bodies(page_box, boxes):
            bodies.setdefault(article, []).append(body)
        spanning = {article: ends for article, *ends in _spanning_ends(page_box, boxes)}
        for article, own in bodies.items():
            own.sort(key=lambda body: body.position_y)
            sets: list[list[PlacedColumn]] = []
            for body in own:
                sets.append([])
                for child in body.children:
                    if getattr(child, "element", None) is not body.element:
                        sets.append([])  # an element spanning the columns: a new set of columns begins after it
                        continue
                    sets[-1].append(PlacedColumn(child.position_y, child.position_y + child.margin_height(),
                                                 tuple(_placed(block, boxes) for block in child.children)))
            sets = [columns for columns in sets if columns]
            if sets:
                body = own[-1]
                # A wide picture, gallery or table stands between two-column bodies (text/markdown.py):
                # the page's columns run from the first body's top to the last one's foot.
                columns = sets[-1] if len(own) == 1 else _joined_columns(sets)
                spacing = body.style["letter_spacing"]
                tracking = spacing / body.style["font_size"] if isinstance(spacing, (int, float)) else 0.0
                lines = sum(1 for each in own for inner in _descendants(each) if isinstance(inner, boxes.LineBox))
                opening, closing, closing_bottom, lone = spanning.get(article, (None, None, 0.0, ()))
                pages.append(ArticlePage(number, article, bottom, tuple(columns), _grid_step(body.style),
                                         body.element, tracking, lines, tuple(sets[0]),
                                         opening, closing, closing_bottom, lone))
    return pages


def _spanning_ends(page_box: Any, boxes: Any) -> Iterator[tuple[str, Any, Any, float, tuple[Any, ...]]]:
    """(article id, opening, closing, its bottom, after lone columns) per article on a page: the wide
    picture, gallery or table laid out at the top of the page, before the article's first two-column body
    there; the one laid out after its last body (None where a body opens or closes the page); and those
    that follow a body whose text all stands in its first column (a remainder too short to balance)."""
    stack: list[Any] = [page_box]
    while stack:
        box = stack.pop()
        if isinstance(box, boxes.MarginBox):
            continue
        element = getattr(box, "element", None)
        if getattr(box, "element_tag", None) == "article" and element is not None and element.get("id"):
            own = [child for child in box.children if child.element is not element]
            ends = [child if _is_spanning(child) else None for child in (own[:1] + own[-1:])] if own else [None, None]
            opening, closing = ends[0], ends[-1]
            lone = tuple(after.element for before, after in zip(own, own[1:], strict=False)
                         if _is_spanning(after) and "body" in (before.element.get("class") or "").split()
                         and len([column for column in before.children if column.element is before.element]) == 1)
            yield (element.get("id"), opening.element if opening is not None else None,
                   closing.element if closing is not None else None,
                   closing.position_y + closing.margin_height() if closing is not None else 0.0, lone)
            continue
        stack.extend(getattr(box, "children", ()) or ())


def _is_spanning(box: Any) -> bool:
    """A block of an article that is neither its header, its section opener nor a two-column body."""
    classes = set((box.element.get("class") or "").split())
    return box.element_tag != "header" and not classes & {"body", "opener"}


def _joined_columns(sets: list[list[Any]]) -> list[Any]:
    """The columns of several column sets on a page as one set: each from the first set's top, with every block."""
    from ..layout.fitting import PlacedColumn

    count = max(len(columns) for columns in sets)
    joined = []
    for index in range(count):
        parts = [columns[index] for columns in sets if index < len(columns)]
        joined.append(PlacedColumn(parts[0].top, max(part.bottom for part in parts),
                                   tuple(block for part in parts for block in part.blocks)))
    return joined


def _article_bodies(page_box: Any, boxes: Any) -> Iterator[tuple[str, Any]]:
    """(article id, the laid-out box of its multi-column body) on one page."""
    stack: list[tuple[Any, str]] = [(page_box, "")]
    while stack:
        box, article = stack.pop()
        if isinstance(box, boxes.MarginBox):
            continue
        element = getattr(box, "element", None)
        classes = (element.get("class") or "").split() if element is not None and hasattr(element, "get") else []
        if "article" in classes and box.element_tag == "article" and element is not None:
            article = element.get("id") or ""
        if "body" in classes and article and box.style["column_count"] != "auto":
            yield article, box
            continue
        stack.extend((child, article) for child in getattr(box, "children", ()) or ())


def _placed(block: Any, boxes: Any) -> Any:
    from ..layout.fitting import PlacedBlock

    lines = sum(1 for inner in _descendants(block) if isinstance(inner, boxes.LineBox))
    picture = next((inner for inner in _descendants(block) if isinstance(inner, boxes.ReplacedBox)), None)
    natural = picture.height if picture is not None else 0.0
    image = getattr(picture, "replacement", None)
    pixels = (getattr(image, "width", None), getattr(image, "height", None))
    if picture is not None and all(isinstance(n, (int, float)) and n > 0 for n in pixels):
        natural = picture.width * pixels[1] / pixels[0]  # as tall as its width makes it, uncropped
    return PlacedBlock(block.element, block.element_tag, block.position_y,
                       block.position_y + block.margin_height(), lines,
                       picture.element if picture is not None else None,
                       picture.height if picture is not None else 0.0, natural)


def refitted(html: Any, change: Any) -> Any:
    """A copy of the parsed document ``html`` (a ``weasyprint.HTML``) with its tree changed.

    ``change(tree, counterpart)`` edits the copied ElementTree; ``counterpart(element)``
    gives the copy of an element of the original (the elements the laid-out boxes
    point to). The copy gets its own cssselect2 wrapper, which caches the tree's
    shape, so the next render sees the change.
    """
    import copy

    import cssselect2  # type: ignore[import-untyped]

    memo: dict[int, Any] = {}
    tree = copy.deepcopy(html.etree_element, memo)
    change(tree, lambda element: memo[id(element)])
    fresh = copy.copy(html)
    fresh.wrapper_element = cssselect2.ElementWrapper.from_html_root(tree, content_language=None)
    fresh.etree_element = fresh.wrapper_element.etree_element
    return fresh


def article_trees(html: Any, prefix: str) -> dict[str, Any]:
    """The article elements of a parsed document (a ``weasyprint.HTML``) whose id starts with ``prefix``,
    by id, in document order."""
    return {element.get("id"): element for element in html.etree_element.iter("article")
            if (element.get("id") or "").startswith(prefix)}


def with_articles(html: Any, articles: dict[str, Any]) -> Any:
    """A copy of the parsed document with its articles of these ids replaced by the given elements."""

    def replace(tree: Any, _: Any) -> None:
        parents = {child: parent for parent in tree.iter() for child in parent}
        for element in list(tree.iter("article")):
            new = articles.get(element.get("id") or "")
            if new is not None:
                parent = parents[element]
                index = list(parent).index(element)
                parent.remove(element)
                parent.insert(index, new)

    return refitted(html, replace)


def only(html: Any, idents: set[str]) -> Any:
    """A copy of the parsed document with the articles ``idents`` as its only content (for fitting them
    without the others: every article starts on a new page, so its pages are the same)."""

    def keep(tree: Any, _: Any) -> None:
        body = next(tree.iter("body"))
        for child in list(body):
            if not (child.tag == "article" and child.get("id") in idents):
                body.remove(child)

    return refitted(html, keep)


def _descendants(box: Any) -> Iterator[Any]:
    stack = [box]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(getattr(current, "children", ()) or ())


# -- writing -------------------------------------------------------------------


def set_image_resolution(images: dict, dpi: int | None) -> None:
    """The resolution WeasyPrint downsamples images of its cache to when it writes them (None: as they are).

    WeasyPrint downsamples an image when it is drawn, to its own ``_dpi``: set
    per output, one layout serves full-resolution and light files alike.
    """
    for image in images.values():
        if hasattr(image, "_dpi"):
            image._dpi = dpi


def remove_font_folder(font_config: Any) -> None:
    """WeasyPrint copies @font-face files into a /tmp/weasyprint-* folder that only garbage collection removes."""
    import shutil

    folder = getattr(font_config, "_folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def image_xobject_names(url: str) -> tuple[str, str]:
    """The names WeasyPrint gives the image XObject drawn from ``url`` (without and with interpolation).

    WeasyPrint names an image ``i`` + the MD5 of its URL + its interpolation
    flag; preflight uses this to name a failing image by its file, not by an
    object name nobody can look up.
    """
    from hashlib import md5

    digest = md5(url.encode(), usedforsecurity=False).hexdigest()
    return f"/i{digest}0", f"/i{digest}1"
