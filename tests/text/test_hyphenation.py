"""Azerbaijani hyphenation: our dictionary, registered for pyphen and so for WeasyPrint."""

from pathlib import Path

import pyphen
import pytest

from pressroom.pdf import weasyprint_internals
from pressroom.text.hyphenation import AZ_DICTIONARY, azerbaijani_patterns

from ..shipped_fonts import render_with_shipped_fonts

SYLLABLES = Path(__file__).parent.parent / "data" / "az_syllables.txt"


def known_words() -> list[str]:
    lines = SYLLABLES.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_committed_dictionary_is_what_the_rules_generate():
    assert AZ_DICTIONARY.read_text(encoding="utf-8") == azerbaijani_patterns()


def test_registration_makes_pyphen_know_azerbaijani():
    weasyprint_internals.register_dictionary("az", AZ_DICTIONARY)
    assert pyphen.language_fallback("az") == "az"
    assert pyphen.language_fallback("az-AZ") == "az"
    assert pyphen.language_fallback("az_Latn_AZ") == "az"


def test_the_word_list_is_large_enough():
    assert len(set(known_words())) >= 100


@pytest.mark.parametrize("syllabified", known_words())
def test_breaks_fall_exactly_on_syllable_boundaries(syllabified):
    weasyprint_internals.register_dictionary("az", AZ_DICTIONARY)
    word = syllabified.replace("-", "")
    dictionary = pyphen.Pyphen(lang="az", left=2, right=2)
    boundaries, position = [], 0
    for syllable in syllabified.split("-")[:-1]:
        position += len(syllable)
        boundaries.append(position)
    expected = [p for p in boundaries if p >= 2 and len(word) - p >= 2]
    assert list(dictionary.positions(word)) == expected


def _hyphenated_runs(lang: str, text: str, tmp_path) -> tuple[int, int]:
    """(hyphenated lines, longest run of them) in one narrow justified paragraph."""
    from pypdf import PdfReader

    import pressroom.pdf.render  # noqa: F401 (installs the dictionary and the limit)

    target = render_with_shipped_fonts(
        f'<p style="width: 38mm; text-align: justify; hyphens: auto; font-size: 10pt">{text}</p>',
        tmp_path / f"{lang}.pdf", lang,
    )
    lines = "\n".join(page.extract_text() for page in PdfReader(target).pages).split("\n")
    longest = run = 0
    for line in lines:
        run = run + 1 if line.endswith("\u2010") else 0
        longest = max(longest, run)
    return sum(line.endswith("\u2010") for line in lines), longest


@pytest.mark.parametrize("lang, text", [
    ("az", "Azərbaycan Respublikasının ərazisində yenidənqurma işləri davam etdirilir, müəllimlər "
           "məktəblərə qayıdır, xəstəxanalar və mədəniyyət müəssisələri fəaliyyətə başlayır. " * 15),
    ("en", "Reconstruction continues across the liberated territories: infrastructure, electricity "
           "networks, administrative buildings and educational institutions are being commissioned. " * 15),
])
def test_never_more_than_two_hyphenated_lines_in_a_row(tmp_path, lang, text):
    hyphenated, longest = _hyphenated_runs(lang, text, tmp_path)
    assert hyphenated >= 10  # hyphenation is on and used
    assert longest <= 2


@pytest.mark.parametrize("word, expected", [
    ("İqtisadi", "İq-ti-sa-di"), ("İNFORMASİYA", "İN-FOR-MA-Sİ-YA"), ("iqtisadi", "iq-ti-sa-di"),
])
def test_a_capital_dotted_i_does_not_shift_the_breaks(word, expected):
    weasyprint_internals.register_dictionary("az", AZ_DICTIONARY)
    assert pyphen.Pyphen(lang="az").inserted(word) == expected


# -- the house rules ----------------------------------------------------------------


def test_numbers_and_words_in_capitals_never_break():
    from pressroom.text.hyphenation import allowed_breaks

    assert allowed_breaks("COVID19", [3], "en") == []
    assert allowed_breaks("ANAMA", [2], "en") == []
    assert allowed_breaks("İNFORMASİYA", [2, 5], "az") == []


def test_a_proper_name_breaks_only_as_a_last_resort():
    from pressroom.text.hyphenation import allowed_breaks

    assert allowed_breaks("Карабахского", [4, 6], "ru") == []
    assert allowed_breaks("Карабахского", [4, 6], "ru", last_resort=True) == [4, 6]
    assert allowed_breaks("карабахского", [4, 6], "ru") == [4, 6]


def test_the_exception_list_replaces_the_dictionary_breaks():
    from pressroom.text.hyphenation import allowed_breaks, exceptions

    assert exceptions("en")["riverbanks"] == (5,)
    assert allowed_breaks("riverbanks", [6], "en") == [5]  # river-banks, not riverb-anks
    assert allowed_breaks("directly", [3], "en", left=2, right=2) == [2, 6]  # di-rect-ly
    assert allowed_breaks("directly", [3], "en", left=3, right=3) == []  # the CSS limits still hold


@pytest.mark.parametrize("lang, word, bad", [
    ("en", "riverbanks", "riverb-anks"), ("en", "directly", "dir-ectly"), ("en", "orchards", "orch-ards"),
    ("en", "electronically", "electronic-ally"),
])
def test_bad_dictionary_breaks_are_corrected(lang, word, bad):
    from pressroom.text.hyphenation import allowed_breaks

    found = [int(p) for p in pyphen.Pyphen(lang=lang, left=2, right=2).positions(word)]
    breaks = allowed_breaks(word, found, lang)
    shown = {word[:p] + "-" + word[p:] for p in breaks}
    assert bad not in shown
