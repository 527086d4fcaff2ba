"""The pure domain: records, identity keys, triage rules, lifecycle and funnel maths. No Django, no Typer."""
