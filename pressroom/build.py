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
class Job:
    """One PDF to make: a language of the edition in one variant."""

    edition: Edition
    lang: str
    variant: str
    project: Project

    @property
    def name(self) -> str:
        return f"{self.lang}/{self.variant}"

    @property
    def target(self) -> Path:
        return output_folder(self.project, self.edition.id) / output_name(self.edition, self.lang, self.variant)


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
) -> list[Job]:
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
    chosen_variants = [v for v in VARIANT_NAMES if not variants or v in variants]
    return [Job(edition, lang, variant, project) for lang in chosen_languages for variant in chosen_variants]


def compose_documents(jobs: list[Job]) -> dict[str, str]:
    """The HTML of every language the jobs need, checked and composed once for all variants.

    Runs before any rendering, so that a problem in any source stops the build
    before a single PDF is touched.
    """
    from .compose import compose
    from .fonts import check_article, check_typography
    from .markdown import render_article

    documents: dict[str, str] = {}
    if not jobs:
        return documents
    project, edition = jobs[0].project, jobs[0].edition
    check_typography(project.fonts)
    for lang in dict.fromkeys(job.lang for job in jobs):
        articles = edition.editions[lang].articles
        for article in articles:
            check_article(article, project.fonts)
        rendered = [render_article(article, edition.folder) for article in articles]
        documents[lang] = compose(edition, lang, rendered, project.styles)
    return documents


Progress = Callable[[str, str], None]  # (job name, what is happening)


def render_job(job: Job, html: str) -> OutputRecord:
    """Render one PDF and describe it (runs in a worker process)."""
    from .preflight import inspect_pdf
    from .render import VARIANTS, Sandbox, render_pdf

    edition = job.edition
    sandbox = Sandbox(images=edition.images_folder, styles=job.project.styles, fonts=job.project.fonts)
    published = edition.editions[job.lang].published
    epoch = int(datetime(published.year, published.month, published.day, tzinfo=timezone.utc).timestamp())
    started = time.perf_counter()
    target = job.target
    result = render_pdf(html, VARIANTS[job.variant], sandbox, target, epoch)
    facts = inspect_pdf(target)
    unembedded = facts.unembedded_fonts()
    if unembedded:
        target.unlink()
        raise BuildError(f"{target.name}: fonts not embedded: {', '.join(unembedded)}")
    data = target.read_bytes()
    return OutputRecord(
        file=target.name,
        language=job.lang,
        variant=job.variant,
        pages=result.pages,
        bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        seconds=round(time.perf_counter() - started, 2),
    )


def _render_in_worker(job: Job, html: str) -> OutputRecord:
    try:
        return render_job(job, html)
    except PressroomError:
        raise
    except Exception as exc:  # a bug or a renderer crash: keep the details for the report
        raise BuildError(
            f"rendering {job.name} failed unexpectedly: {type(exc).__name__}: {exc}\n"
            + "".join(traceback.format_exception(exc)[-6:])
        ) from None


def build(jobs: list[Job], workers: int, report: Progress | None = None) -> BuildReport:
    """Compose, then render ``jobs`` over ``workers`` processes, then write the manifest."""
    if not jobs:
        raise UsageError("nothing to build")
    started = time.perf_counter()
    say = report or (lambda job, what: None)
    for job in jobs:
        say(job.name, "composing")
    documents = compose_documents(jobs)
    records: list[OutputRecord] = []
    if workers <= 1 or len(jobs) == 1:
        for job in jobs:
            say(job.name, "rendering")
            records.append(render_job(job, documents[job.lang]))
            say(job.name, "done")
    else:
        records = _render_parallel(jobs, documents, workers, say)
    edition = jobs[0].edition
    manifest = write_manifest(jobs[0].project, edition, records)
    return BuildReport(edition, records, list(edition.warnings), manifest, time.perf_counter() - started)


def _render_parallel(jobs: list[Job], documents: dict[str, str], workers: int, say: Progress) -> list[OutputRecord]:
    import multiprocessing

    # fork: workers inherit the imported renderer instead of importing it again.
    context = multiprocessing.get_context("fork")
    records: dict[str, OutputRecord] = {}
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context) as pool:
        futures: dict[Future, Job] = {}
        for i, job in enumerate(jobs):
            futures[pool.submit(_render_in_worker, job, documents[job.lang])] = job
            say(job.name, "rendering" if i < workers else "waiting")
        started = min(workers, len(jobs))  # the pool takes jobs in submission order
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                job = futures[future]
                try:
                    records[job.name] = future.result()
                except BaseException:
                    for other in pending:
                        other.cancel()
                    raise
                say(job.name, "done")
                if started < len(jobs):
                    say(jobs[started].name, "rendering")
                    started += 1
    return [records[job.name] for job in jobs]


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
