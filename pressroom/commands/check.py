"""``pressroom check``: preflight of the built PDFs (the printer's checks for print, the general ones otherwise)."""

from __future__ import annotations

from dataclasses import dataclass

from ..build.jobs import Job, built_jobs
from ..build.tasks import parallel_map
from ..pdf.preflight import Finding, PrintExpectations, check_print_pdf, inspect_pdf
from ..pdf.variants import VARIANTS


@dataclass(frozen=True)
class FileCheck:
    file: str
    language: str
    variant: str
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)


def check_outputs(jobs: list[Job], workers: int = 1) -> list[FileCheck]:
    """Preflight every built PDF of ``jobs``: the printer's checks for print, the general ones otherwise."""
    return parallel_map(_check_output, built_jobs(jobs), workers)


def _check_output(job: Job) -> FileCheck:
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
            Finding("fonts", not unembedded,
                    "all embedded" if not unembedded else "not embedded: " + ", ".join(unembedded)),
            Finding("language", facts.lang == job.lang, f"/Lang is {facts.lang}"),
        ]
    return FileCheck(job.target.name, job.lang, job.variant, findings)
