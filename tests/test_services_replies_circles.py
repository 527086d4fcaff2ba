"""Similar circles from e-mail domains and people in common."""

from __future__ import annotations

import pytest

from meetfirst.core.policy import Policy
from meetfirst.services import replies
from meetfirst.store.models import Identity
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW
from tests.factories_evidence import (
    make_calendar_meeting,
    make_email,
    make_identity,
    make_linkedin_message,
)

pytestmark = pytest.mark.django_db

RECEIVED = FIXED_NOW - make.days(5)
BEFORE = RECEIVED - make.days(100)
SIMPLE = Policy(template="Hi {{ first_name }}{% if circles %} ({{ circles|join(', ') }}){% endif %}.")


def circles_of_the_only_draft() -> tuple[str, ...]:
    (draft,) = replies.draft(now=FIXED_NOW, policy=SIMPLE)
    return draft.circles


def test_a_shared_work_domain_is_a_circle(home):
    make.owner(headline="Engineer", location="", industry="", emails=["sam@gmail.com", "sam.reyes@globex.io"])
    ana = make.person("Ana Silva", email="ana@globex.io")
    make_identity(ana, kind=Identity.Kind.EMAIL, value="ana.silva@gmail.com", source="vcard:ana.vcf")
    make.request(ana, sent_at=RECEIVED)

    assert circles_of_the_only_draft() == ("both at globex.io",)


@pytest.mark.parametrize("domain", ["gmail.com", "outlook.com", "yahoo.co.uk", "icloud.com", "proton.me"])
def test_a_free_mail_domain_is_not_a_circle(home, domain):
    make.owner(headline="Engineer", location="", industry="", emails=[f"sam@{domain}"])
    make.request(make.person("Ana Silva", email=f"ana@{domain}"), sent_at=RECEIVED)

    assert circles_of_the_only_draft() == ()


def test_the_company_domain_is_not_said_twice(home):
    make.owner(headline="Engineer at Acme", location="", industry="", emails=["sam@acme.com"])
    make.request(make.person("Ana Silva", company="Acme", email="ana@acme.com"), sent_at=RECEIVED)

    assert circles_of_the_only_draft() == ("both at Acme",)


def test_people_in_the_same_e_mail_thread_or_meeting_are_in_common(home):
    make.owner(headline="", location="", industry="")
    ana, ben, cleo, dan = (make.person(n) for n in ("Ana Silva", "Ben Okafor", "Cleo Park", "Dan Wu"))
    # Ana, Ben and Cleo were on one e-mail thread with the owner; Ana and Dan at one calendar meeting.
    for who in (ana, ben, cleo):
        make_email(who, direction="in", at=BEFORE, thread="<thread-1@mail>")
    make_calendar_meeting(ana, at=BEFORE, title="Offsite", event="offsite-uid")
    make_calendar_meeting(dan, at=BEFORE, title="Offsite", event="offsite-uid")
    make.request(ana, sent_at=RECEIVED)

    assert circles_of_the_only_draft() == ("3 people in common",)


def test_a_linkedin_group_conversation_counts_and_a_newsletter_does_not(home):
    make.owner(headline="", location="", industry="")
    ana, ben, list_member = (make.person(n) for n in ("Ana Silva", "Ben Okafor", "Lou Reader"))
    make_linkedin_message(ana, at=BEFORE, thread="group-1")
    make_linkedin_message(ben, at=BEFORE, thread="group-1")
    for who in (ana, list_member):
        make_email(who, direction="in", at=BEFORE, thread="<digest@list>", bulk=True)
    make.request(ana, sent_at=RECEIVED)

    assert circles_of_the_only_draft() == ("1 person in common",)


def test_the_same_thread_id_in_another_channel_is_another_thread(home):
    make.owner(headline="", location="", industry="")
    ana, ben = make.person("Ana Silva"), make.person("Ben Okafor")
    make_email(ana, direction="in", at=BEFORE, thread="42")
    make_linkedin_message(ben, at=BEFORE, thread="42")
    make.request(ana, sent_at=RECEIVED)

    assert circles_of_the_only_draft() == ()
