"""``pressroom new``: the next edition from the previous one, valid from the start, never overwriting."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from pressroom.build.documents import compose_documents
from pressroom.build.jobs import plan
from pressroom.commands.new import new_edition, previous_edition
from pressroom.errors import SourceError, UsageError
from pressroom.sources.edition import load_edition
from pressroom.structure.project import Project

from ..conftest import write


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_h2_follows_h1_with_stubs_that_line_up(small_project):
    before = tree(small_project / "issues" / "2024-H1")
    report = new_edition(small_project, "2024-H2")
    folder = small_project / "issues" / "2024-H2"
    assert report.folder == folder and report.previous == "2024-H1"
    assert report.created[0] == folder / "edition.yaml"
    assert set(report.created) == {p for p in folder.rglob("*") if p.is_file()}

    edition = load_edition(small_project, "2024-H2")
    assert edition.languages == ("en", "az")  # the publication's: 2024-H1 did not set languages
    for lang in edition.languages:
        assert edition.editions[lang].published == date(2025, 1, 15)  # the 15th, like 2024-H1
        assert edition.editions[lang].note == ""  # notes are edition specific
        assert edition.editions[lang].cover is None  # 2024-H1 has none
    english, azerbaijani = (edition.editions[lang].articles for lang in ("en", "az"))
    assert [a.path.name for a in english] == [a.path.name for a in azerbaijani] == ["01-first.md"]
    assert english[0].title == "TODO: The first article"
    assert azerbaijani[0].title == "HAZIRLANIR: Birinci məqalə: ə Ə ğ ı İ ş ç ö ü"
    assert english[0].section == azerbaijani[0].section == "Return"
    assert english[0].body.strip()

    settings = yaml.safe_load((folder / "edition.yaml").read_text(encoding="utf-8"))
    assert settings == {"id": "2024-H2", "published": date(2025, 1, 15)}
    assert "# note:" in (folder / "edition.yaml").read_text(encoding="utf-8")
    assert (folder / "images").is_dir()
    assert tree(small_project / "issues" / "2024-H1") == before  # the previous edition is untouched
    assert any("note" in note for note in report.notes)


def test_stubs_compose_like_any_edition(small_project):
    new_edition(small_project, "2024-H2")
    documents = compose_documents(plan(Project(small_project, small_project / "output"), "2024-H2"))
    # (a title keeps its last word with the one before: a no-break space there)
    assert "TODO: The first article" in documents["en"].html.replace("\u00a0", " ")


def test_h1_follows_h2_of_the_year_before(small_project):
    new_edition(small_project, "2024-H2")
    report = new_edition(small_project, "2025-H1")
    assert report.previous == "2024-H2"
    edition = load_edition(small_project, "2025-H1")
    assert edition.editions["en"].published == date(2025, 7, 15)
    assert edition.editions["en"].articles[0].title == "TODO: The first article"  # not "TODO: TODO: …"


def test_the_latest_earlier_edition_is_the_model(small_project):
    new_edition(small_project, "2025-H1")  # from 2024-H1: 2024-H2 does not exist
    assert previous_edition(small_project, "2025-H1") == "2024-H1"
    assert previous_edition(small_project, "2025-H2") == "2025-H1"
    assert previous_edition(small_project, "2024-H2") == "2024-H1"  # a gap filled later looks back, not ahead
    assert previous_edition(small_project, "2024-H1") is None
    (small_project / "issues" / "2023-H2").mkdir()  # a folder without edition.yaml is no edition
    assert previous_edition(small_project, "2024-H1") is None


def test_cover_languages_and_articles_carry_over(small_project):
    issue = small_project / "issues" / "2024-H1"
    write(issue / "edition.yaml", """
        id: 2024-H1
        published: 2024-07-20
        languages: [az, en]
        cover: images/pic.png
        note: {az: Qeyd., en: A note.}
        overrides:
          en: {published: 2024-07-21, note: Only for English., cover: images/covers/en.png}
        """)
    (issue / "images" / "covers").mkdir()
    shutil.copy(issue / "images" / "pic.png", issue / "images" / "covers" / "en.png")
    write(issue / "en" / "02-second.md", '---\ntitle: \'Say "hi": a test\'\nsection: Energy\n---\n\nText.\n')
    write(issue / "az" / "02-second.md", "---\ntitle: İkinci\n---\n\nMətn.\n")
    report = new_edition(small_project, "2024-H2")
    folder = report.folder
    assert (folder / "images" / "pic.png").read_bytes() == (issue / "images" / "pic.png").read_bytes()
    assert folder / "images" / "pic.png" in report.created
    settings = yaml.safe_load((folder / "edition.yaml").read_text(encoding="utf-8"))
    assert settings == {"id": "2024-H2", "published": date(2025, 1, 20), "languages": ["az", "en"],
                        "cover": "images/pic.png", "overrides": {"en": {"cover": "images/covers/en.png"}}}
    assert folder / "images" / "covers" / "en.png" in report.created
    edition = load_edition(small_project, "2024-H2")
    assert edition.languages == ("az", "en")
    assert edition.editions["az"].cover == (folder / "images" / "pic.png").resolve()
    assert edition.editions["en"].cover == (folder / "images" / "covers" / "en.png").resolve()
    assert edition.editions["en"].published == date(2025, 1, 20)  # the date override is not carried over
    assert edition.editions["en"].note == ""
    assert [a.key for a in edition.editions["az"].articles] == ["01-first", "02-second"]
    second = {lang: edition.editions[lang].articles[1] for lang in ("az", "en")}
    assert second["en"].title == 'TODO: Say "hi": a test' and second["en"].section == "Energy"
    assert second["az"].title == "HAZIRLANIR: İkinci" and second["az"].section == ""


def test_an_article_missing_in_one_language_is_stubbed_in_every_language(small_project):
    issue = small_project / "issues" / "2024-H1"
    write(issue / "en" / "02-only-english.md", "---\ntitle: Only in English\nsection: Culture\n---\n\nText.\n")
    new_edition(small_project, "2024-H2")
    edition = load_edition(small_project, "2024-H2")  # no gaps: it loads without allow_missing
    assert [a.title for a in edition.editions["az"].articles] == ["HAZIRLANIR: Birinci məqalə: ə Ə ğ ı İ ş ç ö ü",
                                                                   "HAZIRLANIR: Only in English"]


def test_without_an_earlier_edition_the_languages_are_the_publications(small_project):
    report = new_edition(small_project, "2023-H2")
    assert report.previous is None
    folder = small_project / "issues" / "2023-H2"
    assert sorted(p.name for p in folder.iterdir()) == ["az", "edition.yaml", "en", "images"]
    assert report.created == (folder / "edition.yaml",)
    settings = yaml.safe_load((folder / "edition.yaml").read_text(encoding="utf-8"))
    assert settings == {"id": "2023-H2", "published": date(2024, 1, 1)}
    assert any("add the articles" in note for note in report.notes)
    with pytest.raises(SourceError, match="no articles"):  # valid once it has articles, as the note says
        load_edition(small_project, "2023-H2")


@pytest.mark.parametrize("existing", ["2024-H1", "2024-H2"])
def test_an_existing_id_is_refused_and_left_alone(small_project, existing):
    folder = small_project / "issues" / existing
    folder.mkdir(exist_ok=True)  # 2024-H2: an empty folder is still someone's
    before = tree(folder)
    with pytest.raises(UsageError, match=f"already exists: .*issues/{existing}"):
        new_edition(small_project, existing)
    assert tree(folder) == before


@pytest.mark.parametrize("bad", ["2024-H3", "24-H1", "2024H1", "2024-h1", "", "../2024-H1"])
def test_a_malformed_id_is_refused(small_project, bad):
    with pytest.raises(UsageError, match="not an edition ID"):
        new_edition(small_project, bad)
    assert sorted(p.name for p in (small_project / "issues").iterdir()) == ["2024-H1"]


def test_not_a_project_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="pressroom.yaml"):
        new_edition(tmp_path, "2024-H2")


def test_a_failure_leaves_nothing_behind(small_project, monkeypatch):
    write(small_project / "issues" / "2024-H1" / "edition.yaml", "cover: images/pic.png\n")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", broken)
    with pytest.raises(SourceError, match="cannot copy the cover"):
        new_edition(small_project, "2024-H2")
    assert sorted(p.name for p in (small_project / "issues").iterdir()) == ["2024-H1"]  # no half edition, no .partial
