from datetime import date
from pathlib import Path

import pytest

from pressroom.errors import SourceError, UsageError
from pressroom.sources.edition import load_edition

from ..conftest import REPO, SAMPLE_ID, write


def test_sample_edition_loads_with_every_language_and_article():
    edition = load_edition(REPO, SAMPLE_ID)
    assert edition.languages == ("az", "ru", "en", "es")
    assert edition.period == (date(2024, 1, 1), date(2024, 6, 30))
    keys = {lang: [a.key for a in edition.editions[lang].articles] for lang in edition.languages}
    assert len(keys["en"]) >= 8
    assert keys["az"] == keys["ru"] == keys["en"] == keys["es"]
    assert edition.editions["az"].cover.name == "cover.png"


def test_h2_covers_july_to_december_and_appears_the_next_january(small_project):
    edition_dir = small_project / "issues" / "2024-H2"
    (small_project / "issues" / "2024-H1").rename(edition_dir)
    (edition_dir / "edition.yaml").write_text("note: x\n")
    edition = load_edition(small_project, "2024-H2")
    assert edition.period == (date(2024, 7, 1), date(2024, 12, 31))
    assert edition.editions["en"].published == date(2025, 1, 1)
    assert edition.period_label("en") == "July\u2009–\u2009December 2024"


@pytest.mark.parametrize("bad_id", ["2024", "2024-H3", "24-H1", "2024-h1", "../2024-H1"])
def test_malformed_edition_id_is_a_usage_error(small_project, bad_id):
    with pytest.raises(UsageError, match="YYYY-H1"):
        load_edition(small_project, bad_id)


def test_missing_edition_is_a_usage_error_listing_the_known_ones(small_project):
    with pytest.raises(UsageError, match="no edition 2023-H2.*2024-H1"):
        load_edition(small_project, "2023-H2")


def _error(small_project: Path) -> SourceError:
    with pytest.raises(SourceError) as info:
        load_edition(small_project, "2024-H1")
    return info.value


def test_malformed_yaml_names_file_and_line(small_project):
    write(small_project / "issues/2024-H1/edition.yaml", "published: 2024-07-15\nnote: [unclosed\n")
    error = _error(small_project)
    assert error.path.name == "edition.yaml"
    assert error.line == 3 and "malformed YAML" in error.message


def test_unknown_key_suggests_the_nearest_known_one(small_project):
    write(small_project / "issues/2024-H1/edition.yaml", "published: 2024-07-15\ncovre: images/pic.png\n")
    error = _error(small_project)
    assert error.line == 2 and "'covre'" in error.message and "'cover'" in error.message


def test_yaml_alias_bomb_is_refused(small_project):
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nnote: *c\n"
    write(small_project / "issues/2024-H1/edition.yaml", bomb)
    assert "aliases" in _error(small_project).message


def test_edition_id_must_match_its_folder(small_project):
    write(small_project / "issues/2024-H1/edition.yaml", "id: 2024-H2\n")
    error = _error(small_project)
    assert "does not match" in error.message and error.line == 1


def test_publication_date_inside_the_period_is_refused(small_project):
    write(small_project / "issues/2024-H1/edition.yaml", "published: 2024-05-01\n")
    assert "falls inside the period" in _error(small_project).message


def test_article_without_title(small_project):
    write(small_project / "issues/2024-H1/en/01-first.md", "---\nsection: x\n---\nBody text.\n")
    error = _error(small_project)
    assert error.path.name == "01-first.md" and "no title" in error.message


def test_article_without_front_matter(small_project):
    write(small_project / "issues/2024-H1/en/01-first.md", "Just text.\n")
    error = _error(small_project)
    assert error.line == 1 and "front matter" in error.message


def test_empty_article(small_project):
    (small_project / "issues/2024-H1/en/01-first.md").write_text("")
    assert "empty" in _error(small_project).message


def test_file_that_is_not_utf8_names_line_and_column(small_project):
    path = small_project / "issues/2024-H1/en/01-first.md"
    path.write_bytes("---\ntitle: Caf\xe9\n---\nText\n".encode("latin-1"))
    error = _error(small_project)
    assert (error.line, error.column) == (2, 11) and "not UTF-8" in error.message


def test_byte_order_mark_is_a_warning(small_project):
    path = small_project / "issues/2024-H1/en/01-first.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    edition = load_edition(small_project, "2024-H1")
    assert any("byte-order mark" in w for w in edition.warnings)


def test_unknown_language_in_publication(small_project):
    write(small_project / "pressroom.yaml", "name: X\npublisher: Y\nlanguages: [en, fr]\n")
    error = _error(small_project)
    assert "unknown language 'fr'" in error.message and error.line == 3


def test_missing_translation_is_reported_with_the_gap(small_project):
    write(small_project / "issues/2024-H1/en/02-second.md", "---\ntitle: Second\n---\nText.\n")
    error = _error(small_project)
    assert "02-second: missing in az" in error.message and "--allow-missing" in error.message


def test_badly_named_article_file(small_project):
    write(small_project / "issues/2024-H1/en/First Article.md", "---\ntitle: x\n---\ny\n")
    assert "NN-slug.md" in _error(small_project).message


@pytest.mark.parametrize(
    "reference, message",
    [
        ("images/missing.png", "not found"),
        ("../../../../etc/passwd", "outside"),
        ("/etc/passwd", "absolute"),
        ("https://example.org/x.png", "URLs are not allowed"),
        ("file:///etc/passwd", "URLs are not allowed"),
    ],
)
def test_cover_image_must_be_inside_images(small_project, reference, message):
    write(small_project / "issues/2024-H1/edition.yaml", f"cover: {reference}\n")
    error = _error(small_project)
    assert message in error.message and error.line == 1


def test_symlink_escaping_the_images_folder_is_refused(small_project, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG secret")
    (small_project / "issues/2024-H1/images/link.png").symlink_to(secret)
    write(small_project / "issues/2024-H1/edition.yaml", "cover: images/link.png\n")
    assert "outside" in _error(small_project).message
