from __future__ import annotations

import json
from datetime import UTC, datetime

from meetfirst.core.policy import Policy
from meetfirst.services import triage
from tests.conftest import FIXED_NOW
from tests.factories import make_person, make_request
from tests.factories_evidence import make_email

SENT = datetime(2026, 6, 5, 9, 0, tzinfo=UTC)


def test_rerun_after_a_mailbox_import_shows_the_e_mail_reason(run_cli) -> None:  # type: ignore[no-untyped-def]
    bo = make_person("Bo Lin", slug="bo-lin")
    make_request(bo, sent_at=SENT)
    triage.triage_new(now=FIXED_NOW, policy=Policy(timezone="UTC"))
    make_email(bo, direction="in", at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    make_email(bo, direction="out", at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC))

    assert run_cli("triage", "--rerun", now=FIXED_NOW).exit_code == 0
    result = run_cli("triage", "--json", now=FIXED_NOW)

    (item,) = json.loads(result.stdout)
    assert item["verdict"] == "known"
    assert item["reasons"][0].startswith("2 e-mails both ways (1 from them, 1 from you), last on 2026-03-0")
