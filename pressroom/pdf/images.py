"""Prepare raster images for a variant: CMYK for the printer, sRGB for screens and archives.

The print variant must contain no device RGB. WeasyPrint writes RGB images as
/DeviceRGB, so for print every picture is converted once to the printer's CMYK
profile (Pillow's ImageCms, perceptual intent, black-point compensation) and
saved as a CMYK JPEG, which WeasyPrint embeds as /DeviceCMYK:

- the camera's orientation (EXIF) is applied first, so the pixels are upright;
- an RGB picture is converted from its own embedded ICC profile (AdobeRGB,
  ProPhoto…), from sRGB only when it has none;
- a CMYK picture is already separated for press: its values are kept as they
  are (no round trip through RGB that would turn 100 % cyan into a mix, or a
  K-only black into four colours);
- a greyscale picture of any bit depth (8- or 16-bit scans, charts) keeps its
  tones and prints on the black plate alone.

The archive and screen variants get sRGB: pictures that are CMYK, 16-bit,
tagged with another profile or rotated by EXIF are converted once
(:func:`to_srgb`); the others are used as they are. Conversions are cached by
content, so a rebuild converts nothing that has not changed.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageCms, ImageFile, ImageOps

from ..errors import SourceError
from ..files import cached_copy, write_atomically

JPEG_QUALITY = 94
CONVERTER_VERSION = b"cmyk-jpeg-2"  # change when the conversion changes, to refresh caches

# A photo from a camera has ~24 Mpx; refuse anything absurdly larger (decompression bombs).
Image.MAX_IMAGE_PIXELS = 80_000_000


def image_size(path: Path, cache: Path | None = None) -> tuple[int, int]:
    """Pixel size of an image as it stands upright (EXIF orientation applied), refusing bad files.

    Truncated, unreadable or oversized files are refused.

    Checking decodes the whole image; with a ``cache`` folder, an image whose
    exact content was checked before is not decoded again.
    """
    record = None
    if cache is not None:
        record = cache / f"{hashlib.sha256(b'upright' + path.read_bytes()).hexdigest()[:32]}.size"
        try:
            width, height = record.read_text().split()
            # A record is trusted only for the size the file's own header gives: a forged one is redone.
            if (int(width), int(height)) == _header_size(path):
                return int(width), int(height)
        except (OSError, ValueError, SyntaxError):
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


def _header_size(path: Path) -> tuple[int, int]:
    """The upright size as the file's header states it (cheap: nothing is decoded)."""
    with Image.open(path) as image:
        if image.format == "PNG" and "exif" not in image.info and b"eXIf" not in path.read_bytes():
            # Pillow decodes a whole PNG to look for an EXIF chunk after the pixels; there is none
            return image.size
        return _upright_size(image)


def _upright_size(image: Image.Image) -> tuple[int, int]:
    width, height = image.size
    # orientations 5 to 8 turn the picture a quarter: it stands with its sides swapped
    return (height, width) if image.getexif().get(ORIENTATION, 1) in (5, 6, 7, 8) else (width, height)


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
            return _upright_size(image)
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = accept_truncated


ORIENTATION = 0x0112  # the EXIF tag


@lru_cache(maxsize=8)
def _transform(source_profile: bytes | None, target_profile: Path | None, modes: tuple[str, str]
               ) -> ImageCms.ImageCmsTransform:
    """A transform from an embedded profile (sRGB when None) to a profile file (sRGB when None)."""
    source = (ImageCms.getOpenProfile(io.BytesIO(source_profile)) if source_profile
              else ImageCms.createProfile("sRGB"))
    target = ImageCms.getOpenProfile(str(target_profile)) if target_profile else ImageCms.createProfile("sRGB")
    return ImageCms.buildTransform(source, target, modes[0], modes[1], renderingIntent=ImageCms.Intent.PERCEPTUAL,
                                   flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


def _upright(opened: Image.Image) -> Image.Image:
    return ImageOps.exif_transpose(opened) or opened


def _grey_8bit(image: Image.Image) -> Image.Image:
    """8-bit grey of a grey picture of any depth; Pillow's own convert clips 16-bit values to white."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        maximum = 65535 if image.mode.startswith("I;16") else max(1, image.getextrema()[1])
        return image.convert("I").point(lambda value: value * 255 / maximum).convert("L")
    return image.convert("L")


def _flat_rgb(image: Image.Image) -> Image.Image:
    """RGB on white: transparency flattened as paper would show it."""
    if image.mode in ("RGBA", "LA", "P", "PA"):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image if image.mode == "RGB" else image.convert("RGB")


def _embedded_profile(image: Image.Image, mode: str) -> bytes | None:
    """The picture's ICC profile if it describes ``mode`` (an RGB profile on an RGB picture…)."""
    data = image.info.get("icc_profile")
    if not data:
        return None
    try:
        space = ImageCms.getOpenProfile(io.BytesIO(data)).profile.xcolor_space.strip()
    except (OSError, ImageCms.PyCMSError):
        return None  # an unreadable profile: treated as untagged (sRGB)
    return data if space == mode else None


def check_cmyk_profile(path: Path) -> None:
    try:
        profile = ImageCms.getOpenProfile(str(path))
    except (OSError, ImageCms.PyCMSError) as exc:
        raise SourceError(f"the print output intent is not a readable ICC profile ({exc})", path) from None
    if profile.profile.xcolor_space.strip() != "CMYK":
        raise SourceError("the print output intent must be a CMYK ICC profile", path)


def _cache_entry(cache: Path, source: Path, inputs: bytes, suffix: str, modes: tuple[str, ...]
                 ) -> tuple[Path, bool]:
    """Where the conversion of ``source`` with ``inputs`` goes, and whether it is made already and intact.

    A conversion still to make checks the source first (truncated, a bomb, not an image).
    """
    target = cache / (hashlib.sha256(CONVERTER_VERSION + inputs + source.read_bytes()).hexdigest()[:32] + suffix)
    made = _intact(target, modes, _header_size(source))
    if not made:
        image_size(source)
    return target, made


def _store(target: Path, data: bytes) -> None:
    """Write a cache entry and, beside it, the digest it is checked against before every use."""
    write_atomically(target, data)
    write_atomically(_digest_record(target), f"{len(data)} {hashlib.sha256(data).hexdigest()}".encode())


def _digest_record(target: Path) -> Path:
    return target.with_name(target.name + ".sha256")


def _intact(target: Path, modes: tuple[str, ...], size: tuple[int, int] | None) -> bool:
    """True if the cache entry is the file that was stored (same length and digest) and looks as it must.

    A cut, recoloured or replaced entry (an RGB picture in a CMYK file's place)
    fails and is made again: the cache is never trusted blindly.
    """
    try:
        data = target.read_bytes()
        length, digest = _digest_record(target).read_text().split()
        if int(length) != len(data) or hashlib.sha256(data).hexdigest() != digest:
            return False
        with Image.open(io.BytesIO(data)) as image:
            return image.mode in modes and (size is None or image.size == size)
    except (OSError, ValueError, SyntaxError):
        return False


def to_cmyk(source: Path, profile: Path, cache: Path) -> Path:
    """A CMYK JPEG of ``source`` for the printer's ``profile``, from the cache when possible."""
    target, made = _cache_entry(cache, source, profile.read_bytes(), ".jpg", ("CMYK",))
    if made:
        return target
    with Image.open(source) as opened:
        dpi = opened.info.get("dpi", (300, 300))
        image = _upright(opened)
        if image.mode == "CMYK":
            converted = image.copy()  # separated for press already: the values stay
        elif image.mode in ("1", "L", "LA", "I", "I;16", "I;16B", "I;16L"):
            grey = _grey_8bit(image if image.mode != "LA" else _flat_rgb(image).convert("L"))
            black = grey.point(lambda value: 255 - value)  # K only: C, M and Y stay empty
            empty = Image.new("L", grey.size, 0)
            converted = Image.merge("CMYK", (empty, empty, empty, black))
        else:
            rgb = _flat_rgb(image)
            transform = _transform(_embedded_profile(image, "RGB"), profile, ("RGB", "CMYK"))
            applied = ImageCms.applyTransform(rgb, transform)
            assert applied is not None  # a new image, not an in-place transform
            converted = applied
    buffer = io.BytesIO()
    converted.save(buffer, "JPEG", quality=JPEG_QUALITY, dpi=dpi, subsampling=0)
    _store(target, buffer.getvalue())
    return target


def needs_srgb_copy(source: Path) -> bool:
    """True if the picture cannot go into an sRGB file as it is (CMYK, deep, another profile, turned)."""
    with Image.open(source) as image:
        if image.getexif().get(ORIENTATION, 1) != 1:
            return True
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P", "1"):
            return True
        mode = "GRAY" if image.mode in ("L", "LA", "1") else "RGB"
        return _embedded_profile(image, mode) is not None and not _is_srgb(image.info["icc_profile"])


def _is_srgb(profile: bytes) -> bool:
    try:
        description = ImageCms.getProfileDescription(ImageCms.getOpenProfile(io.BytesIO(profile)))
    except (OSError, ImageCms.PyCMSError):
        return False
    return "srgb" in description.lower().replace(" ", "")


def to_srgb(source: Path, cmyk_profile: Path | None, cache: Path) -> Path:
    """An upright sRGB PNG of ``source`` for the archive and screen variants, from the cache when possible.

    CMYK pictures are converted through their embedded profile, else the
    printer's (``cmyk_profile``), the profile they were most likely separated for.
    """
    extra = cmyk_profile.read_bytes() if cmyk_profile is not None and cmyk_profile.is_file() else b""
    target, made = _cache_entry(cache, source, b"srgb" + extra, ".png", ("RGB", "L"))
    if made:
        return target
    with Image.open(source) as opened:
        dpi = opened.info.get("dpi", (300, 300))
        image = _upright(opened)
        if image.mode == "CMYK":
            embedded = _embedded_profile(image, "CMYK")
            if embedded is None and not extra:
                raise SourceError("a CMYK picture without an ICC profile, and no printer's profile to read it with",
                                  source)
            source_profile = embedded or extra
            applied = ImageCms.applyTransform(image, _transform(source_profile, None, ("CMYK", "RGB")))
            assert applied is not None
            converted = applied
        elif image.mode in ("I", "I;16", "I;16B", "I;16L", "L", "1"):
            converted = _grey_8bit(image)
        else:
            rgb = _flat_rgb(image)
            applied = ImageCms.applyTransform(rgb, _transform(_embedded_profile(image, "RGB"), None, ("RGB", "RGB")))
            assert applied is not None
            converted = applied
    buffer = io.BytesIO()
    converted.save(buffer, "PNG", dpi=dpi)
    _store(target, buffer.getvalue())
    return target


# -- photographers' metadata ------------------------------------------------------
#
# WeasyPrint embeds a JPEG as it is, so its EXIF (GPS position, camera serial,
# owner's name), XMP, IPTC and comment segments would reach the PDF. Pictures
# that need no conversion are copied without them, losslessly: the compressed
# image data is kept byte for byte, only the metadata segments or chunks go.

JPEG_KEEP = {0xE0, 0xE2, 0xEE}  # APP0 (JFIF), APP2 (the ICC profile is checked below), APP14 (Adobe colour)
PNG_DROP = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}


def without_metadata(data: bytes) -> bytes:
    """``data`` (a JPEG or PNG file) without EXIF, XMP, IPTC, comments or text chunks; other files as they are."""
    if data.startswith(b"\xff\xd8"):
        return _jpeg_without_metadata(data)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _png_without_metadata(data)
    return data


def _jpeg_without_metadata(data: bytes) -> bytes:
    kept = [data[:2]]
    position = 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xDA:  # start of scan: the image data follows to the end
            break
        length = int.from_bytes(data[position + 2:position + 4], "big")
        segment = data[position:position + 2 + length]
        is_app = 0xE0 <= marker <= 0xEF
        icc = marker == 0xE2 and segment[4:16] == b"ICC_PROFILE\x00"
        if not (marker == 0xFE or (is_app and (marker not in JPEG_KEEP or (marker == 0xE2 and not icc)))):
            kept.append(segment)
        position += 2 + length
    kept.append(data[position:])
    return b"".join(kept)


def _png_without_metadata(data: bytes) -> bytes:
    kept = [data[:8]]
    position = 8
    while position + 8 <= len(data):
        length = int.from_bytes(data[position:position + 4], "big")
        kind = data[position + 4:position + 8]
        chunk = data[position:position + 12 + length]
        if kind not in PNG_DROP:
            kept.append(chunk)
        position += 12 + length
        if kind == b"IEND":
            break
    return b"".join(kept)


def has_metadata(source: Path) -> bool:
    data = source.read_bytes()
    return without_metadata(data) != data


def clean_copy(source: Path, cache: Path) -> Path:
    """``source`` without its metadata, from the cache when possible (pictures that need no conversion)."""
    data = without_metadata(source.read_bytes())
    return cached_copy(cache / f"{hashlib.sha256(b'clean' + data).hexdigest()[:32]}{source.suffix.lower()}", data)
