"""Make the shipped fonts in fonts/ from Debian's fonts-noto-core.

The full Noto files carry Greek, Vietnamese and thousands of other glyphs the
bulletin never sets; subsetting them to the scripts of its four languages keeps
the repository small. Layout features (kerning, ligatures, small caps, figures)
are kept. Run again after upgrading fonts-noto-core:

    python scripts/subset_fonts.py /usr/share/fonts/truetype/noto
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FAMILIES = {
    "NotoSerif": ["Regular", "Italic", "Bold", "BoldItalic"],
    "NotoSans": ["Regular", "Italic", "Bold", "BoldItalic"],
}

# Basic Latin to Latin Extended-B (Azerbaijani ə/Ə are U+0259/U+018F), IPA for
# U+0259, Cyrillic and its supplement, general punctuation (dashes, no-break and
# narrow spaces, U+2010/U+2011), currency (₼ U+20BC, € U+20AC), letterlike (№),
# arrows and math operators used in tables.
UNICODE_RANGES = [
    (0x0020, 0x007E), (0x00A0, 0x024F), (0x0250, 0x02AF), (0x02B0, 0x02FF),
    (0x0300, 0x036F), (0x0400, 0x052F), (0x1E00, 0x1EFF), (0x2000, 0x206F),
    (0x20A0, 0x20CF), (0x2100, 0x214F), (0x2190, 0x21FF), (0x2212, 0x2212),
    (0x2248, 0x2248), (0x2260, 0x2265), (0x25A0, 0x25FF), (0xFB00, 0xFB06),
]


def subset_font(source: Path, target: Path) -> None:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False  # print and screen PDFs do not use TrueType hinting
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    unicodes = [cp for start, end in UNICODE_RANGES for cp in range(start, end + 1)]
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    font.save(target)


def main(source_dir: str) -> None:
    target_dir = Path(__file__).resolve().parent.parent / "fonts"
    for family, styles in FAMILIES.items():
        for style in styles:
            name = f"{family}-{style}.ttf"
            subset_font(Path(source_dir) / name, target_dir / name)
            print(f"{name}: {(target_dir / name).stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/noto")
