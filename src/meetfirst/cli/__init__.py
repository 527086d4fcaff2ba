"""The command line: Typer commands, each a few lines over a service."""
