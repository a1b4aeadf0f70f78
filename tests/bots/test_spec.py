"""A bot spec (``name[:key=value]...``) makes the named bot with its settings changed, on
that bot only; anything it cannot apply is refused with a message naming it, and the
tournament runs a spec like any level."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from mantimon.bots.careful import CarefulBot
from mantimon.bots.search import ExpertBot, HardBot
from mantimon.bots.spec import bot_from_spec
from mantimon.cli import app


def test_a_spec_changes_the_settings_of_that_bot_only() -> None:
    bot = bot_from_spec("expert:rounds=0:budget=48:anchor_bonus=0.02:fitted=1")
    assert isinstance(bot, ExpertBot)
    assert (bot.rounds, bot.budget, bot.anchor_bonus, bot.fitted) == (0, 48, 0.02, True)
    assert isinstance(bot.budget, int) and isinstance(bot.anchor_bonus, float)
    assert (ExpertBot.rounds, ExpertBot.budget) == (2, 96)  # the class is untouched
    assert bot_from_spec("expert").budget == 96
    careful = bot_from_spec("normal:ko_base=40")
    assert isinstance(careful, CarefulBot) and careful.ko_base == 40.0
    weighted = bot_from_spec("hard:w.win=500")
    assert isinstance(weighted, HardBot) and weighted.weights.win == 500


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("nobody", "unknown bot 'nobody'"),
        ("hard:budgets=4", "'hard' has no setting 'budgets'"),
        ("hard:name=strong", "'hard' has no setting 'name'"),
        ("hard:choose=1", "'hard' has no setting 'choose'"),
        ("hard:budget", "a setting is written key=value"),
        ("hard:budget=1.5", "'1.5' is not int"),
        ("hard:anchor_z=lots", "'lots' is not float"),
        ("hard:fitted=maybe", "a flag is 0, 1, true or false"),
        ("normal:w.win=3", "'normal' has no evaluation weights"),
        ("hard:w.nothing=3", "unknown weight"),
    ],
)
def test_what_a_spec_cannot_apply_is_refused(spec: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        bot_from_spec(spec)


def test_the_tournament_plays_a_spec_and_refuses_a_bad_one(tmp_path: Path) -> None:
    runner = CliRunner()
    base = ["tournament", "--games", "2", "--jobs", "1", "--out", str(tmp_path)]
    bad = runner.invoke(app, [*base, "--bots", "random", "--bots", "easy:depth=3"])
    assert bad.exit_code != 0
    assert "'easy' has no setting 'depth'" in " ".join(bad.output.split())
    assert not (tmp_path / "tournament.md").exists()
    good = runner.invoke(app, [*base, "--bots", "random", "--bots", "normal:ko_base=40"])
    assert good.exit_code == 0, good.output
    assert "normal:ko_base=40" in (tmp_path / "tournament.md").read_text(encoding="utf-8")
