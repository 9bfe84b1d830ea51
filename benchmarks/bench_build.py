"""Build-speed benchmark: prints figures measured in one run (not a timed test).

    python benchmarks/bench_build.py [--articles 24] [--jobs 2]

It makes a synthetic edition of about 64 pages per language (the sample
edition's articles repeated, with its images) in a temporary folder and
measures, in this one run on this machine:

- cold build of every language and variant with pressroom, against rendering
  the same HTML documents with WeasyPrint alone, one after another;
- a no-op rebuild against the cold build;
- a one-article edit with ``make`` against the cold build;
- the proof loop as ``watch`` runs it after a save: the saved article laid out
  alone and drawn as PNGs, then that language's print PDF brought up to date,
  both against a forced build of that one language's print PDF;
- the peak resident memory of a worker process.

Targets (2 cores): cold ≤ 0.6 × WeasyPrint alone; no-op ≤ 3 % of cold; one
article with make ≤ 15 % of cold; save → proof PNGs ≤ 0.25 × and save → print
PDF ≤ 1.2 × a forced one-language print build; peak RSS per worker ≤ 400 MB.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pressroom.build.article_proof import lay_out_article  # noqa: E402
from pressroom.build.documents import compose_documents, prepare_images  # noqa: E402
from pressroom.build.jobs import Options, plan  # noqa: E402
from pressroom.build.pipeline import build  # noqa: E402
from pressroom.build.settings import render_settings  # noqa: E402
from pressroom.layout.urls import VIRTUAL_ROOT, virtual_url  # noqa: E402
from pressroom.pdf.sandbox import Sandbox  # noqa: E402
from pressroom.structure.project import Project  # noqa: E402


def synthetic_project(folder: Path, articles: int) -> Path:
    """The sample edition with its ten articles repeated up to ``articles`` per language."""
    root = folder / "project"
    root.mkdir()
    for name in ("styles", "fonts"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "pressroom.yaml", root / "pressroom.yaml")
    source = REPO / "issues" / "2024-H1"
    edition = root / "issues" / "2024-H1"
    edition.mkdir(parents=True)
    shutil.copy(source / "edition.yaml", edition / "edition.yaml")
    shutil.copytree(source / "images", edition / "images")
    for lang_folder in sorted(p for p in source.iterdir() if p.is_dir() and p.name != "images"):
        originals = sorted(lang_folder.glob("*.md"))
        (edition / lang_folder.name).mkdir()
        for number in range(articles):
            original = originals[number % len(originals)]
            slug = original.name.split("-", 1)[1]
            shutil.copy(original, edition / lang_folder.name / f"{number + 1:02d}-{slug}")
    return root


# WeasyPrint alone runs in a fresh interpreter: pressroom's render module changes WeasyPrint's line
# breaking and tagging when it is imported, which "alone" must not include.
ALONE = """
import mimetypes, pickle, sys, time
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

class Fetcher(URLFetcher):
    def __init__(self, sandbox):
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.sandbox = sandbox
    def fetch(self, url, headers=None):
        kind = mimetypes.guess_type(url.split("#")[0])[0] or "application/octet-stream"
        return URLFetcherResponse(url, self.sandbox.read(url), {"Content-Type": kind})

renders = pickle.load(open(sys.argv[1], "rb"))
started = time.perf_counter()
for html, sheets, page_css, base, target, options, sandbox in renders:
    fetcher, fonts, profiles = Fetcher(sandbox), FontConfiguration(), {}
    css = [CSS(url=url, url_fetcher=fetcher, font_config=fonts, color_profiles=profiles) for url in sheets]
    css.append(CSS(string=page_css, url_fetcher=fetcher, font_config=fonts, color_profiles=profiles))
    HTML(string=html, base_url=base, url_fetcher=fetcher).write_pdf(
        target, stylesheets=css, font_config=fonts, color_profiles=profiles, **options)
print(time.perf_counter() - started)
"""


def weasyprint_alone(project: Project) -> float:
    """Render each (language, variant) HTML with plain WeasyPrint calls, one after another."""
    import pickle
    import subprocess

    jobs = plan(project, "2024-H1")
    documents = compose_documents(jobs)
    print_images = prepare_images(jobs, documents)
    out = project.out / "weasyprint-alone"
    out.mkdir(parents=True, exist_ok=True)
    renders = []
    for job in jobs:
        settings = render_settings(job, documents[job.lang], Options(), print_images)
        sandbox = Sandbox(root=project.root, images=job.edition.images_folder, styles=project.styles,
                          fonts=project.fonts, substitutes=settings.images)
        options = {"pdf_variant": settings.pdf_variant, "pdf_tags": settings.variant.accessible,
                   "dpi": settings.variant.max_image_dpi, "optimize_images": bool(settings.variant.max_image_dpi)}
        sheets = [virtual_url("styles", name) for name in settings.variant.stylesheets]
        renders.append((documents[job.lang].html, sheets, settings.page_css(), VIRTUAL_ROOT + "d.html",
                        str(out / f"{job.lang}-{job.variant}.pdf"), options, sandbox))
    batch = out / "renders.pickle"
    batch.write_bytes(pickle.dumps(renders))
    child = subprocess.run([sys.executable, "-c", ALONE, str(batch)], capture_output=True, text=True, check=True)
    return float(child.stdout.strip().splitlines()[-1])


def timed_build(project: Project, jobs: int, languages: tuple[str, ...] = (), variants: tuple[str, ...] = (),
                **options) -> tuple[float, list]:
    started = time.perf_counter()
    report = build(plan(project, "2024-H1", languages, variants), jobs, options=Options(**options))
    return time.perf_counter() - started, report.outputs


def edit(article: Path, sentence: str) -> None:
    article.write_text(article.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")


def saved_to_proof(project: Project, article: Path) -> float:
    """What ``watch`` does first after a save: the article alone, laid out and drawn as PNGs."""
    from pressroom.commands.proof import article_pngs

    started = time.perf_counter()
    article_pngs(lay_out_article(project, "2024-H1", article.parent.name, article.stem))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=24, help="articles per language (24 ≈ 64 pages)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pressroom-bench-") as folder:
        root = synthetic_project(Path(folder), args.articles)
        project = Project(root, root / "output")
        print(f"synthetic edition: {args.articles} articles per language, {args.jobs} worker processes")

        cold, outputs = timed_build(project, args.jobs)
        rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        pages = {r.language: r.pages for r in outputs if r.variant == "print"}
        print("pages per language (print):", ", ".join(f"{lang} {n}" for lang, n in pages.items()))

        noop, _ = timed_build(project, args.jobs)
        article = next((root / "issues/2024-H1/en").glob("05-*.md"))
        edit(article, "One more sentence, edited.")
        one_article, _ = timed_build(project, args.jobs)

        forced, _ = timed_build(project, args.jobs, ("en",), ("print",), force=True)
        saved_to_proof(project, article)  # WeasyPrint imported and warm, as in a running watch
        edit(article, "And one more, saved while watching.")
        proof = saved_to_proof(project, article)
        print_stage, _ = timed_build(project, args.jobs, ("en",), ("print",))
        alone = weasyprint_alone(project)

    rows = [
        ("cold build, all languages and variants", f"{cold:.1f} s", f"{cold / alone:.2f} × WeasyPrint alone", "≤ 0.60"),
        ("WeasyPrint alone, one after another", f"{alone:.1f} s", "", ""),
        ("no-op rebuild", f"{noop:.2f} s", f"{100 * noop / cold:.1f} % of cold", "≤ 3 %"),
        ("one article edited (en), make", f"{one_article:.1f} s", f"{100 * one_article / cold:.1f} % of cold",
         "≤ 15 %"),
        ("forced build, en print only", f"{forced:.1f} s", "", ""),
        ("save → proof PNGs of the article", f"{proof:.1f} s", f"{proof / forced:.2f} × forced en print", "≤ 0.25"),
        ("save → en print PDF in place", f"{proof + print_stage:.1f} s",
         f"{(proof + print_stage) / forced:.2f} × forced en print", "≤ 1.20"),
        ("peak RSS of a worker", f"{rss_mb:.0f} MB", "", "≤ 400 MB"),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value, ratio, target in rows:
        print(f"{name:<{width}}  {value:>9}  {ratio:<28} {target}")


if __name__ == "__main__":
    main()
