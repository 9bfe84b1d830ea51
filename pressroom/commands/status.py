"""``pressroom status``: one line per article and language, read from the sources and the last build.

Each cell says where the article stands: missing (no file, or still a stub), a draft, translated,
approved; a translation whose source-language article has changed since it was translated is
*stale* (by content digest, never by file dates). After a build, the page map of each language
(first page, page count, how full the last page is) joins it, from ``.cache/pagemap-<lang>.json``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..build.cache import read_page_map
from ..build.jobs import plan
from ..structure.edition import Article, Edition
from ..structure.project import Project


@dataclass(frozen=True)
class Cell:
    """One article in one language."""

    article: Article | None
    stale: bool = False  # its source changed since it was translated
    page: dict | None = None  # first_page, pages, last_page_fill, overrun_lines from the last build

    @property
    def state(self) -> str:
        if self.article is None or self.article.unfinished == "a stub":
            return "missing"
        return "stale" if self.stale else self.article.status

    def as_dict(self) -> dict | None:
        if self.article is None:
            return None
        found = {"title": self.article.title, "words": self.article.word_count, "status": self.article.status,
                 "stub": self.article.unfinished == "a stub", "stale": self.stale}
        return found | (self.page or {"first_page": None, "pages": None, "last_page_fill": None})


@dataclass(frozen=True)
class StatusMatrix:
    edition: Edition
    languages: tuple[str, ...]
    keys: tuple[str, ...]  # every article any language has, in order
    cells: dict[str, dict[str, Cell]]  # language → article key → cell

    def cell(self, key: str, lang: str) -> Cell:
        return self.cells[lang].get(key, Cell(None))

    @property
    def gaps(self) -> int:
        """Articles still missing in some language (stubs count as missing)."""
        return sum(1 for key in self.keys for lang in self.languages if self.cell(key, lang).state == "missing")

    @property
    def stale(self) -> list[str]:
        return [f"{lang}/{key}" for key in self.keys for lang in self.languages if self.cell(key, lang).stale]

    def words(self, lang: str) -> int:
        return sum(cell.article.word_count for cell in self.cells[lang].values() if cell.article is not None)

    def as_dict(self) -> dict:
        matrix = {key: {lang: self.cell(key, lang).as_dict() for lang in self.languages} for key in self.keys}
        return {"edition": self.edition.id, "source_language": self.edition.publication.source_language,
                "articles": matrix}


def stale_translation(article: Article, source: Article | None) -> bool:
    """True if ``article`` records the digest of a source text that has changed since."""
    return bool(source is not None and article.translated_from and article.translated_from != source.content_digest)


def status_matrix(project: Project, edition_id: str, languages: tuple[str, ...] = ()) -> StatusMatrix:
    """What the sources hold, gaps included (a missing translation is shown, not refused)."""
    edition = plan(project, edition_id, languages, allow_missing=True)[0].edition
    shown = tuple(code for code in edition.languages if not languages or code in languages)
    source_lang = edition.publication.source_language
    sources = {a.key: a for a in edition.editions[source_lang].articles} if source_lang in edition.editions else {}
    cells: dict[str, dict[str, Cell]] = {}
    for code in shown:
        pages = read_page_map(project, edition.id, code)
        cells[code] = {
            a.key: Cell(a, code != source_lang and stale_translation(a, sources.get(a.key)), pages.get(a.key))
            for a in edition.editions[code].articles
        }
    keys = tuple(sorted(set().union(*(set(by_key) for by_key in cells.values()))))
    return StatusMatrix(edition, shown, keys, cells)
