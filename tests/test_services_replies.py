import pytest

from meetfirst.core.errors import BadInput, NotFound, TemplateProblem
from meetfirst.core.policy import Policy
from meetfirst.services import replies
from meetfirst.store.models import ConnectionRequest, Reply, Stage, StageChange, Verdict
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.django_db

RECEIVED = FIXED_NOW - make.days(5)
SIMPLE = Policy(
    template="Hi {{ first_name }}{% if circles %} ({{ circles|join(', ') }}){% endif %}. "
    "{{ owner.first_name }}"
)


def test_it_drafts_a_reply_for_every_stranger_waiting(home):
    make.owner()
    ana = make.request(make.person("Ana Silva"), sent_at=RECEIVED)
    ben = make.request(make.person("Ben Okafor"), sent_at=RECEIVED - make.days(1))
    make.request(make.person("Cleo Known"), sent_at=RECEIVED, verdict=Verdict.KNOWN)
    make.request(make.person("Dan Spam"), sent_at=RECEIVED, verdict=Verdict.BIZARRE)
    make.request(make.person("Eve Accepted"), sent_at=RECEIVED, state=ConnectionRequest.State.ACCEPTED)
    make.request(
        make.person("Fay Outgoing"), sent_at=RECEIVED, direction=ConnectionRequest.DirectionChoice.OUTGOING
    )
    make.replied(make.person("Gus Replied"), sent_at=RECEIVED, replied_at=RECEIVED + make.days(1))

    drafts = replies.draft(now=FIXED_NOW, policy=SIMPLE)

    assert [d.request_id for d in drafts] == [ben.id, ana.id]
    assert [d.text for d in drafts] == ["Hi Ben. Sam", "Hi Ana. Sam"]
    reply = Reply.objects.get(request=ana)
    assert (reply.status, reply.template, reply.text, reply.drafted_at) == (
        Reply.Status.DRAFTED,
        SIMPLE.template,
        "Hi Ana. Sam",
        FIXED_NOW,
    )


def test_a_draft_shows_the_circles_the_data_supports(home):
    make.owner(headline="Engineer at Acme", location="Lisbon, Portugal")
    ana = make.person("Ana Silva", company="Acme", location="Greater Lisbon")
    make.request(ana, sent_at=RECEIVED)

    (draft,) = replies.draft(now=FIXED_NOW, policy=SIMPLE)

    assert draft.circles == ("both at Acme", "both in Lisbon")
    assert draft.text == "Hi Ana (both at Acme, both in Lisbon). Sam"


def test_the_default_template_drafts_without_an_owner_on_record(home):
    make.request(make.person("Ana Silva"), sent_at=RECEIVED)
    (draft,) = replies.draft(now=FIXED_NOW)
    assert draft.text.startswith("Hi Ana,")
    assert "I connect only with people I know personally" in draft.text


def test_a_draft_carries_the_profile_address_and_name(home):
    make.request(make.person("Ana Silva", slug="ana-silva"), sent_at=RECEIVED)
    (draft,) = replies.draft(now=FIXED_NOW, policy=SIMPLE)
    assert draft.name == "Ana Silva"
    assert draft.profile_url == "https://www.linkedin.com/in/ana-silva"


def test_drafting_again_follows_a_changed_template(home):
    request = make.request(make.person("Ana Silva"), sent_at=RECEIVED)
    replies.draft(now=FIXED_NOW, policy=SIMPLE)
    replies.draft(now=FIXED_NOW + make.days(1), policy=Policy(template="Hello {{ full_name }}"))
    reply = Reply.objects.get(request=request)
    assert reply.text == "Hello Ana Silva"
    assert reply.drafted_at == FIXED_NOW + make.days(1)


def test_drafting_again_with_nothing_changed_keeps_the_draft_time(home):
    request = make.request(make.person("Ana Silva"), sent_at=RECEIVED)
    replies.draft(now=FIXED_NOW, policy=SIMPLE)
    replies.draft(now=FIXED_NOW + make.days(1), policy=SIMPLE)
    assert Reply.objects.get(request=request).drafted_at == FIXED_NOW


def test_an_edited_draft_is_kept_unless_forced(home):
    request = make.request(make.person("Ana Silva"), sent_at=RECEIVED)
    replies.draft(now=FIXED_NOW, policy=SIMPLE)
    edited = replies.edit(request.id, "  My own words  ", now=FIXED_NOW)
    assert (edited.text, edited.edited) == ("My own words", True)

    (kept,) = replies.draft(now=FIXED_NOW, policy=SIMPLE)
    assert (kept.text, kept.kept, kept.edited) == ("My own words", True, True)

    (forced,) = replies.draft(now=FIXED_NOW, policy=SIMPLE, force=True)
    assert (forced.text, forced.kept, forced.edited) == ("Hi Ana.", False, False)


def test_editing_without_a_draft_creates_one(home):
    request = make.request(make.person("Ana Silva"), sent_at=RECEIVED)
    replies.edit(request.id, "Hand written", now=FIXED_NOW, policy=SIMPLE)
    reply = Reply.objects.get(request=request)
    assert (reply.text, reply.edited, reply.template) == ("Hand written", True, SIMPLE.template)


def test_an_empty_edit_is_refused(home):
    request = make.request(make.person("Ana Silva"), sent_at=RECEIVED)
    with pytest.raises(BadInput):
        replies.edit(request.id, "   \n", now=FIXED_NOW)


def test_drafting_named_requests_reports_unknown_ids(home):
    request = make.request(make.person("Ana Silva"), sent_at=RECEIVED)
    with pytest.raises(NotFound, match="9999"):
        replies.draft([request.id, 9999], now=FIXED_NOW, policy=SIMPLE)
    assert not Reply.objects.exists()


def test_drafting_a_request_i_sent_is_refused(home):
    mine = make.request(
        make.person("Fay Outgoing"), sent_at=RECEIVED, direction=ConnectionRequest.DirectionChoice.OUTGOING
    )
    with pytest.raises(BadInput):
        replies.draft([mine.id], now=FIXED_NOW, policy=SIMPLE)


def test_a_reply_already_sent_is_never_redrafted(home):
    request = make.replied(make.person("Gus Replied"), sent_at=RECEIVED, replied_at=RECEIVED + make.days(1))
    (draft,) = replies.draft([request.id], now=FIXED_NOW, policy=SIMPLE, force=True)
    assert (draft.status, draft.text, draft.kept) == ("sent", "Hi", True)


def test_a_template_that_fails_on_real_data_names_the_request(home):
    request = make.request(make.person("Al"), sent_at=RECEIVED)
    # Compiles (every sample name has a third letter) but fails for this one.
    policy = Policy(template="{{ full_name[2] }}")
    with pytest.raises(TemplateProblem, match=f"request {request.id}"):
        replies.draft(now=FIXED_NOW, policy=policy)


def test_marking_sent_moves_the_request_to_replied(home):
    request = make.request(make.person("Ana Silva"), sent_at=RECEIVED)
    replies.draft(now=FIXED_NOW, policy=SIMPLE)
    at = FIXED_NOW - make.days(1)

    reply = replies.mark_sent(request.id, at=at, now=FIXED_NOW, policy=SIMPLE)

    assert (reply.status, reply.sent_how, reply.sent_at, reply.text) == ("sent", "user", at, "Hi Ana.")
    request.refresh_from_db()
    assert (request.stage, request.replied_at) == (Stage.REPLIED, at)
    change = StageChange.objects.filter(request=request).latest("id")
    assert (change.to_stage, change.at, change.reason) == (
        Stage.REPLIED,
        at,
        "you recorded the reply as sent",
    )


def test_marking_sent_without_a_draft_stores_the_rendered_text(home):
    request = make.request(make.person("Ana Silva"), sent_at=RECEIVED)
    reply = replies.mark_sent(request.id, now=FIXED_NOW, policy=SIMPLE)
    assert reply.text == "Hi Ana."
    assert reply.sent_at == FIXED_NOW


def test_marking_sent_long_ago_makes_a_collector_at_once(home):
    request = make.request(make.person("Ana Silva"), sent_at=FIXED_NOW - make.days(90))
    replies.mark_sent(request.id, at=FIXED_NOW - make.days(60), now=FIXED_NOW, policy=SIMPLE)
    request.refresh_from_db()
    assert request.stage == Stage.COLLECTOR


def test_marking_sent_twice_is_refused(home):
    request = make.request(make.person("Ana Silva"), sent_at=RECEIVED)
    replies.mark_sent(request.id, now=FIXED_NOW, policy=SIMPLE)
    with pytest.raises(BadInput, match="already"):
        replies.mark_sent(request.id, now=FIXED_NOW, policy=SIMPLE)


@pytest.mark.parametrize("verdict", [Verdict.KNOWN, Verdict.BIZARRE])
def test_marking_sent_for_a_known_or_bizarre_request_needs_force(home, verdict):
    request = make.request(make.person("Cleo Known"), sent_at=RECEIVED, verdict=verdict)
    with pytest.raises(BadInput, match="--force"):
        replies.mark_sent(request.id, now=FIXED_NOW, policy=SIMPLE)
    assert not Reply.objects.exists()

    replies.mark_sent(request.id, now=FIXED_NOW, policy=SIMPLE, force=True)
    request.refresh_from_db()
    assert request.stage == Stage.REPLIED


def test_a_sent_time_in_the_future_or_before_the_request_is_refused(home):
    request = make.request(make.person("Ana Silva"), sent_at=RECEIVED)
    with pytest.raises(BadInput, match="future"):
        replies.mark_sent(request.id, at=FIXED_NOW + make.days(1), now=FIXED_NOW, policy=SIMPLE)
    with pytest.raises(BadInput, match="before the request"):
        replies.mark_sent(request.id, at=RECEIVED - make.days(1), now=FIXED_NOW, policy=SIMPLE)


def test_marking_an_unknown_request_sent_is_not_found(home):
    with pytest.raises(NotFound):
        replies.mark_sent(4242, now=FIXED_NOW, policy=SIMPLE)
