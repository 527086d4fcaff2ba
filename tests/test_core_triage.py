from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from meetfirst.core.policy import RuleSettings
from meetfirst.core.triage import (
    EVIDENCE_PROVIDERS,
    Evidence,
    TriageFacts,
    Verdict,
    bizarre_signals,
    judge,
    note_key,
)

RULES = RuleSettings()

# Notes that real professionals send. None of them may ever be judged bizarre.
ORDINARY_NOTES = [
    "",
    "Hi, let's connect!",
    "Hello Jordan, I'd like to add you to my professional network on LinkedIn.",
    "Great meeting you at PyCon US in Pittsburgh last week. Would love to stay in touch.",
    "Hi Jordan, I enjoyed your talk on data pipelines at Strata. Let's connect.",
    "Hi! I'm a senior engineer at Shopify working on checkout. Saw your post about Django migrations "
    "and would like to follow your work.",
    "Hi Jordan, I'm a technical recruiter at Google. I have a Staff Engineer role in Zurich that might "
    "interest you. Would love to schedule a call if you're open to it.",
    "Hello, I'm the founder of Fernwood Labs. We build inventory software for small breweries. "
    "I'd be glad to connect with people working on supply chains.",
    "Hi Jordan, we were both on the panel at the Berlin Product Summit. Thanks for the great discussion!",
    "Dear Mr. Pike, I am a final-year student at TU Delft and admire your work on open data. "
    "I would be grateful to connect.",
    "Dear Sir, I would like to connect with you to learn from your experience in logistics.",
    "Fellow Northwestern alum here, class of 2012. Would be great to connect.",
    "Hi Jordan - I work on the WhatsApp Business API team at Meta and read your article on messaging "
    "at scale.",
    "I'm a crypto infrastructure engineer at Kraken. Your post on custody was spot on.",
    "Hi, I'm a relationship manager at HSBC Private Banking in London. Looking for a relationship "
    "manager role? No, just expanding my network in fintech.",
    "I work at Lonely Planet as a travel editor and loved your piece on slow travel.",
    "Hello! I lead investments at Northzone. We just raised a $5M seed round for a portfolio company "
    "in your space; happy to compare notes.",
    "Hi Jordan, I'm an estate lawyer specialising in inheritance planning for founders.",
    "Product manager at Western Union here, working on cross-border payments. Let's connect.",
    "Hello, I build money transfer products at Wise and saw we share many connections.",
    "Hi, our team at Acme just released an open-source scheduler: acme.dev/scheduler (MIT licensed). "
    "Thought you might like it.",
    "Hi Jordan, I'm Priya, head of growth at Tessellate. See www.tessellate.io if curious about what we do.",
    "Hi, I'm a .NET and ASP.NET developer in Porto, open to remote contracts.",
    "Hi Jordan, happy to connect. You can also reach me at maria.lopez@fernwood.com.",
    "We help companies like yours move to the cloud; I'd be glad to connect and follow your work.",
    "Guten Tag, ich habe Ihren Vortrag auf der CeBIT gesehen und würde mich gerne vernetzen.",
    "Bonjour Jordan, ravi de vous avoir rencontré au salon VivaTech. Au plaisir d'échanger !",
    "Hola Jordan, coincidimos en el meetup de Python Madrid. ¡Un placer conectar!",
    "Olá! Trabalho com engenharia de dados no Nubank e gostaria de me conectar.",
    "こんにちは。先日のカンファレンスでお話しできて嬉しかったです。",
    "Привет! Мы вместе были на конференции HighLoad++ в Москве.",
    "Hi Jordan, I'm a PhD candidate at ETH working on graph databases. Would love to follow your research.",
    "Hello, we spoke briefly after the AWS Summit keynote about serverless costs. Great to put a name "
    "to a face.",
    "Hi, I'm hiring for a Head of Data at Monzo; your background looks like a strong fit. Open to a chat?",
    "Hello Jordan, fellow member of the Women in Tech Slack. Nice to connect here too!",
    "Hi, I noticed we both contribute to the pandas project. Let's connect.",
    "Hey, thanks for the great questions at my workshop yesterday!",
    "Hi Jordan, I'm a sales director at Salesforce covering the Nordics. Always keen to connect with "
    "engineering leaders.",
    "Hi, I'm a widow and mother of two who started a bakery chain; your post on small business "
    "lending resonated.",
    "Hi, I'm the CEO of Brightline Analytics. We recently won the Deloitte Fast 50 award. Would be "
    "happy to connect.",
    "Hi, I would like to join your LinkedIn network.",
    "Hi Jordan, I'm a blockchain researcher at Imperial College studying Bitcoin's fee market.",
    "Hi, I run free webinars on accessibility testing for the W3C community group. Happy to connect.",
    "Our team managed to double our test coverage after reading your blog. Thank you!",
]

# Notes that must be judged bizarre, from the note alone (with a profile link present, no duplicates).
BIZARRE_NOTES = [
    "Hello dear, I saw your profile and you have a beautiful smile. I am lonely and looking for a "
    "serious relationship.",
    "Hi dear, how are you doing today? I would like to be your friend.",
    "Good morning dear, your profile picture caught my eye. Can we talk on WhatsApp?",
    "I am Barrister James Cole. My late client, a national of your country, died without a next of kin "
    "and left a sum of $10.5 million.",
    "Greetings. I have a lucrative business proposal for our mutual benefit. Kindly reply for details.",
    "I need your assistance with the transfer of the funds from my late husband's estate.",
    "You have won a cash prize in our annual draw. Claim your prize via bit.ly/claim-now",
    "Earn $5,000 per week from home with our Bitcoin trading signals. Guaranteed returns!",
    "Join my forex trading group on Telegram: t.me/fxkings. 30% profit weekly.",
    "I made $3000 a day with crypto. Let me show you how to get passive income.",
    "Invest in USDT mining with guaranteed returns. Contact my account manager on WhatsApp +44 7700 900123.",
    "Hi Jordan, we help companies like yours boost your sales with AI outreach. Can I book a call?",
    "We generate 30+ qualified leads a month for agencies. Book a free strategy call: "
    "calendly.com/leadmachine/15min",
    "Hi! Our lead generation service can 10x your pipeline. Free audit, no obligation.",
    "Want to grow your revenue? Grab a 15-minute call with our team: calendly.com/growthpros",
    "Dedicated developers for $15/hr! Visit www.cheapdevs.xyz and book a demo today.",
    "Please text me on WhatsApp +1 (555) 201-4499, I have something important to discuss.",
    "Add me on Telegram @queenstrader, I will teach you binary options.",
    "My dear, I am a single mother and God-fearing woman looking for friendship.",
    "Hello handsome, I came across your profile and would love to know you better.",
    "Get on the first page of Google with our SEO package. Guaranteed results! seoboost.biz",
    "Limited-time offer: boost your sales by 300%. Message me at deals@growfast.biz",
    "I am contacting you regarding an unclaimed inheritance that lists you as the beneficiary.",
    "Investment opportunity: our bitcoin fund pays daily profits. Financial freedom is one click away.",
    "Free webinar: how I went from broke to 10x income in 6 months. Seats at https://richlife.example/join",
    "Hello there, dear.",
]


def facts(note: str = "", **changes: object) -> TriageFacts:
    base = TriageFacts(name="Ama Owusu", profile_slug="ama-owusu", note=note)
    return replace(base, **changes)  # type: ignore[arg-type]


def test_no_ordinary_professional_note_is_judged_bizarre() -> None:
    false_bizarre = [
        (note, judge(facts(note), RULES).reasons)
        for note in ORDINARY_NOTES
        if judge(facts(note), RULES).verdict is Verdict.BIZARRE
    ]
    assert len(ORDINARY_NOTES) >= 30
    assert false_bizarre == []


def test_every_bizarre_note_is_judged_bizarre() -> None:
    missed = [note for note in BIZARRE_NOTES if judge(facts(note), RULES).verdict is not Verdict.BIZARRE]
    assert len(BIZARRE_NOTES) >= 20
    assert missed == []


@pytest.mark.parametrize("note", BIZARRE_NOTES)
def test_a_bizarre_verdict_says_why_in_words(note: str) -> None:
    reasons = judge(facts(note), RULES).reasons
    assert reasons
    assert all(reason.startswith("the ") for reason in reasons), reasons


def test_a_two_way_history_makes_the_requester_known_and_names_it() -> None:
    judgement = judge(
        facts(
            messages_in=2,
            messages_out=2,
            last_in=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
            last_out=datetime(2026, 2, 20, 9, 0, tzinfo=UTC),
        ),
        RULES,
    )
    assert judgement.verdict is Verdict.KNOWN
    assert judgement.reasons == [
        "4 LinkedIn messages both ways (2 from them, 2 from you), last on 2026-03-02"
    ]


def test_a_known_requester_stays_known_even_with_a_pitchy_note() -> None:
    judgement = judge(facts(BIZARRE_NOTES[11], messages_in=1, messages_out=1), RULES)
    assert judgement.verdict is Verdict.KNOWN


def test_messages_only_from_them_are_not_known_and_the_reasons_say_so() -> None:
    judgement = judge(facts(messages_in=3, last_in=datetime(2026, 1, 1, tzinfo=UTC)), RULES)
    assert judgement.verdict is Verdict.STRANGER
    assert judgement.reasons == [
        "no sign that you have met: only they wrote (3 LinkedIn messages from them, none from you)"
    ]


def test_messages_only_from_the_owner_are_not_known_and_the_reasons_say_so() -> None:
    judgement = judge(facts(messages_out=1), RULES)
    assert judgement.verdict is Verdict.STRANGER
    assert "only you wrote (1 LinkedIn message from you, none from them)" in judgement.reasons[0]


def test_the_minimum_each_way_comes_from_the_settings() -> None:
    strict = RuleSettings(known_min_messages_each_way=3)
    judgement = judge(facts(messages_in=5, messages_out=2), strict)
    assert judgement.verdict is Verdict.STRANGER
    assert "fewer than the 3 each way" in judgement.reasons[0]
    assert judge(facts(messages_in=5, messages_out=3), strict).verdict is Verdict.KNOWN


def test_a_stranger_is_told_there_is_no_sign_of_having_met() -> None:
    judgement = judge(facts("Hi, let's connect!"), RULES)
    assert judgement == judgement.__class__(
        Verdict.STRANGER, ["no sign that you have met: no messages both ways"]
    )


def test_an_accepted_invitation_is_known() -> None:
    judgement = judge(facts(accepted=True), RULES)
    assert judgement.verdict is Verdict.KNOWN
    assert judgement.reasons == ["you accepted this invitation on LinkedIn"]


def test_an_existing_connection_is_known() -> None:
    judgement = judge(facts(is_connection=True), RULES)
    assert judgement.verdict is Verdict.KNOWN
    assert judgement.reasons == ["you are already connected on LinkedIn"]


def test_evidence_gathered_elsewhere_can_make_a_requester_known() -> None:
    found = Evidence("address book", "in your address book as Ama Owusu", personal=True)
    judgement = judge(facts(evidence=(found,)), RULES)
    assert judgement.verdict is Verdict.KNOWN
    assert judgement.reasons == ["in your address book as Ama Owusu"]


def test_a_new_evidence_provider_plugs_in_without_changing_the_rules() -> None:
    def calendar(f: TriageFacts, settings: RuleSettings) -> list[Evidence]:
        return [Evidence("calendar", "you met on 2026-01-10 (calendar)", personal=True)]

    judgement = judge(facts(), RULES, providers=(*EVIDENCE_PROVIDERS, calendar))
    assert judgement.reasons == ["you met on 2026-01-10 (calendar)"]


def test_a_missing_profile_link_alone_is_not_bizarre() -> None:
    judgement = judge(facts("Great meeting you at PyCon!", profile_slug=None), RULES)
    assert judgement.verdict is Verdict.STRANGER
    assert judgement.reasons[-1] == (
        "one weak sign, not enough to call it bizarre: no LinkedIn profile link came with the request"
    )


def test_a_missing_profile_link_says_nothing_when_the_export_has_no_links() -> None:
    assert bizarre_signals(facts(profile_slug=None, slug_expected=False), RULES) == []


def test_a_missing_profile_link_and_a_weak_sign_together_are_bizarre() -> None:
    judgement = judge(facts("Visit www.cheapdevs.xyz", profile_slug=None), RULES)
    assert judgement.verdict is Verdict.BIZARRE
    assert judgement.reasons == [
        "the note gives a link to cheapdevs.xyz",
        "no LinkedIn profile link came with the request",
    ]


def test_a_company_link_alone_is_not_bizarre_but_is_mentioned() -> None:
    judgement = judge(facts("Hi, I'm Priya from Tessellate (https://tessellate.io/about)."), RULES)
    assert judgement.verdict is Verdict.STRANGER
    assert "the note gives a link to tessellate.io" in judgement.reasons[-1]


def test_one_sales_phrase_is_not_bizarre_but_two_are() -> None:
    assert judge(facts("We help companies like yours with payroll."), RULES).verdict is Verdict.STRANGER
    pitch = judge(facts("We help companies like yours boost your sales."), RULES)
    assert pitch.verdict is Verdict.BIZARRE
    assert pitch.reasons == ['the note reads like a sales pitch ("boost your sales", "companies like yours")']


def test_a_messenger_and_a_phone_number_ask_to_move_off_linkedin() -> None:
    judgement = judge(facts("WhatsApp me on +234 803 555 0199"), RULES)
    assert judgement.verdict is Verdict.BIZARRE
    assert judgement.reasons == ["the note asks you to move to WhatsApp", "the note gives a phone number"]


def test_a_mass_mailed_note_is_bizarre_and_counts_the_others() -> None:
    note = "I came across your profile and think you would be a great addition to my network."
    judgement = judge(facts(note, same_note_requesters=5), RULES)
    assert judgement.verdict is Verdict.BIZARRE
    assert judgement.reasons == ["the same note came from 5 other requesters"]


def test_a_shared_note_below_the_threshold_is_not_bizarre() -> None:
    note = "I came across your profile and think you would be a great addition to my network."
    assert judge(facts(note, same_note_requesters=1), RULES).verdict is Verdict.STRANGER
    assert judge(facts(note, same_note_requesters=2), RULES).verdict is Verdict.BIZARRE
    lenient = RuleSettings(duplicate_note_threshold=10)
    assert judge(facts(note, same_note_requesters=8), lenient).verdict is Verdict.STRANGER


def test_the_users_own_phrases_make_a_note_bizarre() -> None:
    settings = RuleSettings(bizarre_phrases=("Synergy Partners",))
    judgement = judge(facts("Greetings from synergy   partners!"), settings)
    assert judgement.verdict is Verdict.BIZARRE
    assert judgement.reasons == [
        'the note contains "Synergy Partners", a phrase on your bizarre list',
    ]


def test_a_note_key_ignores_case_punctuation_spacing_and_the_senders_name() -> None:
    one = note_key("Hi Jordan!  I came across your profile, and think we should connect. -- Ama", "Ama Owusu")
    two = note_key("hi jordan i came across your profile and think we should connect ama", "Ama Owusu")
    other = note_key("Hi Jordan, I came across your profile and think we should connect. Bo", "Bo Lin")
    assert one == two == other != ""


def test_short_notes_and_linkedins_default_texts_have_no_note_key() -> None:
    assert note_key("Hi, let's connect!") == ""
    assert note_key("I'd like to add you to my professional network on LinkedIn.") == ""
    assert note_key("") == ""


def test_every_pattern_that_matches_a_note_is_reached_by_its_cheap_pre_check() -> None:
    # The pre-check skips a pattern unless one of its words is in the note; it must never hide a match.
    from meetfirst.core.note_signals import _FAMILIES, _normalise

    for note in ORDINARY_NOTES + BIZARRE_NOTES:
        text = _normalise(note).lower()
        for family in _FAMILIES:
            for pattern in family.patterns:
                if pattern.regex.search(text):
                    assert pattern.search(text), (pattern.regex.pattern, note)
