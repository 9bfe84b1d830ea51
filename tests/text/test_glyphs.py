"""The glyph gate checks the text that will be set, however the source spelled it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressroom.errors import SourceError
from pressroom.text.glyphs import check_set_text

from ..conftest import REPO

FONTS = REPO / "fonts"


@pytest.fixture
def sources(tmp_path):
    root = tmp_path
    article = root / "01-a.md"
    note = root / "edition.yaml"
    return root, article, note


@pytest.mark.parametrize("spelling", ["中", "&#x4E2D;", "&#x04e2d;", "&#20013;", '"\\u4E2D"', '"\\U00004E2D"'])
def test_a_character_the_fonts_lack_is_found_however_it_is_spelled(sources, spelling):
    root, article, note = sources
    article.write_text("---\ntitle: T\n---\n\nFine.\n")
    note.write_text(f"published: 2024-07-15\nnote: {spelling}\n")
    with pytest.raises(SourceError, match="U\\+4E2D") as caught:
        check_set_text("<p>Fine.</p><p>中</p>", FONTS, [article, note], root)
    column = 8 if spelling.startswith('"') else 7  # the escape, inside its quotes
    assert (caught.value.path, caught.value.line, caught.value.column) == (note, 2, column)


def test_a_named_reference(sources):
    root, article, _ = sources
    article.write_text("---\ntitle: T\n---\n\nI &hearts; it.\n")
    with pytest.raises(SourceError, match="U\\+2665 BLACK HEART SUIT, written as '&hearts;'") as caught:
        check_set_text("<p>I \u2665 it.</p>", FONTS, [article], root)
    assert (caught.value.line, caught.value.column) == (5, 3)


def test_running_heads_in_attributes_are_checked_but_addresses_are_not(sources):
    root, article, _ = sources
    article.write_text("---\ntitle: T\n---\n\nText.\n")
    check_set_text('<a href="https://example.org/中">Text.</a>', FONTS, [article], root)
    with pytest.raises(SourceError):
        check_set_text('<header data-running-head="中">Text.</header>', FONTS, [article], root)


def test_text_the_fonts_have_passes(sources):
    root, article, _ = sources
    article.write_text("x")
    check_set_text("<p>Şuşa, Ağdam, Кəlbəcər — «Карабах» ə Ə ğ ı İ ş ç ö ü</p>", FONTS, [article], root)


def _small_capitals(font: Path) -> set[str]:
    """The letters the font's smcp feature turns into small capitals."""
    from fontTools.ttLib import TTFont

    face = TTFont(font)
    mapping: dict[str, str] = {}
    gsub = face["GSUB"].table
    for record in gsub.FeatureList.FeatureRecord:
        if record.FeatureTag != "smcp":
            continue
        for index in record.Feature.LookupListIndex:
            for table in gsub.LookupList.Lookup[index].SubTable:
                table = getattr(table, "ExtSubTable", table)
                mapping.update(getattr(table, "mapping", {}) or {})
    cmap = face.getBestCmap()
    return {chr(code) for code, glyph in cmap.items() if glyph in mapping}


def test_small_caps_are_asked_for_only_where_the_serif_has_every_letter_of_the_language():
    import re

    from pressroom.text.typography import RULES

    letters = {"az": "abcçdeəfgğhxıijkqlmnoöprsştuüvyz", "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
               "en": "abcdefghijklmnopqrstuvwxyz", "es": "abcdefghijklmnñopqrstuvwxyzáéíóúü"}
    covered = _small_capitals(REPO / "fonts" / "NotoSerif-Regular.ttf")
    css = (REPO / "styles" / "base.css").read_text(encoding="utf-8")
    rule = next(block for block in re.findall(r"([^{}]+)\{([^}]*)\}", css) if "small-caps" in block[1])
    asked = set(re.findall(r":lang\((\w+)\)", rule[0]))
    can = {lang for lang in RULES if set(letters[lang]) <= covered}
    assert asked == can == {"en", "es"}
    # Azerbaijani's i has no dotted small capital in the font: small caps would print a dotless one
    assert "ı" not in covered and "ə" not in covered
