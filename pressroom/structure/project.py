"""The project folder, where an edition's outputs go, and the record of each output."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .edition import Edition


@dataclass(frozen=True)
class Project:
    root: Path
    out: Path

    @property
    def styles(self) -> Path:
        return self.root / "styles"

    @property
    def fonts(self) -> Path:
        return self.root / "fonts"

    @property
    def checked_images(self) -> Path:
        """Records of images already decoded and found sound, by content (see images.image_size)."""
        return self.out / ".cache" / "checked-images"


def output_folder(project: Project, edition_id: str) -> Path:
    return project.out / edition_id


def output_name(edition: Edition, lang: str, variant: str) -> str:
    return f"{edition.publication.slug}-{edition.id}-{lang}-{variant}.pdf"


@dataclass(frozen=True)
class OutputRecord:
    file: str
    language: str
    variant: str
    pages: int
    bytes: int
    sha256: str
    made_from: str = ""  # imposed spreads: the SHA-256 of the print PDF they were made from
    seconds: float = field(default=0.0, compare=False)
    # For the summary, not the manifest:
    notes: tuple[str, ...] = field(default=(), compare=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)
