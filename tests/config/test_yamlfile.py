"""Values that look like dates or numbers but cannot be one are source errors at their line, not crashes."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressroom.config.yamlfile import parse_yaml
from pressroom.errors import SourceError

from ..test_cli import assert_clean_failure, pressroom


@pytest.mark.parametrize("text, where, words", [
    ("id: 2025-H1\npublished: 2025-13-15\n", "edition.yaml:2:12", "month must be in 1..12"),
    ("published: 2024-02-30\n", "edition.yaml:1:12", "day is out of range"),
    ("note:\n  en: x\nlimit: " + "9" * 5000 + "\n", "edition.yaml:3:8", "4300 digits"),
])
def test_an_impossible_value_names_its_line(text, where, words):
    with pytest.raises(SourceError) as caught:
        parse_yaml(text, Path("edition.yaml"))
    assert caught.value.describe().startswith(where) and words in caught.value.message


def test_an_impossible_publication_date_stops_make_with_its_line(small_project):
    edition = small_project / "issues/2024-H1/edition.yaml"
    edition.write_text("published: 2025-13-15\nnote: A test edition.\n", encoding="utf-8")
    result = pressroom("make", "2024-H1", "--root", str(small_project))
    assert_clean_failure(result, 1, "issues/2024-H1/edition.yaml:1:12", "not a possible date")
