"""veraPDF, the validator archives run on ingest: its verdict on PDF/A (and PDF/UA) files.

pressroom's own checks cannot be the only judge of its own claims. veraPDF is
installed by ``scripts/setup.sh`` from Maven Central, outside the project (see
README); it is found through ``PRESSROOM_VERAPDF``, ``verapdf`` on the PATH, or
``~/.cache/pressroom/verapdf/bin/verapdf``. Without it, :func:`validate` says so
instead of guessing a verdict.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BuildError

INSTALLED_BY_SETUP = Path.home() / ".cache" / "pressroom" / "verapdf" / "bin" / "verapdf"
TIMEOUT_SECONDS = 900


@dataclass(frozen=True)
class FailedRule:
    """One rule of a validation profile that a file breaks, as veraPDF words it."""

    specification: str  # "ISO 19005-3:2012"
    clause: str  # "6.2.8"
    test: int
    description: str
    failures: int  # how many objects break it
    where: str  # veraPDF's path to the first one (root/document[0]/pages[0]/…)

    def __str__(self) -> str:
        return (f"{self.specification} {self.clause}-{self.test}: {self.description} "
                f"({self.failures}×, e.g. {self.where})")


@dataclass(frozen=True)
class Verdict:
    file: Path
    profile: str  # "PDF/A-3B validation profile + PDF/UA-1 validation profile": every claim the file makes
    compliant: bool
    passed_rules: int
    failed: tuple[FailedRule, ...] = field(default=())


def find_verapdf() -> Path | None:
    """The veraPDF command, or None when it is not installed."""
    given = os.environ.get("PRESSROOM_VERAPDF")
    if given:
        return Path(given) if Path(given).is_file() else None
    on_path = shutil.which("verapdf")
    if on_path:
        return Path(on_path)
    return INSTALLED_BY_SETUP if INSTALLED_BY_SETUP.is_file() else None


def verapdf_version(command: Path) -> str:
    result = subprocess.run([str(command), "--version"], capture_output=True, text=True, timeout=120, check=False)
    first = result.stdout.strip().splitlines()
    return first[0] if first else "veraPDF (version unknown)"


def validate(files: list[Path], flavour: str | None = None, command: Path | None = None,
             processes: int = 2) -> list[Verdict]:
    """veraPDF's verdict on each of ``files``, in their order, against the profile each claims.

    ``flavour`` forces a profile (``3b``, ``ua1``…); by default veraPDF reads the
    claim from each file's XMP. The files are shared among ``processes`` veraPDF
    runs at once (its own ``--processes`` needs a launcher script the Maven
    install does not have). Raises :class:`BuildError` when veraPDF is missing
    or does not answer.
    """
    command = command or find_verapdf()
    if command is None:
        raise BuildError("veraPDF is not installed (scripts/setup.sh installs it); PDF/A files were not validated")
    if not files:
        return []
    runs = max(1, min(processes, len(files)))
    shares = [files[index::runs] for index in range(runs)]
    with ThreadPoolExecutor(len(shares)) as pool:
        verdicts = [verdict for share in pool.map(lambda share: _run(command, share, flavour), shares)
                    for verdict in share]
    order = {str(path): index for index, path in enumerate(files)}
    return sorted(verdicts, key=lambda verdict: order.get(str(verdict.file), len(order)))


def _run(command: Path, files: list[Path], flavour: str | None) -> list[Verdict]:
    """One veraPDF run (one Java start) over ``files``."""
    arguments = [str(command), "--format", "json"]
    if flavour:
        arguments += ["--flavour", flavour]
    try:
        result = subprocess.run(arguments + [str(path) for path in files], capture_output=True, text=True,
                                timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildError(f"veraPDF did not run: {exc}") from None
    try:
        report = json.loads(result.stdout)["report"]
    except (ValueError, KeyError, TypeError):
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise BuildError(f"veraPDF gave no report (exit status {result.returncode}): {detail[0]}") from None
    return [_verdict(job) for job in report["jobs"]]


def _verdict(job: dict) -> Verdict:
    path = Path(job["itemDetails"]["name"])
    results = job.get("validationResult")
    if not results:
        error = job.get("taskException") or job.get("exceptionMessage") or "veraPDF could not read the file"
        message = error.get("exceptionMessage", str(error)) if isinstance(error, dict) else str(error)
        rule = FailedRule("veraPDF", "-", 0, f"not validated: {message}", 1, "file")
        return Verdict(path, "none", False, 0, (rule,))
    # A file that claims several standards (PDF/A-3 and PDF/UA-1) gets one result per profile.
    profiles = results if isinstance(results, list) else [results]
    failed = tuple(
        FailedRule(
            specification=rule.get("specification", ""),
            clause=rule.get("clause", ""),
            test=int(rule.get("testNumber", 0)),
            description=rule.get("description", "").strip(),
            failures=int(rule.get("failedChecks", 0)),
            where=(rule.get("checks") or [{}])[0].get("context", ""),
        )
        for result in profiles
        for rule in result.get("details", {}).get("ruleSummaries", ())
        if rule.get("status") == "failed" or rule.get("ruleStatus") == "FAILED"
    )
    return Verdict(path, " + ".join(result.get("profileName", "") for result in profiles),
                   all(result.get("compliant") for result in profiles) and not failed,
                   sum(int(result.get("details", {}).get("passedRules", 0)) for result in profiles), failed)
