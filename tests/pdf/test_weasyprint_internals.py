"""The fence around WeasyPrint's and pyphen's internals: an upgrade that moves one fails here, by name.

The behaviour built on them is tested where it shows (tests/text/test_hyphenation.py:
at most two hyphenated lines in a row; tests/pdf/test_render.py: image resolution,
overflow, fonts); this file checks the names themselves, so that the message
after an upgrade says what moved rather than which page looks wrong.
"""

from __future__ import annotations

import inspect
import subprocess
import sys

import pyphen
import pytest

from pressroom.pdf import weasyprint_internals as internals

from ..conftest import REPO
from ..shipped_fonts import layout_with_shipped_fonts


def test_the_installed_versions_are_the_verified_ones():
    installed = internals.installed_versions()
    for package, verified in internals.VERIFIED.items():
        assert installed[package] in verified, (
            f"{package} {installed[package]} is installed, but pressroom.pdf.weasyprint_internals was verified "
            f"against {', '.join(verified)}: re-check every function there, then add the version to VERIFIED"
        )


def test_the_line_breaker_still_has_the_signature_the_limit_wraps():
    from weasyprint.layout import inline

    names = list(inspect.signature(inline.get_next_linebox).parameters)
    assert names[:5] == ["context", "linebox", "position_y", "bottom_space", "skip_stack"]
    assert "get_next_linebox" in inspect.getsource(inline.iter_line_boxes)  # still called through the module


def test_the_measure_of_a_line_still_comes_from_the_first_avoid_collisions_call():
    # the planned break narrows that measure; justification must still use a later, full one
    from weasyprint.layout import inline

    source = inspect.getsource(getattr(inline.get_next_linebox, "__wrapped__", inline.get_next_linebox))
    first = source.index("avoid_collisions(")
    assert "split_inline_box(" in source[first:]
    assert "new_available_width = avoid_collisions(" in source
    assert "text_align(" in source[source.index("new_available_width = avoid_collisions("):]
    signature = list(inspect.signature(getattr(inline.avoid_collisions, "__wrapped__", inline.avoid_collisions))
                     .parameters)
    assert signature[:3] == ["context", "box", "containing_block"]


def test_the_text_measuring_functions_the_planner_uses_still_exist():
    from weasyprint.text import line_break

    assert list(inspect.signature(line_break.create_layout).parameters)[:5] == [
        "text", "style", "context", "max_width", "justification_spacing"]
    assert callable(line_break.line_size) and callable(line_break.strut)
    assert isinstance(pyphen.hdcache, dict)
    assert hasattr(pyphen, "DataInt")
    assert "self.hd" in inspect.getsource(getattr(pyphen.Pyphen.positions, "__wrapped__", pyphen.Pyphen.positions))


def test_pyphen_still_looks_dictionaries_up_in_its_two_tables():
    assert isinstance(pyphen.LANGUAGES, dict) and isinstance(pyphen.LANGUAGES_LOWERCASE, dict)
    assert callable(pyphen.language_fallback)
    from weasyprint.text import line_break

    assert "language_fallback" in inspect.getsource(line_break)  # how WeasyPrint finds a dictionary


def test_pyphen_still_finds_positions_in_the_lower_cased_word():
    # the reason for the dotted capital I fix: positions are computed on word.lower()
    positions = pyphen.HyphDict.positions
    original = getattr(positions, "__wrapped__", positions)  # the fence's wrapper keeps pyphen's function
    assert "word.lower()" in inspect.getsource(original)


def test_the_box_and_image_attributes_used_still_exist():
    from weasyprint.formatting_structure import boxes
    from weasyprint.text.fonts import FontConfiguration

    assert hasattr(boxes, "LineBox") and hasattr(boxes, "TextBox")
    font_config = FontConfiguration()
    document = layout_with_shipped_fonts("<p>x</p>", font_config=font_config)
    page = document.pages[0]
    assert hasattr(page, "_page_box")
    assert any(isinstance(box, boxes.LineBox) for box in internals.page_boxes(page))
    assert hasattr(font_config, "_folder")
    from weasyprint.images import RasterImage

    assert "_dpi" in inspect.getsource(RasterImage)


@pytest.mark.parametrize("module", ["pressroom.cli", "pressroom.commands.status", "pressroom.commands.new"])
def test_commands_that_do_not_render_never_import_weasyprint(module):
    code = f"import sys, {module}; print('weasyprint' in sys.modules, 'pressroom.pdf.render' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_no_other_module_reaches_into_weasyprint_or_pyphen_internals():
    fenced = {"weasyprint_internals.py"}
    suspicious = ("._page_box", "._dpi", "._folder", "pyphen.LANGUAGES", "pyphen.language_fallback",
                  "pyphen.Pyphen", "pyphen.hdcache", "layout.inline", "formatting_structure", "text.line_break")
    for path in (REPO / "pressroom").rglob("*.py"):
        if path.name in fenced:
            continue
        text = path.read_text(encoding="utf-8")
        found = [name for name in suspicious if name in text]
        assert not found, f"{path.relative_to(REPO)} uses {found}: move it into pressroom/pdf/weasyprint_internals.py"


PARAGRAPH = "<p>" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 8 + "</p>"
NOTE = '<p>A note is called here<span style="float: footnote">' + "The note's text, long enough. " * 6 + "</span>.</p>"


def test_columns_set_over_the_footnotes_are_found():
    """WeasyPrint 70 sets the columns after a column-span element over the page's notes: the fence sees it."""
    spanning = (f'<div style="columns: 2">{NOTE}{PARAGRAPH * 2}<div style="column-span: all; height: 40mm">x</div>'
                f"{PARAGRAPH * 12}</div>")
    page = layout_with_shipped_fonts(spanning).pages[0]
    assert list(internals.lines_over_footnotes(page))
    # what pressroom writes instead: the body closed before the wide element and opened again after it
    separate = (f'<div style="columns: 2">{NOTE}{PARAGRAPH * 2}</div><div style="height: 40mm">x</div>'
                f'<div style="columns: 2">{PARAGRAPH * 12}</div>')
    assert not any(list(internals.lines_over_footnotes(p)) for p in layout_with_shipped_fonts(separate).pages)


def test_blocks_left_off_every_page_are_found():
    document = layout_with_shipped_fonts('<p>kept</p><p style="display: none">lost</p><figure><p>kept</p></figure>')
    lost = internals.elements_not_laid_out(document.pages)
    assert ["".join(element.itertext()) for element in lost] == ["lost"]
