"""Running work over processes: one interface whether there is one worker or several (as Sphinx's SerialTasks)."""

from __future__ import annotations

import dataclasses
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar, cast

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
    # In the plan's order: a task that takes another's fitting (``RenderTask.after``) comes after it.
    records: list[OutputRecord] = []
    for task in tasks:
        _tell(task, say, "rendering")
        records.extend(render_task(task))
        _tell(task, say, "done")
    return records


def _render_in_processes(tasks: list[RenderTask], workers: int, say: Progress) -> list[OutputRecord]:
    """Each task in a process of its own, forked for it, at most ``workers`` at once.

    A fresh process per task, not a pool: a render's memory is given back when it
    ends, so a worker's peak is that of one render, never of several one after
    another in the same heap. Forking inherits the imported renderer.
    """
    import multiprocessing
    from multiprocessing.connection import Connection, wait

    context = multiprocessing.get_context("fork")
    names = {task.name for task in tasks}
    awaited = {task.after for task in tasks}

    def first(task: RenderTask) -> tuple:
        # What other tasks wait for first; then the longest (more outputs, then longer documents), so that
        # no core idles at the end.
        return (task.name not in awaited, -len(task.outputs), -len(task.html))

    ready = sorted((task for task in tasks if task.after not in names), key=first)
    waiting = [task for task in tasks if task.after in names]  # for the fitting of a task of this build
    records: list[OutputRecord] = []
    running: dict[Connection, tuple[Any, RenderTask]] = {}  # the end of a pipe the worker answers on → (process, task)

    def start() -> None:
        spare = len(ready) + len(waiting) < workers - len(running)  # every task left has a core: some would idle
        while ready and len(running) < workers:
            task = ready.pop(0)
            if spare:
                task = dataclasses.replace(task, write_at_once=True)
            answers, answer = context.Pipe(duplex=False)
            process = context.Process(target=_worker, args=(task, answer), daemon=True)
            process.start()
            answer.close()  # the worker's end: closed here, so that a dead worker reads as the end of the pipe
            running[answers] = (process, task)
            _tell(task, say, "rendering")

    try:
        for task in ready[workers:] + waiting:
            _tell(task, say, "waiting")
        _release_memory()  # what the forked workers inherit
        start()
        while running:
            for ended in wait(list(running)):
                answers = cast(Connection, ended)
                process, task = running.pop(answers)
                try:
                    failed, result = answers.recv()
                except EOFError:
                    raise BuildError(
                        f"a render worker died while rendering {_names(task)} (killed, or out of "
                        "memory); nothing was changed in the output folder: run the build again"
                    ) from None
                finally:
                    answers.close()
                    process.join()
                if failed:
                    raise result
                records.extend(result)
                _tell(task, say, "done")
                ready.extend(other for other in waiting if other.after == task.name)
                waiting = [other for other in waiting if other.after != task.name]
                ready.sort(key=first)
            start()
    except BaseException:
        # A failure or an interrupt: stop the other renders now rather than let
        # them finish work that will be thrown away (the staging folder goes).
        for process, _ in running.values():
            process.terminate()
        for process, _ in running.values():
            process.join()
        raise
    return records


def _worker(task: RenderTask, answer: Any) -> None:
    quiet_worker()
    try:
        answer.send((False, render_in_worker(task)))
    except Exception as exc:  # noqa: BLE001 (sent to the main process, which raises it)
        answer.send((True, exc))
    finally:
        answer.close()


def _release_memory() -> None:
    """Give freed memory back to the system (glibc keeps it otherwise), so that forked workers do not count it."""
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    name = ctypes.util.find_library("c")
    try:
        ctypes.CDLL(name).malloc_trim(0)
    except (OSError, AttributeError, TypeError):
        pass  # not glibc: nothing to trim


def parallel_map(function: Callable[[T], R], items: list[T], workers: int) -> list[R]:
    """``[function(item) for item in items]`` over up to ``workers`` processes (``function`` at module level)."""
    if workers <= 1 or len(items) <= 1:
        return [function(item) for item in items]
    import multiprocessing

    context = multiprocessing.get_context("fork")
    _release_memory()
    with ProcessPoolExecutor(max_workers=min(workers, len(items)), mp_context=context,
                             initializer=quiet_worker) as pool:
        return list(pool.map(function, items))
