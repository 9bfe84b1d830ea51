import os
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
    # found where the mistake was made (line 2, the '['), not where PyYAML noticed it (line 3)
    assert (error.line, error.column) == (2, 7) and "never closed with ']'" in error.message


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


@pytest.mark.parametrize("edition_id", ["0000-H1", "1899-H2", "9999-H2"])
def test_edition_years_are_bounded(small_project, edition_id):
    with pytest.raises(UsageError, match="from 1900 to 9998"):
        load_edition(small_project, edition_id)


@pytest.mark.parametrize("published, fragment", [
    ("2024-07-15T10:00:00+02:00", "without a time"),
    ("2024-07-15 10:00:00", "without a time"),
    ("2024-02-30", "not a possible date"),
])
def test_published_must_be_a_day(small_project, published, fragment):
    (small_project / "issues" / "2024-H1" / "edition.yaml").write_text(f"published: {published}\n")
    with pytest.raises(SourceError, match=fragment) as caught:
        load_edition(small_project, "2024-H1")
    assert caught.value.line == 1


@pytest.mark.parametrize("value", ["[A4, A5]", "{a: 1}"])
def test_page_size_must_be_a_name(small_project, value):
    path = small_project / "pressroom.yaml"
    path.write_text(path.read_text() + f"page_size: {value}\n")
    with pytest.raises(SourceError, match="page_size .* is not one of"):
        load_edition(small_project, "2024-H1")


# -- what a language folder holds ------------------------------------------------------

EN = Path("issues") / "2024-H1" / "en"


def test_an_article_saved_as_upper_case_md_is_an_error(small_project):
    (small_project / EN / "01-first.md").rename(small_project / EN / "01-first.MD")
    with pytest.raises(SourceError, match="rename it to 01-first.md"):
        load_edition(small_project, "2024-H1")


def test_other_files_in_a_language_folder_are_reported(small_project):
    (small_project / EN / "notes.txt").write_text("a translator's notes")
    (small_project / EN / "01-first.md~").write_text("an editor's backup")
    (small_project / EN / ".01-first.md.swp").write_text("hidden: an editor's swap file")
    warnings = load_edition(small_project, "2024-H1").warnings
    ignored = [w for w in warnings if "ignored, not an article" in w]
    assert len(ignored) == 2 and any("notes.txt" in w for w in ignored), warnings


def test_a_file_name_that_is_not_utf8_is_an_error_naming_the_folder(small_project):
    (small_project / EN / os.fsdecode(b"02-bad\xff.md")).write_text("---\ntitle: T\n---\n\nText.\n")
    with pytest.raises(SourceError, match="not UTF-8") as caught:
        load_edition(small_project, "2024-H1")
    assert caught.value.path == small_project / EN


@pytest.mark.parametrize("name", ["my picture.png", "şəhər-xəritəsi.png", "карта района.png"])
def test_picture_names_with_spaces_and_other_letters_work(small_project, name):
    images = small_project / "issues" / "2024-H1" / "images"
    (images / "pic.png").rename(images / name)
    for lang in ("en", "az"):
        article = small_project / "issues" / "2024-H1" / lang / "01-first.md"
        article.write_text(article.read_text().replace("../images/pic.png", f"<../images/{name}>"))
    from pressroom.text.markdown import render_article

    edition = load_edition(small_project, "2024-H1")
    rendered = render_article(edition.editions["en"].articles[0], edition.folder)
    assert [path.name for path in rendered.images] == [name]


@pytest.mark.parametrize("reference, fragment", [
    ("images/pic.png", "relative to issues/2024-H1/en/; write ../images/NAME"),
    ("pic.png", "relative to issues/2024-H1/en/; write ../images/NAME"),
    ("../images/Pic.PNG", "the file is 'pic.png': names are case-sensitive"),
    ("../images/pci.png", "did you mean '../images/pic.png'?"),
])
def test_image_paths_get_a_hint(small_project, reference, fragment):
    from pressroom.text.markdown import render_article

    article = small_project / EN / "01-first.md"
    article.write_text(article.read_text().replace("../images/pic.png", reference))
    edition = load_edition(small_project, "2024-H1")
    with pytest.raises(SourceError) as caught:
        render_article(edition.editions["en"].articles[0], edition.folder)
    assert fragment in caught.value.message, caught.value.message


@pytest.mark.parametrize("title, fragment", [
    ("The roads[^9]", "a footnote cannot be set in the title"),
    ("See [the map](https://example.org/)", "a link cannot be set in the title"),
])
def test_footnotes_and_links_in_a_title_are_errors(small_project, title, fragment):
    article = small_project / EN / "01-first.md"
    article.write_text(f'---\ntitle: "{title}"\n---\n\nText.\n')
    with pytest.raises(SourceError, match=fragment.replace("[", "\\[")) as caught:
        load_edition(small_project, "2024-H1")
    assert caught.value.line == 2


def test_several_broken_articles_are_reported_together(small_project):
    from pressroom.errors import SourceErrors

    for lang, name, text in [("en", "01-first.md", "---\ntitle: [a\n---\n\nText.\n"),
                             ("en", "02-second.md", "---\ntitle: T\n---\n"),
                             ("az", "01-first.md", "---\ntitel: T\n---\n\nText.\n"),
                             ("az", "02-second.md", "---\ntitle: T\n---\n\nText.\n")]:
        (small_project / "issues" / "2024-H1" / lang / name).write_text(text)
    with pytest.raises(SourceErrors) as caught:
        load_edition(small_project, "2024-H1")
    where = sorted((error.path.parent.name, error.path.name) for error in caught.value.errors)
    assert where == [("az", "01-first.md"), ("en", "01-first.md"), ("en", "02-second.md")]
