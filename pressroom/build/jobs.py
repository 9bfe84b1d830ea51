"""What a build makes: jobs (one PDF each), the options that shape them, the records of what was made."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError
from ..pdf.variants import VARIANTS
from ..sources.edition import load_edition
from ..structure.edition import Edition
from ..structure.project import OutputRecord, Project, output_folder, output_name
from ..text.typography import SUPPORTED_LANGUAGES


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


@dataclass
class BuildReport:
    edition: Edition
    outputs: list[OutputRecord]
    warnings: list[str]
    manifest: Path
    seconds: float
    notes: list[str] = field(default_factory=list)


Progress = Callable[[str, str], None]  # (job name, what is happening)


def plan(
    project: Project,
    edition_id: str,
    languages: Iterable[str] = (),
    variants: Iterable[str] = (),
    allow_missing: bool = False,
    defer: bool = False,
) -> list[Job]:
    """Load and validate the edition and decide the jobs; raises before anything is rendered.

    ``defer``: the articles' problems travel with the edition, for the build to report all of them at once.
    """
    languages, variants = list(languages), list(variants)
    for lang in languages:
        if lang not in SUPPORTED_LANGUAGES:
            raise UsageError(f"unknown language {lang!r}; pressroom knows {', '.join(SUPPORTED_LANGUAGES)}")
    for variant in variants:
        if variant not in VARIANTS:
            raise UsageError(f"unknown variant {variant!r}; choose from {', '.join(VARIANTS)}")
    edition = load_edition(project.root, edition_id, allow_missing, tuple(languages), defer)
    for lang in languages:
        if lang not in edition.languages:
            raise UsageError(f"edition {edition_id} has no {lang!r} language (it has {', '.join(edition.languages)})")
    chosen_languages = [lang for lang in edition.languages if not languages or lang in languages]
    chosen_variants = [v for v in VARIANTS if not variants or v in variants]
    return [Job(edition, lang, variant, project) for lang in chosen_languages for variant in chosen_variants]


def built_jobs(jobs: list[Job]) -> list[Job]:
    """The jobs whose PDF exists; a missing one is a usage error naming the command that makes it."""
    missing = [job for job in jobs if not job.target.is_file()]
    if missing:
        names = ", ".join(job.name for job in missing)
        raise UsageError(f"not built yet: {names}; run: pressroom make {jobs[0].edition.id}")
    return jobs
