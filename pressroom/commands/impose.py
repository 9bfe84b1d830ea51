"""``pressroom impose``: saddle-stitch printer spreads of each print PDF."""

from __future__ import annotations

import hashlib

from ..build.jobs import Job, OutputRecord, built_jobs
from ..build.tasks import parallel_map
from ..delivery.manifest import IMPOSED_SUFFIX, fixity_problem, read_manifest, write_manifest
from ..errors import BuildError
from ..pdf.imposition import impose
from ..pdf.preflight import inspect_pdf
from ..pdf.variants import VARIANTS
from ..structure.project import output_folder, output_name


def impose_outputs(jobs: list[Job], workers: int = 1) -> list[OutputRecord]:
    """Saddle-stitch printer spreads of each print PDF, listed in the manifest as variant print-imposed.

    Each print PDF is first checked against the manifest (a file changed since
    the build is refused), and the spreads record the SHA-256 of the PDF they
    were made from: a later ``make`` that changes it withdraws them.
    """
    print_jobs = built_jobs([job for job in jobs if VARIANTS[job.variant].cmyk])
    if not print_jobs:
        return []
    folder = output_folder(print_jobs[0].project, print_jobs[0].edition.id)
    entries = {entry["file"]: entry for entry in read_manifest(folder)}
    problems = [fixity_problem(folder, entries[job.target.name]) if job.target.name in entries
                else f"{job.target.name} is not in the manifest" for job in print_jobs]
    if any(problems):
        raise BuildError("refusing to impose files the build did not make (run pressroom make again):\n"
                         + "\n".join(f"  {problem}" for problem in problems if problem))
    records = parallel_map(_impose_output, print_jobs, workers)
    write_manifest(print_jobs[0].project, print_jobs[0].edition, records)
    return records


def _impose_output(job: Job) -> OutputRecord:
    target = job.target.with_name(output_name(job.edition, job.lang, f"{job.variant}{IMPOSED_SUFFIX}"))
    try:
        impose(job.target, target)
    except Exception as exc:  # noqa: BLE001 (pypdf raises many kinds on a damaged file: all mean "unreadable")
        raise BuildError(f"{job.target.name} cannot be imposed: it is not a readable PDF with pages "
                         f"({type(exc).__name__}: {exc}); run pressroom make {job.edition.id} --force") from None
    data = target.read_bytes()
    return OutputRecord(target.name, job.lang, f"{job.variant}{IMPOSED_SUFFIX}", inspect_pdf(target).pages,
                        len(data), hashlib.sha256(data).hexdigest(),
                        made_from=hashlib.sha256(job.target.read_bytes()).hexdigest())
