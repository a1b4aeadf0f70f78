"""Where the browser tests' screenshots go: a temporary folder unless one is named, so a
test run leaves the README's tracked pictures alone."""

from __future__ import annotations

from pathlib import Path

from tests.web.conftest import SCREENSHOTS_ENV, screenshot_folder


def test_screenshots_go_to_a_temporary_folder_unless_one_is_named(tmp_path: Path) -> None:
    temporary = tmp_path / "temporary"
    assert screenshot_folder({}, lambda: temporary) == temporary
    assert screenshot_folder({SCREENSHOTS_ENV: ""}, lambda: temporary) == temporary
    named = tmp_path / "docs" / "screenshots"
    assert screenshot_folder({SCREENSHOTS_ENV: str(named)}, lambda: temporary) == named
    assert named.is_dir()
