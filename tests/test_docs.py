"""Every command has help text and an entry in the user guide; every setting is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "user-guide.md"


def _command_paths() -> list[tuple[str, str]]:
    from meetfirst.cli.main import _register, app

    _register()
    root = typer.main.get_command(app)
    found: list[tuple[str, str]] = []

    def walk(command: object, prefix: str) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in sorted(subcommands.items()):
                walk(sub, f"{prefix} {name}".strip())
        else:
            found.append((prefix, (getattr(command, "help", None) or "").strip()))

    walk(root, "")
    return found


COMMANDS = _command_paths()


@pytest.mark.parametrize(("path", "help_text"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_has_help(path: str, help_text: str) -> None:
    assert help_text, f"`meetfirst {path}` has no help text"


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS])
def test_every_command_is_in_the_user_guide(path: str) -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    assert f"meetfirst {path}" in guide, f"docs/user-guide.md does not mention `meetfirst {path}`"


def test_every_setting_is_documented() -> None:
    settings_source = (ROOT / "src" / "meetfirst" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'"(MEETFIRST_[A-Z_]+)"', settings_source))
    docs = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md"))
    missing = sorted(n for n in names if n not in docs)
    assert not missing, f"settings missing from docs/: {missing}"
