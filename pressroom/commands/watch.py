"""``pressroom watch``: rebuild what a save affects, as soon as it is saved (watchfiles).

A change inside ``issues/<ID>/<lang>/`` concerns that language only; anything
else the edition is made from (edition.yaml, images, styles, fonts,
pressroom.yaml) concerns every language. The incremental build then redoes only
the outputs whose inputs really changed.

The change is shown first: a saved article is laid out alone from where the
last build put it (:mod:`pressroom.build.article_proof`) and its pages written
as PNG proofs; then the language's print PDF is brought up to date; then its
other variants.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from ..build.article_proof import changed_articles, edition_parts, lay_out_article
from ..build.jobs import BuildReport, Options, plan
from ..build.pipeline import build
from ..errors import BuildError, PressroomError, fault_message
from ..pdf.variants import VARIANTS
from ..structure.edition import Edition
from ..structure.project import Project


@dataclass(frozen=True)
class Rebuild:
    changed: list[Path]
    languages: tuple[str, ...]  # empty: every language
    report: BuildReport | None
    error: PressroomError | None
    seconds: float
    proof: ArticleProof | None = None  # a saved article's pages, shown before any PDF is rebuilt


@dataclass(frozen=True)
class ArticleProof:
    lang: str
    key: str
    first_page: int
    pages: tuple[Path, ...]  # PNGs, one a page


def watched_paths(project: Project, edition_id: str) -> list[Path]:
    paths = [project.root / "issues" / edition_id, project.styles, project.fonts, project.root / "pressroom.yaml"]
    return [path for path in paths if path.exists()]


def affected_languages(changed: Iterable[Path], project: Project, edition_id: str,
                       languages: tuple[str, ...]) -> tuple[str, ...]:
    """The languages a set of changed files concerns; empty means all of them."""
    touched: set[str] = set()
    for path in changed:
        parts = edition_parts(path, project, edition_id)
        if parts is None:
            return ()  # styles, fonts, pressroom.yaml: everything
        if len(parts) >= 2 and parts[0] in languages:
            touched.add(parts[0])
        else:
            return ()  # edition.yaml, images/: everything
    return tuple(lang for lang in languages if lang in touched)


def complete_languages(edition: Edition) -> tuple[str, ...]:
    """The languages that have every article of the edition."""
    keys = {a.key for lang in edition.languages for a in edition.editions[lang].articles}
    return tuple(lang for lang in edition.languages
                 if {a.key for a in edition.editions[lang].articles} == keys)


def rebuild(project: Project, edition_id: str, changed: list[Path], languages: tuple[str, ...],
            variants: tuple[str, ...], workers: int, options: Options, allow_missing: bool = False) -> Rebuild:
    started = time.perf_counter()
    try:
        edition = plan(project, edition_id, languages, variants, allow_missing=True)[0].edition
        if not languages and not allow_missing:
            languages = complete_languages(edition)  # a gap in one language leaves the others workable
        all_languages = edition.languages
        affected = affected_languages(changed, project, edition_id, languages or all_languages) if changed else ()
        report = build(plan(project, edition_id, affected or languages, variants, allow_missing, defer=True), workers,
                       options=options)
        return Rebuild(changed, affected, report, None, time.perf_counter() - started)
    except PressroomError as error:
        return Rebuild(changed, (), None, error, time.perf_counter() - started)
    except OSError as error:  # a disk or folder fault: reported like any other problem, the watch goes on
        return Rebuild(changed, (), None, BuildError(fault_message(error)), time.perf_counter() - started)


def watch(project: Project, edition_id: str, languages: tuple[str, ...], variants: tuple[str, ...], workers: int,
          options: Options, on_rebuild: Callable[[Rebuild], None], stop: threading.Event | None = None,
          on_watching: Callable[[], None] | None = None, allow_missing: bool = False) -> None:
    """Build once, then after every batch of saves; returns when ``stop`` is set (or on Ctrl-C).

    ``on_watching`` is called once the watcher is in place, so that a caller
    (a test) can save a file knowing that the save will be seen.
    """
    on_rebuild(rebuild(project, edition_id, [], languages, variants, workers, options, allow_missing))
    announced = False
    # yield_on_timeout: an empty batch means the watcher is running and nothing changed.
    for changes in watchfiles.watch(*watched_paths(project, edition_id), stop_event=stop, debounce=300,
                                    watch_filter=_sources_only, yield_on_timeout=True, rust_timeout=200):
        if not changes:
            if not announced and on_watching is not None:
                on_watching()
            announced = True
            continue
        changed = sorted({Path(path) for _, path in changes})
        for proof in proofs(project, edition_id, changed, languages):
            on_rebuild(proof)
        for stage in build_stages(variants):
            result = rebuild(project, edition_id, changed, languages, stage, workers, options, allow_missing)
            on_rebuild(result)
            if result.error is not None:
                break  # the next stage would meet the same problem


def build_stages(variants: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The variants a save rebuilds, in the order it rebuilds them: print first, what layout staff check."""
    chosen = variants or tuple(VARIANTS)
    rest = tuple(variant for variant in chosen if variant != "print")
    return [("print",), rest] if "print" in chosen and rest else [chosen]


def proofs(project: Project, edition_id: str, changed: list[Path], languages: tuple[str, ...]) -> list[Rebuild]:
    """Each saved article laid out alone and drawn as PNGs (nothing for an article the last build did not place).

    A problem in the sources is left to the rebuild that follows, which reports all of them.
    """
    from .proof import article_pngs

    made = []
    for lang, key in changed_articles(changed, project, edition_id):
        if languages and lang not in languages:
            continue
        started = time.perf_counter()
        try:
            layout = lay_out_article(project, edition_id, lang, key)
            pages = tuple(article_pngs(layout))
        except (PressroomError, OSError):
            continue  # a mistake, a file saved half-way or a disk fault: the rebuild that follows reports it
        made.append(Rebuild([path for path in changed if path.stem == key], (lang,), None, None,
                            time.perf_counter() - started, ArticleProof(lang, key, layout.first_page, pages)))
    return made


# What editors write beside a file while saving it: never a source, never a reason to rebuild.
EDITOR_TEMPORARY = re.compile(r"^(\..*|#.*#|4913|~\$.*)$|(~|\.sw[a-px]|\.tmp|\.bak|\.part|\.partial|\.crdownload)$")


def is_editor_temporary(name: str) -> bool:
    """Hidden files, vim's swap files and 4913 probe, emacs' #autosaves# and backups~, Office's ~$locks."""
    return bool(EDITOR_TEMPORARY.search(name))


def _sources_only(change: watchfiles.Change, path: str) -> bool:
    return watchfiles.DefaultFilter()(change, path) and not is_editor_temporary(Path(path).name)
