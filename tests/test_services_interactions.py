import pytest

from meetfirst.core.errors import BadInput, NotFound
from meetfirst.core.policy import Policy
from meetfirst.services.interactions import log_interaction
from meetfirst.store.models import Interaction, Stage
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.django_db
POLICY = Policy(patience_days=30)


@pytest.mark.parametrize(
    ("channel", "kind"),
    [("linkedin", "message"), ("phone", "call"), ("In Person", "meeting"), ("E-mail", "email")],
)
def test_the_kind_follows_the_channel_unless_given(home, channel, kind):
    make.person("Ana Silva")
    logged = log_interaction("Ana Silva", direction="in", channel=channel, now=FIXED_NOW, policy=POLICY)
    assert logged.kind == kind
    assert Interaction.objects.get(pk=logged.interaction_id).kind == kind


def test_a_given_kind_wins(home):
    make.person("Ana Silva")
    logged = log_interaction(
        "Ana Silva", direction="out", channel="linkedin", kind="note", text=" met at a meetup ", now=FIXED_NOW
    )
    stored = Interaction.objects.get(pk=logged.interaction_id)
    assert (stored.kind, stored.text, stored.source) == ("note", "met at a meetup", "typed by hand")


def test_it_reports_where_the_persons_requests_stand(home):
    ana = make.person("Ana Silva")
    request = make.replied(ana, sent_at=FIXED_NOW - make.days(9), replied_at=FIXED_NOW - make.days(8))
    logged = log_interaction(str(ana.id), direction="in", channel="email", now=FIXED_NOW, policy=POLICY)
    assert logged.moved == 1
    assert logged.requests == ((request.id, Stage.ANSWERED),)


def test_a_time_in_the_future_is_refused(home):
    make.person("Ana Silva")
    with pytest.raises(BadInput, match="future"):
        log_interaction(
            "Ana Silva", direction="in", channel="linkedin", at=FIXED_NOW + make.days(1), now=FIXED_NOW
        )


def test_an_unknown_person_is_not_found(home):
    with pytest.raises(NotFound):
        log_interaction("nobody@example.org", direction="in", channel="email", now=FIXED_NOW)
