"""Use cases that the CLI and the web both call. Transactions begin and end here."""
