"""Fitted articles kept between builds: taken where nothing changed, and the same bytes as fitting anew."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement

from pressroom.build.jobs import Options, plan
from pressroom.build.pipeline import build
from pressroom.pdf.fitted import FittedArticles, deserialized, serialized
from pressroom.structure.project import Project
from tests.conftest import ARTICLE, write

LONG = "\n\n".join(
    f"Paragraph {n} of a longer article: the roads, the schools and the water supply of the villages that "
    "families return to, told in enough words for the text to run over several columns and pages." for n in range(40))


def test_an_article_tree_is_kept_whole_and_a_damaged_file_is_ignored(tmp_path):
    article = Element("article", {"id": "article-01-a", "class": "article"})
    body = SubElement(article, "div", {"class": "body", "style": "letter-spacing: 0.01em; --line-bonus: 60"})
    SubElement(body, "p").text = "Text «quoted» & <escaped>, "
    body[0].tail = "\n"
    kept = FittedArticles(tmp_path / "fitted.json", "inputs")
    kept.save({"article-01-a": (kept.digest(article), article)})
    [(digest, xml)] = kept.load().values()
    assert digest == kept.digest(article) and serialized(deserialized(xml)) == serialized(article)
    assert FittedArticles(tmp_path / "fitted.json", "other styles").digest(article) != digest
    (tmp_path / "fitted.json").write_text("{not json", encoding="utf-8")
    assert kept.load() == {}
    assert deserialized("<article><p>cut off") is None


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_build_after_an_edit_and_its_revert_gives_the_first_builds_bytes(small_project):
    write(small_project / "issues/2024-H1/en/02-second.md",
          ARTICLE.format(title="The second article").replace("Second paragraph", LONG + "\n\nSecond paragraph"))
    write(small_project / "issues/2024-H1/az/02-second.md", ARTICLE.format(title="İkinci məqalə"))
    project = Project(small_project, small_project / "output")

    def make(force: bool = False) -> Path:
        report = build(plan(project, "2024-H1", ("en",), ("print",)), 1, options=Options(force=force))
        return report.manifest.parent / report.outputs[0].file

    pdf = make()
    first = _sha(pdf)
    kept = json.loads((small_project / "output/2024-H1/.cache/fitted-en-print.json").read_text(encoding="utf-8"))
    assert set(kept["articles"]) == {"article-01-first", "article-02-second"}
    assert _sha(make(force=True)) == first  # every article from the record: laid out once, the same file
    article = small_project / "issues/2024-H1/en/01-first.md"
    original = article.read_text(encoding="utf-8")
    article.write_text(original + "\nOne more sentence.\n", encoding="utf-8")
    assert _sha(make()) != first
    article.write_text(original, encoding="utf-8")
    assert _sha(make()) == first  # the first article fitted alone again, the second from the record
