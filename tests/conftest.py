"""Shared test helpers: a CLI runner, a fixed clock, and the `store` marker for database tests."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

# Tests never touch the user's real data folder.
os.environ.setdefault("MEETFIRST_HOME", tempfile.mkdtemp(prefix="meetfirst-test-home-"))

DATA = Path(__file__).parent / "data"
FIXED_NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)

# The team-mode personas (alice, bob, charlie, dave) and their world, for any test module.
pytest_plugins = ["tests.personas"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that touches the database, so the PostgreSQL run can select them."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if item.get_closest_marker("django_db") or {"db", "transactional_db", "django_db_blocker"} & set(
            fixtures
        ):
            item.add_marker(pytest.mark.store)


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings) -> Path:  # type: ignore[no-untyped-def]
    """A fresh MEETFIRST_HOME for the test (policy file, demo files, backups)."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("MEETFIRST_HOME", str(folder))
    settings.HOME = folder
    return folder


@pytest.fixture
def run_cli(db: None, home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Run `meetfirst ARGS...` in-process against the test database; returns exit code and output."""
    from typer.testing import CliRunner

    from meetfirst.cli.main import main

    monkeypatch.setenv("COLUMNS", "200")

    def invoke(*args: str, input: str | None = None, now: datetime | None = None) -> CliResult:
        if now is not None:
            monkeypatch.setenv("MEETFIRST_NOW", now.isoformat())
        runner = CliRunner()
        with runner.isolation(input=input) as (out, err, *_):
            code = main(list(args))
            stdout = out.getvalue().decode()
            stderr = err.getvalue().decode() if err is not None else ""
        return CliResult(code, stdout, stderr)

    yield invoke


@pytest.fixture(autouse=True)
def _no_kept_customer_means() -> Iterator[None]:
    """Customer health keeps satisfaction means and "new customers" checks per process (services.customers);
    each test has its own store, so nothing kept may leak from one test into the next."""
    yield
    from meetfirst.services import customers

    customers.forget_kept_means()
