"""What an SVG chart or map may contain: shapes and text; nothing that runs, fetches or expands."""

from pathlib import Path

import pytest

from pressroom.errors import SourceError
from pressroom.sources.svg import check_svg

REPO = Path(__file__).resolve().parents[2]
HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="50">\n'


def test_the_samples_charts_and_maps_pass_and_their_text_is_read():
    images = REPO / "issues" / "2024-H1" / "images"
    for path in sorted(images.glob("*.svg")):
        facts = check_svg(path, path.read_bytes())
        assert facts.width > 0 and facts.height > 0
    facts = check_svg(images / "map-az.svg", (images / "map-az.svg").read_bytes())
    assert "Şuşa" in facts.text and "Zəngilan" in facts.text


@pytest.mark.parametrize(
    "svg, line, fragment",
    [
        pytest.param('<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY lol "lol">]>\n' + HEAD
                     + "<text>&lol;</text></svg>", 2, "DOCTYPE", id="doctype-and-entities"),
        pytest.param(HEAD + '<script>alert(1)</script></svg>', 2, "a script", id="script"),
        pytest.param(HEAD + '<rect width="1" height="1" onload="alert(1)"/></svg>', 2, "event attribute",
                     id="event-attribute"),
        pytest.param(HEAD + '<use xlink:href="http://127.0.0.1:9/x.svg#a"/></svg>', 2, "only references inside",
                     id="external-use"),
        pytest.param(HEAD + '<image href="file:///etc/passwd" width="1" height="1"/></svg>', 2, "embedded picture",
                     id="image"),
        pytest.param(HEAD + '<rect width="1" height="1" fill="url(http://x/y#p)"/></svg>', 2, "outside the file",
                     id="url-attribute"),
        pytest.param(HEAD + '<style>@import "http://x/y.css";</style></svg>', 2, "outside the file",
                     id="style-import"),
        pytest.param(HEAD + '\n<foreignObject width="1" height="1"/></svg>', 3, "foreignObject", id="foreign-object"),
        pytest.param(HEAD + '<rect width="1" height="1" fill="device-cmyk(0 0 0 1)"/></svg>', 2, "sRGB",
                     id="device-colour"),
        pytest.param('<?xml-stylesheet href="http://x/y.css"?>\n' + HEAD + "</svg>", 1, "processing instruction",
                     id="stylesheet-instruction"),
        pytest.param(HEAD + "<text>&nbsp;</text></svg>", 2, "not well-formed", id="undefined-entity"),
        pytest.param('<html xmlns="http://www.w3.org/1999/xhtml"/>', 1, "not an <svg> element", id="not-svg"),
        pytest.param('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>', 1, "no size", id="no-size"),
    ],
)
def test_refused_with_file_and_line(tmp_path, svg, line, fragment):
    path = tmp_path / "chart.svg"
    with pytest.raises(SourceError) as caught:
        check_svg(path, svg.encode())
    assert fragment in caught.value.message
    assert caught.value.path == path and caught.value.line == line, caught.value.describe()


def test_references_inside_the_file_are_allowed(tmp_path):
    svg = (HEAD + '<defs><clipPath id="c"><rect width="5" height="5"/></clipPath></defs>'
           '<g clip-path="url(#c)"><use xlink:href="#c"/></g><text>Füzuli</text></svg>')
    assert check_svg(tmp_path / "ok.svg", svg.encode()).text == "Füzuli"
