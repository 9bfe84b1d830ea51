"""Plan and run a build: which (language, variant) PDFs, in which processes, into which files.

A job is one PDF: a language of the edition in one variant. Every language is
checked and composed to HTML once, in this process, before anything is
rendered (so a source error stops the build before a PDF is touched). Jobs
whose recorded inputs are unchanged are skipped; the others are grouped by
shared layout (archive and screen share one) and rendered over worker
processes (WeasyPrint uses one core per document) into a staging folder. Only
when all succeeded are the files moved into ``<out>/<ID>/``, next to a
``manifest.json`` listing every file with its language, variant, page count,
size and SHA-256.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import signal
import time
import traceback
import uuid
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

from . import __version__
from .edition import Edition, load_edition
from .errors import BuildError, PressroomError, SourceError, UsageError
from .files import edition_lock, signals_deferred, staging_folder, write_atomically
from .render import VARIANTS, RenderSettings, Sandbox, check_stylesheets
from .typography import SUPPORTED_LANGUAGES
from .urls import virtual_url

MANIFEST = "manifest.json"
MANIFEST_FIELDS = ("file", "language", "variant", "pages", "bytes", "sha256")


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

    @property
    def checked_images(self) -> Path:
        """Records of images already decoded and found sound, by content (see images.image_size)."""
        return self.out / ".cache" / "checked-images"


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
class Options:
    """Choices of the person running the build that change what is made."""

    allow_lowres: bool = False  # images below the print resolution become warnings
    marks: bool = False  # crop marks outside the bleed on print PDFs
    force: bool = False  # rebuild even what is up to date


@dataclass(frozen=True)
class OutputRecord:
    file: str
    language: str
    variant: str
    pages: int
    bytes: int
    sha256: str
    seconds: float = field(default=0.0, compare=False)
    # For the summary, not the manifest:
    notes: tuple[str, ...] = field(default=(), compare=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)


@dataclass
class BuildReport:
    edition: Edition
    outputs: list[OutputRecord]
    warnings: list[str]
    manifest: Path
    seconds: float
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ComposedDocument:
    """One language's HTML, shared by all its variants, and what its images are."""

    html: str
    image_labels: tuple[tuple[str, str], ...]  # virtual URL → "images/x.png in en/01-a.md"
    images: tuple[Path, ...]  # every image file the document uses, the cover included


@dataclass(frozen=True)
class RenderTask:
    """Everything a worker process needs: PDFs of one language that share one layout."""

    outputs: tuple[tuple[Job, RenderSettings], ...]
    html: str
    sandbox: Sandbox
    epoch: int
    marks: bool  # crop marks on the CMYK outputs
    staging: Path  # PDFs are written here; the build moves them into place only if it all succeeds

    @property
    def name(self) -> str:
        return "+".join(job.name for job, _ in self.outputs)


def output_folder(project: Project, edition_id: str) -> Path:
    return project.out / edition_id


def output_name(edition: Edition, lang: str, variant: str) -> str:
    return f"{edition.publication.slug}-{edition.id}-{lang}-{variant}.pdf"


def plan(
    project: Project,
    edition_id: str,
    languages: Iterable[str] = (),
    variants: Iterable[str] = (),
    allow_missing: bool = False,
) -> list[Job]:
    """Load and validate the edition and decide the jobs; raises before anything is rendered."""
    languages, variants = list(languages), list(variants)
    for lang in languages:
        if lang not in SUPPORTED_LANGUAGES:
            raise UsageError(f"unknown language {lang!r}; pressroom knows {', '.join(SUPPORTED_LANGUAGES)}")
    for variant in variants:
        if variant not in VARIANTS:
            raise UsageError(f"unknown variant {variant!r}; choose from {', '.join(VARIANTS)}")
    edition = load_edition(project.root, edition_id, allow_missing)
    for lang in languages:
        if lang not in edition.languages:
            raise UsageError(f"edition {edition_id} has no {lang!r} language (it has {', '.join(edition.languages)})")
    chosen_languages = [lang for lang in edition.languages if not languages or lang in languages]
    chosen_variants = [v for v in VARIANTS if not variants or v in variants]
    return [Job(edition, lang, variant, project) for lang in chosen_languages for variant in chosen_variants]


def compose_documents(jobs: list[Job]) -> dict[str, ComposedDocument]:
    """The HTML of every language the jobs need, checked and composed once for all variants.

    Runs before any rendering, so that a problem in any source stops the build
    before a single PDF is touched.
    """
    from .compose import compose
    from .fonts import check_article, check_typography
    from .images import image_size
    from .markdown import render_article

    documents: dict[str, ComposedDocument] = {}
    if not jobs:
        return documents
    project, edition = jobs[0].project, jobs[0].edition
    check_typography(project.fonts)
    sheets = dict.fromkeys(name for job in jobs for name in VARIANTS[job.variant].stylesheets)
    check_stylesheets(Sandbox(edition.images_folder, project.styles, project.fonts), sheets)
    images_root = edition.images_folder.resolve()
    checked_images = project.checked_images
    for lang in dict.fromkeys(job.lang for job in jobs):
        articles = edition.editions[lang].articles
        for article in articles:
            check_article(article, project.fonts)
        rendered = [render_article(article, edition.folder) for article in articles]
        for item in rendered:
            for image in item.images:
                try:
                    # truncated, not an image, or a decompression bomb: say so before rendering
                    image_size(image, checked_images)
                except SourceError as error:
                    raise SourceError(f"{error.message} (in {_shown(item.article.path, project.root)})",
                                      image) from None
        cover = edition.editions[lang].cover
        if cover is not None:
            image_size(cover, checked_images)
        used = [image for item in rendered for image in item.images] + ([cover] if cover is not None else [])
        labels = {
            virtual_url("images", image.relative_to(images_root)):
                f"images/{image.relative_to(images_root)} in {_shown(item.article.path, project.root)}"
            for item in rendered
            for image in item.images
        }
        documents[lang] = ComposedDocument(compose(edition, lang, rendered, project.styles), tuple(labels.items()),
                                           tuple(dict.fromkeys(used)))
    return documents


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _prepare_print_images(jobs: list[Job], documents: dict[str, ComposedDocument]) -> tuple[tuple[str, Path], ...]:
    """CMYK versions of the images the documents use (checked already), made once for all print PDFs."""
    from .images import check_cmyk_profile, to_cmyk

    project, edition = jobs[0].project, jobs[0].edition
    profile = project.root / edition.publication.print.output_intent
    if not profile.is_file():
        raise SourceError(
            "the printer's CMYK profile is missing (print.output_intent in pressroom.yaml; "
            "scripts/setup.sh installs the default)",
            profile,
        )
    check_cmyk_profile(profile)
    cache = project.out / ".cache" / "images"
    images_root = edition.images_folder.resolve()
    used = sorted({image for document in documents.values() for image in document.images})
    return tuple((image.relative_to(images_root).as_posix(), to_cmyk(image, profile, cache)) for image in used)


def _cover_notes(job: Job, options: Options) -> list[str]:
    """The cover is a page background, so its resolution is checked here rather than in the layout."""
    from .images import image_size

    edition = job.edition
    cover = edition.editions[job.lang].cover
    settings = edition.publication.print
    if cover is None or not VARIANTS[job.variant].cmyk:
        return []
    width_mm, height_mm = edition.publication.page_mm
    bleed = settings.bleed_mm
    pixels = image_size(cover, job.project.checked_images)
    # background-size: cover scales the image to fill trim + bleed in both directions.
    ppi = min(pixels[0] / ((width_mm + 2 * bleed) / 25.4), pixels[1] / ((height_mm + 2 * bleed) / 25.4))
    if ppi >= settings.min_ppi:
        return []
    message = f"cover image {cover.name} is {ppi:.0f} ppi at its printed size; print needs {settings.min_ppi}"
    if not options.allow_lowres:
        raise SourceError(message + " (use --allow-lowres to build anyway)", cover)
    return [message]


def render_settings(job: Job, document: ComposedDocument, options: Options,
                    print_images: tuple[tuple[str, Path], ...]) -> RenderSettings:
    edition, variant = job.edition, VARIANTS[job.variant]
    publication = edition.publication
    width_mm, height_mm = publication.page_mm
    metadata = {
        "Edition": edition.id,
        "Language": job.lang,
        "Variant": job.variant,
        "TrimSize": f"{width_mm:g} x {height_mm:g} mm",
    }
    identity = hashlib.sha256(document.html.encode() + repr((job.name, variant, publication.print)).encode())
    document_id = str(uuid.UUID(bytes=identity.digest()[:16], version=5))
    if variant.cmyk:
        print_settings = publication.print
        metadata["Bleed"] = f"{print_settings.bleed_mm:g} mm"
        intent = (job.project.root / print_settings.output_intent).relative_to(job.project.styles.resolve())
        return RenderSettings(
            variant=variant,
            pdf_variant=print_settings.standard,
            page_size=publication.page_size,
            bleed_mm=print_settings.bleed_mm,
            output_intent=virtual_url("styles", intent),
            min_ppi=print_settings.min_ppi,
            allow_lowres=options.allow_lowres,
            images=print_images,
            image_labels=document.image_labels,
            metadata=tuple(metadata.items()),
            document_id=document_id,
        )
    published = edition.editions[job.lang].published
    when = datetime(published.year, published.month, published.day, tzinfo=timezone.utc)
    start, end = edition.period
    xmp = (
        ("language", job.lang),
        ("identifier", f"{publication.slug}:{edition.id}:{job.lang}"),
        ("date", published.isoformat()),
        ("publisher", publication.publisher[job.lang]),
        ("rights", publication.rights[job.lang] or publication.publisher[job.lang]),
        ("coverage", f"{start.isoformat()}/{end.isoformat()}"),
    )
    common = dict(
        variant=variant, page_size=publication.page_size, bleed_mm=0, output_intent=None, min_ppi=None,
        image_labels=document.image_labels, metadata=tuple(metadata.items()), document_id=document_id, xmp=xmp,
    )
    if variant.archival:
        attachments = ()
        if publication.archive_standard == "pdf/a-3b":
            attachments = _sources(job)
        return RenderSettings(pdf_variant=publication.archive_standard, attachments=attachments,
                              attachment_date=when, **common)
    return RenderSettings(pdf_variant=None, **common)


def _sources(job: Job) -> tuple[tuple[str, bytes], ...]:
    """What the archive copy of one language was made from: edition.yaml and its articles."""
    edition = job.edition
    files = [("edition.yaml", (edition.folder / "edition.yaml").read_bytes())]
    files += [(f"{job.lang}/{a.path.name}", a.path.read_bytes()) for a in edition.editions[job.lang].articles]
    return tuple(files)


Progress = Callable[[str, str], None]  # (job name, what is happening)


# Tests only: a folder in which each render announces itself and then waits, so
# that a test can interrupt a build at a known point instead of guessing when.
HOLD_RENDERS = "PRESSROOM_TEST_HOLD_RENDERS"


def _hold_for_test() -> None:
    folder = os.environ.get(HOLD_RENDERS)
    if not folder:
        return
    (Path(folder) / f"rendering-{os.getpid()}").touch()
    deadline = time.monotonic() + 120  # bounded: a test that never interrupts still ends
    while time.monotonic() < deadline:
        time.sleep(0.05)  # a signal (SIGTERM, Ctrl-C) ends the wait at once


def render_task(task: RenderTask) -> list[OutputRecord]:
    """Lay out once, write every PDF of the task, describe each (runs in a worker process)."""
    from .imposition import add_crop_marks
    from .preflight import inspect_pdf
    from .render import render_pdfs

    _hold_for_test()
    started = time.perf_counter()
    results = render_pdfs(task.html, [(settings, task.staging / job.target.name) for job, settings in task.outputs],
                          task.sandbox, task.epoch)
    seconds = round((time.perf_counter() - started) / len(task.outputs), 2)
    records = []
    for (job, settings), result in zip(task.outputs, results):
        target = task.staging / job.target.name
        if task.marks and settings.variant.cmyk:
            add_crop_marks(target)
        facts = inspect_pdf(target)
        unembedded = facts.unembedded_fonts()
        if unembedded:
            target.unlink()
            raise BuildError(f"{target.name}: fonts not embedded: {', '.join(unembedded)}")
        warnings = [f"{job.name}: low resolution: {line}" for line in result.lowres]
        warnings += [f"{job.name}: {warning}" for warning in result.warnings]
        notes = []
        if result.padded:
            notes.append(f"{job.name}: {result.padded} blank page(s) added before the back cover "
                         f"to make {result.pages} pages, a multiple of {settings.variant.pad_to}")
        data = target.read_bytes()
        records.append(OutputRecord(
            file=target.name,
            language=job.lang,
            variant=job.variant,
            pages=facts.pages,
            bytes=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            seconds=seconds,
            notes=tuple(notes),
            warnings=tuple(warnings),
        ))
    return records


def _render_in_worker(task: RenderTask) -> list[OutputRecord]:
    try:
        return render_task(task)
    except PressroomError:
        raise
    except Exception as exc:  # a bug or a renderer crash: keep the details for the report
        raise BuildError(
            f"rendering {task.name} failed unexpectedly: {type(exc).__name__}: {exc}\n"
            + "".join(traceback.format_exception(exc)[-6:])
        ) from None


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


def _build(jobs: list[Job], workers: int, say: Progress, options: Options, staging: Path) -> BuildReport:
    started = time.perf_counter()
    for job in jobs:
        say(job.name, "composing")
    documents = compose_documents(jobs)
    edition, project = jobs[0].edition, jobs[0].project
    warnings = list(edition.warnings)
    print_images: tuple[tuple[str, Path], ...] = ()
    if any(VARIANTS[job.variant].cmyk for job in jobs):
        say(jobs[0].name, "converting images to CMYK")
        print_images = _prepare_print_images(jobs, documents)
    shared = shared_inputs_digest(project, edition)
    groups: dict[tuple, list[tuple[Job, RenderSettings]]] = {}
    records: list[OutputRecord] = []
    skipped: list[str] = []
    fresh: list[tuple[Job, str]] = []  # what this build makes, with the digest to record once it is in place
    for job in jobs:
        warnings.extend(_cover_notes(job, options))
        settings = render_settings(job, documents[job.lang], options, print_images)
        digest = output_digest(shared, documents[job.lang].html, settings, options)
        cached = None if options.force else cached_record(job, digest)
        if cached is not None:
            records.append(cached)
            skipped.append(job.name)
            say(job.name, "up to date")
            continue
        groups.setdefault((job.lang, settings.layout_key()), []).append((job, settings))
        fresh.append((job, digest))
    tasks = []
    for (lang, _), outputs in groups.items():
        published = edition.editions[lang].published
        epoch = int(datetime(published.year, published.month, published.day, tzinfo=timezone.utc).timestamp())
        sandbox = Sandbox(images=edition.images_folder, styles=project.styles, fonts=project.fonts,
                          substitutes=outputs[0][1].images)
        tasks.append(RenderTask(tuple(outputs), documents[lang].html, sandbox, epoch, options.marks, staging))
    if workers <= 1 or len(tasks) <= 1:
        for task in tasks:
            for job, _ in task.outputs:
                say(job.name, "rendering")
            records.extend(render_task(task))
            for job, _ in task.outputs:
                say(job.name, "done")
    else:
        records.extend(_render_parallel(tasks, workers, say))
    for record in records:
        warnings.extend(record.warnings)
    merged_records = []
    for variant in dict.fromkeys(job.variant for job in jobs):
        if VARIANTS[variant].mergeable:
            say(f"all/{variant}", "merging languages")
            merged = merge_variant(project, edition, variant, staging, options.force)
            if merged is not None:
                merged_records.append(merged)
    for record, made in merged_records:
        records.append(record)
        if made is not None:
            fresh.append(made)
    order = {job.name: i for i, job in enumerate(jobs)}
    records.sort(key=lambda r: order.get(f"{r.language}/{r.variant}", len(order)))
    by_file = {record.file: record for record in records}
    with signals_deferred():  # moving the files and writing the manifest is not interrupted half-way
        for job, digest in fresh:
            os.replace(staging / job.target.name, job.target)
            remember(job, digest, by_file[job.target.name])
        manifest = write_manifest(project, edition, records)
    notes = [note for record in records for note in record.notes]
    if skipped:
        notes.append(f"up to date, not rebuilt: {', '.join(skipped)} (--force rebuilds)")
    return BuildReport(edition, records, warnings, manifest, time.perf_counter() - started, notes)


# -- incremental builds -----------------------------------------------------------
#
# Each output records a digest of everything that shapes it in <out>/<ID>/.cache/.
# The composed HTML covers the sources, the Markdown and typography rules and
# the templates; the settings cover the variant, the publication's print and
# archive settings, the metadata and the embedded sources; the shared digest
# covers style sheets, fonts, images, the printer's profile, pressroom's
# version; the options that shape an output join its own digest. A record is trusted only if the PDF it describes is
# still there with the same SHA-256: a damaged or missing record, or a changed
# file, means a rebuild, never a stale PDF.

CACHE_FOLDER = ".cache"


def _hash_files(digest, paths) -> None:
    for path in sorted(paths):
        if path.is_file():
            digest.update(str(path.name).encode() + b"\0" + path.read_bytes())


def shared_inputs_digest(project: Project, edition: Edition) -> str:
    digest = hashlib.sha256(f"pressroom {__version__}\0".encode())
    _hash_files(digest, project.styles.rglob("*"))
    _hash_files(digest, project.fonts.glob("*"))
    _hash_files(digest, edition.images_folder.rglob("*"))
    return digest.hexdigest()


def output_digest(shared: str, html: str, settings: RenderSettings, options: Options) -> str:
    digest = hashlib.sha256(shared.encode())
    digest.update(b"marks" if options.marks and settings.variant.cmyk else b"")  # allow_lowres is in settings
    digest.update(html.encode())
    digest.update(repr(dataclasses.replace(settings, images=tuple((n, p.name) for n, p in settings.images))).encode())
    return digest.hexdigest()


def _record_path(job: Job) -> Path:
    return output_folder(job.project, job.edition.id) / CACHE_FOLDER / f"{job.lang}-{job.variant}.json"


def cached_record(job: Job, digest: str) -> OutputRecord | None:
    """The recorded output of ``job`` if it was made from exactly these inputs and is intact."""
    try:
        record = json.loads(_record_path(job).read_text(encoding="utf-8"))
        entry = record["entry"]
        if record["digest"] != digest or entry["file"] != job.target.name:
            return None
        data = job.target.read_bytes()
        if hashlib.sha256(data).hexdigest() != entry["sha256"] or len(data) != entry["bytes"]:
            return None
        return OutputRecord(**{key: entry[key] for key in MANIFEST_FIELDS})
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember(job: Job, digest: str, record: OutputRecord) -> None:
    entry = {key: getattr(record, key) for key in MANIFEST_FIELDS}
    write_atomically(_record_path(job), json.dumps({"digest": digest, "entry": entry}).encode())


def merge_variant(
    project: Project, edition: Edition, variant: str, staging: Path, force: bool = False
) -> tuple[OutputRecord, tuple[Job, str] | None] | None:
    """All languages of ``variant`` in one PDF, once every language's file exists; kept while its inputs are.

    Returns the record and, if the file was made anew in ``staging``, the job and digest to commit.
    """
    from .merge import merge_languages
    from .typography import RULES

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
            item for lang in edition.languages for item in _sources(Job(edition, lang, variant, project))
        ))
    target = folder / output_name(edition, "all", variant)
    merged_job = Job(edition, "all", variant, project)
    digest = hashlib.sha256(__version__.encode())
    _hash_files(digest, [path for _, _, path in parts])
    for name, data in sources:
        digest.update(name.encode() + b"\0" + data)
    cached = None if force else cached_record(merged_job, digest.hexdigest())
    if cached is not None:
        return cached, None
    identifier = f"{edition.publication.slug}:{edition.id}:all"
    published = max(edition.editions[lang].published for lang in edition.languages)
    when = datetime(published.year, published.month, published.day, tzinfo=timezone.utc)
    staged = staging / target.name
    pages = merge_languages(parts, staged, identifier, sources, when)
    data = staged.read_bytes()
    record = OutputRecord(target.name, "all", variant, pages, len(data), hashlib.sha256(data).hexdigest())
    return record, (merged_job, digest.hexdigest())


def _quiet_worker() -> None:
    # The main process decides what an interrupt means (it stops the workers and
    # cleans up); a worker ignores Ctrl-C and dies quietly when terminated,
    # rather than each printing its own traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _render_parallel(tasks: list[RenderTask], workers: int, say: Progress) -> list[OutputRecord]:
    import multiprocessing

    # fork: workers inherit the imported renderer instead of importing it again.
    context = multiprocessing.get_context("fork")
    # Longest first (more outputs, then longer documents), so no core idles at the end.
    tasks = sorted(tasks, key=lambda t: (len(t.outputs), len(t.html)), reverse=True)
    records: list[OutputRecord] = []

    def tell(task: RenderTask, what: str) -> None:
        for job, _ in task.outputs:
            say(job.name, what)

    pool = ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=context,
                               initializer=_quiet_worker)
    try:
        futures: dict[Future, RenderTask] = {}
        for i, task in enumerate(tasks):
            futures[pool.submit(_render_in_worker, task)] = task
            tell(task, "rendering" if i < workers else "waiting")
        started = min(workers, len(tasks))  # the pool takes tasks in submission order
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                records.extend(future.result())
                tell(futures[future], "done")
                if started < len(tasks):
                    tell(tasks[started], "rendering")
                    started += 1
    except BaseException:
        # A failure or an interrupt: stop the other renders now rather than let
        # them finish work that will be thrown away (the staging folder goes).
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return records


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
        entry = {key: value for key, value in asdict(record).items() if key in MANIFEST_FIELDS}
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
    write_atomically(path, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return path


# -- after the build: checking and imposing what was made ------------------------


@dataclass(frozen=True)
class FileCheck:
    file: str
    language: str
    variant: str
    findings: list  # list[preflight.Finding]

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)


def built_jobs(jobs: list[Job]) -> list[Job]:
    """The jobs whose PDF exists; a missing one is a usage error naming the command that makes it."""
    missing = [job for job in jobs if not job.target.is_file()]
    if missing:
        names = ", ".join(job.name for job in missing)
        raise UsageError(f"not built yet: {names}; run: pressroom make {jobs[0].edition.id}")
    return jobs


def parallel_map(function: Callable, items: list, workers: int) -> list:
    """``[function(item) for item in items]`` over up to ``workers`` processes (``function`` at module level)."""
    if workers <= 1 or len(items) <= 1:
        return [function(item) for item in items]
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(workers, len(items)), mp_context=context,
                             initializer=_quiet_worker) as pool:
        return list(pool.map(function, items))


def check_outputs(jobs: list[Job], workers: int = 1) -> list[FileCheck]:
    """Preflight every built PDF of ``jobs``: the printer's checks for print, the general ones otherwise."""
    return parallel_map(_check_output, built_jobs(jobs), workers)


def _check_output(job: Job) -> FileCheck:
    from .preflight import Finding, PrintExpectations, check_print_pdf, inspect_pdf

    publication = job.edition.publication
    if VARIANTS[job.variant].cmyk:
        settings = publication.print
        expected = PrintExpectations(publication.page_mm, settings.bleed_mm, settings.min_ppi, settings.standard,
                                     VARIANTS[job.variant].pad_to)
        findings = check_print_pdf(job.target, expected)
    else:
        facts = inspect_pdf(job.target)
        unembedded = facts.unembedded_fonts()
        findings = [
            Finding("fonts", not unembedded, "all embedded" if not unembedded else "not embedded: " + ", ".join(unembedded)),
            Finding("language", facts.lang == job.lang, f"/Lang is {facts.lang}"),
        ]
    return FileCheck(job.target.name, job.lang, job.variant, findings)


def impose_outputs(jobs: list[Job], workers: int = 1) -> list[OutputRecord]:
    """Saddle-stitch printer spreads of each print PDF, listed in the manifest as variant print-imposed."""
    print_jobs = [job for job in jobs if VARIANTS[job.variant].cmyk]
    records = parallel_map(_impose_output, built_jobs(print_jobs), workers)
    if records:
        write_manifest(print_jobs[0].project, print_jobs[0].edition, records)
    return records


def _impose_output(job: Job) -> OutputRecord:
    from .imposition import impose
    from .preflight import inspect_pdf

    target = job.target.with_name(output_name(job.edition, job.lang, f"{job.variant}-imposed"))
    impose(job.target, target)
    data = target.read_bytes()
    return OutputRecord(target.name, job.lang, f"{job.variant}-imposed", inspect_pdf(target).pages, len(data),
                        hashlib.sha256(data).hexdigest())


def bag_outputs(jobs: list[Job], workers: int = 1):
    """The archivists' hand-over bag of the edition's archive and screen files (see pressroom.handover)."""
    from .handover import BAGGED_VARIANTS, make_bag

    edition, project = jobs[0].edition, jobs[0].project
    publication = edition.publication
    start, end = edition.period
    first = edition.languages[0]
    english = "en" if "en" in edition.languages else first
    bag_info = {
        "Source-Organization": publication.publisher[english],
        "External-Identifier": f"{publication.slug}:{edition.id}",
        "External-Description": f"{publication.name[english]}, edition {edition.id} "
                                f"({start.isoformat()}/{end.isoformat()}), languages: {', '.join(edition.languages)}",
        "Bag-Group-Identifier": publication.slug,
        "Bag-Software-Agent": f"pressroom {__version__}",
    }
    languages = tuple(dict.fromkeys(job.lang for job in jobs))
    variants = tuple(v for v in BAGGED_VARIANTS if v in {job.variant for job in jobs})
    if not variants:
        raise UsageError(f"only the {' and '.join(BAGGED_VARIANTS)} variants go into the archive bag")
    all_languages = set(languages) == set(edition.languages)
    return make_bag(output_folder(project, edition.id), bag_info, () if all_languages else languages, variants,
                    workers)
