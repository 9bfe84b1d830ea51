"""The text of laid-out pages as a reader sees it: lines, words, baselines, fonts, pictures.

Read from a finished PDF with PDFium (pypdfium2), not from the sources, so that
what the layout report measures is what was printed. Coordinates are PDF points
with the origin at the trimmed page's lower left corner (the bleed, if any, is
negative); ``y`` grows upwards.

WeasyPrint draws each line box in one run, a column after the other, so a line
is a run of characters in content order on one baseline: a line ends where the
pen goes back to the left or jumps to another baseline (a superscript footnote
call stays within the line).
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

SPACES = {" ", "\u00a0", "\u202f", "\u2009", "\t"}
LINE_BREAKS = {"\r", "\n", "\ufffe"}


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float


@dataclass(frozen=True)
class Line:
    """One line of text: its words left to right and the font of most of its letters."""

    words: tuple[Word, ...]
    baseline: float
    size: float  # font size in points
    font: str  # PostScript name without the subset tag: "Bulletin-Serif-Italic"
    top: float  # the highest and lowest extent of its letters' boxes
    bottom: float

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    def gaps(self) -> list[float]:
        """The white space between neighbouring words, in points."""
        return [right.x0 - left.x1 for left, right in zip(self.words, self.words[1:], strict=False)]


@dataclass(frozen=True)
class Picture:
    x0: float
    bottom: float
    x1: float
    top: float


@dataclass(frozen=True)
class PageText:
    number: int  # 1-based
    width: float  # the trimmed page
    height: float
    lines: tuple[Line, ...]
    pictures: tuple[Picture, ...]


@dataclass
class _Char:
    text: str
    x0: float
    x1: float
    bottom: float
    top: float
    origin_x: float
    baseline: float
    size: float
    font: str


def read_pages(path: Path) -> list[PageText]:
    """Every page of the PDF at ``path``, read into lines and pictures."""
    document = pdfium.PdfDocument(str(path))
    try:
        return [_read_page(document[index], index + 1) for index in range(len(document))]
    finally:
        document.close()


def _read_page(page: pdfium.PdfPage, number: int) -> PageText:
    left, bottom, right, top = page.get_trimbox()
    textpage = page.get_textpage()
    try:
        chars = [_char(textpage, index, left, bottom) for index in range(textpage.count_chars())]
    finally:
        textpage.close()
    pictures = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4):
        x0, y0, x1, y1 = obj.get_bounds()
        pictures.append(Picture(x0 - left, y0 - bottom, x1 - left, y1 - bottom))
    page.close()
    return PageText(number, right - left, top - bottom, tuple(_lines(chars)), tuple(pictures))


_FONT_NAME = ctypes.create_string_buffer(256)


def _char(textpage: pdfium.PdfTextPage, index: int, left: float, bottom: float) -> _Char | None:
    raw = textpage.raw
    code = pdfium_c.FPDFText_GetUnicode(raw, index)
    text = chr(code) if 0 < code < 0x110000 else ""
    if not text or pdfium_c.FPDFText_IsGenerated(raw, index) == 1 or text in LINE_BREAKS:
        return None
    box = pdfium_c.FS_RECTF()
    pdfium_c.FPDFText_GetLooseCharBox(raw, index, box)
    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(raw, index, x, y)
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(raw, index, matrix)
    scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c)) or 1.0
    flags = ctypes.c_int()
    length = pdfium_c.FPDFText_GetFontInfo(raw, index, _FONT_NAME, len(_FONT_NAME), flags)
    font = _FONT_NAME.value[: max(length - 1, 0)].decode("latin-1").partition("+")[2] or \
        _FONT_NAME.value[: max(length - 1, 0)].decode("latin-1")
    return _Char(text, box.left - left, box.right - left, box.bottom - bottom, box.top - bottom,
                 x.value - left, y.value - bottom, pdfium_c.FPDFText_GetFontSize(raw, index) * scale, font)


def _lines(chars: list[_Char | None]) -> list[Line]:
    lines: list[list[_Char | None]] = []
    current: list[_Char | None] = []
    last: _Char | None = None
    for char in chars:
        if char is None:
            current.append(None)
            continue
        if last is not None and _starts_line(last, char):
            lines.append(current)
            current = []
        current.append(char)
        last = char
    lines.append(current)
    return [line for run in lines if (line := _line(run)) is not None]


def _starts_line(previous: _Char, char: _Char) -> bool:
    if char.origin_x < previous.origin_x - 1.0:
        return True
    # a footnote call rises by less than half the larger size; another line moves a full line
    return abs(char.baseline - previous.baseline) > 0.6 * max(char.size, previous.size)


def _line(run: list[_Char | None]) -> Line | None:
    words: list[Word] = []
    letters: list[_Char] = []
    word: list[_Char] = []
    for char in [*run, None]:
        if char is None or char.text in SPACES:
            if word:
                words.append(Word("".join(c.text for c in word), word[0].x0, word[-1].x1))
                letters += word
                word = []
            continue
        word.append(char)
    if not words:
        return None
    sizes: dict[tuple[float, str], int] = {}
    for char in letters:
        key = (round(char.size, 1), char.font)
        sizes[key] = sizes.get(key, 0) + 1
    size, font = max(sizes, key=lambda key: (sizes[key], key[0]))
    baseline = max((c.baseline for c in letters if round(c.size, 1) == size), default=letters[0].baseline)
    # the line's baseline is that of its main font: a superscript call sits higher
    main = [c for c in letters if round(c.size, 1) == size and c.font == font]
    baseline = min(c.baseline for c in main) if main else baseline
    return Line(tuple(words), baseline, size, font, max(c.top for c in letters), min(c.bottom for c in letters))
