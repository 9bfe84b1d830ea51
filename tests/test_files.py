"""The edition lock and the staging folder: no link is followed, nothing a killed build left stays."""

from __future__ import annotations

import pytest

from pressroom.errors import BuildError
from pressroom.files import edition_lock, staging_folder


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
