import bagit
import pytest

from pressroom.build.jobs import plan
from pressroom.build.pipeline import build
from pressroom.commands.archive import bag_outputs
from pressroom.errors import UsageError
from pressroom.structure.project import Project


@pytest.fixture
def built(small_project):
    project = Project(small_project, small_project / "output")
    build(plan(project, "2024-H1", variants=["archive", "screen"]), workers=2)
    return project


def test_bag_holds_archive_and_screen_files_and_validates(built):
    report = bag_outputs(plan(built, "2024-H1"))
    names = {name for name, _ in report.files}
    assert names == {
        f"data/test-bulletin-2024-H1-{lang}-{variant}.pdf"
        for lang in ("en", "az", "all") for variant in ("archive", "screen")
    } | {"data/manifest.json"}
    bag = bagit.Bag(str(report.path))
    bag.validate()
    assert set(bag.algorithms) == {"sha256", "sha512"}
    assert bag.info["External-Identifier"] == "test-bulletin:2024-H1"
    assert report.oxum == bag.info["Payload-Oxum"]


def test_a_damaged_file_is_caught_by_validation(built):
    report = bag_outputs(plan(built, "2024-H1"))
    victim = report.path / "data" / "test-bulletin-2024-H1-en-archive.pdf"
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF
    victim.write_bytes(bytes(data))
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(report.path)).validate()


def test_rebagging_replaces_the_old_bag(built):
    first = bag_outputs(plan(built, "2024-H1"))
    (first.path / "stray.txt").write_text("left over")
    second = bag_outputs(plan(built, "2024-H1"))
    assert second.path == first.path and not (second.path / "stray.txt").exists()
    assert not list(built.out.glob(".*partial")) and not list(built.out.glob(".*old"))


def test_nothing_built_is_a_usage_error(small_project):
    project = Project(small_project, small_project / "output")
    with pytest.raises(UsageError, match="pressroom make"):
        bag_outputs(plan(project, "2024-H1"))


def test_a_file_cut_after_the_build_is_refused_before_bagging(built):
    from pressroom.errors import BuildError

    screen = built.out / "2024-H1" / "test-bulletin-2024-H1-en-screen.pdf"
    screen.write_bytes(screen.read_bytes()[: screen.stat().st_size // 2])
    with pytest.raises(BuildError, match="en-screen.pdf has .* bytes, but the manifest says"):
        bag_outputs(plan(built, "2024-H1"))
    assert not (built.out / "2024-H1-bag").exists()
