"""Bounds on an article's shape: each refuses a runaway before any parser sees it, naming the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressroom.errors import SourceError
from pressroom.sources.bounds import (
    MAX_BLOCK_DEPTH,
    MAX_LINE_CHARS,
    MAX_MARKUP_PER_ARTICLE,
    MAX_MARKUP_PER_PARAGRAPH,
    MAX_TABLE_ROWS,
    MAX_WORD_CHARS,
    check_bounds,
)
from pressroom.sources.edition import load_edition

PATH = Path("en/01-a.md")
FIRST = 7  # the body's first line in the file


def refused(body: str, line: int, fragment: str) -> None:
    with pytest.raises(SourceError, match=fragment) as caught:
        check_bounds(body, PATH, FIRST)
    assert (caught.value.path, caught.value.line) == (PATH, line)


def test_an_ordinary_article_is_within_every_bound():
    paragraph = "The *road* to [the village](https://example.org/) was **rebuilt** in `2023`.\n\n"
    check_bounds("## A subheading\n\n> A quote.\n\n- a\n  - b\n\n" + paragraph * 200, PATH, FIRST)


def test_a_huge_line_such_as_a_table_cell():
    refused("Intro.\n\n| a | b |\n|---|---|\n| " + "word " * (MAX_LINE_CHARS // 5) + " | 2 |", FIRST + 4,
            "characters, more than")


def test_a_table_of_too_many_rows():
    def table(rows: int) -> str:  # a header, its rule and ``rows`` rows: rows + 2 lines
        return "| n | what |\n|---|---|\n" + "".join(f"| {number} | row |\n" for number in range(rows))

    refused("Intro.\n\n" + table(MAX_TABLE_ROWS), FIRST + 2 + MAX_TABLE_ROWS, "more than 1,000 rows")
    check_bounds("Intro.\n\n" + table(MAX_TABLE_ROWS - 2), PATH, FIRST)
    check_bounds((table(10) + "\n") * MAX_TABLE_ROWS, PATH, FIRST)  # many short tables


def test_a_long_word():
    refused("Text.\n" + "x" * (MAX_WORD_CHARS + 1), FIRST + 1, "without a space")
    check_bounds("x" * MAX_WORD_CHARS, PATH, FIRST)


@pytest.mark.parametrize("marker", ["> ", "- ", "1. ", "* "])
def test_deep_nesting_of_quotes_and_lists(marker):
    refused(marker * (MAX_BLOCK_DEPTH + 1) + "text", FIRST, "nested more than")
    check_bounds(marker * MAX_BLOCK_DEPTH + "text", PATH, FIRST)


@pytest.mark.parametrize("unit", ["*a* ", "[ ", "_ ", "` ", "~~x~~ "])
def test_markup_in_one_paragraph(unit):
    count = MAX_MARKUP_PER_PARAGRAPH // max(1, sum(unit.count(c) for c in "*_[]`~")) + 1
    lines = "\n".join([unit * 10] * (count // 10 + 1))  # over several lines of one paragraph
    with pytest.raises(SourceError, match="the paragraph that starts on line 7"):
        check_bounds(lines, PATH, FIRST)


def test_markup_in_the_whole_article():
    paragraph = "*a* " * (MAX_MARKUP_PER_PARAGRAPH // 2 - 1)
    with pytest.raises(SourceError, match="the article has more than"):
        check_bounds("\n\n".join([paragraph] * (MAX_MARKUP_PER_ARTICLE // MAX_MARKUP_PER_PARAGRAPH + 2)), PATH, FIRST)


def test_every_command_that_reads_articles_meets_the_bounds(small_project):
    # status, check, proof and make all load the edition; a runaway stops there, in milliseconds
    article = small_project / "issues" / "2024-H1" / "en" / "01-first.md"
    article.write_text("---\ntitle: T\n---\n\n" + "![" * 450_000 + "\n")
    with pytest.raises(SourceError, match="characters, more than") as caught:
        load_edition(small_project, "2024-H1")
    assert caught.value.line == 5
