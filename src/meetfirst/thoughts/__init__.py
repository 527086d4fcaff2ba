"""Package data: the thoughts for the day that ship with meetfirst (shipped.toml)."""
