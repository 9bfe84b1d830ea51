"""Bounds on an article's shape, checked before any Markdown is parsed.

The Markdown parser and the layout engine do work that grows faster than the
text for some shapes: deeply nested emphasis or brackets, very long words
(WeasyPrint tries every break), huge table cells. A bulletin article comes
nowhere near these bounds; a runaway or hostile file is refused in
milliseconds with its line, instead of running for minutes and gigabytes.
Every command that reads articles goes through here (``status`` included).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import SourceError

MAX_LINE_CHARS = 20_000  # one source line: a long paragraph is a few thousand
MAX_WORD_CHARS = 300  # characters without a space: the longest URL an article should print
MAX_BLOCK_DEPTH = 8  # quotes and lists inside each other at the start of a line
MAX_MARKUP_PER_PARAGRAPH = 1_000  # emphasis, brackets and code marks in one paragraph
MAX_MARKUP_PER_ARTICLE = 20_000
MAX_TABLE_ROWS = 1_000  # a bulletin's tables have tens of rows; the parser takes seconds over 100,000

_WORD = re.compile(rf"\S{{{MAX_WORD_CHARS + 1},}}")
_BLOCK_MARKERS = re.compile(r"[ \t]*(?:(?:>|[*+-](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]*)")
_MARKUP = re.compile(r"[*_\[\]`~]")


def check_bounds(body: str, path: Path, first_line: int) -> None:
    """Refuse a body whose shape would make parsing or layout run away; names the line."""
    total = 0
    paragraph_markup = 0
    paragraph_start = first_line
    table_rows = 0
    for number, line in enumerate(body.split("\n"), start=first_line):
        table_rows = table_rows + 1 if line.lstrip().startswith("|") else 0
        if table_rows > MAX_TABLE_ROWS:
            raise SourceError(
                f"the table that starts on line {number - MAX_TABLE_ROWS} has more than {MAX_TABLE_ROWS:,} rows; "
                "a table that long belongs in a file of its own, not on the page", path, number,
            )
        if len(line) > MAX_LINE_CHARS:
            raise SourceError(
                f"the line has {len(line):,} characters, more than the {MAX_LINE_CHARS:,} an article line may "
                "have; break it into paragraphs", path, number,
            )
        if not line.strip():
            paragraph_markup, paragraph_start = 0, number + 1
            continue
        word = _WORD.search(line)
        if word is not None:
            raise SourceError(
                f"a word of more than {MAX_WORD_CHARS} characters without a space ({word.group()[:30]!r}…): "
                "it cannot be set on a line", path, number, word.start() + 1,
            )
        depth, position = 0, 0
        while (marker := _BLOCK_MARKERS.match(line, position)) is not None and marker.end() > position:
            depth, position = depth + 1, marker.end()
            if depth > MAX_BLOCK_DEPTH:
                raise SourceError(
                    f"quotes and lists nested more than {MAX_BLOCK_DEPTH} deep", path, number, position
                )
        markup = len(_MARKUP.findall(line))
        paragraph_markup += markup
        total += markup
        if paragraph_markup > MAX_MARKUP_PER_PARAGRAPH:
            raise SourceError(
                f"the paragraph that starts on line {paragraph_start} has more than {MAX_MARKUP_PER_PARAGRAPH:,} "
                "emphasis, bracket or code marks (* _ [ ] ` ~)", path, number,
            )
        if total > MAX_MARKUP_PER_ARTICLE:
            raise SourceError(
                f"the article has more than {MAX_MARKUP_PER_ARTICLE:,} emphasis, bracket or code marks "
                "(* _ [ ] ` ~)", path, number,
            )
