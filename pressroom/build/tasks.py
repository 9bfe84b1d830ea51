"""Running work over processes: one interface whether there is one worker or several (as Sphinx's SerialTasks)."""

from __future__ import annotations

import signal
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from ..errors import BuildError
from .jobs import OutputRecord, Progress
from .worker import RenderTask, render_in_worker, render_task

T = TypeVar("T")
R = TypeVar("R")


def quiet_worker() -> None:
    # The main process decides what an interrupt means (it stops the workers and
    # cleans up); a worker ignores Ctrl-C and dies quietly when terminated,
    # rather than each printing its own traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def render_all(tasks: list[RenderTask], workers: int, say: Progress) -> list[OutputRecord]:
    """Run every render task, in this process or over up to ``workers`` processes; the callers never branch."""
    if workers <= 1 or len(tasks) <= 1:
        return _render_serially(tasks, say)
    return _render_in_processes(tasks, workers, say)


def _names(task: RenderTask) -> str:
    return ", ".join(job.name for job, _ in task.outputs)


def _tell(task: RenderTask, say: Progress, what: str) -> None:
    for job, _ in task.outputs:
        say(job.name, what)


def _render_serially(tasks: list[RenderTask], say: Progress) -> list[OutputRecord]:
    records: list[OutputRecord] = []
    for task in tasks:
        _tell(task, say, "rendering")
        records.extend(render_task(task))
        _tell(task, say, "done")
    return records


def _render_in_processes(tasks: list[RenderTask], workers: int, say: Progress) -> list[OutputRecord]:
    import multiprocessing

    # fork: workers inherit the imported renderer instead of importing it again.
    context = multiprocessing.get_context("fork")
    # Longest first (more outputs, then longer documents), so no core idles at the end.
    tasks = sorted(tasks, key=lambda t: (len(t.outputs), len(t.html)), reverse=True)
    records: list[OutputRecord] = []
    pool = ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=context,
                               initializer=quiet_worker)
    try:
        futures: dict[Future, RenderTask] = {}
        for i, task in enumerate(tasks):
            futures[pool.submit(render_in_worker, task)] = task
            _tell(task, say, "rendering" if i < workers else "waiting")
        started = min(workers, len(tasks))  # the pool takes tasks in submission order
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    records.extend(future.result())
                except BrokenProcessPool:
                    raise BuildError(
                        f"a render worker died while rendering {_names(futures[future])} (killed, or out of "
                        "memory); nothing was changed in the output folder: run the build again"
                    ) from None
                _tell(futures[future], say, "done")
                if started < len(tasks):
                    _tell(tasks[started], say, "rendering")
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


def parallel_map(function: Callable[[T], R], items: list[T], workers: int) -> list[R]:
    """``[function(item) for item in items]`` over up to ``workers`` processes (``function`` at module level)."""
    if workers <= 1 or len(items) <= 1:
        return [function(item) for item in items]
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(workers, len(items)), mp_context=context,
                             initializer=quiet_worker) as pool:
        return list(pool.map(function, items))
