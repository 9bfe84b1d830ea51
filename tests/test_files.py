"""The edition lock and the staging folder: no link is followed, nothing a killed build left stays."""

from __future__ import annotations

import os

import pytest

from pressroom.errors import BuildError
from pressroom.files import commit_files, edition_lock, staging_folder


def test_a_lock_that_is_a_symbolic_link_is_refused_and_its_target_kept(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    (folder / ".lock").symlink_to(precious)
    with pytest.raises(BuildError, match="lock file .* symbolic link"), edition_lock(folder, "test"):
        pass
    assert precious.read_text() == "keep me"


def test_staging_folders_left_by_a_killed_build_are_removed(tmp_path):
    folder = tmp_path / "out"
    left = folder / ".staging-99999"
    left.mkdir(parents=True)
    (left / "half.pdf").write_bytes(b"%PDF-1.6 cut")
    with edition_lock(folder, "test"), staging_folder(folder) as staging:
        assert staging.is_dir() and not left.exists()
    assert not list(folder.glob(".staging-*"))


def _staged(tmp_path, names):
    staging = tmp_path / "staging"
    staging.mkdir()
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    moves = []
    for name in names:
        (staging / name).write_text(f"new {name}")
        moves.append((staging / name, out / name))
    return staging, out, moves


def test_commit_moves_every_file_or_none(tmp_path, monkeypatch):
    staging, out, moves = _staged(tmp_path, ["a.pdf", "b.json", "manifest.json"])
    (out / "a.pdf").write_text("old a.pdf")
    (out / "manifest.json").write_text("old manifest")
    (out / "spreads.pdf").write_text("old spreads")
    real_replace = os.replace

    def failing_replace(source, target):
        if str(source).endswith("b.json"):
            raise OSError(28, "No space left on device", str(target))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="No space"):
        commit_files(moves, [out / "spreads.pdf"], staging / "previous")
    assert (out / "a.pdf").read_text() == "old a.pdf"
    assert (out / "manifest.json").read_text() == "old manifest"
    assert (out / "spreads.pdf").read_text() == "old spreads"
    assert not (out / "b.json").exists()
    monkeypatch.setattr(os, "replace", real_replace)
    commit_files(moves, [out / "spreads.pdf"], staging / "previous")
    assert [(out / n).read_text() for n in ("a.pdf", "b.json", "manifest.json")] == [
        "new a.pdf", "new b.json", "new manifest.json"]
    assert not (out / "spreads.pdf").exists()


def test_commit_never_moves_a_folder_out_of_the_way(tmp_path):
    staging, out, moves = _staged(tmp_path, ["manifest.json"])
    (out / "manifest.json").mkdir()
    (out / "manifest.json" / "someone's.txt").write_text("keep")
    with pytest.raises(IsADirectoryError):
        commit_files(moves, [], staging / "previous")
    assert (out / "manifest.json" / "someone's.txt").read_text() == "keep"
