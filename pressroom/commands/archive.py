"""``pressroom archive``: the archivists' hand-over bag of the edition's archive and screen files."""

from __future__ import annotations

from .. import __version__
from ..build.jobs import Job
from ..delivery.bag import BAGGED_VARIANTS, BagReport, make_bag
from ..errors import SourceError, UsageError
from ..structure.project import output_folder


def bag_outputs(jobs: list[Job], workers: int = 1) -> BagReport:
    """The archivists' hand-over bag of the edition's archive and screen files (see pressroom.delivery.bag)."""
    edition, project = jobs[0].edition, jobs[0].project
    publication = edition.publication
    start, end = edition.period
    first = edition.languages[0]
    english = "en" if "en" in edition.languages else first
    bag_info = {
        "Source-Organization": publication.publisher[english],
        "External-Identifier": f"{publication.slug}:{edition.id}",
        "External-Description": f"{publication.name[english]}, edition {edition.id} "
                                f"({start.isoformat()}/{end.isoformat()}), languages: {', '.join(edition.languages)}",
        "Bag-Group-Identifier": publication.slug,
        "Bag-Software-Agent": f"pressroom {__version__}",
    }
    languages = tuple(dict.fromkeys(job.lang for job in jobs))
    unfinished = edition.unfinished()  # every language: the archive keeps the edition as published
    if unfinished:
        raise SourceError("the edition is not finished; the archive takes only finished editions:\n"
                          + "\n".join(f"  {item}" for item in unfinished)
                          + "\n(set status: approved, or translated, in each article's front matter when it is)",
                          edition.folder)
    variants = tuple(v for v in BAGGED_VARIANTS if v in {job.variant for job in jobs})
    if not variants:
        raise UsageError(f"only the {' and '.join(BAGGED_VARIANTS)} variants go into the archive bag")
    all_languages = set(languages) == set(edition.languages)
    return make_bag(output_folder(project, edition.id), bag_info, () if all_languages else languages, variants,
                    workers)
