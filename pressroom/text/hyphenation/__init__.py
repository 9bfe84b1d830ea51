"""Hyphenation: the dictionary pressroom adds to pyphen's (Azerbaijani), and the house rules.

The rules (:func:`allowed_breaks`) decide, for a word and the breaks a
dictionary found in it, which breaks the line breaker may use:

- never in a word with a digit (numbers, years, codes) or in a word set in
  capitals (acronyms: ANAMA, UNDP);
- a proper name (a word that begins with a capital) only as a last resort,
  when the line would otherwise be loose;
- a word in the language's exception list breaks only where the list says
  (``exceptions-<lang>.txt``: one word a line, breaks marked with ``-``); it
  corrects the dictionary's bad breaks (English "riverb-anks").

Display text, headings, URLs and the cover never hyphenate: the stylesheets say
``hyphens: manual`` for them. The line breaker that applies these rules, and
limits runs of hyphenated lines, is in :mod:`pressroom.pdf.weasyprint_internals`.

Azerbaijani syllabification is regular, as in Turkish: a syllable has one vowel
and begins with at most one consonant. So a line may break before a consonant
that precedes a vowel (ki-tab-xa-na, a-zər-bay-can, döv-lət) and between two
vowels (ma-a-rif, mü-əl-lim). ``hyph_az.dic`` holds those rules as Liang
patterns, written by :func:`azerbaijani_patterns`; the render stage registers it
with pyphen, and through it WeasyPrint, for ``lang="az"``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

AZ_VOWELS = "aıoueəiöü"
AZ_CONSONANTS = "bcçdfgğhxjkqlmnprsştvyz"
AZ_DICTIONARY = Path(__file__).with_name("hyph_az.dic")


def azerbaijani_patterns() -> str:
    """The dictionary's text: a break before consonant + vowel, and between two vowels."""
    lines = ["UTF-8", "LEFTHYPHENMIN 2", "RIGHTHYPHENMIN 2"]
    lines += [f"1{consonant}{vowel}" for consonant in AZ_CONSONANTS for vowel in AZ_VOWELS]
    lines += [f"{first}1{second}" for first in AZ_VOWELS for second in AZ_VOWELS]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class LineRules:
    """What a line of justified text costs, for the line chooser (``pdf.weasyprint_internals``).

    A line's cost is the badness of its word spaces, ``100 × (growth / loose_em)³``
    (growth: how much justification widened a space, in em), plus
    ``loose_penalty`` when it is loose, plus ``hyphen_penalty`` for a hyphen,
    ``run_penalty`` more for the hyphen that reaches ``max_run`` lines in a row,
    ``turn_penalty`` more for one at the foot of a column or page, ``name_penalty``
    more for one in a proper name; a paragraph's
    last line shorter than ``stub_em`` costs ``stub_penalty``. A line is chosen
    with the line after it; more than ``max_run`` hyphenated lines in a row are
    never made.

    A paragraph whose best lines still hold a loose one is also set with its
    letters ``tracking_em`` wider and narrower (the paragraph's letter-spacing
    changed by that much); the cheapest of the three settings is kept, a
    tracked one paying ``tracking_penalty``. Long words and the hyphen limit
    leave some paragraphs no loose-free breaks at all: a hundredth of an em
    between letters, which no reader sees, gives them other ones.
    """

    max_run: int = 2
    loose_em: float = 0.7  # with the body's word space (0.21 em), a gap of about 0.9 em
    loose_penalty: float = 1000.0
    hyphen_penalty: float = 30.0
    run_penalty: float = 40.0
    turn_penalty: float = 3000.0
    name_penalty: float = 200.0  # a proper name broken
    stub_em: float = 2.5
    stub_penalty: float = 150.0
    hopeless_em: float = 2.5  # lines whose spaces would grow more than this are not weighed at all
    tracking_em: float = 0.01
    tracking_penalty: float = 150.0


LINE_RULES = LineRules()  # applied at layout by pdf.weasyprint_internals.install_line_breaking


EXCEPTIONS_FOLDER = Path(__file__).parent


@functools.cache
def exceptions(lang: str) -> dict[str, tuple[int, ...]]:
    """The exception list of ``lang``: lower-case word → where it may break."""
    path = EXCEPTIONS_FOLDER / f"exceptions-{lang}.txt"
    if not path.is_file():
        return {}
    found: dict[str, tuple[int, ...]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        breaks, position = [], 0
        for syllable in entry.split("-")[:-1]:
            position += len(syllable)
            breaks.append(position)
        found[entry.replace("-", "").lower()] = tuple(breaks)
    return found


def allowed_breaks(word: str, found: list[int], lang: str, last_resort: bool = False,
                   left: int = 2, right: int = 2) -> list[int]:
    """The breaks of ``found`` (positions in ``word``) that the house rules allow.

    ``last_resort``: the line would be loose without a break, so a proper name may break.
    ``left`` and ``right`` are the fewest letters before and after a break (the CSS limits).
    """
    if any(char.isdigit() for char in word) or (len(word) > 1 and word.isupper()):
        return []
    if word[:1].isupper() and not last_resort:
        return []
    listed = exceptions(lang).get(word.lower())
    if listed is not None:
        return [position for position in listed if left <= position <= len(word) - right]
    return found
