"""``pressroom status``: the articles × languages matrix of an edition, read from the sources only."""

from __future__ import annotations

from dataclasses import dataclass

from ..build.jobs import plan
from ..structure.edition import Article, Edition
from ..structure.project import Project


@dataclass(frozen=True)
class StatusMatrix:
    edition: Edition
    languages: tuple[str, ...]
    keys: tuple[str, ...]  # every article any language has, in order
    articles: dict[str, dict[str, Article]]  # language → article key → article

    def cell(self, key: str, lang: str) -> Article | None:
        return self.articles[lang].get(key)

    @property
    def gaps(self) -> int:
        return sum(1 for key in self.keys for lang in self.languages if key not in self.articles[lang])

    def words(self, lang: str) -> int:
        return sum(article.word_count for article in self.articles[lang].values())

    def as_dict(self) -> dict:
        matrix = {
            key: {lang: ({"title": article.title, "words": article.word_count}
                         if (article := self.cell(key, lang)) is not None else None) for lang in self.languages}
            for key in self.keys
        }
        return {"edition": self.edition.id, "articles": matrix}


def status_matrix(project: Project, edition_id: str, languages: tuple[str, ...] = ()) -> StatusMatrix:
    """What the sources hold, gaps included (a missing translation is shown, not refused)."""
    edition = plan(project, edition_id, languages, allow_missing=True)[0].edition
    shown = tuple(code for code in edition.languages if not languages or code in languages)
    articles = {code: {a.key: a for a in edition.editions[code].articles} for code in shown}
    keys = tuple(sorted(set().union(*(set(by_key) for by_key in articles.values()))))
    return StatusMatrix(edition, shown, keys, articles)
