"""Pictures for print and for screens: upright, through their own profiles, CMYK kept, grey of any depth."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageCms

from pressroom.pdf.images import image_size, needs_srgb_copy, to_cmyk, to_srgb

from ..conftest import REPO

PROFILE = REPO / "styles/profiles/default_cmyk.icc"
ADOBE_RGB = Path("/usr/share/color/icc/ghostscript/a98.icc")  # Debian's libgs-common, installed by setup


def cmyk_pixel(path: Path, xy: tuple[int, int] = (0, 0)) -> tuple[int, ...]:
    with Image.open(path) as image:
        assert image.mode == "CMYK"
        return image.getpixel(xy)  # type: ignore[return-value]


def test_a_turned_camera_photo_is_made_upright_and_measured_upright(tmp_path):
    photo = Image.new("RGB", (400, 100), "white")
    photo.paste((200, 0, 0), (0, 0, 40, 100))  # a red band on the left of the stored pixels
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view"
    source = tmp_path / "photo.jpg"
    photo.save(source, exif=exif.tobytes(), quality=95)
    assert image_size(source) == (100, 400)
    converted = to_cmyk(source, PROFILE, tmp_path / "cache")
    with Image.open(converted) as upright:
        assert upright.size == (100, 400)
        assert upright.getexif().get(0x0112, 1) == 1
        top, bottom = upright.getpixel((50, 5)), upright.getpixel((50, 395))
    assert top[1] > 150 and bottom[1] < 30  # the red band is now at the top: magenta ink there only
    assert needs_srgb_copy(source)
    with Image.open(to_srgb(source, PROFILE, tmp_path / "cache")) as screen:
        assert screen.size == (100, 400)


def test_an_rgb_picture_is_separated_through_its_own_profile(tmp_path):
    if not ADOBE_RGB.is_file():
        pytest.skip("Debian's libgs-common (a98.icc) is not installed")
    green = Image.new("RGB", (8, 8), (0, 255, 0))
    tagged, untagged = tmp_path / "adobe.png", tmp_path / "plain.png"
    green.save(tagged, icc_profile=ADOBE_RGB.read_bytes())
    green.save(untagged)
    adobe = cmyk_pixel(to_cmyk(tagged, PROFILE, tmp_path / "cache"))
    srgb = cmyk_pixel(to_cmyk(untagged, PROFILE, tmp_path / "cache"))
    assert adobe[0] > srgb[0] + 40  # AdobeRGB's green is far more saturated: much more cyan
    assert needs_srgb_copy(tagged) and not needs_srgb_copy(untagged)


def test_a_cmyk_picture_keeps_its_separation_in_print(tmp_path):
    swatch = Image.new("CMYK", (16, 16), (255, 0, 0, 0))  # 100 % cyan
    swatch.paste((0, 0, 0, 255), (0, 8, 16, 16))  # K-only black below
    source = tmp_path / "swatch.jpg"
    swatch.save(source, quality=100)
    printed = to_cmyk(source, PROFILE, tmp_path / "cache")
    cyan, black = cmyk_pixel(printed, (4, 2)), cmyk_pixel(printed, (4, 13))
    assert cyan[0] > 245 and max(cyan[1:]) < 10
    assert black[3] > 245 and max(black[:3]) < 10  # not a four-colour black
    with Image.open(to_srgb(source, PROFILE, tmp_path / "cache")) as screen:
        assert screen.mode == "RGB"
        red, green, blue = screen.getpixel((4, 2))[:3]
        assert blue > red + 80 and green > red  # cyan on screen


@pytest.mark.parametrize("mode, value", [("I;16", 32768), ("L", 128)])
def test_grey_of_any_depth_keeps_its_tones_on_the_black_plate(tmp_path, mode, value):
    scan = Image.new(mode, (8, 8), value)
    source = tmp_path / f"scan-{mode.replace(';', '')}.png"
    scan.save(source)
    c, m, y, k = cmyk_pixel(to_cmyk(source, PROFILE, tmp_path / "cache"))
    assert (c, m, y) == (0, 0, 0) and 110 < k < 145  # a middle grey, not white
    with Image.open(to_srgb(source, PROFILE, tmp_path / "cache")) as screen:
        assert 110 < screen.convert("L").getpixel((0, 0)) < 145


def test_an_srgb_tagged_picture_needs_no_copy(tmp_path):
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = tmp_path / "srgb.png"
    Image.new("RGB", (4, 4), (10, 20, 30)).save(source, icc_profile=profile)
    assert not needs_srgb_copy(source)


def test_photographers_metadata_is_stripped_losslessly(tmp_path):
    from pressroom.pdf.images import clean_copy, has_metadata

    photo = Image.new("RGB", (64, 48), (120, 140, 160))
    exif = Image.Exif()
    exif[0x013B] = "Owner Name-MARKER"  # Artist
    gps = exif.get_ifd(0x8825)
    gps[2] = (40.0, 1.0, 2.0)  # GPSLatitude
    source = tmp_path / "photo.jpg"
    photo.save(source, exif=exif.tobytes(), comment=b"MARKER in a comment", quality=90)
    assert has_metadata(source)
    clean = clean_copy(source, tmp_path / "cache")
    data = clean.read_bytes()
    assert b"MARKER" not in data and b"Exif" not in data
    with Image.open(clean) as opened, Image.open(source) as original:
        assert opened.size == original.size and opened.tobytes() == original.tobytes()  # lossless
    assert not has_metadata(clean)


def test_no_picture_metadata_reaches_any_pdf(small_project):
    import subprocess

    from PIL.PngImagePlugin import PngInfo

    from pressroom.build.jobs import Options, plan
    from pressroom.build.pipeline import build
    from pressroom.structure.project import Project

    edition = small_project / "issues/2024-H1"
    picture = edition / "images/pic.png"
    info = PngInfo()
    info.add_text("Comment", "GPS 40.4093N 49.8671E planted-MARKER")
    exif = Image.Exif()
    exif[0x013B] = "planted-MARKER, the photographer"
    exif.get_ifd(0x8825)[2] = (40.0, 24.0, 33.0)
    with Image.open(picture) as image:
        image.convert("RGB").save(edition / "images/photo.jpg", exif=exif.tobytes(), quality=90)  # embedded as is
        image.save(picture, pnginfo=info)
    for lang in ("en", "az"):
        article = edition / lang / "01-first.md"
        article.write_text(article.read_text(encoding="utf-8") + "\n![A photograph.](../images/photo.jpg)\n",
                           encoding="utf-8")
    project = Project(small_project, small_project / "output")
    build(plan(project, "2024-H1"), workers=2, options=Options(allow_lowres=True))
    pdfs = sorted((small_project / "output/2024-H1").glob("*.pdf"))
    assert len(pdfs) >= 6
    for pdf in pdfs:
        expanded = pdf.with_suffix(".qdf")
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(pdf), str(expanded)], check=True)
        assert b"planted-MARKER" not in expanded.read_bytes(), pdf.name
        expanded.unlink()


# -- the picture cache is verified before every use --------------------------------------


def _converted(tmp_path) -> tuple[Path, Path, Path]:
    source = tmp_path / "pic.png"
    Image.new("RGB", (120, 80), (30, 120, 200)).save(source)
    cache = tmp_path / "cache"
    return source, cache, to_cmyk(source, PROFILE, cache)


@pytest.mark.parametrize("damage", ["cut", "recoloured", "rgb", "record-gone"])
def test_a_damaged_cmyk_cache_entry_is_made_again(tmp_path, damage):
    source, cache, first = _converted(tmp_path)
    good = first.read_bytes()
    if damage == "cut":
        first.write_bytes(good[: len(good) // 2])
    elif damage == "recoloured":
        with Image.open(first) as image:
            image.point(lambda value: 255 - value).save(first, "JPEG")
    elif damage == "rgb":
        Image.new("RGB", (120, 80), "red").save(first, "JPEG")
    else:
        first.with_name(first.name + ".sha256").unlink()
    again = to_cmyk(source, PROFILE, cache)
    assert again == first and again.read_bytes() == good
    assert cmyk_pixel(again)[0] > 100  # cyan, as the picture is: the damaged entry was not used


def test_a_damaged_srgb_cache_entry_is_made_again(tmp_path):
    source = tmp_path / "pic.png"
    Image.new("CMYK", (60, 40), (0, 200, 0, 0)).save(source.with_suffix(".jpg"))
    source = source.with_suffix(".jpg")
    made = to_srgb(source, PROFILE, tmp_path / "cache")
    good = made.read_bytes()
    Image.new("CMYK", (60, 40)).save(made, "JPEG")
    assert to_srgb(source, PROFILE, tmp_path / "cache").read_bytes() == good


def test_a_forged_size_record_does_not_pass_a_small_picture(tmp_path):
    source = tmp_path / "small.png"
    Image.new("RGB", (92, 61), "white").save(source)
    cache = tmp_path / "checked"
    assert image_size(source, cache) == (92, 61)
    (record,) = cache.glob("*.size")
    record.write_text("9200 6100")
    assert image_size(source, cache) == (92, 61)


def test_a_16_bit_grey_picture_gets_an_8_bit_copy_for_screens(tmp_path):
    source = tmp_path / "grey16.png"
    Image.new("I;16", (40, 30), 40_000).save(source)
    assert needs_srgb_copy(source)
    with Image.open(to_srgb(source, PROFILE, tmp_path / "cache")) as copy:
        assert copy.mode == "L" and copy.size == (40, 30)
        assert 150 < copy.getpixel((0, 0)) < 160  # 40000 of 65535, in 8 bits
