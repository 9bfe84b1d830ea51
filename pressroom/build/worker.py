"""What a render worker process does: lay out once, write every PDF of its task, describe each."""

from __future__ import annotations

import hashlib
import json
import os
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError, PressroomError
from ..pdf.fitted import FittedArticles
from ..pdf.sandbox import Sandbox
from ..pdf.variants import RenderSettings
from .jobs import Job, OutputRecord


@dataclass(frozen=True)
class RenderTask:
    """Everything a worker process needs: PDFs of one language that share one layout."""

    outputs: tuple[tuple[Job, RenderSettings], ...]
    html: str
    sandbox: Sandbox
    epoch: int
    marks: bool  # crop marks on the CMYK outputs
    staging: Path  # PDFs are written here; the build moves them into place only if it all succeeds
    kept: FittedArticles | None = None  # the fitted articles of the last build, and where to keep this one's
    after: str = ""  # the task whose fitted articles this one takes: run when it is done
    write_at_once: bool = False  # its PDFs written at the same time (a build with a core to spare for it)

    @property
    def name(self) -> str:
        return "+".join(job.name for job, _ in self.outputs)


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
    from ..pdf.imposition import add_crop_marks
    from ..pdf.preflight import inspect_pdf
    from ..pdf.render import render_pdfs  # WeasyPrint: imported where rendering happens

    _hold_for_test()
    started = time.perf_counter()
    results = render_pdfs(task.html, [(settings, task.staging / job.target.name) for job, settings in task.outputs],
                          task.sandbox, task.epoch, task.kept, task.write_at_once)
    seconds = round((time.perf_counter() - started) / len(task.outputs), 2)
    records = []
    for (job, settings), result in zip(task.outputs, results, strict=True):
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
        # the page map travels in staging, committed with the PDF (see pipeline._commit)
        (task.staging / page_map_name(job.lang, job.variant)).write_text(json.dumps(result.page_map, sort_keys=True))
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


def page_map_name(lang: str, variant: str) -> str:
    return f"pagemap-{lang}-{variant}.json"


def render_in_worker(task: RenderTask) -> list[OutputRecord]:
    try:
        return render_task(task)
    except PressroomError:
        raise
    except Exception as exc:  # a bug or a renderer crash: keep the details for the report
        raise BuildError(
            f"rendering {task.name} failed unexpectedly: {type(exc).__name__}: {exc}\n"
            + "".join(traceback.format_exception(exc)[-6:])
        ) from None
