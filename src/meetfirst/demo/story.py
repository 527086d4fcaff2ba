"""The demo's cast: the people behind the pending invitations, and what happened with each of them.

Every pending requester is here for a reason the tour can show: someone the owner has talked to before
(known), an ordinary professional (stranger) who was replied to, answered or went silent, and a few
bizarre ones (crypto, romance, the same sales note from three people, a link, no profile at all).
The order interleaves the kinds, so that a small export that takes only the first few still has each.
"""

from __future__ import annotations

from dataclasses import dataclass

from meetfirst.demo.pools import BIZARRE_NOTES, KNOWN_NOTES, PROFESSIONAL_NOTES


@dataclass(frozen=True, slots=True)
class Requester:
    """One pending incoming invitation of the story."""

    first: str
    last: str
    slug: str | None  # None: LinkedIn gives a bare `/in` URL with no slug
    kind: str  # what a careful reader would call them: known, stranger or bizarre
    note: str
    days_ago: int  # when the invitation came, counted back from the export date
    # What the messages show: "" nothing, "known" a two-way exchange before the invitation, "pitch" a
    # one-way message from them before it, "replied" the owner's reply after it, "answered" a reply and
    # their answer, "collector" a reply more than 30 days ago and silence since.
    thread: str = ""
    company: str = ""
    position: str = ""
    encode_slug_in_invitations: bool = False

    @property
    def display(self) -> str:
        return f"{self.first} {self.last}"


CAST: tuple[Requester, ...] = (
    Requester("Tomasz", "Wierzbicki", "tomasz-wierzbicki", "known", KNOWN_NOTES[0], 9, "known",
              "Northgate Robotics", "Embedded Engineer"),
    Requester("Helena", "Marsh", "helena-marsh-3b81a2", "stranger", PROFESSIONAL_NOTES[0], 14, "replied",
              "Juniper Cloud", "Site Reliability Engineer"),
    Requester("Rich", "Lyfe 💰", "rich-lyfe-crypto-7781", "bizarre", BIZARRE_NOTES["crypto"], 3),
    Requester("Kofi", "Asante", "kofi-asante", "stranger", PROFESSIONAL_NOTES[1], 40, "answered",
              "Bluefinch Analytics", "Data Engineer"),
    Requester("Bianca", "Ferraro", "bianca-ferraro-90a1c4", "stranger", PROFESSIONAL_NOTES[2], 75,
              "collector", "Sablewood Media", "Product Manager"),
    Requester("Zoë", "Brandvold", "zoë-brandvold", "known", KNOWN_NOTES[1], 21, "known",
              "Wrenfield University", "Research Scientist", encode_slug_in_invitations=True),
    Requester("Grace Adeline", "Brooks", "grace-brooks-2c1109", "bizarre", BIZARRE_NOTES["romance"], 6),
    Requester("Raúl", "Etxeberria", "raúl-etxeberria", "stranger", "", 11, "",
              "Driftwood Architects", "Architect"),
    Requester("Trent", "Halloway", "trent-halloway-leadgen", "bizarre", BIZARRE_NOTES["sales"], 2, "",
              "PipelineRocket", "Growth Hacker"),
    Requester("Ngozi", "Eze", "ngozi-eze-41d", "stranger", PROFESSIONAL_NOTES[3], 52, "answered",
              "Kelpie Payments", "Backend Engineer"),
    Requester("Brianna", "Cole", "brianna-cole-b2b", "bizarre", BIZARRE_NOTES["sales"], 5, "",
              "PipelineRocket", "Head of Partnerships"),
    Requester("Pieter", "de Wolff", "pieterdewolff", "stranger", PROFESSIONAL_NOTES[4], 96, "collector",
              "Quayside Maritime", "Operations Analyst"),
    Requester("Kwame", "Mensah-Boateng", "kwame-mensah-boateng", "known", KNOWN_NOTES[2], 4, "known",
              "Copperleaf Bank", "Risk Lead"),
    Requester("Coach Darnell |", "7-Figure Mindset 🚀", "coach-darnell-7fig", "bizarre",
              BIZARRE_NOTES["link"], 13),
    Requester("Devon", "Spratt", "devon-spratt-sdr", "bizarre", BIZARRE_NOTES["sales"], 8, "",
              "PipelineRocket", "Sales Development Rep"),
    Requester("Yuki", "Takahara", "yuki-takahara", "stranger", PROFESSIONAL_NOTES[5], 18, "replied",
              "Juniper Cloud", "Platform Engineer"),
    Requester("Lotte", "Vermeulen", "lotte-vermeulen-7a", "stranger", PROFESSIONAL_NOTES[6], 30, "answered",
              "Harbourline Health", "Observability Lead"),
    # The doubled space is LinkedIn's, copied from the member's own profile.
    Requester("Oleksandr ", "Hrytsenko", "oleksandr-hrytsenko", "stranger", PROFESSIONAL_NOTES[7], 130,
              "collector", "Wrenfield University", "PhD Candidate"),
    Requester("Linda", "Morgan", None, "bizarre", BIZARRE_NOTES["noslug"], 1),
    Requester("Marcus", "Feld", "marcus-feld-saas", "stranger", "", 23, "pitch", "Lumen & Lark", "Founder"),
    Requester("Ananya", "Krishnan, PhD", "ananya-krishnan-phd", "stranger", PROFESSIONAL_NOTES[8], 27, "",
              "Meridian Bioworks", "Principal Scientist"),
    Requester("li", "na", "li-na-2b7", "stranger", "", 33),
    Requester("Émile", "Rousseau ", "emile-rousseau", "stranger", PROFESSIONAL_NOTES[9], 47, "",
              "Greyfriars Consulting", "Consultant"),
    Requester("Jarrah", "Whitlock", "jarrah-whitlock", "stranger", "", 61, "",
              "Emberline Solar", "Installer"),
    Requester("Mateus", "Gonçalves", "mateus-gonçalves", "stranger", PROFESSIONAL_NOTES[0], 88, "",
              "Zephyr Mobility", "UX Researcher"),
)  # fmt: skip

KNOWN_THREADS: dict[str, tuple[str, ...]] = {
    # Messages before the invitation, oldest first, alternating (them, owner, them, ...).
    "tomasz-wierzbicki": (
        "Hi Maren, it was great meeting you at the Rust meetup! Here's the crate I mentioned.",
        "Thanks Tomasz! I tried it on our build tooling, works nicely.",
        "Glad to hear. Let me know if you want to pair on the async part sometime.",
        "Definitely, next month?",
    ),
    "zoë-brandvold": (
        "Hello Maren, thank you again for the guest lecture on incident reviews.",
        "My pleasure, Zoë. Your students asked the best questions.",
        "Would you be open to co-supervising a master's thesis on the topic?",
        "Yes, happily. Send me the outline when you have it.",
    ),
    "kwame-mensah-boateng": (
        "Hi Maren, Kwame from Copperleaf here, thanks for taking the call today.",
        "Good talking to you, Kwame. I'll send over the architecture notes.",
        "Received, very helpful. I'll send you an invite on here too.",
    ),
}

PITCH_MESSAGE = (
    "Hi Maren, quick question: is your team evaluating new deployment tooling this quarter? "
    "We're offering a free pilot to a few companies your size."
)
