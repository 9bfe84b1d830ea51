"""The domain model: a publication, its editions, their languages and articles.

Plain frozen dataclasses, built by :mod:`pressroom.sources` from the files of
the sources contract and read by every later stage. Nothing here reads a file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import SourceError, UsageError

PAGE_SIZES = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "B5": (176.0, 250.0), "letter": (215.9, 279.4)}
_EDITION_ID = re.compile(r"^(?P<year>\d{4})-H(?P<half>[12])$")


FIRST_YEAR, LAST_YEAR = 1900, 9998  # an H2 edition appears the next January: still a four-digit year


@dataclass(frozen=True, order=True)
class EditionId:
    """``2024-H1``: a half year (H1 January–June, H2 July–December); orders by time."""

    year: int
    half: int

    @classmethod
    def parse(cls, text: str) -> EditionId:
        """The edition named by ``text``; a malformed ID is a usage error."""
        parsed = cls.match(text)
        if parsed is None:
            raise UsageError(f"{text!r} is not an edition ID: write YYYY-H1 (January–June) or YYYY-H2 (July–December)")
        if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
            raise UsageError(f"{text}: editions are numbered by years from {FIRST_YEAR} to {LAST_YEAR}")
        return parsed

    @classmethod
    def match(cls, text: str) -> EditionId | None:
        """The edition named by ``text``, or None if it is not an edition ID."""
        found = _EDITION_ID.match(text)
        return cls(int(found["year"]), int(found["half"])) if found else None

    def __str__(self) -> str:
        return f"{self.year:04d}-H{self.half}"

    @property
    def period(self) -> tuple[date, date]:
        """The first and last day the edition covers."""
        if self.half == 1:
            return date(self.year, 1, 1), date(self.year, 6, 30)
        return date(self.year, 7, 1), date(self.year, 12, 31)

    @property
    def usual_publication(self) -> date:
        """1 July for H1, 1 January of the next year for H2."""
        return date(self.year, 7, 1) if self.half == 1 else date(self.year + 1, 1, 1)

    def previous(self) -> EditionId:
        return EditionId(self.year, 1) if self.half == 2 else EditionId(self.year - 1, 2)

    def next(self) -> EditionId:
        return EditionId(self.year, 2) if self.half == 1 else EditionId(self.year + 1, 1)


@dataclass(frozen=True)
class PrintSettings:
    """What the printer asked for (``print:`` in pressroom.yaml)."""

    standard: str = "pdf/x-4"
    output_intent: Path = Path("styles/profiles/default_cmyk.icc")  # relative to the project root
    bleed_mm: float = 3.0
    min_ppi: int = 300
    output_condition: str = "CGATS TR 001"  # the output intent's OutputConditionIdentifier (SWOP for the default)
    registry: str = "http://www.color.org"  # where that condition is registered ("" for a custom one)


@dataclass(frozen=True)
class Publication:
    root: Path
    slug: str
    name: dict[str, str]
    subtitle: dict[str, str]
    publisher: dict[str, str]
    rights: dict[str, str]
    page_size: str
    languages: tuple[str, ...]
    print: PrintSettings = field(default_factory=PrintSettings)
    # PDF/A-3b can carry the sources as associated files; PDF/A-2b cannot (it admits PDF/A files only).
    archive_standard: str = "pdf/a-3b"
    warnings: tuple[str, ...] = ()  # about pressroom.yaml itself (a byte-order mark)
    source_language: str = "az"  # the language translations are made from (stale translations are flagged)
    # The imprint's optional lines: field → language → text (see config/imprint.py)
    imprint: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def page_mm(self) -> tuple[float, float]:
        return PAGE_SIZES[self.page_size]


# Where an article stands: "stub" (made by ``pressroom new``), "draft" (being written or
# translated), "translated" (awaiting approval), "approved". Stubs and drafts can be proofed and
# built, but never checked as final, archived or catalogued.
ARTICLE_STATUSES = ("stub", "draft", "translated", "approved")


@dataclass(frozen=True)
class Article:
    key: str  # "03-roads": the same in every language
    number: int
    slug: str
    lang: str
    path: Path
    title: str
    section: str
    summary: str
    author: str
    body: str
    body_line: int  # line of the file on which ``body`` starts
    status: str = "approved"  # stub, draft, translated or approved (see ARTICLE_STATUSES)
    stub: bool = False  # still holds the placeholder text ``pressroom new`` writes
    translated_from: str = ""  # digest of the source-language article this translation was made from
    short_title: str = ""  # for running heads and the contents, when the title is too long for them
    author_role: str = ""  # the byline's second part: "correspondent in Shusha"

    @property
    def running_title(self) -> str:
        """What the running heads and the contents call the article."""
        return self.short_title or self.title

    @property
    def content_digest(self) -> str:
        """What a translation records of its source: the text that is read (front matter fields and body)."""
        fields = [self.title, self.section, self.summary, self.author, self.body.strip()]
        # the newer fields count only when set, so that older translations' digests still hold
        fields += [value for value in (self.short_title, self.author_role) if value]
        text = "\0".join(fields)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]

    @property
    def unfinished(self) -> str | None:
        """Why the article may not be published yet ("a stub", "a draft"), or None if it may."""
        if self.stub or self.status == "stub":
            return "a stub"
        return "a draft" if self.status == "draft" else None

    @property
    def anchor(self) -> str:
        return f"article-{self.key}"

    @property
    def word_count(self) -> int:
        """Words of the body, leaving out Markdown's image and footnote syntax and the elements' fences."""
        text = re.sub(r"!\[[^\]]*\]\([^)]*\)(\{[^}]*\})?|\[\^[^\]]*\]:?|\]\([^)]*\)", " ", self.body)
        text = re.sub(r"^:::[ \t]*(factbox|pullquote|interview|gallery|table|opener)?", " ", text, flags=re.MULTILINE)
        return len(re.findall(r"\w+(?:[-'’]\w+)*", text))


@dataclass(frozen=True)
class LanguageEdition:
    """What one language of the edition says: its date, cover, note and articles."""

    lang: str
    published: date
    cover: Path | None
    note: str
    articles: tuple[Article, ...]
    # The imprint's optional lines, in print order: (field, text) for the fields that have a value.
    imprint: tuple[tuple[str, str], ...] = ()

    def imprint_value(self, name: str) -> str:
        return dict(self.imprint).get(name, "")


@dataclass(frozen=True)
class Edition:
    id: str
    year: int
    half: int
    folder: Path
    publication: Publication
    languages: tuple[str, ...]
    editions: dict[str, LanguageEdition]
    warnings: tuple[str, ...] = field(default=())
    # Problems of articles left out, kept for the build to report with its own (see load_edition's defer)
    problems: tuple[SourceError, ...] = field(default=())

    def unfinished(self, languages: tuple[str, ...] = ()) -> list[str]:
        """"en/03-roads.md (a draft)" for every stub or draft of the languages (all when none given)."""
        return [f"{lang}/{article.path.name} ({article.unfinished})"
                for lang in self.languages if not languages or lang in languages
                for article in self.editions[lang].articles if article.unfinished]

    @property
    def edition_id(self) -> EditionId:
        return EditionId(self.year, self.half)

    @property
    def period(self) -> tuple[date, date]:
        return self.edition_id.period

    def period_label(self, lang: str) -> str:
        from ..text.typography import period_label

        return period_label(*self.period, lang)

    @property
    def images_folder(self) -> Path:
        return self.folder / "images"
