"""Every command module, imported so that each registers its commands on the app."""

from meetfirst.cli import (  # noqa: F401
    audit,
    customers,
    demo,
    funnel,
    importing,
    log,
    meet,
    mirror,
    nurture,
    people,
    people_merge,
    policy,
    reply,
    rights,
    serve,
    thoughts,
    triage,
    users,
    version,
)
