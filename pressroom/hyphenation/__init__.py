"""Hyphenation dictionaries pressroom adds to pyphen's: Azerbaijani, which no package provides.

Azerbaijani syllabification is regular, as in Turkish: a syllable has one vowel
and begins with at most one consonant. So a line may break before a consonant
that precedes a vowel (ki-tab-xa-na, a-zər-bay-can, döv-lət) and between two
vowels (ma-a-rif, mü-əl-lim). ``hyph_az.dic`` holds those rules as Liang
patterns, written by :func:`azerbaijani_patterns`; :func:`register` makes pyphen,
and through it WeasyPrint, use it for ``lang="az"``.
"""

from __future__ import annotations

from contextvars import ContextVar
from pathlib import Path

import pyphen

AZ_VOWELS = "aıoueəiöü"
AZ_CONSONANTS = "bcçdfgğhxjkqlmnprsştvyz"
AZ_DICTIONARY = Path(__file__).with_name("hyph_az.dic")


def azerbaijani_patterns() -> str:
    """The dictionary's text: a break before consonant + vowel, and between two vowels."""
    lines = ["UTF-8", "LEFTHYPHENMIN 2", "RIGHTHYPHENMIN 2"]
    lines += [f"1{consonant}{vowel}" for consonant in AZ_CONSONANTS for vowel in AZ_VOWELS]
    lines += [f"{first}1{second}" for first in AZ_VOWELS for second in AZ_VOWELS]
    return "\n".join(lines) + "\n"


def register() -> None:
    """Make ``az`` (and ``az_Latn``, ``az-AZ``…) hyphenate with our dictionary.

    pyphen has no public registration API; its two module-level tables are what
    ``pyphen.language_fallback`` and ``Pyphen(lang=…)`` consult (tested).
    """
    pyphen.LANGUAGES["az"] = AZ_DICTIONARY
    pyphen.LANGUAGES_LOWERCASE["az"] = "az"


# -- at most two hyphenated lines in a row ------------------------------------------
#
# WeasyPrint breaks lines greedily and knows no ``hyphenate-limit-lines``. We
# wrap its per-line function: after two lines in a row that end in a
# hyphenation, the next line of the same paragraph is broken without automatic
# hyphenation (the words pyphen would split stay whole; soft hyphens typed in
# the source still work). This relies on two WeasyPrint 70 internals, both
# tested: ``layout.inline.get_next_linebox`` and the ``pyphen.language_fallback``
# call through which the line breaker finds its dictionary.

MAX_HYPHENATED_RUN = 2
HYPHEN = "\u2010"  # what WeasyPrint appends at a hyphenated line end (hyphenate-character)
_paused: ContextVar[bool] = ContextVar("pressroom_hyphenation_paused", default=False)
_installed = False


def _ends_hyphenated(line) -> bool:  # noqa: ANN001 (a WeasyPrint LineBox)
    last = line
    while getattr(last, "children", None):
        last = last.children[-1]
    return isinstance(getattr(last, "text", None), str) and last.text.endswith(HYPHEN)


def _position(skip_stack) -> object:  # noqa: ANN001 (a WeasyPrint skip stack: None or nested dicts)
    """A hashable form of where a line starts in its paragraph."""
    if not isinstance(skip_stack, dict):
        return skip_stack
    return tuple(sorted((key, _position(value)) for key, value in skip_stack.items()))


def limit_consecutive_hyphens() -> None:
    """Install the limit on hyphenated lines in a row (idempotent).

    The run length is recorded per line start (the skip stack the next line
    resumes at), not as one counter: WeasyPrint lays the same line out more than
    once (a line that does not fit at a page or column foot is laid out again
    at the top of the next one; columns are balanced by trial), and a counter
    would then count a discarded line. Keyed by position, every trial of a line
    sees the run of the lines that really precede it.
    """
    global _installed
    if _installed:
        return
    from weasyprint.layout import inline

    next_linebox = inline.get_next_linebox
    language_fallback = pyphen.language_fallback

    def get_next_linebox(context, linebox, position_y, bottom_space, skip_stack, *rest):  # noqa: ANN001
        runs = linebox.__dict__.setdefault("_pressroom_hyphenated_runs", {})
        run = 0 if skip_stack is None else runs.get(_position(skip_stack), 0)
        token = _paused.set(run >= MAX_HYPHENATED_RUN)
        try:
            line, resume_at = next_linebox(context, linebox, position_y, bottom_space, skip_stack, *rest)
        finally:
            _paused.reset(token)
        if line is not None and resume_at is not None:
            runs[_position(resume_at)] = run + 1 if _ends_hyphenated(line) else 0
        return line, resume_at

    def fallback(language):  # noqa: ANN001 (pyphen's signature)
        return None if _paused.get() else language_fallback(language)

    inline.get_next_linebox = get_next_linebox
    pyphen.language_fallback = fallback
    _installed = True
