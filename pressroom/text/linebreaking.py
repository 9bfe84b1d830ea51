"""Where a justified paragraph's lines break: chosen for the whole paragraph, not line by line.

WeasyPrint breaks lines greedily, each as full as it can be; a line whose next
word does not fit and cannot be hyphenated comes out loose, however good the
lines before it. This module chooses all of a paragraph's breaks together, as
TeX does (Knuth and Plass, *Breaking paragraphs into lines*, 1981): every break
sequence is weighed by the sum of its lines' costs and the cheapest is kept,
found by dynamic programming over the break opportunities.

The paragraph is given as :class:`Atom` s — unbreakable runs of text, each with
its natural width and the kind of break that may follow it — measured by the
caller in the fonts the text is set in. A line's cost (:class:`LineRules` in
``text.hyphenation``) is the badness of its word spaces plus penalties for a
hyphen, a run of hyphens, a hyphen at the foot of a column, a proper name
broken, a loose line and a stub for a last line. Spaces do not shrink
(WeasyPrint's justification only widens them), so a line is never fuller than
its measure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from .hyphenation import LineRules


class Break(Enum):
    SPACE = "space"  # a breakable space follows: dropped if the line breaks here, stretched if not
    HYPHEN = "hyphen"  # a hyphenation point: a hyphen is added if the line breaks here
    NAME = "name"  # a hyphenation point in a proper name: a last resort
    AFTER = "after"  # after a hard hyphen or a dash: nothing is added or dropped
    END = "end"  # the paragraph's end


@dataclass(frozen=True)
class Atom:
    """Text that never breaks inside, and what may follow it."""

    start: int  # where it begins in the paragraph's text (characters)
    end: int
    width: float  # natural width, without what follows
    spaces: int  # no-break spaces inside: justification widens them too
    follows: Break
    glue: float = 0.0  # SPACE: the space's natural width
    hyphen: float = 0.0  # HYPHEN, NAME: the hyphen's width


@dataclass(frozen=True)
class Line:
    """A chosen line: atoms ``first``..``last`` (inclusive)."""

    first: int
    last: int
    width: float  # natural width, the hyphen included
    next_width: float  # the natural width of the next longer line from the same start (inf if none)
    hyphenated: bool
    name: bool  # ends in a broken proper name
    start: int  # characters of the paragraph's text
    end: int


@dataclass
class _Node:
    cost: float
    line: Line | None
    previous: tuple[int, int] | None  # (break, run) of the line before
    lines: int  # lines so far


def choose_breaks(atoms: Sequence[Atom], measure: Callable[[int], float], font_size: float, rules: LineRules,
                  run: int = 0, lines_in_column: int | None = None, widows: int = 2,
                  line_bonus: float = 0.0) -> list[Line]:
    """The cheapest way to set ``atoms`` in lines ``measure(n)`` wide (n: 0 for the first line).

    ``run`` counts the hyphenated lines just before (a paragraph continued from
    another column); ``lines_in_column`` how many lines fit before the column's
    foot, where a hyphen costs ``turn_penalty``. An atom wider than the measure
    gets a line of its own. ``line_bonus`` is taken off the cost of every line:
    above 0 the paragraph runs to more lines where that costs little, below 0 to
    fewer (TeX's ``\\looseness``, as a price): fitting an article to its pages.
    """
    if not atoms:
        return []
    if lines_in_column is None:
        return _cheapest(atoms, measure, font_size, rules, run, None, line_bonus)
    lines = _cheapest(atoms, measure, font_size, rules, run, lines_in_column - 1, line_bonus)
    moved = len(lines) - lines_in_column
    if 0 < moved < widows:
        # too few lines would go on: the column gives up lines to them, and ends earlier
        lines = _cheapest(atoms, measure, font_size, rules, run, lines_in_column - 1 - (widows - moved),
                          line_bonus)
    return lines


def _cheapest(atoms: Sequence[Atom], measure: Callable[[int], float], font_size: float, rules: LineRules,
              run: int, last_in_column: int | None, line_bonus: float = 0.0) -> list[Line]:
    sums = _Sums(atoms)
    # nodes[(b, r)]: the cheapest way to end a line after atom b with r hyphenated lines in a row
    nodes: dict[tuple[int, int], _Node] = {(-1, run): _Node(0.0, None, None, 0)}
    active = [(-1, run)]
    for end, atom in enumerate(atoms):
        reached: dict[tuple[int, int], _Node] = {}
        still_active = []
        hyphenated = atom.follows in (Break.HYPHEN, Break.NAME)
        for key in active:
            begin, hyphens = key
            node = nodes[key]
            width, spaces = sums.natural(begin + 1, end)
            available = measure(node.lines)
            if width > available and end > begin + 1:
                continue  # too long now, and longer later: this start is done
            still_active.append(key)
            line_hyphens = hyphens + 1 if hyphenated else 0
            if line_hyphens > rules.max_run:
                continue
            last_line = atom.follows is Break.END
            if not last_line and end > begin + 1 and available - width > spaces * rules.hopeless_em * font_size:
                continue  # far too loose to be the best: not worth weighing (a lone word still is)
            cost = node.cost - line_bonus + _cost(atoms, begin + 1, end, width, spaces, available, font_size,
                                                  rules, line_hyphens, node.lines, last_in_column)
            target = (end, line_hyphens)
            best = reached.get(target)
            if best is None or cost < best.cost:
                following = sums.natural(begin + 1, end + 1)[0] if end + 1 < len(atoms) else float("inf")
                line = Line(begin + 1, end, width, following, line_hyphens > 0,
                            atom.follows is Break.NAME, atoms[begin + 1].start, atom.end)
                reached[target] = _Node(cost, line, key, node.lines + 1)
        nodes.update(reached)
        active = still_active + [key for key in reached if key not in still_active]
        if not active:
            return []  # every way on would make too many hyphens in a row: let the caller break greedily
    ends = [(node.cost, key) for key, node in nodes.items() if key[0] == len(atoms) - 1]
    if not ends:
        return []
    _, last = min(ends)
    lines: list[Line] = []
    at: tuple[int, int] | None = last
    while at is not None and nodes[at].line is not None:
        node = nodes[at]
        assert node.line is not None
        lines.append(node.line)
        at = node.previous
    return lines[::-1]


def paragraph_cost(atoms: Sequence[Atom], lines: Sequence[Line], measure: Callable[[int], float],
                   font_size: float, rules: LineRules, run: int = 0) -> tuple[float, bool]:
    """What ``lines`` (chosen for ``atoms`` set free of a column foot) cost, and whether one of them is loose."""
    sums = _Sums(atoms)
    cost, loose, hyphens = 0.0, False, run
    for number, line in enumerate(lines):
        width, spaces = sums.natural(line.first, line.last)
        hyphens = hyphens + 1 if line.hyphenated else 0
        available = measure(number)
        cost += _cost(atoms, line.first, line.last, width, spaces, available, font_size, rules, hyphens, number, None)
        if atoms[line.last].follows is not Break.END:
            loose = loose or _growth(max(available - width, 0.0), spaces, font_size, rules) > rules.loose_em
    return cost, loose


class _Sums:
    """Running totals over the atoms, so that any line's natural width is two subtractions."""

    def __init__(self, atoms: Sequence[Atom]) -> None:
        self.atoms = atoms
        self.width = [0.0]  # widths of atoms before k, and the spaces after them
        self.spaces = [0]  # stretchable spaces: in atoms before k, and after them
        for atom in atoms:
            glue = atom.follows is Break.SPACE
            self.width.append(self.width[-1] + atom.width + (atom.glue if glue else 0.0))
            self.spaces.append(self.spaces[-1] + atom.spaces + (1 if glue else 0))

    def natural(self, first: int, last: int) -> tuple[float, int]:
        """Natural width and stretchable spaces of atoms ``first``..``last`` set on one line."""
        ending = self.atoms[last]
        glue = ending.follows is Break.SPACE
        width = self.width[last + 1] - self.width[first] - (ending.glue if glue else 0.0)
        spaces = self.spaces[last + 1] - self.spaces[first] - (1 if glue else 0)
        if ending.follows in (Break.HYPHEN, Break.NAME):
            width += ending.hyphen
        return width, spaces


def _cost(atoms: Sequence[Atom], first: int, last: int, width: float, spaces: int, available: float,
          font_size: float, rules: LineRules, hyphens: int, number: int, last_in_column: int | None) -> float:
    ending = atoms[last]
    cost = 0.0
    if ending.follows is Break.END:
        if width < rules.stub_em * font_size and first < last + 1 and number > 0:
            cost += rules.stub_penalty
        return cost
    growth = _growth(max(available - width, 0.0), spaces, font_size, rules)
    cost += 100 * (growth / rules.loose_em) ** 3
    if growth > rules.loose_em:
        cost += rules.loose_penalty
    if ending.follows in (Break.HYPHEN, Break.NAME):
        cost += rules.hyphen_penalty
        if hyphens >= rules.max_run:
            cost += rules.run_penalty
        if ending.follows is Break.NAME:
            cost += rules.name_penalty
        if number == last_in_column:
            cost += rules.turn_penalty
    return cost


def _growth(slack: float, spaces: int, font_size: float, rules: LineRules) -> float:
    """How much justification widens each space of a line (em); a lone word more than an em short counts
    as four times loose, for it cannot be justified at all."""
    if spaces:
        return slack / spaces / font_size
    return rules.loose_em * 4 if slack > font_size else 0.0
