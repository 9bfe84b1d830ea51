"""Safe YAML with source positions, so every complaint can name file and line.

PyYAML's safe loader gives values but forgets where they came from. We compose
the node tree first, keep each key's position, refuse aliases (an alias bomb
expands exponentially, and the sources have no use for them) and duplicate
keys (PyYAML silently keeps the last one), then construct plain values.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import SourceError

MAX_YAML_BYTES = 256 * 1024

Key = tuple[Any, ...]


@dataclass
class YamlDocument:
    """Parsed YAML plus where each key stood in the file (1-based lines)."""

    data: Any
    path: Path
    positions: dict[Key, tuple[int, int]] = field(default_factory=dict)
    start: tuple[int, int] = (1, 1)

    def where(self, *keys: Any) -> tuple[int, int]:
        """Line and column of the deepest known key of ``keys``."""
        for n in range(len(keys), 0, -1):
            if tuple(keys[:n]) in self.positions:
                return self.positions[tuple(keys[:n])]
        return self.start

    def error(self, message: str, *keys: Any) -> SourceError:
        line, column = self.where(*keys)
        return SourceError(message, self.path, line, column)


def parse_yaml(text: str, path: Path, first_line: int = 1) -> YamlDocument:
    """Parse ``text`` (from ``path``, starting at ``first_line``) safely."""
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise SourceError(
            f"YAML is larger than {MAX_YAML_BYTES // 1024} KiB; front matter and settings "
            "hold a few fields, not content",
            path,
            first_line,
        )
    try:
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + first_line
        raise SourceError(f"malformed YAML: character U+{exc.character:04X} is not allowed", path, line) from None
    _refuse_anchors(text, path, first_line)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(None, path, {}, (first_line, 1))
        positions: dict[Key, tuple[int, int]] = {}
        _index(node, (), positions, set(), path, first_line)
        try:
            data = loader.construct_document(node)
        except (ValueError, OverflowError) as exc:
            # a scalar that looks like a date or number but is none (2025-13-15, 30 February, 5,000 digits)
            raise _impossible_value(node, exc, path, first_line) from None
    except yaml.MarkedYAMLError as exc:
        problem, row, column = explain(exc, text)
        raise SourceError(problem + _excerpt(text, row, column), path, row + first_line, column + 1) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"malformed YAML: {exc}", path, first_line) from None
    finally:
        loader.dispose()
    start = (node.start_mark.line + first_line, node.start_mark.column + 1)
    return YamlDocument(data, path, positions, start)


_KEY_WITHOUT_SPACE = re.compile(r"^(\s*)([A-Za-z_][\w-]*):(?=[^\s:/])")
_KEY_VALUE_WITH_COLON = re.compile(r"^\s*[\w-]+:\s+[^\"'#\[{][^#]*?:\s")


def explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, int, int]:
    """PyYAML's complaint in plain words, at the line and column (0-based) where the mistake is.

    PyYAML often notices a mistake a line or more after it was made (an unclosed
    quote, a missing space after a colon); the common ones are found where they were made.
    """
    lines = text.split("\n")
    mark = exc.problem_mark or exc.context_mark
    row, column = (mark.line, mark.column) if mark else (0, 0)
    problem = exc.problem or ""
    for number, line in enumerate(lines[: row + 1]):
        quote = _unclosed_quote(line)
        if quote is not None:
            return ("a quote opened here is never closed on its line; close it (a value is one line; "
                    "put a quote inside a value as \\\" or write the value without quotes)", number, quote)
    if "\t" in problem or "'\\t'" in problem:
        return "a tab indents this line; YAML is indented with spaces", row, column
    if "mapping values are not allowed" in problem:
        for number in range(row, -1, -1):
            found = _KEY_WITHOUT_SPACE.match(lines[number]) if number < len(lines) else None
            if found is not None:
                key = found.group(2)
                return (f"write a space after the colon: '{key}: …'", number, len(found.group(0)) - 1)
        line = lines[row] if row < len(lines) else ""
        if _KEY_VALUE_WITH_COLON.match(line):
            key, _, value = line.strip().partition(": ")
            return (f"put a value that contains ': ' in quotes: {key}: \"{value.strip()}\"", row,
                    line.index(":") + 2)
        if row > 0 and ":" not in lines[row - 1] and lines[row - 1].strip():
            return "this line has no ':'; write key: value", row - 1, len(lines[row - 1]) - len(lines[row - 1].lstrip())
        line = lines[row] if row < len(lines) else ""
        return ("this line is indented more than the one above it: keys of one mapping line up", row,
                len(line) - len(line.lstrip()))
    if exc.context and "flow sequence" in exc.context and exc.context_mark is not None:
        start = exc.context_mark
        return "the list opened here with '[' is never closed with ']'", start.line, start.column
    if exc.context and "flow mapping" in exc.context and exc.context_mark is not None:
        start = exc.context_mark
        return "the mapping opened here with '{' is never closed with '}'", start.line, start.column
    if "expected <block end>" in problem:
        return ("this line does not continue the settings above: check its indentation and that it reads "
                "key: value", row, column)
    return f"malformed YAML: {problem or exc.context or 'cannot be read'}", row, column


def _unclosed_quote(line: str) -> int | None:
    """The column of a value's opening quote that the line never closes, or None."""
    found = re.match(r"^\s*(?:-\s+)?(?:[^\s\"'#][^:#]*:\s+)?([\"'])", line)
    if found is None:
        return None
    quote, start = found.group(1), found.start(1)
    rest = line[start + 1 :]
    if quote == '"':
        rest = re.sub(r'\\.', "", rest)
    else:
        rest = rest.replace("''", "")
    return None if quote in rest else start


def _excerpt(text: str, row: int, column: int) -> str:
    """The source line and a caret under the spot, indented under the message."""
    lines = text.split("\n")
    if row >= len(lines):
        return ""
    line = lines[row].replace("\t", " ")
    return f"\n    {line}\n    {' ' * min(column, len(line))}^"


def _impossible_value(root: yaml.Node, error: Exception, path: Path, first_line: int) -> SourceError:
    """The error for the first scalar that the safe loader's constructors refuse, at its line."""
    stack = [root]
    while stack:
        node = stack.pop(0)
        if isinstance(node, yaml.ScalarNode):
            try:
                yaml.SafeLoader("").construct_object(node, deep=True)
            except (ValueError, OverflowError) as exc:
                what = "date" if node.tag.endswith(":timestamp") else "number" if node.tag.endswith(
                    (":int", ":float")) else "value"
                reason = str(exc).split(":")[0] if "digits" in str(exc) else str(exc)
                hint = " (write a real date as YYYY-MM-DD)" if what == "date" else ""
                return SourceError(f"{node.value[:40]!r} is not a possible {what}: {reason}{hint}", path,
                                   node.start_mark.line + first_line, node.start_mark.column + 1)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return SourceError(f"a value cannot be read: {error}", path, first_line)


def _refuse_anchors(text: str, path: Path, first_line: int) -> None:
    """Anchors (&name) and aliases (*name) are refused wherever they stand: the sources need neither."""
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                mark = event.start_mark
                assert mark is not None  # the parser marks every event it emits
                raise SourceError("YAML anchors and aliases (&name, *name) are not allowed in pressroom sources",
                                  path, mark.line + first_line, mark.column + 1)
    except yaml.YAMLError:
        return  # malformed: the full parse below reports it with its position


def _index(
    node: yaml.Node,
    prefix: Key,
    positions: dict[Key, tuple[int, int]],
    seen: set[int],
    path: Path,
    first_line: int,
) -> None:
    def mark_of(n: yaml.Node) -> tuple[int, int]:
        return (n.start_mark.line + first_line, n.start_mark.column + 1)

    if id(node) in seen:
        line, column = mark_of(node)
        raise SourceError("YAML aliases (*name) are not allowed in pressroom sources", path, line, column)
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        try:
            node.value.encode("utf-8")
        except UnicodeEncodeError as exc:
            line, column = mark_of(node)
            code = ord(node.value[exc.start])
            raise SourceError(f"U+{code:04X} is half of a surrogate pair, not a character: remove the escape "
                              "or write the character itself", path, line, column) from None
    if isinstance(node, yaml.MappingNode):
        keys_here: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key == "<<":
                line, column = mark_of(key_node)
                raise SourceError("YAML merge keys (<<) are not allowed in pressroom sources", path, line, column)
            if key in keys_here:
                line, column = mark_of(key_node)
                raise SourceError(f"duplicate key {key!r}", path, line, column)
            keys_here.add(key)
            positions[prefix + (key,)] = mark_of(key_node)
            _index(value_node, prefix + (key,), positions, seen, path, first_line)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            positions[prefix + (i,)] = mark_of(item)
            _index(item, prefix + (i,), positions, seen, path, first_line)


def check_keys(doc: YamlDocument, mapping: dict[str, Any], allowed: set[str], *prefix: Any) -> None:
    """Refuse unknown keys, suggesting the nearest known one (a typo, usually)."""
    for key in mapping:
        if key not in allowed:
            guess = difflib.get_close_matches(str(key), sorted(allowed), n=1)
            hint = f"; did you mean {guess[0]!r}?" if guess else f"; known keys: {', '.join(sorted(allowed))}"
            raise doc.error(f"unknown key {key!r}{hint}", *prefix, key)
