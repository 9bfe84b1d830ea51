"""Glyph coverage: every character of the sources must exist in the shipped fonts.

WeasyPrint silently draws a character the chosen font lacks with some system
font, so a gap would reach the printer unnoticed. We check the sources before
rendering, against the characters *every* shipped face has (body, headings and
captions use different faces, and any text may end up in any of them).
"""

from __future__ import annotations

import html.entities
import io
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from fontTools.ttLib import TTFont

from ..errors import SourceError
from ..sources.reading import read_source, read_text
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
        data = read_source(path, font_folder.parent, "font")  # fonts/ sits in the project folder
        try:
            with TTFont(io.BytesIO(data), lazy=True) as font:
                cmap = set(font.getBestCmap() or ())
        except Exception as exc:  # fontTools raises many kinds on a damaged file
            raise SourceError(f"not a font fontTools can read ({type(exc).__name__}); replace the file", path) from None
        common = cmap if common is None else common & cmap
    assert common is not None
    return frozenset(common)


def _missing_message(char: str, written: str = "") -> str:
    name = unicodedata.name(char, "unnamed character")
    how = f", written as '{written}'" if written and written != char else ""
    return (f"the character {char!r} (U+{ord(char):04X} {name}{how}) is not in the bulletin's fonts; "
            "replace it or add a font that has it")


def check_text(text: str, path: Path, first_line: int, font_folder: Path) -> None:
    covered = covered_characters(font_folder)
    for line_number, line in enumerate(text.split("\n"), start=first_line):
        for column, char in enumerate(line, start=1):
            if char in _INVISIBLE or ord(char) in covered:
                continue
            raise SourceError(_missing_message(char), path, line_number, column)


def check_article(article: Article, root: Path, font_folder: Path) -> None:
    """Fail on the first character of ``article``'s file that the fonts cannot set."""
    text, _ = read_text(article.path, root)
    check_text(text, article.path, 1, font_folder)


class _SetText(HTMLParser):
    """The text of a composed document that reaches a page: character data and attribute values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Running heads are drawn from data- attributes; addresses are never drawn.
        self.parts.extend(value for name, value in attrs if value and name not in ("href", "src"))


def _spellings(char: str) -> list[re.Pattern[str]]:
    """How ``char`` can be written in a source without being typed: itself, HTML references, YAML escapes."""
    code = ord(char)
    forms = [f"&#x0*{code:x};", f"&#0*{code};", rf"\\u{code:04x}", rf"\\U{code:08x}"]
    forms += [re.escape(f"&{name}") for name, value in html.entities.html5.items() if value == char]
    if code < 0x100:
        forms.append(rf"\\x{code:02x}")
    return [re.compile(re.escape(char))] + [re.compile(form, re.IGNORECASE) for form in forms]


def locate(char: str, sources: Iterable[Path], root: Path) -> SourceError:
    """The error for ``char``, at its first spelling in ``sources`` (or naming the first source)."""
    sources = list(sources)
    patterns = _spellings(char)
    for path in sources:
        text, _ = read_text(path, root, kind="article")
        for pattern in patterns:
            found = pattern.search(text)
            if found is not None:
                line = text.count("\n", 0, found.start()) + 1
                column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
                return SourceError(_missing_message(char, found.group()), path, line, column)
    return SourceError(_missing_message(char) + " (it comes from a template or a generated text)",
                       sources[0] if sources else None)


def check_set_text(document: str, font_folder: Path, sources: Iterable[Path], root: Path) -> None:
    """Every character the composed ``document`` will set must be in the fonts.

    The safety net after entities, YAML escapes and templates have done their
    work: the raw-file check cannot see ``&#x4E2D;`` or ``"\\u4E2D"``. The
    message points at the first source that spells the character.
    """
    covered = covered_characters(font_folder)
    parser = _SetText()
    parser.feed(document)
    parser.close()
    for part in parser.parts:
        for char in part:
            if char not in _INVISIBLE and char not in " \r" and ord(char) not in covered:
                raise locate(char, sources, root)


def check_typography(font_folder: Path) -> None:
    """The typographic characters pressroom itself inserts must be in the fonts too."""
    covered = covered_characters(font_folder)
    missing = [c for c in TYPOGRAPHY_CHARACTERS if ord(c) not in covered]
    if missing:
        codes = ", ".join(f"U+{ord(c):04X}" for c in missing)
        raise SourceError(f"the fonts lack characters pressroom's typography inserts: {codes}", font_folder)
