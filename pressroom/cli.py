"""The ``pressroom`` command: parses options, calls the pipeline, reports. No logic of its own."""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .errors import BuildError, PressroomError, SourceError, SourceErrors, fault_message
from .structure.project import Project

if TYPE_CHECKING:
    from .build.jobs import BuildReport
    from .commands.watch import Rebuild

# Each command imports what it runs when it runs: start-up, --help, status and
# new never load the renderer.

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    help="Typeset the bulletin's editions from YAML/Markdown sources into PDFs.",
)
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

# Options shared by every command that reads or writes editions: same names, same meaning.
EditionId = Annotated[str, typer.Argument(help="Edition ID: YYYY-H1 (January–June) or YYYY-H2 (July–December).")]
RootOption = Annotated[
    Path, typer.Option("--root", help="The project folder (holds pressroom.yaml).", file_okay=False)
]
OutOption = Annotated[Path | None, typer.Option("--out", help="Where results go [default: ROOT/output].")]
LangOption = Annotated[
    list[str] | None, typer.Option("--lang", "-l", help="Only this language (repeatable).")
]
VariantOption = Annotated[
    list[str] | None, typer.Option("--variant", help="Only this variant (repeatable): print, archive, screen.")
]
AllowMissingOption = Annotated[
    bool, typer.Option("--allow-missing", help="Go on even if an article is missing in some language (warns).")
]
JobsOption = Annotated[
    int | None, typer.Option("--jobs", "-j", min=1, help="Processes to render with [default: CPUs].")
]


def _show_version(value: bool) -> None:
    if value:
        out.print(f"pressroom {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_show_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Typeset the bulletin's editions from YAML/Markdown sources into PDFs."""


def _project(root: Path, out_dir: Path | None) -> Project:
    root = _find_root(root.resolve())
    return Project(root=root, out=(out_dir or root / "output").resolve())


def _find_root(start: Path) -> Path:
    """The folder holding pressroom.yaml: ``start`` or the nearest parent that has one (as git finds .git)."""
    for folder in (start, *start.parents):
        if (folder / "pressroom.yaml").is_file():
            return folder
    return start  # not a project: load_publication says so, naming --root


def _message(error: PressroomError, project_root: Path | None) -> str:
    return _printable(error.describe(project_root) if isinstance(error, SourceError) else str(error))


def _printable(text: str) -> str:
    """Text from odd sources (a lone surrogate, a name that is not UTF-8) shown escaped, never as a crash."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _shown_path(path: Path) -> str:
    """A path as text, with bytes that are not UTF-8 escaped (never a crash while printing)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _fail(error: PressroomError, project_root: Path | None) -> NoReturn:
    _print_errors(error, project_root)
    raise typer.Exit(error.exit_code)


def _print_errors(error: PressroomError, project_root: Path | None) -> None:
    """Each problem as ``error: file:line:col: message``; several end with their count, as Sphinx does."""
    errors = error.errors if isinstance(error, SourceErrors) else (error,)
    for each in errors:
        err.print(f"[bold red]error:[/] {escape(_message(each, project_root))}", markup=True, soft_wrap=True)
    if len(errors) > 1:
        files = len({each.path for each in errors})
        err.print(f"{len(errors)} errors in {files} file(s)", soft_wrap=True)


@contextmanager
def _reporting(project: Project) -> Iterator[None]:
    """Turns pressroom's errors into one clear message and the right exit status."""
    try:
        yield
    except PressroomError as error:
        _fail(error, project.root)
    except OSError as error:  # a fault of the machine, not of the sources: say where and what to do
        _fail(BuildError(fault_message(error)), project.root)


def _human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    return f"{size / 1024:.1f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def _summary(report: BuildReport, project: Project) -> None:
    # The files share "<slug>-<ID>-": said once in the title, so the rows fit 80 columns.
    prefix = f"{report.edition.publication.slug}-{report.edition.id}-"
    table = Table(title=f"{report.edition.publication.name.get('en', report.edition.id)} · {report.edition.id}",
                  caption=f"files: {prefix}…", caption_justify="left")
    for column, justify in (("language", "left"), ("variant", "left"), ("pages", "right"), ("size", "right"),
                            ("seconds", "right"), ("file", "left")):
        table.add_column(column, justify=justify, no_wrap=column == "file")  # type: ignore[arg-type]
    for record in report.outputs:
        table.add_row(record.language, record.variant, str(record.pages), _human_size(record.bytes),
                      f"{record.seconds:.1f}", "…" + record.file.removeprefix(prefix))
    out.print(table)
    for note in report.notes:
        out.print(f"[cyan]note:[/] {escape(note)}", markup=True)
    for warning in report.warnings:
        err.print(f"[yellow]warning:[/] {escape(_printable(warning))}", markup=True)
    _brief_page_map(report, project)
    manifest = report.manifest
    try:
        manifest = manifest.relative_to(Path.cwd())
    except ValueError:
        pass
    out.print(f"{len(report.outputs)} PDF(s) in {report.seconds:.1f} s; manifest: {manifest}")


SHORT_LAST_PAGE = 0.25  # below this, an article's last page is worth a look (copyfit)


def _brief_page_map(report: BuildReport, project: Project) -> None:
    """After a build, per language: where the articles are, and those whose last page is nearly empty."""
    from .build.cache import read_page_map

    for lang in dict.fromkeys(r.language for r in report.outputs if r.language != "all"):
        articles = read_page_map(project, report.edition.id, lang)
        if not articles:
            continue
        first = min(a["first_page"] for a in articles.values())
        last = max(a["first_page"] + a["pages"] - 1 for a in articles.values())
        ending = max(articles, key=lambda key: articles[key]["first_page"])  # may end as short as it is
        short = [f"{key} ({a['last_page_lines']} lines{', the edition’s end' if key == ending else ''})"
                 for key, a in sorted(articles.items())
                 if a.get("pages", 0) > 1 and a.get("last_page_fill", 1) < SHORT_LAST_PAGE]
        count = len(articles)
        line = f"{lang}: {count} article{'s' if count != 1 else ''} on pp. {first}–{last}"
        if short:
            line += "; nearly empty last pages: " + ", ".join(short)
        out.print(line, markup=False, soft_wrap=True)


@app.command()
def make(
    edition_id: EditionId,
    root: RootOption = Path("."),
    out_dir: OutOption = None,
    lang: LangOption = None,
    variant: VariantOption = None,
    jobs: JobsOption = None,
    allow_lowres: Annotated[
        bool, typer.Option("--allow-lowres", help="Build even with images below the print resolution (warns).")
    ] = False,
    marks: Annotated[bool, typer.Option("--marks", help="Crop marks outside the bleed on print PDFs.")] = False,
    allow_missing: AllowMissingOption = False,
    force: Annotated[bool, typer.Option("--force", help="Rebuild everything, even what is up to date.")] = False,
) -> None:
    """Build the PDFs of an edition: every variant of every language, unless narrowed; skips what is up to date."""
    from .build.jobs import Options, plan
    from .build.pipeline import build

    project = _project(root, out_dir)
    try:
        planned = plan(project, edition_id, lang or (), variant or (), allow_missing, defer=True)
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.fields[job]}", style="bold"),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        ) as progress:
            tasks = {job.name: progress.add_task("waiting", job=job.name, total=None) for job in planned}

            def report(name: str, what: str) -> None:
                if name not in tasks:
                    tasks[name] = progress.add_task(what, job=name, total=None)
                progress.update(tasks[name], description=what)
                if what in ("done", "up to date"):
                    progress.stop_task(tasks[name])  # its timer stops with the job

            options = Options(allow_lowres=allow_lowres, marks=marks, force=force)
            result = build(planned, jobs or os.cpu_count() or 1, report, options)
    except PressroomError as error:
        _fail(error, project.root)
    except OSError as error:
        _fail(BuildError(fault_message(error)), project.root)
    except KeyboardInterrupt:
        err.print("interrupted: the output folder is as it was before this build")
        raise typer.Exit(130) from None
    _summary(result, project)


@app.command()
def watch(
    edition_id: EditionId,
    root: RootOption = Path("."),
    out_dir: OutOption = None,
    lang: LangOption = None,
    variant: VariantOption = None,
    jobs: JobsOption = None,
    allow_missing: AllowMissingOption = False,
    open_pdf: Annotated[bool, typer.Option("--open", help="Open the first PDF built in the desktop's viewer.")
                        ] = False,
) -> None:
    """Build, then rebuild the affected language each time a source is saved (Ctrl-C stops)."""
    from .build.jobs import Options
    from .commands.watch import watch as watch_edition

    project = _project(root, out_dir)
    pages: dict[str, int] = {}  # file → pages at the last build: a change is reported
    opened: list[Path] = []

    def show(result: Rebuild) -> None:
        what = ", ".join(_shown_path(p.relative_to(project.root) if p.is_relative_to(project.root) else p)
                         for p in result.changed) or "first build"
        if result.proof is not None:
            proof = result.proof
            last = proof.first_page + len(proof.pages) - 1
            out.print(f"{what}: proof of {proof.lang}/{proof.key}, pp. {proof.first_page}–{last}, in "
                      f"{result.seconds:.1f} s", soft_wrap=True, markup=False)
            for page in proof.pages:
                out.print(f"  proof {_shown_path(page)}", soft_wrap=True, markup=False)
            return
        scope = ", ".join(result.languages) or "all languages"
        if result.error is not None:
            _print_errors(result.error, project.root)
            out.print(f"{what}: not rebuilt ({result.seconds:.1f} s); fix it and save again", soft_wrap=True)
        elif result.report is not None:
            built = [r for r in result.report.outputs if r.seconds > 0]
            names = ", ".join(f"{r.language}/{r.variant}" for r in built) or "nothing (up to date)"
            out.print(f"{what}: rebuilt {names} ({scope}) in {result.seconds:.1f} s", soft_wrap=True, markup=False)
            folder = result.report.manifest.parent
            for record in built:
                before = pages.get(record.file)
                change = f", was {before}" if before is not None and before != record.pages else ""
                out.print(f"  updated {_shown_path(folder / record.file)} ({record.pages} pages{change})",
                          soft_wrap=True, markup=False)
            pages.update({record.file: record.pages for record in result.report.outputs})
            if open_pdf and not opened and result.report.outputs:
                opened.append(folder / result.report.outputs[0].file)
                typer.launch(str(opened[0]))  # a viewer reloads it on later saves
            for warning in result.report.warnings:
                err.print(f"[yellow]warning:[/] {escape(_printable(warning))}", markup=True)
        out.print("watching for changes… (Ctrl-C stops)")

    try:
        watch_edition(project, edition_id, tuple(lang or ()), tuple(variant or ()), jobs or os.cpu_count() or 1,
                      Options(), show, allow_missing=allow_missing)
    except KeyboardInterrupt:
        out.print("stopped watching")


@app.command()
def proof(
    edition_id: EditionId,
    root: RootOption = Path("."),
    out_dir: OutOption = None,
    lang: LangOption = None,
    variant: Annotated[
        list[str] | None, typer.Option("--variant", help="Only this variant (repeatable) [default: print].")
    ] = None,
    jobs: JobsOption = None,
    pages: Annotated[bool, typer.Option("--pages", help="Also every page as a PNG at about 100 dpi.")] = False,
    allow_missing: AllowMissingOption = False,
) -> None:
    """Contact sheets of the built PDFs, pages as spreads (1, 2|3, 4|5, …), for the layout staff."""
    from .build.jobs import plan
    from .commands.proof import write_proofs

    project = _project(root, out_dir)
    with _reporting(project):
        written = write_proofs(plan(project, edition_id, lang or (), variant or ("print",), allow_missing),
                               pages=pages, workers=jobs or os.cpu_count() or 1)
    for path in written:
        if path.name.endswith("-contact.png"):
            out.print(f"contact sheet: {path}", markup=False, soft_wrap=True)
    if pages:
        out.print(f"{sum(1 for p in written if not p.name.endswith('-contact.png'))} page PNG(s)")


@app.command()
def new(edition_id: EditionId, root: RootOption = Path(".")) -> None:
    """Start an edition from the previous one: settings, cover and TODO stubs of its articles."""
    from .commands.new import new_edition

    project = _project(root, None)
    with _reporting(project):
        report = new_edition(project.root, edition_id)
    source = f"from {report.previous}" if report.previous else "from scratch"
    out.print(f"{report.folder}: {len(report.created)} file(s) created {source}", markup=False)
    for note in report.notes:
        out.print(f"note: {note}", markup=False)


@app.command()
def add(
    edition_id: EditionId,
    article: Annotated[str, typer.Argument(help="The article's file name without .md: NN-slug, e.g. 04-new-school.")],
    root: RootOption = Path("."),
    title: Annotated[str, typer.Option("--title", help="A working title for every language's stub.")] = "",
    section: Annotated[str, typer.Option("--section", help="The section for every language's stub.")] = "",
) -> None:
    """Add an article to every language of an edition, as stubs in each language's words."""
    from .commands.add import add_article

    project = _project(root, None)
    with _reporting(project):
        written = add_article(project.root, edition_id, article, title, section)
    for path in written:
        out.print(_shown_path(path.relative_to(project.root)), markup=False)
    out.print(f"{len(written)} stub(s) written (status: stub): write them, then set status: draft, translated or "
              "approved", soft_wrap=True)


@app.command()
def translated(
    edition_id: EditionId,
    article: Annotated[str, typer.Argument(help="The article's file name without .md: NN-slug.")],
    root: RootOption = Path("."),
    lang: LangOption = None,
) -> None:
    """Record that an article's translations follow its source text now (status flags them when it changes)."""
    from .commands.add import record_translations

    project = _project(root, None)
    with _reporting(project):
        changed = record_translations(project.root, edition_id, article, tuple(lang or ()))
    for path in changed:
        out.print(f"recorded: {_shown_path(path.relative_to(project.root))}", markup=False)


@app.command()
def check(
    edition_id: EditionId,
    root: RootOption = Path("."),
    out_dir: OutOption = None,
    lang: LangOption = None,
    variant: VariantOption = None,
    jobs: JobsOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print every finding as JSON.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Every check of every file, passed ones too.")
                       ] = False,
    allow_missing: AllowMissingOption = False,
    layout: Annotated[bool, typer.Option("--layout", help="The layout report of the print PDFs instead: page fill, "
                                         "holes, loose lines, hyphenation, baseline grid, against the targets.")
                      ] = False,
) -> None:
    """Check every built file as its reader would: printer's preflight, veraPDF, links, sources, fixity."""
    from .build.jobs import plan
    from .commands.check import check_outputs, layout_reports, layout_table

    project = _project(root, out_dir)
    if layout:
        with _reporting(project):
            reports = layout_reports(plan(project, edition_id, lang or (), variant or ("print",), allow_missing),
                                     jobs or os.cpu_count() or 1)
        if as_json:
            out.print_json(json.dumps({"edition": edition_id, "ok": all(r.ok for r in reports),
                                       "files": [r.as_json() for r in reports]}, ensure_ascii=False))
        else:
            for report in reports:
                for row in layout_table(report, verbose):
                    out.print(row, markup=False, soft_wrap=True)
        if not all(report.ok for report in reports):
            raise typer.Exit(1)
        return
    with _reporting(project):
        results = check_outputs(plan(project, edition_id, lang or (), variant or (), allow_missing),
                                jobs or os.cpu_count() or 1)
    failed = [r for r in results if not r.ok]
    if as_json:
        payload = {
            "edition": edition_id,
            "ok": not failed,
            "files": [
                {"file": r.file, "language": r.language, "variant": r.variant, "ok": r.ok,
                 "findings": [f.as_dict() for f in r.findings]}
                for r in results
            ],
        }
        out.print_json(json.dumps(payload, ensure_ascii=False))
    else:
        for result in results:
            verdict = "[green]pass[/]" if result.ok else "[bold red]FAIL[/]"
            out.print(f"{verdict} {escape(result.file)}: {len(result.findings)} checks"
                      + (f", {len(result.failures)} failed" if result.failures else ""), soft_wrap=True)
            for finding in result.findings if verbose else result.failures:
                mark = "  ok  " if finding.ok else "  FAIL"
                where = f" [{finding.where}]" if finding.where else ""
                out.print(f"{mark} {finding.check}{escape(where)}: {escape(finding.detail)}", soft_wrap=True,
                          markup=False)
        out.print(f"{len(results) - len(failed)} of {len(results)} file(s) pass")
    if failed:
        raise typer.Exit(1)


@app.command()
def impose(
    edition_id: EditionId,
    root: RootOption = Path("."),
    out_dir: OutOption = None,
    lang: LangOption = None,
    variant: VariantOption = None,
    jobs: JobsOption = None,
    allow_missing: AllowMissingOption = False,
) -> None:
    """Printer spreads for saddle stitching (16|1, 2|15, 14|3, …), two pages to a sheet."""
    from .build.jobs import plan
    from .commands.impose import impose_outputs

    project = _project(root, out_dir)
    with _reporting(project):
        records = impose_outputs(plan(project, edition_id, lang or (), variant or (), allow_missing),
                                 jobs or os.cpu_count() or 1)
    for record in records:
        out.print(f"{record.file}: {record.pages} sheet sides")


@app.command()
def archive(
    edition_id: EditionId,
    root: RootOption = Path("."),
    out_dir: OutOption = None,
    lang: LangOption = None,
    variant: VariantOption = None,
    jobs: JobsOption = None,
) -> None:
    """A validated BagIt bag of the edition's archive and screen PDFs and manifest, for the archivists."""
    from .build.jobs import plan
    from .commands.archive import bag_outputs

    project = _project(root, out_dir)
    with _reporting(project):
        report = bag_outputs(plan(project, edition_id, lang or (), variant or ()), jobs or os.cpu_count() or 1)
    table = Table(title=f"{report.path.name}: valid BagIt bag (SHA-256, SHA-512)", title_justify="left")
    table.add_column("payload")
    table.add_column("size", justify="right")
    for name, size in report.files:
        table.add_row(name, _human_size(size))
    out.print(table)
    out.print(f"Payload-Oxum {report.oxum} (bytes.files); bag at {report.path}")


@app.command()
def catalogue(root: RootOption = Path("."), out_dir: OutOption = None) -> None:
    """Write OUT/index.html: every built edition's PDFs with pages, sizes and SHA-256, for download."""
    from .config.publication import load_publication
    from .delivery.catalogue import write_catalogue

    project = _project(root, out_dir)
    with _reporting(project):
        index = write_catalogue(
            project.out, project.styles, load_publication(project.root),
            warn=lambda message: err.print(f"[yellow]warning:[/] {escape(message)}", markup=True),
        )
    out.print(f"catalogue: {index}")


@app.command()
def status(
    edition_id: EditionId,
    root: RootOption = Path("."),
    out_dir: OutOption = None,
    lang: LangOption = None,
    variant: VariantOption = None,
    jobs: JobsOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the matrix as JSON.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Titles, words and pages of every article.")
                       ] = False,
) -> None:
    """One line per article: where each language stands (missing, draft, translated, approved, stale).

    It reads the sources and the page map of the last build: --variant and --jobs are accepted like
    everywhere else and change nothing.
    """
    from rich import box

    from .commands.status import status_matrix

    project = _project(root, out_dir)
    with _reporting(project):
        matrix = status_matrix(project, edition_id, tuple(lang or ()))
    if as_json:
        out.print_json(json.dumps(matrix.as_dict(), ensure_ascii=False))
        return
    styles = {"missing": "bold red", "stale": "bold yellow", "draft": "yellow", "stub": "bold red",
              "translated": "cyan", "approved": "green"}
    table = Table(title=f"{matrix.edition.id}: articles × languages", title_justify="left",
                  box=box.SIMPLE if not verbose else box.SQUARE)
    table.add_column("article")
    for code in matrix.languages:
        table.add_column(code)
    for key in matrix.keys:
        cells = []
        for code in matrix.languages:
            cell = matrix.cell(key, code)
            text = f"[{styles.get(cell.state, '')}]{cell.state}[/]"
            if verbose and cell.article is not None:
                text = f"{escape(cell.article.title)}\n[dim]{cell.article.word_count} words[/] · {text}"
                if cell.page:
                    fill = cell.page.get("last_page_fill")
                    text += (f"\n[dim]p. {cell.page.get('first_page')}, {cell.page.get('pages')} pp."
                             + (f", last {fill:.0%} full" if isinstance(fill, (int, float)) else "") + "[/]")
            cells.append(text)
        table.add_row(key, *cells)
    if verbose:
        table.add_row("total", *(f"[bold]{matrix.words(code)} words[/]" for code in matrix.languages))
    out.print(table)
    summary = f"{len(matrix.keys)} articles, {matrix.gaps} missing translation(s)"
    if matrix.stale:
        summary += (f", {len(matrix.stale)} stale: {', '.join(matrix.stale)} (their "
                    f"{matrix.edition.publication.source_language} text changed since they were translated)")
    out.print(summary, soft_wrap=True)


@app.command()
def version() -> None:
    """Print pressroom's version."""
    out.print(__version__)


def _interrupt(signum, frame) -> None:  # noqa: ANN001 (signal handler signature)
    raise KeyboardInterrupt


def main() -> None:
    # SIGTERM and SIGHUP (a stopped job, a closed terminal) unwind like Ctrl-C: staging
    # folders, temporary files and the edition lock are cleaned up on the way out.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGHUP, _interrupt)  # a closed terminal: the same clean-up
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # a bug in pressroom: say so plainly; the traceback is for developers
        if os.environ.get("PRESSROOM_DEBUG"):
            raise
        err.print(f"[bold red]internal error:[/] {escape(f'{type(exc).__name__}: {exc}')}", markup=True)
        err.print("(this is a bug in pressroom; run again with PRESSROOM_DEBUG=1 for the traceback)")
        sys.exit(1)
