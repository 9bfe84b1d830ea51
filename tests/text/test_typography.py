from datetime import date

import pytest

from pressroom.text.typography import NBSP, NNBSP, QuoteState, long_date, number, period_label, typeset


def run(text: str, lang: str) -> str:
    return typeset(text, lang, QuoteState())


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("az", "\u201cA \u2018b\u2019 c\u201d"),
        ("ru", "\u00abA \u201eb\u201c c\u00bb"),
        ("en", "\u201cA \u2018b\u2019 c\u201d"),
        ("es", "\u00abA \u201cb\u201d c\u00bb"),
    ],
)
def test_quotes_first_and_second_level(lang, expected):
    assert run("\"X 'b' c\"", lang) == expected.replace("A", "X")


def test_quotes_spanning_text_runs_keep_their_level():
    state = QuoteState()
    first = typeset('He said "', "ru", state)
    second = typeset("word", "ru", state, before=first[-1])
    third = typeset('" today', "ru", state, before=second[-1])
    assert first.endswith("\u00ab") and third.startswith("\u00bb")


def test_apostrophe_inside_a_word():
    assert run("it's", "en") == "it\u2019s"


def test_russian_dash_has_a_no_break_space_before_it():
    assert run("Шуша -- культурная столица", "ru") == f"Шуша{NBSP}\u2014 культурная столица"


def test_number_ranges_take_an_en_dash():
    # with a word joiner: a range never breaks after its dash
    assert run("2022-2026 and 4--6", "en") == "2022\u2013\u20602026 and 4\u2013\u20606"


def test_one_letter_russian_prepositions_cling_to_the_next_word():
    assert run("дорога в Шушу и к Лачину", "ru") == f"дорога в{NBSP}Шушу и{NBSP}к{NBSP}Лачину"


def test_number_and_unit_stay_together():
    assert run("the road of 101 km", "en") == f"the road of 101{NBSP}km"


def test_numero_and_initials():
    assert run("№ 5, A. B. Aliyev", "ru") == f"№{NBSP}5, A.{NBSP}B.{NBSP}Aliyev"


@pytest.mark.parametrize(
    "lang, grouped", [("az", "12.500"), ("ru", f"12{NBSP}500"), ("en", "12,500"), ("es", f"12{NNBSP}500")]
)
def test_long_numbers_are_grouped_as_the_language_writes_them(lang, grouped):
    assert run("12500", lang) == grouped


def test_years_and_four_digit_numbers_are_left_alone():
    assert run("in 2024", "en") == "in 2024"
    assert run("4700 people", "en") == "4,700\u00a0people"  # not a year: grouped
    assert run("4700 nəfər", "az") == "4700\u00a0nəfər"  # like Russian (GOST): four digits stay together
    assert run("4700 человек", "ru") == "4700\u00a0человек"
    assert run("4700 personas", "es") == "4700\u00a0personas"
    assert number(8500, "es") == "8500"  # the Spanish Academy does not group four digits
    assert number(8500, "en") == "8,500"


def test_numbers_in_a_list_are_written_alike():
    assert run("1200, 4700 and 8500", "en") == "1,200, 4,700 and 8,500"
    assert run("in 2022, 2023 and 2024", "en") == "in 2022, 2023 and 2024"
    assert run("1200, 4700, 12500", "ru") == "1200, 4700, 12\u00a0500"


@pytest.mark.parametrize(
    "lang, label",
    [
        ("az", "yanvar–iyun 2024"),
        ("ru", "январь\u2009—\u2009июнь 2024\u00a0г."),
        ("en", "January\u2009–\u2009June 2024"),
        ("es", "enero–junio de 2024"),
    ],
)
def test_edition_period_in_each_language(lang, label):
    def plain(text: str) -> str:  # CLDR's choice of no-break, thin and narrow spaces varies by version
        return text.translate({0xA0: " ", 0x2009: " ", 0x202F: " "})

    assert plain(period_label(date(2024, 1, 1), date(2024, 6, 30), lang)) == plain(label)


def test_publication_dates():
    day = date(2024, 7, 15)
    assert long_date(day, "az") == "15 iyul 2024"
    assert long_date(day, "en") == "15 July 2024"
    assert long_date(day, "es") == "15 de julio de 2024"
    assert long_date(day, "ru").startswith("15 июля 2024")


@pytest.mark.parametrize("title, kept", [
    ("Roads and tunnels that reconnect the regions", "Roads and tunnels that reconnect the\u00a0regions"),
    ("Two words", "Two words"),  # a title of two words may break between them
    ("A <em>new</em> school opens", "A <em>new</em> school\u00a0opens"),
    ("Towards electrification", "Towards electrification"),
    ("The story of internationalisation", "The story of internationalisation"),  # too long to tie
])
def test_a_title_keeps_its_last_word_with_the_one_before(title, kept):
    from pressroom.text.typography import keep_last_words

    assert keep_last_words(title) == kept
