"""Azerbaijani hyphenation: our dictionary, registered for pyphen and so for WeasyPrint."""

from pathlib import Path

import pyphen
import pytest

from pressroom.hyphenation import AZ_DICTIONARY, azerbaijani_patterns, register

SYLLABLES = Path(__file__).parent / "data" / "az_syllables.txt"


def known_words() -> list[str]:
    lines = SYLLABLES.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_committed_dictionary_is_what_the_rules_generate():
    assert AZ_DICTIONARY.read_text(encoding="utf-8") == azerbaijani_patterns()


def test_registration_makes_pyphen_know_azerbaijani():
    register()
    assert pyphen.language_fallback("az") == "az"
    assert pyphen.language_fallback("az-AZ") == "az"
    assert pyphen.language_fallback("az_Latn_AZ") == "az"


def test_the_word_list_is_large_enough():
    assert len(set(known_words())) >= 100


@pytest.mark.parametrize("syllabified", known_words())
def test_breaks_fall_exactly_on_syllable_boundaries(syllabified):
    register()
    word = syllabified.replace("-", "")
    dictionary = pyphen.Pyphen(lang="az", left=2, right=2)
    boundaries, position = [], 0
    for syllable in syllabified.split("-")[:-1]:
        position += len(syllable)
        boundaries.append(position)
    expected = [p for p in boundaries if p >= 2 and len(word) - p >= 2]
    assert list(dictionary.positions(word)) == expected
