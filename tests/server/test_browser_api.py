"""What the browser client needs from the server: the page itself (shipped as package
data), the list of server bots, and the turn clocks in a game's record."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import httpx

from mantimon.bots import LEVELS
from mantimon.server.bootstrap import STATIC
from tests.server.conftest import Guest
from tests.server.harness import ServerThread

ROOT = Path(__file__).resolve().parents[2]


async def test_the_page_and_its_modules_are_served(server: ServerThread) -> None:
    async with httpx.AsyncClient(base_url=server.url) as http:
        page = await http.get("/?join=g-123")
        assert page.status_code == 200 and 'src="js/app.js"' in page.text
        module = await http.get("/js/app.js")
        assert module.status_code == 200
        assert "javascript" in module.headers["content-type"]
        style = await http.get("/css/board.css")
        assert style.status_code == 200 and "text/css" in style.headers["content-type"]


def test_every_web_file_is_package_data() -> None:
    """A wheel must ship the whole page: every file under web/ matches a package-data glob."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    globs = config["tool"]["setuptools"]["package-data"]["mantimon"]
    package = STATIC.parent
    files = [p for p in STATIC.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert files
    for path in files:
        rel = path.relative_to(package).as_posix()
        assert any(fnmatch.fnmatch(rel, g) and rel.count("/") == g.count("/") for g in globs), rel


def test_every_module_has_a_header_comment() -> None:
    for path in sorted((STATIC / "js").glob("*.js")):
        first = path.read_text().splitlines()[0]
        assert first.startswith(f"// {path.name} — "), path.name


async def test_bots_are_listed(server: ServerThread) -> None:
    async with httpx.AsyncClient(base_url=server.url) as http:
        bots = (await http.get("/api/bots")).json()
    by_id = {b["id"]: b["description"] for b in bots}
    assert {"random", "greedy"} <= set(by_id)
    assert all(text and "\n" not in text for text in by_id.values())
    # the levels come first, easiest first, and are marked as levels
    levels = [b["id"] for b in bots if b["level"]]
    assert levels == [name for name in LEVELS if name in by_id]
    assert [b["id"] for b in bots][: len(levels)] == levels


async def test_game_record_has_the_running_clocks(guests: Guest) -> None:
    ana = await guests("Ana")
    game = await ana.create_game(opponent="bot", bot="random", turn_seconds=60)
    info = await ana.game(game["id"])
    assert ana.user_id in info["clocks"]  # setup: the game waits for Ana (and maybe the bot)
    assert set(info["clocks"]) <= {p["user_id"] for p in info["players"]}
    assert all(50 < seconds <= 60 for seconds in info["clocks"].values())
    waiting = await ana.create_game(opponent="invite")
    assert (await ana.game(waiting["id"]))["clocks"] == {}
