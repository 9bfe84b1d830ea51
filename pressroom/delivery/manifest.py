"""``manifest.json``: every output of an edition with its language, variant, pages, size and SHA-256."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from ..files import write_atomically
from ..structure.edition import Edition
from ..structure.project import OutputRecord, Project, output_folder

MANIFEST = "manifest.json"
MANIFEST_FIELDS = ("file", "language", "variant", "pages", "bytes", "sha256")


def write_manifest(project: Project, edition: Edition, records: list[OutputRecord]) -> Path:
    """Merge ``records`` into the edition's manifest (outputs not rebuilt this time stay listed)."""
    folder = output_folder(project, edition.id)
    path = folder / MANIFEST
    entries: dict[tuple[str, str], dict] = {}
    try:
        previous = json.loads(path.read_text(encoding="utf-8"))
        for entry in previous.get("files", []):
            if (folder / entry["file"]).is_file():
                entries[(entry["language"], entry["variant"])] = entry
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # no manifest yet, or a damaged one: it is rewritten from what is known now
    for record in records:
        entry = {key: value for key, value in asdict(record).items() if key in MANIFEST_FIELDS}
        entries[(record.language, record.variant)] = entry
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
    write_atomically(path, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return path
