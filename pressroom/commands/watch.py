"""``pressroom watch``: rebuild what a save affects, as soon as it is saved (watchfiles).

A change inside ``issues/<ID>/<lang>/`` concerns that language only; anything
else the edition is made from (edition.yaml, images, styles, fonts,
pressroom.yaml) concerns every language. The incremental build then redoes only
the outputs whose inputs really changed.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from ..build.jobs import BuildReport, Options, plan
from ..build.pipeline import build
from ..errors import BuildError, PressroomError, fault_message
from ..structure.edition import Edition
from ..structure.project import Project


@dataclass(frozen=True)
class Rebuild:
    changed: list[Path]
    languages: tuple[str, ...]  # empty: every language
    report: BuildReport | None
    error: PressroomError | None
    seconds: float


def watched_paths(project: Project, edition_id: str) -> list[Path]:
    paths = [project.root / "issues" / edition_id, project.styles, project.fonts, project.root / "pressroom.yaml"]
    return [path for path in paths if path.exists()]


def affected_languages(changed: Iterable[Path], project: Project, edition_id: str,
                       languages: tuple[str, ...]) -> tuple[str, ...]:
    """The languages a set of changed files concerns; empty means all of them."""
    edition_folder = (project.root / "issues" / edition_id).resolve()
    touched: set[str] = set()
    for path in changed:
        try:
            parts = path.resolve().relative_to(edition_folder).parts
        except ValueError:
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
        on_rebuild(rebuild(project, edition_id, changed, languages, variants, workers, options, allow_missing))


# What editors write beside a file while saving it: never a source, never a reason to rebuild.
EDITOR_TEMPORARY = re.compile(r"^(\..*|#.*#|4913|~\$.*)$|(~|\.sw[a-px]|\.tmp|\.bak|\.part|\.partial|\.crdownload)$")


def is_editor_temporary(name: str) -> bool:
    """Hidden files, vim's swap files and 4913 probe, emacs' #autosaves# and backups~, Office's ~$locks."""
    return bool(EDITOR_TEMPORARY.search(name))


def _sources_only(change: watchfiles.Change, path: str) -> bool:
    return watchfiles.DefaultFilter()(change, path) and not is_editor_temporary(Path(path).name)
