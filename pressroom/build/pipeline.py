"""Plan and run a build: which (language, variant) PDFs, in which processes, into which files.

A job is one PDF: a language of the edition in one variant. The phases, in
order (as Sphinx's builders): **read and resolve** — every language checked
and composed to HTML once, in this process, before anything is rendered (so a
source error stops the build before a PDF is touched; :mod:`.documents`);
**plan** — jobs whose recorded inputs are unchanged are skipped (:mod:`.cache`),
the others grouped by shared layout (archive and screen share one);
**write** — the groups rendered over worker processes (:mod:`.tasks`,
:mod:`.worker`) into a staging folder, the languages merged; **commit** — only
when all succeeded are the files moved into ``<out>/<ID>/``, next to a
``manifest.json`` listing every file with its language, variant, page count,
size and SHA-256.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .. import __version__
from ..delivery.manifest import MANIFEST, manifest_contents
from ..errors import Problems, UsageError
from ..files import commit_files, edition_lock, signals_deferred, staging_folder
from ..pdf.sandbox import Sandbox
from ..pdf.variants import VARIANTS, RenderSettings
from ..structure.edition import Edition
from ..structure.project import Project, output_folder, output_name
from ..text.typography import RULES
from .cache import (
    cached_record,
    fitted_articles,
    output_digest,
    page_map_path,
    shared_inputs_digest,
    staged_record,
)
from .documents import (
    ComposedDocument,
    PreparedImages,
    bleed_notes,
    compose_documents,
    cover_notes,
    prepare_images,
)
from .jobs import BuildReport, Job, Options, OutputRecord, Progress
from .settings import edition_sources, render_settings
from .tasks import parallel_map, render_all
from .worker import RenderTask, page_map_name


def build(jobs: list[Job], workers: int, report: Progress | None = None, options: Options = Options()) -> BuildReport:
    """Compose, skip what is up to date, render the rest over ``workers`` processes, write the manifest.

    New PDFs are written into a staging folder and moved into place together
    with the manifest only when every job has succeeded: a failed or interrupted
    build changes nothing in the output folder. One build of an edition runs at
    a time (a lock in its output folder).
    """
    if not jobs:
        raise UsageError("nothing to build")
    folder = output_folder(jobs[0].project, jobs[0].edition.id)
    with edition_lock(folder, f"pressroom make {jobs[0].edition.id}"), staging_folder(folder) as staging:
        return _build(jobs, workers, report or (lambda job, what: None), options, staging)


@dataclass
class _Plan:
    """What the plan phase decided: outputs still valid, renders to run, and what to commit after them."""

    kept: list[OutputRecord] = field(default_factory=list)
    tasks: list[RenderTask] = field(default_factory=list)
    fresh: list[tuple[Job, str]] = field(default_factory=list)  # made by this build, with the digest to record
    warnings: list[str] = field(default_factory=list)


def _build(jobs: list[Job], workers: int, say: Progress, options: Options, staging: Path) -> BuildReport:
    started = time.perf_counter()
    edition, project = jobs[0].edition, jobs[0].project
    # read and resolve
    for job in jobs:
        say(job.name, "composing")
    documents = compose_documents(jobs)
    say(jobs[0].name, "preparing images")
    images = prepare_images(jobs, documents)
    # plan
    planned = _plan(jobs, documents, images, options, staging, say)
    # write
    records = planned.kept + render_all(planned.tasks, workers, say)
    mergeable = [variant for variant in dict.fromkeys(job.variant for job in jobs) if VARIANTS[variant].mergeable]
    for variant in mergeable:
        say(f"all/{variant}", "merging languages")
    merges = [(project, edition, variant, staging, options.force) for variant in mergeable]
    for merged in parallel_map(_merged, merges, workers):  # each merge reads every language's file: seconds
        if merged is not None:
            record, made = merged
            records.append(record)
            if made is not None:
                planned.fresh.append(made)
    order = {job.name: i for i, job in enumerate(jobs)}
    records.sort(key=lambda r: order.get(f"{r.language}/{r.variant}", len(order)))
    # commit
    manifest, withdrawn = _commit(project, edition, records, planned.fresh, staging)
    warnings = [*edition.warnings, *planned.warnings, *(w for record in records for w in record.warnings)]
    languages = tuple(dict.fromkeys(job.lang for job in jobs))
    warnings += [f"not final, for proofs only: {item}" for item in edition.unfinished(languages)]
    notes = [note for record in records for note in record.notes]
    notes += [f"withdrawn {name}: its print PDF changed (pressroom impose {edition.id} makes it again)"
              for name in withdrawn]
    if planned.kept:
        names = ", ".join(f"{r.language}/{r.variant}" for r in planned.kept)
        notes.append(f"up to date, not rebuilt: {names} (--force rebuilds)")
    return BuildReport(edition, records, warnings, manifest, time.perf_counter() - started, notes)


def _plan(jobs: list[Job], documents: dict[str, ComposedDocument], images: PreparedImages,
          options: Options, staging: Path, say: Progress) -> _Plan:
    """Keep the outputs whose inputs are unchanged; group the others by shared layout into render tasks."""
    edition, project = jobs[0].edition, jobs[0].project
    planned = _Plan()
    shared = shared_inputs_digest(project, edition)
    groups: dict[tuple, list[tuple[Job, RenderSettings]]] = {}
    problems = Problems()  # full-bleed pictures of every language, reported together
    for job in jobs:
        with problems.collecting():
            planned.warnings.extend(bleed_notes(job, documents[job.lang], options))
    problems.raise_any()
    for job in jobs:
        planned.warnings.extend(cover_notes(job, options))
        settings = render_settings(job, documents[job.lang], options, images)
        digest = output_digest(shared, documents[job.lang].html, settings, options)
        cached = None if options.force else cached_record(job, digest)
        if cached is not None:
            planned.kept.append(cached)
            say(job.name, "up to date")
            continue
        groups.setdefault((job.lang, settings.layout_key()), []).append((job, settings))
        planned.fresh.append((job, digest))
    for (lang, _), outputs in groups.items():
        published = edition.editions[lang].published
        epoch = int(datetime(published.year, published.month, published.day, tzinfo=UTC).timestamp())
        sandbox = Sandbox(root=project.root, images=edition.images_folder, styles=project.styles, fonts=project.fonts,
                          substitutes=outputs[0][1].images)
        kept = fitted_articles(outputs[0][0], shared, outputs[0][1])
        # Renders that share a record of fitted articles the last build did not leave: the first fits
        # the articles, the others wait for it and take its fitting rather than each fit the same pages.
        fitter = next((task for task in planned.tasks if task.kept == kept), None)
        after = fitter.name if fitter is not None and not kept.warm() else ""
        planned.tasks.append(RenderTask(tuple(outputs), documents[lang].html, sandbox, epoch, options.marks, staging,
                                        kept, after))
    return planned


def _commit(project: Project, edition: Edition, records: list[OutputRecord], fresh: list[tuple[Job, str]],
            staging: Path) -> tuple[Path, list[str]]:
    """Move the new files into place, record what they were made from, and write the manifest, uninterrupted.

    Returns the manifest and the spreads withdrawn because their print PDF changed.
    """
    by_file = {record.file: record for record in records}
    folder = output_folder(project, edition.id)
    # Everything is written in staging first; then moved together, or not at all.
    moves: list[tuple[Path, Path]] = []
    for job, digest in fresh:
        moves.append((staging / job.target.name, job.target))
        moves.append(staged_record(job, digest, by_file[job.target.name], staging))
    for lang in dict.fromkeys(job.lang for job, _ in fresh):
        made = {job.variant for job, _ in fresh if job.lang == lang}
        variant = next((v for v in ("print", "archive", "screen") if v in made), None)
        if variant is not None and (staging / page_map_name(lang, variant)).is_file():
            moves.append((staging / page_map_name(lang, variant), page_map_path(project, edition.id, lang)))
    data, withdrawn = manifest_contents(project, edition, records)
    manifest = folder / MANIFEST
    (staging / MANIFEST).write_bytes(data)
    moves.append((staging / MANIFEST, manifest))
    with signals_deferred():
        commit_files(moves, [folder / name for name in withdrawn], staging / "previous")
    return manifest, withdrawn


def _merged(arguments: tuple[Project, Edition, str, Path, bool]
            ) -> tuple[OutputRecord, tuple[Job, str] | None] | None:
    return merge_variant(*arguments)


def merge_variant(
    project: Project, edition: Edition, variant: str, staging: Path, force: bool = False
) -> tuple[OutputRecord, tuple[Job, str] | None] | None:
    """All languages of ``variant`` in one PDF, once every language's file exists; kept while its inputs are.

    Returns the record and, if the file was made anew in ``staging``, the job and digest to commit.
    """
    from ..pdf.merge import merge_languages

    folder = output_folder(project, edition.id)

    def current(name: str) -> Path:  # this build's new file if it made one, else the one in place
        staged = staging / name
        return staged if staged.is_file() else folder / name

    parts = [(lang, RULES[lang].name, current(output_name(edition, lang, variant))) for lang in edition.languages]
    if len(parts) < 2 or not all(path.is_file() for _, _, path in parts):
        return None
    sources: tuple[tuple[str, bytes], ...] = ()
    if VARIANTS[variant].archival and edition.publication.archive_standard == "pdf/a-3b":
        sources = tuple(dict.fromkeys(
            item for lang in edition.languages for item in edition_sources(Job(edition, lang, variant, project))
        ))
    target = folder / output_name(edition, "all", variant)
    merged_job = Job(edition, "all", variant, project)
    digest = hashlib.sha256(__version__.encode())
    for _, _, path in parts:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    for name, data in sources:
        digest.update(name.encode() + b"\0" + data)
    cached = None if force else cached_record(merged_job, digest.hexdigest())
    if cached is not None:
        return cached, None
    identifier = f"{edition.publication.slug}:{edition.id}:all"
    published = max(edition.editions[lang].published for lang in edition.languages)
    when = datetime(published.year, published.month, published.day, tzinfo=UTC)
    staged = staging / target.name
    pages = merge_languages(parts, staged, identifier, sources, when)
    data = staged.read_bytes()
    record = OutputRecord(target.name, "all", variant, pages, len(data), hashlib.sha256(data).hexdigest())
    return record, (merged_job, digest.hexdigest())
