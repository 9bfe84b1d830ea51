"""One article laid out alone, for a proof in about a second while translations arrive.

Every article starts on a new page, so its pages depend only on its own HTML,
the styles and fonts, and where it begins: its first page number (the folios,
and whether it opens on a left or a right page). The last build of the
language recorded that page in its page map; the article is laid out alone from
there, with the same fitting as in the whole document, and written as a plain
PDF (no PDF/X or PDF/A finishing, no tags: it is for looking at). Its pages are
the pages the next build of the language will make of it, as long as the
articles before it keep their page counts.

This is the proof loop's path only: release files are still rendered whole,
which keeps one structure tree, one set of fonts and the contents page's
numbers true (see README, "Proofs while you work").
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import UsageError
from ..layout.compose import article_alone
from ..pdf.sandbox import Sandbox
from ..structure.project import Project, output_folder
from .cache import read_page_map
from .documents import compose_documents, prepare_images
from .jobs import Options, plan
from .settings import render_settings

PROOF_VARIANT = "print"  # the pages layout staff check are the printer's


@dataclass(frozen=True)
class ArticleLayout:
    lang: str
    key: str
    pdf: Path  # the article's pages alone (a lead page first when it opens on a left page)
    first_page: int  # the folio of its first page
    lead_pages: int  # pages of the PDF before the article's first (0 or 1)
    pages: int  # the article's own pages
    seconds: float


def lay_out_article(project: Project, edition_id: str, lang: str, key: str, target: Path | None = None,
                    options: Options = Options()) -> ArticleLayout:
    """Lay out article ``key`` of ``lang`` alone, from where the last build put it, into ``target``.

    Raises the sources' problems as a build would (the whole language is read and
    checked: a mistake elsewhere in it still stops the proof), and UsageError
    when the language was never built or has no such article.
    """
    from ..pdf.render import render_proof  # WeasyPrint: imported where rendering happens

    started = time.perf_counter()
    jobs = plan(project, edition_id, (lang,), (PROOF_VARIANT,), allow_missing=True)
    job = jobs[0]
    article = next((a for a in job.edition.editions[lang].articles if a.key == key), None)
    if article is None:
        raise UsageError(f"{lang} of edition {edition_id} has no article {key!r}")
    placed = read_page_map(project, edition_id, lang).get(key)
    if not placed or not isinstance(placed.get("first_page"), int):
        raise UsageError(f"{lang}/{key} has no page yet: build the language once (pressroom make {edition_id} "
                         f"--lang {lang}) before proofing one article")
    first_page = placed["first_page"]
    documents = compose_documents(jobs)
    images = prepare_images(jobs, documents)
    settings = render_settings(job, documents[lang], options, images)
    html, lead = article_alone(documents[lang].html, article.anchor, first_page)
    edition = job.edition
    published = edition.editions[lang].published
    sandbox = Sandbox(root=project.root, images=edition.images_folder, styles=project.styles, fonts=project.fonts,
                      substitutes=settings.images)
    target = target or output_folder(project, edition_id) / "proof" / f"{lang}-{key}.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    epoch = int(datetime(published.year, published.month, published.day, tzinfo=UTC).timestamp())
    ends_edition = article is job.edition.editions[lang].articles[-1]
    count = render_proof(html, settings, sandbox, target, epoch, ends_edition)
    return ArticleLayout(lang, key, target, first_page, lead, count - lead, time.perf_counter() - started)


def edition_parts(path: Path, project: Project, edition_id: str) -> tuple[str, ...] | None:
    """``path``'s parts inside ``issues/<ID>/`` ("en", "03-roads.md"), or None when it lies outside."""
    try:
        return path.resolve().relative_to((project.root / "issues" / edition_id).resolve()).parts
    except ValueError:
        return None


def changed_articles(changed: list[Path], project: Project, edition_id: str) -> list[tuple[str, str]]:
    """(language, article key) of each saved article file among ``changed``, in the order saved."""
    found: list[tuple[str, str]] = []
    for path in changed:
        parts = edition_parts(path, project, edition_id)
        if parts and len(parts) == 2 and parts[1].endswith(".md") and (parts[0], Path(parts[1]).stem) not in found:
            found.append((parts[0], Path(parts[1]).stem))
    return found
