"""SVG charts and maps for the printer: every colour rewritten as ``device-cmyk()``.

WeasyPrint draws an SVG's hex, rgb() and named colours as DeviceRGB, which a
print file may not hold; its SVG renderer accepts ``device-cmyk(c m y k)`` and
writes it as DeviceCMYK (verified with WeasyPrint 70: ``/DeviceCMYK cs … scn``).
So the print build serves a copy whose colours are separated like the
pictures': neutral greys on the black plate alone (text and rules never
misregister), other colours through the printer's ICC profile (perceptual,
black-point compensation). The archive and screen builds use the SVG as it is.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageCms, ImageColor

from ..errors import SourceError
from ..files import cached_copy

SVG_CONVERTER_VERSION = b"svg-cmyk-1"
# Presentation attributes and style properties that take a colour.
_PROPERTY = r"(?:fill|stroke|stop-color|flood-color|lighting-color|color|solid-color)"
_ATTRIBUTE = re.compile(rf"(?P<lead>\b{_PROPERTY}\s*=\s*)(?P<quote>[\"'])(?P<value>[^\"']*)(?P=quote)")
_DECLARATION = re.compile(rf"(?P<lead>\b{_PROPERTY}\s*:\s*)(?P<value>[^;\"'}}<>]+)")
_ROOT = re.compile(r"<svg\b")
_ROOT_FILL = re.compile(r"<svg\b[^>]*\sfill\s*=")
_KEEP = {"none", "currentcolor", "transparent", "inherit", "context-fill", "context-stroke"}


def svg_to_cmyk(source: Path, profile: Path, cache: Path) -> Path:
    """A copy of the SVG ``source`` with ``device-cmyk()`` colours for ``profile``, from the cache when possible."""
    data = source.read_bytes()
    digest = hashlib.sha256(SVG_CONVERTER_VERSION + profile.read_bytes() + data).hexdigest()[:32]
    target = cache / f"{digest}.svg"
    return cached_copy(target, cmyk_svg_text(data.decode("utf-8"), profile, source).encode("utf-8"))


def cmyk_svg_text(text: str, profile: Path, source: Path) -> str:
    """``text`` with each colour of a colour-taking attribute or style property as ``device-cmyk()``."""
    def attribute(match: re.Match[str]) -> str:
        quote = match["quote"]
        return f"{match['lead']}{quote}{_converted(match['value'], profile, source)}{quote}"

    def declaration(match: re.Match[str]) -> str:
        return f"{match['lead']}{_converted(match['value'], profile, source)}"

    converted = _DECLARATION.sub(declaration, _ATTRIBUTE.sub(attribute, text))
    # SVG's initial fill is black, which WeasyPrint writes as "0 0 0 rg" wherever an element sets no fill
    # (even a <line>, which it fills and strokes): the root's own fill, inherited, makes it K only.
    return _ROOT.sub(lambda match: match.group(0) + ' fill="device-cmyk(0 0 0 1)"', converted, count=1) \
        if not _ROOT_FILL.search(converted) else converted


def _converted(value: str, profile: Path, source: Path) -> str:
    stripped = value.strip()
    important = ""
    if stripped.lower().endswith("!important"):
        stripped, important = stripped[: -len("!important")].strip(), " !important"
    lowered = stripped.lower()
    if not stripped or lowered in _KEEP or lowered.startswith(("url(", "device-cmyk(")):
        return value
    try:
        rgb = ImageColor.getrgb(stripped)
    except ValueError:
        raise SourceError(f"SVG colour {stripped!r} is not a colour pressroom can separate for print "
                          "(write #rrggbb, rgb(…) or a CSS colour name)", source) from None
    if len(rgb) == 4 and rgb[3] == 0:
        return "none" + important
    c, m, y, k = device_cmyk(rgb[:3], profile)
    return f"device-cmyk({c:.3f} {m:.3f} {y:.3f} {k:.3f}){important}"


@lru_cache(maxsize=1024)
def device_cmyk(rgb: tuple[int, ...], profile: Path) -> tuple[float, float, float, float]:
    """The printer's CMYK (0–1) of an sRGB colour; a neutral grey on the black plate alone."""
    red, green, blue = rgb
    if red == green == blue:
        return 0.0, 0.0, 0.0, round(1 - red / 255, 3)
    transform = _transform(profile)
    pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), (red, green, blue)), transform)
    assert pixel is not None
    values = pixel.getpixel((0, 0))
    assert isinstance(values, tuple)
    return tuple(round(v / 255, 3) for v in values)  # type: ignore[return-value]


@lru_cache(maxsize=4)
def _transform(profile: Path) -> ImageCms.ImageCmsTransform:
    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(profile)), "RGB",
                                   "CMYK", renderingIntent=ImageCms.Intent.PERCEPTUAL,
                                   flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
