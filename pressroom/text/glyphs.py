"""Glyph coverage: every character of the sources must exist in the shipped fonts.

WeasyPrint silently draws a character the chosen font lacks with some system
font, so a gap would reach the printer unnoticed. We check the sources before
rendering, against the characters *every* shipped face has (body, headings and
captions use different faces, and any text may end up in any of them).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from ..errors import SourceError
from ..structure.edition import Article

# Characters that never reach a glyph: line ends, tabs, and the soft hyphen
# (drawn as the font's hyphen when a line breaks there).
_INVISIBLE = {"\n", "\t", "\u00ad", "\ufeff"}
# Produced by the typography stage from plain ASCII and therefore checked too.
TYPOGRAPHY_CHARACTERS = "\u00a0\u202f\u2010\u2013\u2014\u2018\u2019\u201c\u201d\u201e\u00ab\u00bb\u2026№"


@lru_cache(maxsize=4)
def covered_characters(font_folder: Path) -> frozenset[int]:
    """Code points that every font file in ``font_folder`` can set."""
    fonts = sorted(font_folder.glob("*.ttf")) + sorted(font_folder.glob("*.otf"))
    if not fonts:
        raise SourceError("no font files (.ttf/.otf) in the fonts folder", font_folder)
    common: set[int] | None = None
    for path in fonts:
        font = TTFont(path, lazy=True)
        try:
            cmap = set(font.getBestCmap())
        finally:
            font.close()
        common = cmap if common is None else common & cmap
    assert common is not None
    return frozenset(common)


def check_text(text: str, path: Path, first_line: int, font_folder: Path) -> None:
    covered = covered_characters(font_folder)
    for line_number, line in enumerate(text.split("\n"), start=first_line):
        for column, char in enumerate(line, start=1):
            if char in _INVISIBLE or ord(char) in covered:
                continue
            name = unicodedata.name(char, "unnamed character")
            raise SourceError(
                f"the character {char!r} (U+{ord(char):04X} {name}) is not in the bulletin's fonts; "
                "replace it or add a font that has it",
                path,
                line_number,
                column,
            )


def check_article(article: Article, font_folder: Path) -> None:
    """Fail on the first character of ``article``'s file that the fonts cannot set."""
    text = article.path.read_text(encoding="utf-8-sig")
    check_text(text.replace("\r\n", "\n"), article.path, 1, font_folder)


def check_typography(font_folder: Path) -> None:
    """The typographic characters pressroom itself inserts must be in the fonts too."""
    covered = covered_characters(font_folder)
    missing = [c for c in TYPOGRAPHY_CHARACTERS if ord(c) not in covered]
    if missing:
        codes = ", ".join(f"U+{ord(c):04X}" for c in missing)
        raise SourceError(f"the fonts lack characters pressroom's typography inserts: {codes}", font_folder)
