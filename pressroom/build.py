"""Plan and run a build: which (language, variant) outputs, in which processes, into which files.

Each language is one job: its articles are rendered to HTML and composed once,
then every requested variant is rendered from that one document. Jobs run in
separate processes (WeasyPrint uses one core per document). Results land in
``<out>/<ID>/`` next to a ``manifest.json`` that lists every file with its
language, variant, page count, size and SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

from .edition import Edition, load_edition
from .errors import BuildError, PressroomError, UsageError
from .typography import SUPPORTED_LANGUAGES

VARIANT_NAMES = ("print",)  # in the order they are built; see pressroom.render.VARIANTS
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Project:
    root: Path
    out: Path

    @property
    def styles(self) -> Path:
        return self.root / "styles"

    @property
    def fonts(self) -> Path:
        return self.root / "fonts"


@dataclass(frozen=True)
class LanguageJob:
    edition: Edition
    lang: str
    variants: tuple[str, ...]
    project: Project

    def target(self, variant: str) -> Path:
        return output_folder(self.project, self.edition.id) / output_name(self.edition, self.lang, variant)


@dataclass(frozen=True)
class OutputRecord:
    file: str
    language: str
    variant: str
    pages: int
    bytes: int
    sha256: str
    seconds: float = field(default=0.0, compare=False)


@dataclass
class BuildReport:
    edition: Edition
    outputs: list[OutputRecord]
    warnings: list[str]
    manifest: Path
    seconds: float


def output_folder(project: Project, edition_id: str) -> Path:
    return project.out / edition_id


def output_name(edition: Edition, lang: str, variant: str) -> str:
    return f"{edition.publication.slug}-{edition.id}-{lang}-{variant}.pdf"


def plan(
    project: Project, edition_id: str, languages: Iterable[str] = (), variants: Iterable[str] = ()
) -> list[LanguageJob]:
    """Load and validate the edition and decide the jobs; raises before anything is rendered."""
    languages, variants = list(languages), list(variants)
    for lang in languages:
        if lang not in SUPPORTED_LANGUAGES:
            raise UsageError(f"unknown language {lang!r}; pressroom knows {', '.join(SUPPORTED_LANGUAGES)}")
    for variant in variants:
        if variant not in VARIANT_NAMES:
            raise UsageError(f"unknown variant {variant!r}; choose from {', '.join(VARIANT_NAMES)}")
    edition = load_edition(project.root, edition_id)
    for lang in languages:
        if lang not in edition.languages:
            raise UsageError(f"edition {edition_id} has no {lang!r} language (it has {', '.join(edition.languages)})")
    chosen_languages = [lang for lang in edition.languages if not languages or lang in languages]
    chosen_variants = tuple(v for v in VARIANT_NAMES if not variants or v in variants)
    return [LanguageJob(edition, lang, chosen_variants, project) for lang in chosen_languages]


def check_sources(jobs: list[LanguageJob]) -> None:
    """Checks that need no rendering: every character can be set by the shipped fonts."""
    from .fonts import check_article, check_typography

    if not jobs:
        return
    fonts = jobs[0].project.fonts
    check_typography(fonts)
    for job in jobs:
        for article in job.edition.editions[job.lang].articles:
            check_article(article, fonts)


Progress = Callable[[str, str], None]  # (language, what is happening)


def run_job(job: LanguageJob, report: Progress | None = None) -> list[OutputRecord]:
    """Build every variant of one language (runs in a worker process)."""
    from .compose import compose
    from .markdown import render_article
    from .preflight import inspect_pdf
    from .render import VARIANTS, Sandbox, render_pdf

    def say(what: str) -> None:
        if report is not None:
            report(job.lang, what)

    edition = job.edition
    say("reading articles")
    articles = [render_article(a, edition.folder) for a in edition.editions[job.lang].articles]
    say("composing")
    html = compose(edition, job.lang, articles, job.project.styles)
    sandbox = Sandbox(images=edition.images_folder, styles=job.project.styles, fonts=job.project.fonts)
    published = edition.editions[job.lang].published
    epoch = int(datetime(published.year, published.month, published.day, tzinfo=timezone.utc).timestamp())
    records = []
    for variant_name in job.variants:
        say(f"rendering {variant_name}")
        started = time.perf_counter()
        target = job.target(variant_name)
        result = render_pdf(html, VARIANTS[variant_name], sandbox, target, epoch)
        facts = inspect_pdf(target)
        unembedded = facts.unembedded_fonts()
        if unembedded:
            target.unlink()
            raise BuildError(f"{target.name}: fonts not embedded: {', '.join(unembedded)}")
        data = target.read_bytes()
        records.append(
            OutputRecord(
                file=target.name,
                language=job.lang,
                variant=variant_name,
                pages=result.pages,
                bytes=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                seconds=round(time.perf_counter() - started, 2),
            )
        )
    say("done")
    return records


def _run_in_worker(job: LanguageJob, queue) -> list[OutputRecord]:
    def report(lang: str, what: str) -> None:
        queue.put((lang, what))

    try:
        return run_job(job, report)
    except PressroomError:
        raise
    except Exception as exc:  # a bug or a renderer crash: keep the details for the report
        raise BuildError(
            f"rendering {job.lang} failed unexpectedly: {type(exc).__name__}: {exc}\n"
            + "".join(traceback.format_exception(exc)[-6:])
        ) from None


def build(
    jobs: list[LanguageJob],
    workers: int,
    report: Progress | None = None,
) -> BuildReport:
    """Run ``jobs`` over ``workers`` processes and write the manifest."""
    if not jobs:
        raise UsageError("nothing to build")
    started = time.perf_counter()
    check_sources(jobs)
    edition = jobs[0].edition
    records: list[OutputRecord] = []
    if workers <= 1 or len(jobs) == 1:
        for job in jobs:
            records.extend(run_job(job, report))
    else:
        records.extend(_run_parallel(jobs, workers, report))
    manifest = write_manifest(jobs[0].project, edition, records)
    return BuildReport(edition, records, list(edition.warnings), manifest, time.perf_counter() - started)


def _run_parallel(jobs: list[LanguageJob], workers: int, report: Progress | None) -> list[OutputRecord]:
    import multiprocessing

    context = multiprocessing.get_context("fork")
    manager = context.Manager()
    queue = manager.Queue()
    records: list[OutputRecord] = []
    try:
        with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context) as pool:
            pending: set[Future] = {pool.submit(_run_in_worker, job, queue) for job in jobs}
            while pending:
                done, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
                _drain(queue, report)
                for future in done:
                    try:
                        records.extend(future.result())
                    except BaseException:
                        for other in pending:
                            other.cancel()
                        raise
            _drain(queue, report)
    finally:
        manager.shutdown()
    order = {job.lang: i for i, job in enumerate(jobs)}
    return sorted(records, key=lambda r: (order[r.language], VARIANT_NAMES.index(r.variant)))


def _drain(queue, report: Progress | None) -> None:
    while not queue.empty():
        lang, what = queue.get_nowait()
        if report is not None:
            report(lang, what)


def write_manifest(project: Project, edition: Edition, records: list[OutputRecord]) -> Path:
    """Merge ``records`` into the edition's manifest (outputs not rebuilt this time stay listed)."""
    folder = output_folder(project, edition.id)
    path = folder / MANIFEST
    entries: dict[tuple[str, str], dict] = {}
    try:
        previous = json.loads(path.read_text(encoding="utf-8"))
        for entry in previous.get("files", []):
            if (folder / entry["file"]).is_file():
                entries[(entry["language"], entry["variant"])] = entry
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # no manifest yet, or a damaged one: it is rewritten from what is known now
    for record in records:
        entry = asdict(record)
        entry.pop("seconds")
        entries[(record.language, record.variant)] = entry
    lang_order = {lang: i for i, lang in enumerate(edition.languages)}
    files = sorted(
        entries.values(),
        key=lambda e: (lang_order.get(e["language"], 99), e["language"], e["variant"]),
    )
    manifest = {
        "publication": edition.publication.slug,
        "edition": edition.id,
        "period": [d.isoformat() for d in edition.period],
        "files": files,
    }
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{MANIFEST}.{os.getpid()}.partial"
    temporary.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, path)
    return path
