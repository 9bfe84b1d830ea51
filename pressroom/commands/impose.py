"""``pressroom impose``: saddle-stitch printer spreads of each print PDF."""

from __future__ import annotations

import hashlib

from ..build.jobs import Job, OutputRecord, built_jobs
from ..build.tasks import parallel_map
from ..delivery.manifest import write_manifest
from ..pdf.imposition import impose
from ..pdf.preflight import inspect_pdf
from ..pdf.variants import VARIANTS
from ..structure.project import output_name


def impose_outputs(jobs: list[Job], workers: int = 1) -> list[OutputRecord]:
    """Saddle-stitch printer spreads of each print PDF, listed in the manifest as variant print-imposed."""
    print_jobs = [job for job in jobs if VARIANTS[job.variant].cmyk]
    records = parallel_map(_impose_output, built_jobs(print_jobs), workers)
    if records:
        write_manifest(print_jobs[0].project, print_jobs[0].edition, records)
    return records


def _impose_output(job: Job) -> OutputRecord:
    target = job.target.with_name(output_name(job.edition, job.lang, f"{job.variant}-imposed"))
    impose(job.target, target)
    data = target.read_bytes()
    return OutputRecord(target.name, job.lang, f"{job.variant}-imposed", inspect_pdf(target).pages, len(data),
                        hashlib.sha256(data).hexdigest())
