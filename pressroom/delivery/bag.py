"""Hand-over to the archive: a BagIt bag (RFC 8493, the Library of Congress ``bagit`` library).

The bag holds the edition's archive and screen PDFs (every language and the
merged files) and the manifest, with SHA-256 and SHA-512 fixity for each file;
it is validated as soon as it is written, and only a valid bag replaces the
previous one.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import bagit

from ..errors import BuildError, UsageError
from .manifest import fixity_problem

BAGGED_VARIANTS = ("archive", "screen")


@dataclass(frozen=True)
class BagReport:
    path: Path
    files: list[tuple[str, int]]  # payload path, bytes
    oxum: str  # "bytes.files", the bag's payload summary


def make_bag(
    edition_folder: Path,
    bag_info: dict[str, str],
    languages: tuple[str, ...] = (),
    variants: tuple[str, ...] = BAGGED_VARIANTS,
    workers: int = 1,
) -> BagReport:
    """Bag ``edition_folder``'s archival outputs into ``<folder>/../<ID>-bag``."""
    manifest_path = edition_folder / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise UsageError(f"no readable {manifest_path}; run pressroom make first") from None
    entries = [
        entry for entry in manifest.get("files", [])
        if entry.get("variant") in variants and (not languages or entry.get("language") in (*languages, "all"))
    ]
    chosen = [entry["file"] for entry in entries]
    missing = [name for name in chosen if not (edition_folder / name).is_file()]
    if not chosen or missing:
        detail = f"missing: {', '.join(missing)}" if missing else "no archive or screen PDFs listed"
        raise UsageError(f"nothing complete to bag ({detail}); run pressroom make {edition_folder.name}")
    # Fixity before hand-over: a file changed or cut after the build must not be bagged as valid.
    problems = [problem for entry in entries if (problem := fixity_problem(edition_folder, entry))]
    if problems:
        raise BuildError("refusing to bag files that are not what the build made (run pressroom make "
                         f"{edition_folder.name} again):\n" + "\n".join(f"  {problem}" for problem in problems))
    target = edition_folder.parent / f"{edition_folder.name}-bag"
    staging = edition_folder.parent / f".{edition_folder.name}-bag.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        for name in [*chosen, "manifest.json"]:
            shutil.copy2(edition_folder / name, staging / name)
        bagit.make_bag(str(staging), bag_info=bag_info, checksums=["sha256", "sha512"], processes=workers)
        bag = bagit.Bag(str(staging))
        bag.validate(processes=workers)  # reads every file back and compares its checksums
    except (bagit.BagError, OSError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"the bag could not be made or did not validate: {exc}") from None
    files = sorted((path, (staging / path).stat().st_size) for path in bag.payload_files())
    oxum = bag.info.get("Payload-Oxum", "")
    previous = edition_folder.parent / f".{edition_folder.name}-bag.old"
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    staging.rename(target)
    shutil.rmtree(previous, ignore_errors=True)
    return BagReport(target, files, oxum)
