"""Render test HTML with the project's shipped fonts and nothing else.

A test that lays out text must measure pressroom, not the machine: without a
``font-family`` WeasyPrint asks fontconfig, and the result changes with
whatever fonts happen to be installed. :func:`render_with_shipped_fonts`
serves ``styles/fonts.css`` and ``fonts/`` through pressroom's own sandboxed
fetcher and sets the body in the bulletin's serif; the fonts' glyph coverage
of the test text is checked first, so a fallback font can never be used.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FONTS = REPO / "fonts"
STYLES = REPO / "styles"
SERIF = "Bulletin Serif"


def layout_with_shipped_fonts(body: str, lang: str = "en", css: str = "", font_config=None):  # noqa: ANN001, ANN201
    """``body`` (HTML inside <body>) laid out by WeasyPrint in the shipped fonts only: a rendered Document."""
    from weasyprint import CSS, HTML

    from pressroom.layout.urls import VIRTUAL_ROOT, virtual_url
    from pressroom.pdf.render import SandboxFetcher
    from pressroom.pdf.sandbox import Sandbox

    _check_coverage(body)
    fetcher = SandboxFetcher(Sandbox(root=STYLES.parent, images=STYLES, styles=STYLES, fonts=FONTS))
    sheets = [
        CSS(url=virtual_url("styles", "fonts.css"), url_fetcher=fetcher, font_config=font_config),
        CSS(string=f'html {{ font-family: "{SERIF}"; }} {css}', url_fetcher=fetcher, font_config=font_config),
    ]
    html = f'<html lang="{lang}"><body>{body}</body></html>'
    return HTML(string=html, base_url=VIRTUAL_ROOT + "test.html", url_fetcher=fetcher).render(
        stylesheets=sheets, font_config=font_config)


def render_with_shipped_fonts(body: str, target: Path, lang: str = "en", css: str = "") -> Path:
    """Write ``body`` (HTML inside <body>) as a PDF at ``target``, set in the shipped fonts only."""
    layout_with_shipped_fonts(body, lang, css).write_pdf(target)
    return target


def _check_coverage(body: str) -> None:
    import re

    from fontTools.ttLib import TTFont

    text = re.sub(r"<[^>]*>", "", body)
    cmap = TTFont(FONTS / "NotoSerif-Regular.ttf").getBestCmap()
    missing = sorted({ch for ch in text if not ch.isspace() and ord(ch) not in cmap})
    assert not missing, f"the shipped serif lacks {missing}: the test would fall back to a system font"
