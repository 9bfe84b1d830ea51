"""Prepare raster images for a variant: CMYK for the printer, as they are otherwise.

The print variant must contain no device RGB. WeasyPrint writes RGB images as
/DeviceRGB, so for print every image is converted once from sRGB to the
printer's CMYK profile (Pillow's ImageCms, perceptual intent) and saved as a
CMYK JPEG, which WeasyPrint embeds as /DeviceCMYK. Conversions are cached by
content, so a rebuild converts nothing that has not changed.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageCms, ImageFile

from ..errors import SourceError
from ..files import write_atomically

JPEG_QUALITY = 94
CONVERTER_VERSION = b"cmyk-jpeg-1"  # change when the conversion changes, to refresh caches

# A photo from a camera has ~24 Mpx; refuse anything absurdly larger (decompression bombs).
Image.MAX_IMAGE_PIXELS = 80_000_000


def image_size(path: Path, cache: Path | None = None) -> tuple[int, int]:
    """Pixel size of an image, refusing truncated, unreadable or oversized files.

    Checking decodes the whole image; with a ``cache`` folder, an image whose
    exact content was checked before is not decoded again.
    """
    record = None
    if cache is not None:
        record = cache / f"{hashlib.sha256(path.read_bytes()).hexdigest()[:32]}.size"
        try:
            width, height = record.read_text().split()
            return int(width), int(height)
        except (OSError, ValueError):
            pass
    size = _checked_size(path)
    if record is not None:
        write_atomically(record, f"{size[0]} {size[1]}".encode())
    return size


def _checked_size(path: Path) -> tuple[int, int]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return _verified_size(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise SourceError("image has too many pixels (over 80 million); scale it down", path) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise SourceError(f"image cannot be read ({exc}); is it truncated or not really an image?", path) from None


def _verified_size(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        image.verify()
    # WeasyPrint switches Pillow to accepting truncated images globally;
    # a source check must not: decode it in full with that switched off.
    accept_truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with Image.open(path) as image:
            image.load()
            return image.size
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = accept_truncated


@lru_cache(maxsize=4)
def _transform(profile_path: Path) -> ImageCms.ImageCmsTransform:
    srgb = ImageCms.createProfile("sRGB")
    cmyk = ImageCms.getOpenProfile(str(profile_path))
    return ImageCms.buildTransform(
        srgb, cmyk, "RGB", "CMYK", renderingIntent=ImageCms.Intent.PERCEPTUAL,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )


def check_cmyk_profile(path: Path) -> None:
    try:
        profile = ImageCms.getOpenProfile(str(path))
    except (OSError, ImageCms.PyCMSError) as exc:
        raise SourceError(f"the print output intent is not a readable ICC profile ({exc})", path) from None
    if profile.profile.xcolor_space.strip() != "CMYK":
        raise SourceError("the print output intent must be a CMYK ICC profile", path)


def to_cmyk(source: Path, profile: Path, cache: Path) -> Path:
    """A CMYK JPEG of ``source`` converted to ``profile``, from the cache when possible."""
    digest = hashlib.sha256(CONVERTER_VERSION + source.read_bytes() + profile.read_bytes()).hexdigest()[:32]
    target = cache / f"{digest}.jpg"
    if target.is_file():
        return target
    image_size(source)
    with Image.open(source) as opened:
        image: Image.Image = opened
        if image.mode in ("RGBA", "LA", "P"):
            image = image.convert("RGBA")
            flat = Image.new("RGB", image.size, "white")
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        elif image.mode != "RGB":
            image = image.convert("RGB")
        converted = ImageCms.applyTransform(image, _transform(profile))
        assert converted is not None  # a new image, not an in-place transform
        dpi = image.info.get("dpi", (300, 300))
    buffer = io.BytesIO()
    converted.save(buffer, "JPEG", quality=JPEG_QUALITY, dpi=dpi, subsampling=0)
    write_atomically(target, buffer.getvalue())
    return target
