"""``manifest.json``: every output of an edition with its language, variant, pages, size and SHA-256."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from ..files import write_atomically
from ..structure.edition import Edition
from ..structure.project import OutputRecord, Project, output_folder

MANIFEST = "manifest.json"
MANIFEST_FIELDS = ("file", "language", "variant", "pages", "bytes", "sha256")


IMPOSED_SUFFIX = "-imposed"


def read_manifest(folder: Path) -> list[dict]:
    """The file entries of ``folder/manifest.json`` (none if it is missing or damaged)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return [entry for entry in files if isinstance(entry, dict) and all(key in entry for key in MANIFEST_FIELDS)]


def fixity_problem(folder: Path, entry: dict) -> str | None:
    """Why the file of a manifest entry is not the file the manifest describes, or None if it is."""
    path = folder / str(entry["file"])
    try:
        size = path.stat().st_size
        if size != entry["bytes"]:
            return f"{path.name} has {size} bytes, but the manifest says {entry['bytes']}"
        with path.open("rb") as file:
            digest = hashlib.file_digest(file, "sha256").hexdigest()
    except OSError as exc:
        return f"{path.name} cannot be read ({exc.strerror})"
    if digest != entry["sha256"]:
        return f"{path.name} is not the file the manifest describes (its SHA-256 differs)"
    return None


def write_manifest(project: Project, edition: Edition, records: list[OutputRecord]) -> tuple[Path, list[str]]:
    """Merge ``records`` into the edition's manifest and write it; returns it and the spreads withdrawn."""
    path = output_folder(project, edition.id) / MANIFEST
    data, withdrawn = manifest_contents(project, edition, records)
    write_atomically(path, data)
    return path, withdrawn


def manifest_contents(project: Project, edition: Edition, records: list[OutputRecord]) -> tuple[bytes, list[str]]:
    """The edition's manifest with ``records`` merged in (outputs not rebuilt this time stay listed).

    Spreads whose print PDF has changed since they were imposed are withdrawn:
    their entries leave the manifest and their names are returned, for the
    caller to remove the files (``pressroom impose`` makes them again).
    """
    folder = output_folder(project, edition.id)
    entries: dict[tuple[str, str], dict] = {}
    for entry in read_manifest(folder):
        if (folder / entry["file"]).is_file():
            entries[(entry["language"], entry["variant"])] = entry
    for record in records:
        entry = {key: value for key, value in asdict(record).items() if key in MANIFEST_FIELDS}
        if record.made_from:
            entry["made_from"] = record.made_from
        entries[(record.language, record.variant)] = entry
    withdrawn = []
    for (lang, variant), entry in list(entries.items()):
        if variant.endswith(IMPOSED_SUFFIX):
            source = entries.get((lang, variant.removesuffix(IMPOSED_SUFFIX)))
            if source is None or entry.get("made_from") != source["sha256"]:
                withdrawn.append(entry["file"])
                del entries[(lang, variant)]
    lang_order = {lang: i for i, lang in enumerate(edition.languages)}
    files = sorted(
        entries.values(),
        key=lambda e: (lang_order.get(e["language"], 99), e["language"], e["variant"]),
    )
    manifest = {
        "publication": edition.publication.slug,
        "edition": edition.id,
        "period": [d.isoformat() for d in edition.period],
        "files": files,
    }
    unfinished = edition.unfinished()
    if unfinished:  # stubs and drafts: check, archive and catalogue refuse the edition until they are done
        manifest["unfinished"] = unfinished
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8"), withdrawn
