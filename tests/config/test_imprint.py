"""The imprint's optional lines: checked, merged per language, nothing invented."""

from pathlib import Path

import pytest

from pressroom.config.imprint import issn_check_digit_holds, load_imprint, merged
from pressroom.config.yamlfile import parse_yaml
from pressroom.errors import SourceError

LANGUAGES = ("az", "en")


def imprint_of(text: str):
    return load_imprint(parse_yaml(text, Path("pressroom.yaml")), LANGUAGES)


def test_issn_check_digits():
    assert issn_check_digit_holds("2049-3630") and issn_check_digit_holds("0317-8471")
    assert issn_check_digit_holds("2434-561X") and not issn_check_digit_holds("2049-3631")


def test_fields_per_language_and_for_all():
    imprint = imprint_of("imprint:\n  issn_print: {az: 2049-3630}\n  editorial_board: [A. B., C. D.]\n"
                         "  print_run: 500\n")
    board = "A. B., C. D."
    assert imprint == {"issn_print": {"az": "2049-3630"}, "editorial_board": {"az": board, "en": board},
                       "print_run": {"az": "500", "en": "500"}}
    assert merged(imprint, {}, "en") == (("editorial_board", "A. B., C. D."), ("print_run", "500"))


def test_the_editions_values_come_first():
    publication = imprint_of("imprint:\n  printer: Printer A\n  issn_online: 0317-8471\n")
    edition = imprint_of("imprint:\n  printer: Printer B\n  legal_deposit: Deposited with the national library\n")
    assert merged(publication, edition, "az") == (("issn_online", "0317-8471"), ("printer", "Printer B"),
                                                  ("legal_deposit", "Deposited with the national library"))


def test_no_imprint_prints_nothing():
    assert imprint_of("name: X\n") == {} and merged({}, {}, "az") == ()


@pytest.mark.parametrize(
    "text, line, fragment",
    [
        ("imprint:\n  issn_print: 2049-3631\n", 2, "check digit"),
        ("imprint:\n  issn_online: 12345678\n", 2, "not an ISSN"),
        ("imprint:\n  isn_print: 2049-3630\n", 2, "issn_print"),
        ("imprint:\n  printer: {fr: Imprimerie}\n", 2, "not one of"),
        ("imprint:\n  print_run: 0\n", 2, "more than 0"),
        ("imprint: yes\n", 1, "must be a mapping"),
    ],
)
def test_mistakes(text, line, fragment):
    with pytest.raises(SourceError) as caught:
        imprint_of(text)
    assert fragment in caught.value.message and caught.value.line == line, caught.value.describe()
