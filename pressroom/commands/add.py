"""``pressroom add`` and ``pressroom translated``: edit an edition's articles in every language at once.

``add ID NN-slug`` writes a stub of a new article into every language folder (in each
language's own words, ``status: stub``). ``translated ID NN-slug`` records, in each
translation's front matter, the digest of the source-language text it was made from
(``translated_from:``): when that text changes later, ``status`` flags the translation as stale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError, UsageError
from ..files import write_atomically
from ..sources.articles import ARTICLE_FILE
from ..sources.edition import edition_folder, load_edition
from ..sources.reading import read_text
from .new import stub_text


@dataclass(frozen=True)
class _Titled:
    title: str
    section: str = ""
    author: str = ""


def add_article(root: Path, edition_id: str, name: str, title: str = "", section: str = "") -> list[Path]:
    """Stubs of the article ``name`` ("04-new-school") in every language; returns the files written."""
    name = name.removesuffix(".md")
    if not ARTICLE_FILE.match(f"{name}.md"):
        raise UsageError(f"{name!r} is not an article name: write NN-slug, e.g. 04-new-school")
    edition = load_edition(root, edition_id, allow_missing=True)
    taken = [f"{lang}/{name}.md" for lang in edition.languages if (edition.folder / lang / f"{name}.md").exists()]
    if taken:
        raise UsageError(f"the article exists already: {', '.join(taken)}")
    shown = title or name.split("-", 1)[1].replace("-", " ").capitalize()
    written = []
    for lang in edition.languages:
        path = edition.folder / lang / f"{name}.md"
        write_atomically(path, stub_text(_Titled(shown, section), lang).encode("utf-8"))
        written.append(path)
    return written


_TRANSLATED_FROM = re.compile(r"^translated_from:.*$", re.MULTILINE)


def record_translations(root: Path, edition_id: str, name: str, languages: tuple[str, ...] = ()) -> list[Path]:
    """Record the source text's digest in the translations of ``name``; returns the files changed."""
    name = name.removesuffix(".md")
    edition = load_edition(root, edition_id, allow_missing=True)
    source_lang = edition.publication.source_language
    by_lang = {lang: {a.key: a for a in edition.editions[lang].articles} for lang in edition.languages}
    source = by_lang.get(source_lang, {}).get(name)
    if source is None:
        raise UsageError(f"{source_lang}/{name}.md does not exist: translations are recorded against the "
                         f"source language ({source_lang}, source_language in pressroom.yaml)")
    targets = [lang for lang in edition.languages if lang != source_lang and (not languages or lang in languages)]
    changed = []
    for lang in targets:
        article = by_lang[lang].get(name)
        if article is None:
            raise UsageError(f"{lang}/{name}.md does not exist yet")
        text, _ = read_text(article.path, root)
        line = f"translated_from: {source.content_digest}"
        end = text.find("\n---\n", 3)
        front = text[: end + 1]
        if _TRANSLATED_FROM.search(front):
            front = _TRANSLATED_FROM.sub(line, front, count=1)
        else:
            front = front + line + "\n"
        write_atomically(article.path, (front + text[end + 1:]).encode("utf-8"))
        changed.append(article.path)
    if not changed:
        raise SourceError("no translation to record", edition_folder(root, edition_id) / source_lang / f"{name}.md")
    return changed
