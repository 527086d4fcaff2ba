from __future__ import annotations

from meetfirst import __version__
from meetfirst.cli.main import app
from meetfirst.cli.output import console


@app.command()
def version() -> None:
    """Print meetfirst's version."""
    console.print(f"meetfirst {__version__}")
