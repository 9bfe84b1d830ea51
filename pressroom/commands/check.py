"""``pressroom check``: every file the manifest lists, checked with what fits its variant.

- print: the printer's preflight (boxes, page count, fonts, output intent,
  PDF/X identification and version, colour, resolution, interpolation,
  annotations, pictures short of the bleed, metadata);
- print-imposed: the same for the sheets, plus their order and that they were
  made from the print PDF as it is now;
- archive: veraPDF's verdict on the PDF/A claim, the XMP description, the
  embedded sources, links and bookmarks;
- screen: links, bookmarks, downsampled images, a file lighter than print;
- merged (``all``): as their variant, with contents links that stay in their
  own language.

``--layout`` reads the print PDFs' pages instead, as a typographer does
(:mod:`pressroom.pdf.composition`): page fill, holes, loose lines, hyphenation,
the baseline grid, against the composition targets.

Every file is first compared with the manifest's size and SHA-256. Failures
name the page and the picture (its file and article), not object names.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from ..build.jobs import Job, built_jobs
from ..build.tasks import parallel_map
from ..delivery.manifest import IMPOSED_SUFFIX, fixity_problem, read_manifest
from ..errors import BuildError, UsageError
from ..layout.urls import virtual_url
from ..pdf import weasyprint_internals as internals
from ..pdf.composition import LayoutReport, hyphenated_share, layout_report
from ..pdf.conformance import ReaderExpectations, check_reader_pdf
from ..pdf.preflight import Finding, PrintExpectations, check_print_pdf, inspect_pdf
from ..pdf.variants import VARIANTS
from ..pdf.verapdf import find_verapdf, validate
from ..structure.edition import Edition
from ..structure.project import output_folder
from ..text.markdown import render_article


@dataclass(frozen=True)
class FileCheck:
    file: str
    language: str
    variant: str
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)

    @property
    def failures(self) -> list[Finding]:
        return [f for f in self.findings if not f.ok]


@dataclass(frozen=True)
class _Task:
    path: Path
    entry: dict
    print_expected: PrintExpectations | None
    reader_expected: ReaderExpectations | None
    labels: dict[str, str]
    print_sha256: str | None  # imposed files: the current print PDF's


def check_outputs(jobs: list[Job], workers: int = 1, with_verapdf: bool = True) -> list[FileCheck]:
    """Check every file of the manifest that the jobs' languages and variants cover."""
    built_jobs(jobs)  # a usage error naming what to build, if anything is missing
    edition, project = jobs[0].edition, jobs[0].project
    folder = output_folder(project, edition.id)
    languages = {job.lang for job in jobs}
    variants = {job.variant for job in jobs}
    if languages == set(edition.languages):
        languages.add("all")
    entries = [entry for entry in read_manifest(folder)
               if entry["language"] in languages and entry["variant"].removesuffix(IMPOSED_SUFFIX) in variants]
    by_key = {(entry["language"], entry["variant"]): entry for entry in entries}
    labels = {lang: image_labels(edition, lang) for lang in edition.languages if lang in languages}
    tasks = [_task(folder, edition, entry, by_key, labels) for entry in entries]
    results = parallel_map(_check_file, tasks, workers)
    for result in results:
        unfinished = edition.unfinished(edition.languages if result.language == "all" else (result.language,))
        result.findings.append(Finding("final", not unfinished, "every article approved or translated" if not
                                       unfinished else "not finished: " + "; ".join(unfinished)))
    # veraPDF judges every claim: PDF/A and PDF/UA-1 (archive), PDF/UA-1 (screen)
    claiming = [r for r in results if r.ok and VARIANTS[r.variant.removesuffix(IMPOSED_SUFFIX)].accessible]
    if claiming and with_verapdf:
        _add_verapdf(folder, claiming)
    return results


def layout_reports(jobs: list[Job], workers: int = 1) -> list[LayoutReport]:
    """The layout report of each print PDF the jobs cover (print variant only: what is printed is judged)."""
    printed = [job for job in jobs if job.variant == "print"]
    if not printed:
        raise UsageError("the layout report reads the print PDFs: add --variant print")
    return parallel_map(_layout_report, [(job.target, job.lang) for job in built_jobs(printed)], workers)


def layout_table(report: LayoutReport, verbose: bool = False) -> list[str]:
    """The layout report as lines of text: the targets, then each page with what it shows."""
    met = sum(target.ok for target in report.targets)
    rows = [f"{'pass' if report.ok else 'FAIL'} {report.file}: {met} of {len(report.targets)} layout targets met"]
    for target in report.targets:
        value = f"{target.value:g}"
        rows.append(f"  {'ok  ' if target.ok else 'FAIL'}  {target.name:<48} {value:>7}  "
                    f"(target {'≥' if 'least' in target.unit else '≤'} {target.limit:g} {target.unit.split()[0]})")
    rows.append(f"  hyphenated lines {hyphenated_share(report):g} % of {report.counts.body_lines} body lines")
    rows.append("  page  role     fill  what the page shows")
    for page in report.pages:
        kinds = Counter(spot.kind for spot in report.spots if spot.page == page.page)
        if not kinds and not verbose:
            continue
        shown = ", ".join(f"{kind} ×{times}" if times > 1 else kind for kind, times in sorted(kinds.items()))
        fill = f"{page.fill:.0%}" if page.role in ("opener", "article") else ""
        rows.append(f"  {page.page:>4}  {page.role:<7} {fill:>5}  {shown}")
    if verbose:
        rows += [f"  p. {spot.page}: {spot.kind}: {spot.detail}" for spot in report.spots]
    return rows


def _layout_report(task: tuple[Path, str]) -> LayoutReport:
    return layout_report(*task)


def _task(folder: Path, edition: Edition, entry: dict, by_key: dict, labels: dict[str, dict[str, str]]) -> _Task:
    publication = edition.publication
    lang, variant = entry["language"], entry["variant"]
    base = variant.removesuffix(IMPOSED_SUFFIX)
    own_labels = labels.get(lang) or {k: v for each in labels.values() for k, v in each.items()}
    if VARIANTS[base].cmyk:
        settings = publication.print
        width, height = publication.page_mm
        imposed = variant.endswith(IMPOSED_SUFFIX)
        expected = PrintExpectations((2 * width if imposed else width, height), settings.bleed_mm, settings.min_ppi,
                                     settings.standard, 2 if imposed else VARIANTS[base].pad_to)
        source = by_key.get((lang, base))
        return _Task(folder / entry["file"], entry, expected, None, own_labels,
                     source["sha256"] if imposed and source else None)
    articles = len(edition.editions[edition.languages[0] if lang == "all" else lang].articles)
    print_entry = by_key.get((lang, "print"))
    reader = ReaderExpectations(lang, edition.languages, articles, VARIANTS[base].archival,
                                VARIANTS[base].max_image_dpi, print_entry["bytes"] if print_entry else None,
                                tagged=VARIANTS[base].accessible)
    return _Task(folder / entry["file"], entry, None, reader, own_labels, None)


def _check_file(task: _Task) -> FileCheck:
    entry = task.entry
    problem = fixity_problem(task.path.parent, entry)
    findings = [Finding("fixity", problem is None, problem or "size and SHA-256 as the manifest says")]
    if problem is None:
        findings += _readable_findings(task)
    return FileCheck(entry["file"], entry["language"], entry["variant"], findings)


def _readable_findings(task: _Task) -> list[Finding]:
    """The variant's findings, or why the file cannot be read at all (damaged, encrypted, empty)."""
    try:
        facts = inspect_pdf(task.path)
        if facts.pages == 0:
            return [Finding("readable", False, "the PDF has no pages")]
        if PdfReader(task.path).is_encrypted:
            return [Finding("readable", False, "the PDF is encrypted: pressroom never makes such files")]
        return _variant_findings(task)
    except Exception as exc:  # noqa: BLE001 (pypdf raises many kinds on a damaged file: all mean "unreadable")
        return [Finding("readable", False, f"the PDF cannot be read: {type(exc).__name__}: {exc}")]


def _variant_findings(task: _Task) -> list[Finding]:
    if task.print_expected is not None:
        findings = check_print_pdf(task.path, task.print_expected, task.labels)
        if task.entry["variant"].endswith(IMPOSED_SUFFIX):
            made_from = task.entry.get("made_from")
            current = made_from is not None and made_from == task.print_sha256
            findings.append(Finding("made from", current, "the print PDF as it is now" if current else
                                    "the print PDF has changed since these spreads were made: run pressroom impose"))
        return findings
    assert task.reader_expected is not None
    facts = inspect_pdf(task.path)
    unembedded = facts.unembedded_fonts()
    findings = [Finding("fonts", not unembedded,
                        "all embedded" if not unembedded else "not embedded: " + ", ".join(unembedded))]
    return findings + check_reader_pdf(task.path, task.reader_expected, task.labels)


def _add_verapdf(folder: Path, results: list[FileCheck]) -> None:
    """veraPDF's verdict on every archive file, in one run; a finding per failed rule."""
    if find_verapdf() is None:
        for result in results:
            result.findings.append(Finding("veraPDF", False, "veraPDF is not installed (scripts/setup.sh installs "
                                                              "it): the PDF/A and PDF/UA claims were not validated"))
        return
    try:
        verdicts = {verdict.file.name: verdict for verdict in validate([folder / r.file for r in results])}
    except BuildError as exc:
        for result in results:
            result.findings.append(Finding("veraPDF", False, str(exc)))
        return
    for result in results:
        verdict = verdicts.get(result.file)
        if verdict is None:
            result.findings.append(Finding("veraPDF", False, "no verdict for this file"))
            continue
        if verdict.compliant:
            result.findings.append(Finding("veraPDF", True, f"{verdict.profile}: {verdict.passed_rules} rules passed"))
        for rule in verdict.failed:
            result.findings.append(Finding("veraPDF", False, f"{rule.specification} {rule.clause}-{rule.test}: "
                                           f"{rule.description} ({rule.failures}×)", rule.where))


def image_labels(edition: Edition, lang: str) -> dict[str, str]:
    """Image XObject name → "images/x.png in en/01-a.md" for every picture one language uses."""
    images_root = edition.images_folder.resolve()
    labels: dict[str, str] = {}
    cover = edition.editions[lang].cover
    uses = [(cover, "the cover")] if cover is not None else []
    for article in edition.editions[lang].articles:
        rendered = render_article(article, edition.folder)
        uses += [(image, f"{lang}/{article.path.name}") for image in rendered.images]
    for image, where in uses:
        relative = image.relative_to(images_root)
        for name in internals.image_xobject_names(virtual_url("images", relative)):
            labels[name] = f"images/{relative.as_posix()} in {where}"
    return labels

