"""SVG charts for the printer: every colour separated into device-cmyk(), greys on the black plate."""

from pathlib import Path

from pressroom.pdf.svg_colours import cmyk_svg_text, device_cmyk, svg_to_cmyk

REPO = Path(__file__).resolve().parents[2]
PROFILE = REPO / "styles" / "profiles" / "default_cmyk.icc"


def test_greys_print_on_the_black_plate_only():
    assert device_cmyk((255, 255, 255), PROFILE) == (0.0, 0.0, 0.0, 0.0)
    assert device_cmyk((51, 51, 51), PROFILE) == (0.0, 0.0, 0.0, 0.8)


def test_colours_go_through_the_printers_profile():
    cyan, magenta, yellow, black = device_cmyk((31, 111, 120), PROFILE)  # the charts' teal
    assert cyan > 0.6 and magenta > 0.1 and yellow > 0.2 and black < 0.5


def test_attributes_and_styles_are_rewritten_and_the_rest_kept(tmp_path):
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><style>.a { stroke: #ff0000 }</style>'
           '<rect fill="#333" stroke="none" style="fill: rgb(0, 0, 255); stroke-width: 2"/>'
           '<circle fill="url(#g)" stop-color="white"/><text fill="currentColor">x</text></svg>')
    converted = cmyk_svg_text(svg, PROFILE, tmp_path / "x.svg")
    assert '<svg fill="device-cmyk(0 0 0 1)" xmlns' in converted  # SVG's initial black fill
    assert 'fill="device-cmyk(0.000 0.000 0.000 0.800)"' in converted
    assert 'stroke="none"' in converted and 'fill="url(#g)"' in converted and 'fill="currentColor"' in converted
    assert "stroke-width: 2" in converted and 'stop-color="device-cmyk(0.000 0.000 0.000 0.000)"' in converted
    assert "#ff0000" not in converted and "rgb(" not in converted


def test_the_print_copy_is_cached_by_content(tmp_path):
    source = REPO / "issues" / "2024-H1" / "images" / "chart-returns.svg"
    first = svg_to_cmyk(source, PROFILE, tmp_path)
    assert svg_to_cmyk(source, PROFILE, tmp_path) == first
    text = first.read_text(encoding="utf-8")
    assert "device-cmyk(" in text and "#1f6f78" not in text
