"""The reading gate: the one way a file of the project reaches pressroom.

Every source file (articles, YAML, images, style sheets, templates, fonts, the
printer's profile, the sources embedded in archive files) passes :func:`admit`
before it is read. The gate

- resolves the real path, symbolic links and linked folders included, and
  refuses anything whose real path is outside the project folder;
- refuses anything that is not a regular file (a FIFO would hang the build, a
  device such as ``/dev/zero`` would exhaust memory) and a file with more than
  one hard link (it may be a file from outside the project: copy it instead);
- caps the size per kind of file *before* reading it.

Text must be UTF-8 (a byte-order mark is dropped with a warning), line ends
are normalised, and a file with NUL bytes is refused as not text.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..config.yamlfile import YamlDocument, parse_yaml
from ..errors import SourceError

KIB, MIB = 1024, 1024 * 1024
LIMITS = {
    "article": 2 * MIB,
    "yaml": 256 * KIB,
    "style": 512 * KIB,
    "template": 256 * KIB,
    "image": 64 * MIB,
    "font": 32 * MIB,
    "profile": 16 * MIB,
}

_KINDS_OF_FILE = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _os_problem(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "is a loop of symbolic links"
    if exc.errno == errno.ENAMETOOLONG:
        return "has a name too long for the file system"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot be read: permission denied"
    if exc.errno == errno.ENOENT:
        return "does not exist (or is a link to nothing)"
    if exc.errno == errno.ENOTDIR:
        return "does not exist (a part of its path is not a folder)"
    return f"cannot be read: {exc.strerror or exc}"


def real_path(path: Path, root: Path) -> Path:
    """The real path of ``path``, which must lie inside the project folder ``root``."""
    try:
        real = Path(os.path.realpath(path, strict=True))
    except OSError as exc:
        raise SourceError(_os_problem(exc), path) from None
    project = Path(os.path.realpath(root))
    if not real.is_relative_to(project):
        raise SourceError(
            f"is a link to {real}, outside the project; pressroom reads only files inside {project}", path
        )
    return real


def admit_folder(path: Path, root: Path) -> Path:
    """The real path of a folder of the project (refused if a link leads outside)."""
    real = real_path(path, root)
    if not real.is_dir():
        raise SourceError("is not a folder", path)
    return real


def admit(path: Path, root: Path, kind: str) -> Path:
    """The real path of a regular file inside ``root`` no larger than the ``kind``'s limit."""
    real = real_path(path, root)
    try:
        info = os.stat(real)
    except OSError as exc:
        raise SourceError(_os_problem(exc), path) from None
    _check_regular(info, path, kind)
    return real


def _check_regular(info: os.stat_result, path: Path, kind: str) -> None:
    for test, what in _KINDS_OF_FILE:
        if test(info.st_mode):
            raise SourceError(f"is {what}, not a file; pressroom reads only regular files", path)
    if info.st_nlink > 1:
        raise SourceError(
            f"has {info.st_nlink} hard links, so it may be a file from outside the project; "
            "copy it into the project instead of linking it", path,
        )
    limit = LIMITS[kind]
    if info.st_size > limit:
        raise SourceError(
            f"file is {_size(info.st_size)}, more than the {_size(limit)} a {kind} file may have", path
        )


def _size(count: int) -> str:
    return f"{count / MIB:.0f} MiB" if count >= 4 * MIB else f"{count // KIB} KiB"


def read_source(path: Path, root: Path, kind: str) -> bytes:
    """The bytes of a source file, through the gate (re-checked on the open file, never more than the limit)."""
    real = admit(path, root, kind)
    try:
        descriptor = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise SourceError(_os_problem(exc), path) from None
    with os.fdopen(descriptor, "rb") as file:
        _check_regular(os.fstat(file.fileno()), path, kind)  # the file opened is the file checked
        data = file.read(LIMITS[kind] + 1)
    if len(data) > LIMITS[kind]:
        raise SourceError(f"file grew beyond the {_size(LIMITS[kind])} a {kind} file may have", path)
    return data


def decode_text(raw: bytes, path: Path) -> tuple[str, list[str]]:
    """UTF-8 text with normalised line ends; returns the text and any warnings about it."""
    warnings = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        warnings.append(f"{path}: starts with a byte-order mark (BOM); ignored, but save it as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            f"not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", path, line, column
        ) from None
    if "\x00" in text:
        raise SourceError("file contains NUL characters: is it really a text file?", path)
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


def read_text(path: Path, root: Path, kind: str = "article") -> tuple[str, list[str]]:
    """Read a UTF-8 source file through the gate; returns the text and any warnings about it."""
    return decode_text(read_source(path, root, kind), path)


def load_yaml_file(path: Path, root: Path) -> tuple[YamlDocument, list[str]]:
    text, warnings = read_text(path, root, kind="yaml")
    doc = parse_yaml(text, path)
    if not isinstance(doc.data, dict):
        raise SourceError("expected a mapping of settings (key: value)", path, 1)
    return doc, warnings


def file_name(path: Path) -> str:
    """``path``'s name, refused if it is not valid UTF-8 (Python keeps such bytes as lone surrogates)."""
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(path.name).decode("utf-8", "backslashreplace")
        raise SourceError(f"the file name {shown!r} is not UTF-8; rename the file", path.parent) from None
    return path.name
