"""Hyphenation dictionaries pressroom adds to pyphen's: Azerbaijani, which no package provides.

Azerbaijani syllabification is regular, as in Turkish: a syllable has one vowel
and begins with at most one consonant. So a line may break before a consonant
that precedes a vowel (ki-tab-xa-na, a-zər-bay-can, döv-lət) and between two
vowels (ma-a-rif, mü-əl-lim). ``hyph_az.dic`` holds those rules as Liang
patterns, written by :func:`azerbaijani_patterns`; the render stage registers it
with pyphen, and through it WeasyPrint, for ``lang="az"``.
"""

from __future__ import annotations

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


MAX_HYPHENATED_RUN = 2  # never more hyphenated lines in a row (enforced at layout, see pdf.weasyprint_internals)
