"""The layout report: a print PDF's pages measured as a typographer reads them.

Everything here is read back from the laid-out pages (:mod:`.pagetext`), not
from the sources: page fill, holes at column feet, loose lines, hyphenation
(runs, page turns, column ends, syllables), widows and orphans, headings left
at a column foot, paragraph stubs, one-word title lines, running heads on
openers, lines off the common baseline, Russian particles and one-letter words
at a line's edge, and substitute letters in the text layer.

The page's geometry is inferred from the file itself: body text is the most
common serif size, the line pitch the most common distance between its lines,
a column's foot the lowest body baseline of the document, the articles'
openers the top-level bookmarks after the front matter.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pypdf import PdfReader

from .pagetext import Line, PageText, Picture, read_pages

HYPHENS = ("\u2010", "-", "\u00ad")
AUTOMATIC_HYPHEN = "\u2010"  # what WeasyPrint sets at a line it hyphenated
LOOSE_SPACE_EM = 1.0  # a word space wider than this is a loose line
RUSSIAN_ONE_LETTER = {"а", "б", "в", "ж", "и", "к", "о", "с", "у", "я"}
RUSSIAN_PARTICLES = {"же", "ж", "бы", "б", "ли", "ль"}
AZ_VOWELS = set("aıoueəiöü")
AZ_LETTERS = AZ_VOWELS | set("bcçdfgğhxjkqlmnprsştvyz")


@dataclass(frozen=True)
class Target:
    name: str
    value: float
    limit: float
    unit: str  # "%", "pages", "lines", "spots"
    ok: bool


@dataclass(frozen=True)
class Spot:
    """One problem on one page, with the area it covers (PDF points, origin at the trim's lower left)."""

    page: int
    kind: str
    detail: str
    box: tuple[float, float, float, float]  # x0, bottom, x1, top


@dataclass(frozen=True)
class PageMeasure:
    page: int
    role: str  # cover, front, opener, article, picture (a page of its own for one), back
    article: str  # the article's title, for article pages
    fill: float  # the share of the columns' height used: from their top down to the foot of their lowest item
    continues: bool  # the article goes on on the next page
    short_lines: tuple[int, ...]  # per column: lines left empty at its foot


@dataclass
class Counts:
    full_lines: int = 0
    loose_lines: int = 0
    hyphenated_lines: int = 0
    body_lines: int = 0
    az_breaks: int = 0
    az_breaks_off_syllable: int = 0
    grid_lines: int = 0
    grid_aligned: int = 0


@dataclass
class LayoutReport:
    file: str
    language: str
    pages: list[PageMeasure] = field(default_factory=list)
    spots: list[Spot] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
    targets: list[Target] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(target.ok for target in self.targets)

    def spots_of(self, kind: str) -> list[Spot]:
        return [spot for spot in self.spots if spot.kind == kind]

    def as_json(self) -> dict:
        return {"file": self.file, "language": self.language, "ok": self.ok,
                "targets": [asdict(target) for target in self.targets],
                "counts": asdict(self.counts),
                "pages": [asdict(page) for page in self.pages],
                "spots": [asdict(spot) for spot in self.spots]}


# -- geometry ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Geometry:
    body_size: float
    pitch: float  # the line pitch of body text
    foot: float  # the lowest body baseline of the document: a full column's last line
    head: float  # the highest body baseline on pages that continue an article


def _is_body(line: Line, body_size: float) -> bool:
    return line.font.startswith("Bulletin-Serif") and abs(line.size - body_size) < 0.15


def _geometry(pages: list[PageText], article_pages: set[int]) -> _Geometry | None:
    serif = Counter(round(line.size, 1) for page in pages if page.number in article_pages
                    for line in page.lines if line.font.startswith("Bulletin-Serif"))
    if not serif:
        return None
    body_size = serif.most_common(1)[0][0]
    steps: Counter[float] = Counter()
    baselines = []
    for page in pages:
        if page.number not in article_pages:
            continue
        body = [line for line in page.lines if _is_body(line, body_size)]
        baselines += [line.baseline for line in body]
        for upper, lower in zip(body, body[1:], strict=False):
            if 0 < upper.baseline - lower.baseline < 3 * body_size:
                steps[round(upper.baseline - lower.baseline, 1)] += 1
    pitch = steps.most_common(1)[0][0] if steps else body_size * 1.4
    return _Geometry(body_size, pitch, min(baselines), max(baselines))


# -- the pages' roles ------------------------------------------------------------


def _openers(path: Path) -> dict[int, str]:
    """Page number → title of each article's opener: the top-level bookmarks after the cover's."""
    reader = PdfReader(path)
    openers: dict[int, str] = {}
    for item in reader.outline[1:] if reader.outline else []:
        if isinstance(item, list):
            continue
        number = reader.get_destination_page_number(item)
        if number is not None:
            openers[number + 1] = str(item.title)
    return openers


@dataclass
class _Column:
    lines: list[Line]  # body lines, top to bottom
    items: list[tuple[float, float]]  # (bottom, top) of everything placed in it
    left: float
    right: float


def _columns(page: PageText, geometry: _Geometry) -> tuple[list[_Column], list[Line]]:
    """The page's two columns, and the lines set across both (titles, footnotes, tables)."""
    middle = page.width / 2
    columns = [_Column([], [], middle, 0.0), _Column([], [], page.width, middle)]
    across: list[Line] = []
    lowest_body = min((line.baseline for line in page.lines if _is_body(line, geometry.body_size)), default=0.0)
    for line in page.lines:
        if _in_margin(line, geometry):
            continue
        # the footnotes run across the page, though a short line of one may sit under one column only
        footnote = line.font.startswith("Bulletin-Serif") and line.size < geometry.body_size - 0.5 and \
            line.baseline < lowest_body
        if footnote or line.x0 < middle - 2 < middle + 2 < line.x1:
            across.append(line)
            continue
        column = columns[0 if line.x1 <= middle + 2 else 1]
        column.items.append(_extent(line, geometry))
        if _is_body(line, geometry.body_size):
            column.lines.append(line)
            column.left = min(column.left, line.x0)
            column.right = max(column.right, line.x1)
    for picture in page.pictures:
        if picture.top < 0 or picture.bottom > page.height or picture.x1 - picture.x0 > page.width * 0.9:
            continue  # a page background, not a picture in the text
        spans = [0, 1] if picture.x0 < middle - 2 < middle + 2 < picture.x1 else [0 if picture.x1 <= middle + 2 else 1]
        for index in spans:
            columns[index].items.append((picture.bottom, picture.top))
    for line in across:
        for column in columns:
            column.items.append(_extent(line, geometry))
    for column in columns:
        column.lines.sort(key=lambda line: -line.baseline)
    return columns, across


def _extent(line: Line, geometry: _Geometry) -> tuple[float, float]:
    # a line's slot on the page: a quarter of a body line below its baseline, three quarters above
    pitch = max(geometry.pitch * line.size / geometry.body_size, line.size)
    return line.baseline - 0.25 * pitch, line.baseline + 0.75 * pitch


def _in_margin(line: Line, geometry: _Geometry) -> bool:
    """Running heads and folios: outside the body's highest and lowest baselines."""
    return line.baseline > geometry.head + geometry.pitch or line.baseline < geometry.foot - 2 * geometry.pitch


def _reach(items: Iterable[tuple[float, float]], low: float, high: float) -> float:
    """How far down from ``high`` a column is used: to the foot of its lowest item (the space between
    paragraphs, above headings and around pictures is part of what the page holds)."""
    bottoms = [max(bottom, low) for bottom, top in items if top > low and bottom < high]
    return high - min(bottoms) if bottoms else 0.0


# -- the report --------------------------------------------------------------------


def layout_report(path: Path, language: str) -> LayoutReport:
    """Measure the print PDF at ``path``, set in ``language``."""
    return measure(read_pages(path), _openers(path), language, path.name)


def measure(pages: list[PageText], openers: dict[int, str], language: str, name: str = "") -> LayoutReport:
    """The report on ``pages``, whose articles begin on the pages ``openers`` names (page → title)."""
    report = LayoutReport(name, language)
    if not openers:
        return report
    # the back cover is the last page; blank pages may stand before it
    geometry = _geometry(pages, set(range(min(openers), len(pages))))
    if geometry is None:
        return report
    last_text = max(page.number for page in pages[:-1] if page.number >= min(openers)
                    and any(_is_body(line, geometry.body_size) for line in page.lines))
    article_of: dict[int, str] = {}
    title = ""
    for number in range(min(openers), last_text + 1):
        title = openers.get(number, title)
        article_of[number] = title
    heads = _running_head_baselines(pages, article_of, openers, geometry)
    # a picture on a page of its own (full page, full bleed) is the article's, but no text page
    pictured = {page.number for page in pages if page.number in article_of and _is_picture_page(page, geometry)}
    text_pages = [number for number in sorted(article_of) if number not in pictured]
    column_lines: list[list[Line]] = []
    for page in pages:
        role = _role(page.number, openers, article_of, len(pages))
        report.spots += _substitute_letters(page)
        report.spots += _edges(page, language)
        report.spots += _display_lines(page, geometry, role)
        if page.number not in article_of:
            report.pages.append(PageMeasure(page.number, role, "", 0.0, False, ()))
            continue
        if page.number in pictured:
            report.pages.append(PageMeasure(page.number, "picture", article_of[page.number], 1.0, False, ()))
            continue
        # the article's text goes on on a later page (perhaps after a page of its own for a picture)
        following = next((number for number in text_pages if number > page.number), None)
        continues = following is not None and following not in openers and \
            all(number not in openers for number in range(page.number + 1, following + 1))
        columns, across = _columns(page, geometry)
        top = (geometry.head + 0.75 * geometry.pitch) if role != "opener" else page.height - 1
        bottom = geometry.foot - 0.25 * geometry.pitch
        fill = sum(_reach(column.items, bottom, top) for column in columns) / (2 * (top - bottom))
        short = tuple(_short_lines(column, columns, across, geometry) for column in columns) if continues else ()
        report.pages.append(PageMeasure(page.number, role, article_of[page.number], round(fill, 3), continues, short))
        if fill < 0.25 and page.number != last_text:
            report.spots.append(Spot(page.number, "nearly empty page",
                                     f"{fill:.0%} full", (0, bottom, page.width, top)))
        for index, lines in enumerate(short):
            if lines > 3:
                column = columns[index]
                lowest = min((b for b, _ in column.items), default=top)
                report.spots.append(Spot(page.number, "hole at column foot", f"column {index + 1}: {lines} lines empty",
                                         (column.left, bottom, column.right, lowest)))
        if role == "opener":
            report.spots += [Spot(page.number, "running head on opener", line.text, _box(line))
                             for line in page.lines if any(abs(line.baseline - b) < 1 for b in heads)]
        report.spots += _column_text(page, columns, geometry, continues, role != "opener", report.counts)
        report.spots += _grid(page, columns, report.counts)
        column_lines += [column.lines for column in columns if column.lines]
    if language == "az":
        report.spots += _azerbaijani_breaks(column_lines, pages, report.counts)
    report.targets = _targets(report, language)
    return report


def _is_picture_page(page: PageText, geometry: _Geometry) -> bool:
    """No body text, and a picture over at least half the page."""
    if any(_is_body(line, geometry.body_size) for line in page.lines):
        return False
    area = page.width * page.height
    return any((min(p.x1, page.width) - max(p.x0, 0)) * (min(p.top, page.height) - max(p.bottom, 0)) >= area / 2
               for p in page.pictures)


def _role(number: int, openers: dict[int, str], article_of: dict[int, str], count: int) -> str:
    if number == 1:
        return "cover"
    if number in openers:
        return "opener"
    if number in article_of:
        return "article"
    return "back" if number == count else "front"


def _box(line: Line) -> tuple[float, float, float, float]:
    return (line.x0, line.bottom, line.x1, line.top)


def _running_head_baselines(pages: list[PageText], article_of: dict[int, str], openers: dict[int, str],
                            geometry: _Geometry) -> set[float]:
    found: Counter[float] = Counter()
    for page in pages:
        if page.number in article_of and page.number not in openers:
            found.update(round(line.baseline, 1) for line in page.lines
                         if line.baseline > geometry.head + geometry.pitch)
    return {baseline for baseline, times in found.items() if times >= 2}


def _short_lines(column: _Column, columns: list[_Column], across: list[Line], geometry: _Geometry) -> int:
    """How many lines a column of a page the article continues from leaves empty at its foot."""
    own = [item for item in column.items if item not in [_extent(line, geometry) for line in across]]
    footnotes = [line for line in across if line.size < geometry.body_size - 0.5]
    if footnotes:
        # the foot rises above the notes: the deeper of the two columns shows where it is
        limit = min(min((b for b, _ in c.items if (b, _) not in [_extent(n, geometry) for n in footnotes]),
                        default=geometry.foot) for c in columns)
    else:
        limit = geometry.foot - 0.25 * geometry.pitch
    lowest = min((bottom for bottom, _ in own), default=geometry.head + geometry.pitch)
    return max(0, int((lowest - limit) / geometry.pitch + 0.1))


def _ends_hyphenated(line: Line) -> bool:
    last = line.words[-1].text
    return last.endswith(HYPHENS) and len(last) > 1 and last[-2].isalpha()


def _is_full(line: Line, column: _Column) -> bool:
    return line.x1 >= column.right - 0.8


def _column_text(page: PageText, columns: list[_Column], geometry: _Geometry, continues: bool,
                 carried_over: bool, counts: Counts) -> list[Spot]:
    """What the body lines of each column show; ``carried_over``: the page's first line may end a paragraph."""
    spots: list[Spot] = []
    used = [column for column in columns if column.lines]
    for index, column in enumerate(used):
        run: list[Line] = []
        for position, line in enumerate(column.lines):
            counts.body_lines += 1
            full = _is_full(line, column)
            after = column.lines[position + 1] if position + 1 < len(column.lines) else None
            paragraph_ends = not full or (after is not None and after.x0 > column.left + 0.3 * line.size)
            if full and not paragraph_ends:
                counts.full_lines += 1
                widest = max(line.gaps(), default=0.0) / line.size
                if widest > LOOSE_SPACE_EM:
                    counts.loose_lines += 1
                    spots.append(Spot(page.number, "loose line", f"word space {widest:.1f} em: {line.text}",
                                      _box(line)))
            if position and column.lines[position - 1].baseline - line.baseline > 1.5 * geometry.pitch:
                run = []  # a picture, a box or a heading stands between: another paragraph, or another box
            if _ends_hyphenated(line):
                counts.hyphenated_lines += 1
                run.append(line)
            else:
                run = []
            if len(run) == 3:
                spots.append(Spot(page.number, "hyphen run", "three hyphenated lines in a row",
                                  (run[0].x0, run[-1].bottom, run[0].x1, run[0].top)))
            first_of_paragraph = position == 0 or not _is_full(column.lines[position - 1], column) or \
                line.x0 > column.left + 0.3 * line.size
            if not full and not first_of_paragraph and sum(c.isalpha() for c in line.text) <= 4:
                spots.append(Spot(page.number, "paragraph stub", line.text, _box(line)))
        first, last = column.lines[0], column.lines[-1]
        is_last_column = index == len(used) - 1
        if _ends_hyphenated(last) and (continues or not is_last_column):
            kind = "hyphen at page turn" if is_last_column else "hyphen at column end"
            spots.append(Spot(page.number, kind, last.text, _box(last)))
        began_before = _is_full(used[index - 1].lines[-1], used[index - 1]) if index else carried_over
        if not _is_full(first, column) and first.x0 <= column.left + 0.3 * first.size and began_before:
            spots.append(Spot(page.number, "widow", first.text, _box(first)))
        if _is_full(last, column) and last.x0 > column.left + 0.3 * last.size and len(column.lines) > 1 and \
                (continues or not is_last_column):
            spots.append(Spot(page.number, "orphan", last.text, _box(last)))
        stranded = [line for line in page.lines if _is_subhead(line, geometry) and column.left - 1 <= line.x0
                    and line.x1 <= column.right + 1 and line.baseline < last.baseline]
        if stranded and (continues or not is_last_column):
            spots.append(Spot(page.number, "heading at column foot", stranded[-1].text, _box(stranded[-1])))
    return spots


def _is_subhead(line: Line, geometry: _Geometry) -> bool:
    return line.font.startswith("Bulletin-Sans-Bold") and line.size >= geometry.body_size - 0.1


def _grid(page: PageText, columns: list[_Column], counts: Counts) -> list[Spot]:
    """Body lines that have no partner on the same baseline across the gutter.

    Counted where both columns hold text, over the height they share (an article's
    last column may end early; its lines above that are still counted).
    """
    if not all(len(column.lines) >= 5 for column in columns):
        return []
    spots = []
    low = max(column.lines[-1].baseline for column in columns) - 0.5
    high = min(column.lines[0].baseline for column in columns) + 0.5
    pitch = _pitch(columns)
    for this, other in ((columns[0], columns[1]), (columns[1], columns[0])):
        theirs = [line.baseline for line in other.lines]
        for line in this.lines:
            if not low <= line.baseline <= high:
                continue
            if not any(abs(line.baseline - baseline) < pitch for baseline in theirs):
                continue  # across the gutter stands a picture or a heading: nothing to align with
            counts.grid_lines += 1
            if any(abs(line.baseline - baseline) < 0.5 for baseline in theirs):
                counts.grid_aligned += 1
            elif this is columns[0]:
                spots.append(Spot(page.number, "off the baseline grid", line.text, _box(line)))
    return spots


def _pitch(columns: list[_Column]) -> float:
    steps = [upper.baseline - lower.baseline for column in columns
             for upper, lower in zip(column.lines, column.lines[1:], strict=False)]
    return min(steps, default=12.0) if steps else 12.0


def _display_lines(page: PageText, geometry: _Geometry | None, role: str) -> list[Spot]:
    """Hyphenated display text and titles whose last line is one word."""
    body_size = geometry.body_size if geometry else 0.0
    spots = []
    # display text: sans lines (kickers, headings, captions, labels) and anything larger than the body
    display = [line for line in page.lines if not line.font.startswith("Bulletin-Serif") or line.size > body_size + 0.5]
    for line in display:
        if line.words[-1].text.endswith(AUTOMATIC_HYPHEN):
            spots.append(Spot(page.number, "hyphenated display text", line.text, _box(line)))
    blocks: list[list[Line]] = []
    for line in display:
        if "Bold" not in line.font or line.size < body_size - 0.1:
            continue  # summaries, captions, labels: not titles
        block = blocks[-1] if blocks else None
        if block and block[-1].font == line.font and abs(block[-1].size - line.size) < 0.1 and \
                0 < block[-1].baseline - line.baseline < 1.6 * line.size and abs(block[-1].x0 - line.x0) < 2:
            block.append(line)
        else:
            blocks.append([line])
    for block in blocks:
        if len(block) >= 2 and len(block[-1].words) == 1 and len(block[-1].text) > 1:
            spots.append(Spot(page.number, "one-word title line", " ".join(line.text for line in block),
                              _box(block[-1])))
    return spots


def _edges(page: PageText, language: str) -> list[Spot]:
    """Russian one-letter words left at a line's end and particles starting a line."""
    if language != "ru":
        return []
    spots = []
    previous: Line | None = None
    for line in page.lines:
        if sum(len(word.text) == 1 for word in line.words) > len(line.words) / 2:
            continue  # a letter-spaced label: its letters read as one-letter words
        last = line.words[-1].text.lower().strip("«»„“()")
        first = line.words[0].text.lower().strip("«»„“(),.;:!?")
        # after a hyphenated line the first word is the end of a word ("так-/же"), not a particle
        continued = previous is not None and _ends_hyphenated(previous)
        previous = line
        if len(line.words) > 1 and last in RUSSIAN_ONE_LETTER:
            spots.append(Spot(page.number, "one-letter word at line end", line.text, _box(line)))
        if first in RUSSIAN_PARTICLES and not continued:
            spots.append(Spot(page.number, "particle at line start", line.text, _box(line)))
    return spots


def _is_substitute(letter: str) -> bool:
    # what a font's small-caps feature puts in the text layer instead of the letter (ɪ for i);
    # no language of the bulletin writes them (ə, U+0259, is a letter of Azerbaijani and stays)
    return "SMALL CAPITAL" in unicodedata.name(letter, "")


def _substitute_letters(page: PageText) -> list[Spot]:
    return [Spot(page.number, "substitute letter", f"{letter} ({unicodedata.name(letter)}) in {line.text}",
                 _box(line))
            for line in page.lines for letter in line.text if ord(letter) > 0x24f and _is_substitute(letter)]


def _az_lower(text: str) -> str:
    return text.replace("I", "ı").replace("İ", "i").lower()


def _azerbaijani_breaks(column_lines: list[list[Line]], pages: list[PageText], counts: Counts) -> list[Spot]:
    """Breaks that fall between syllables: before a consonant that precedes a vowel, or between two vowels."""
    spots = []
    lines = [line for column in column_lines for line in column]
    for line, following in zip(lines, lines[1:], strict=False):
        if not line.words[-1].text.endswith(AUTOMATIC_HYPHEN):
            continue
        left = _az_lower(line.words[-1].text[:-1])
        right = _az_lower(following.words[0].text)
        if not (left and len(right) >= 2 and left[-1] in AZ_LETTERS and right[0] in AZ_LETTERS):
            continue
        counts.az_breaks += 1
        syllabic = (right[0] not in AZ_VOWELS and right[1] in AZ_VOWELS) or \
            (right[0] in AZ_VOWELS and left[-1] in AZ_VOWELS)
        if not syllabic:
            counts.az_breaks_off_syllable += 1
            page = next((p.number for p in pages if line in p.lines), 0)
            spots.append(Spot(page, "break off the syllable", f"{left}-{right}", _box(line)))
    return spots


def _share(part: int, whole: int) -> float:
    return round(100 * part / whole, 2) if whole else 0.0


def _targets(report: LayoutReport, language: str) -> list[Target]:
    def spots(kind: str) -> int:
        return len(report.spots_of(kind))

    counts = report.counts
    loose = _share(counts.loose_lines, counts.full_lines)
    aligned = _share(counts.grid_aligned, counts.grid_lines) if counts.grid_lines else 100.0
    targets = [
        Target("pages under 25 % full", spots("nearly empty page"), 0, "pages", spots("nearly empty page") == 0),
        Target("column feet more than 3 lines short", spots("hole at column foot"), 0, "columns",
               spots("hole at column foot") == 0),
        Target("loose lines (word space over 1 em)", loose, 1.0, "%", loose <= 1.0),
        Target("runs of three hyphenated lines", spots("hyphen run"), 0, "runs", spots("hyphen run") == 0),
        Target("hyphens at a page turn", spots("hyphen at page turn"), 0, "lines", spots("hyphen at page turn") == 0),
        Target("hyphenated display text", spots("hyphenated display text"), 0, "lines",
               spots("hyphenated display text") == 0),
        Target("body lines on the common baseline", aligned, 90.0, "% at least", aligned >= 90.0),
        Target("running heads on openers", spots("running head on opener"), 0, "pages",
               spots("running head on opener") == 0),
        Target("substitute letters", spots("substitute letter"), 0, "letters", spots("substitute letter") == 0),
    ]
    if language == "az":
        off = _share(counts.az_breaks_off_syllable, counts.az_breaks)
        targets.append(Target("breaks off the syllable", off, 0.5, "%", off <= 0.5))
    if language == "ru":
        edges = spots("one-letter word at line end") + spots("particle at line start")
        targets.append(Target("one-letter words and particles at a line's edge", edges, 0, "lines", edges == 0))
    return targets


def hyphenated_share(report: LayoutReport) -> float:
    return _share(report.counts.hyphenated_lines, report.counts.body_lines)


__all__ = ["LayoutReport", "PageMeasure", "Picture", "Spot", "Target", "hyphenated_share", "layout_report"]
