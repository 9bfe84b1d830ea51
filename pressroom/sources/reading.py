"""Reading source files: the one way text reaches pressroom from a project.

Sizes are capped before reading, the encoding must be UTF-8 (a byte-order mark
is dropped with a warning), line ends are normalised, and a file with NUL bytes
is refused as not text.
"""

from __future__ import annotations

from pathlib import Path

from ..config.yamlfile import YamlDocument, parse_yaml
from ..errors import SourceError

MAX_ARTICLE_BYTES = 2 * 1024 * 1024
MAX_YAML_BYTES = 256 * 1024


def read_text(path: Path, limit: int = MAX_ARTICLE_BYTES) -> tuple[str, list[str]]:
    """Read a UTF-8 source file; returns the text and any warnings about it."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise SourceError(f"file is {size // 1024} KiB, more than the {limit // 1024} KiB a source may have", path)
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read file: {exc.strerror}", path) from None
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


def load_yaml_file(path: Path) -> tuple[YamlDocument, list[str]]:
    text, warnings = read_text(path, limit=MAX_YAML_BYTES)
    doc = parse_yaml(text, path)
    if not isinstance(doc.data, dict):
        raise SourceError("expected a mapping of settings (key: value)", path, 1)
    return doc, warnings


