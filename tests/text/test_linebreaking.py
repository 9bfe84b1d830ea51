"""The paragraph line breaker: every break chosen together, by the lines' costs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pressroom.text.hyphenation import LINE_RULES
from pressroom.text.linebreaking import Atom, Break, choose_breaks, paragraph_cost

FONT = 10.0
GLUE = 3.0


def words(widths: list[float], hyphen_after: set[int] = frozenset(), names: set[int] = frozenset()) -> list[Atom]:
    """Atoms of the given widths; ``hyphen_after`` marks those followed by a hyphenation point."""
    atoms, position = [], 0
    for index, width in enumerate(widths):
        if index == len(widths) - 1:
            follows = Break.END
        elif index in hyphen_after:
            follows = Break.NAME if index in names else Break.HYPHEN
        else:
            follows = Break.SPACE
        atoms.append(Atom(position, position + 1, width, 0, follows, GLUE if follows is Break.SPACE else 0.0,
                          2.0 if follows in (Break.HYPHEN, Break.NAME) else 0.0))
        position += 2
    return atoms


def greedy(atoms: list[Atom], measure: float) -> list[tuple[int, int]]:
    lines, first, width = [], 0, 0.0
    for index, atom in enumerate(atoms):
        added = atom.width + (GLUE if index > first and atoms[index - 1].follows is Break.SPACE else 0.0)
        if index > first and width + added > measure:
            lines.append((first, index - 1))
            first, width = index, atom.width
        else:
            width += added
    lines.append((first, len(atoms) - 1))
    return lines


def widest_growth(atoms: list[Atom], lines: list[tuple[int, int]], measure: float) -> float:
    widest = 0.0
    for first, last in lines[:-1]:
        width = sum(a.width for a in atoms[first:last + 1]) + GLUE * (last - first)
        # a line of one word cannot be justified at all: as loose as a line can be
        growth = (measure - width) / (last - first) / FONT if last > first else float("inf")
        widest = max(widest, growth)
    return widest


def test_the_whole_paragraph_evens_out_a_line_that_greedy_breaking_leaves_loose():
    # greedy fills the first line (40 40 12) and leaves 75 alone on the second; giving the 12 to
    # the second line sets both lines justified
    atoms = words([40, 40, 12, 75, 45])
    measure = 100.0
    chosen = choose_breaks(atoms, lambda n: measure, FONT, LINE_RULES)
    lines = [(line.first, line.last) for line in chosen]
    assert [a for first, last in lines for a in range(first, last + 1)] == list(range(len(atoms)))
    assert widest_growth(atoms, lines, measure) < widest_growth(atoms, greedy(atoms, measure), measure)
    assert all(line.width <= measure for line in chosen)


def test_a_paragraphs_cost_says_whether_a_line_is_loose():
    measure = 100.0
    even = words([30, 30, 30, 45, 45])  # 30 30 30 fill a line to within 4, over two spaces
    cost, loose = paragraph_cost(even, choose_breaks(even, lambda n: measure, FONT, LINE_RULES), lambda n: measure,
                                 FONT, LINE_RULES)
    assert not loose and cost < LINE_RULES.loose_penalty
    # 30 30 60 is too long and 30 30 far too loose: a 30 stands alone, a line that cannot be justified
    lonely = words([30, 30, 60, 60])
    cost, loose = paragraph_cost(lonely, choose_breaks(lonely, lambda n: measure, FONT, LINE_RULES),
                                 lambda n: measure, FONT, LINE_RULES)
    assert loose and cost > LINE_RULES.loose_penalty


def test_never_more_hyphenated_lines_in_a_row_than_the_rules_allow():
    # every other atom is followed by a hyphenation point, and hyphenating everywhere would fit best
    atoms = words([46, 48] * 12, hyphen_after=set(range(0, 24, 2)))
    chosen = choose_breaks(atoms, lambda n: 50.0, FONT, LINE_RULES)
    run = longest = 0
    for line in chosen:
        run = run + 1 if line.hyphenated else 0
        longest = max(longest, run)
    assert longest <= LINE_RULES.max_run


def test_no_hyphen_on_the_last_line_of_a_column():
    # six short words and the first part of a longer one fill a line exactly; without the hyphen the
    # line is a little loose (0.5 em), which a column's foot accepts
    atoms = words(([10] * 6 + [20, 30]) * 3 + [10], hyphen_after={6, 14, 22})
    free = choose_breaks(atoms, lambda n: 100.0, FONT, LINE_RULES)
    assert any(line.hyphenated for line in free)
    for lines_in_column in range(1, 4):
        chosen = choose_breaks(atoms, lambda n: 100.0, FONT, LINE_RULES, lines_in_column=lines_in_column,
                               widows=1)
        assert not chosen[lines_in_column - 1].hyphenated


def test_a_proper_name_breaks_only_when_nothing_else_will_do():
    # two equal ways to fill the first line: at a name's hyphenation point, or at an ordinary word's
    atoms = words([48, 20, 40, 20, 40, 30], hyphen_after={1, 3}, names={1})
    chosen = choose_breaks(atoms, lambda n: 100.0, FONT, LINE_RULES)
    assert not any(line.name for line in chosen)


def test_the_first_line_gets_its_own_measure():
    atoms = words([30] * 9)
    chosen = choose_breaks(atoms, lambda n: 70.0 if n == 0 else 100.0, FONT, LINE_RULES)
    assert chosen[0].width <= 70.0 < chosen[1].width


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=5, max_value=60), min_size=1, max_size=40),
       st.sets(st.integers(min_value=0, max_value=39)))
def test_every_atom_is_set_once_in_order_and_no_line_overflows(widths, hyphen_after):
    atoms = words(widths, hyphen_after={i for i in hyphen_after if i < len(widths) - 1})
    measure = 100.0
    chosen = choose_breaks(atoms, lambda n: measure, FONT, LINE_RULES)
    if not chosen:
        return  # no way without too many hyphens in a row: the caller breaks greedily
    assert [a for line in chosen for a in range(line.first, line.last + 1)] == list(range(len(atoms)))
    for line in chosen:
        assert line.width <= measure + 1e-6 or line.first == line.last
