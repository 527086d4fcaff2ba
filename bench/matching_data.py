"""A labelled evaluation set for identity matching: pairs of records with realistic noise, and distractors.

Each generated human has a "request" record (as LinkedIn shows them) and, for most, an "address book"
record written elsewhere, with one kind of noise: a nickname (Bob/Robert), accents dropped (José/Jose),
an umlaut written out (Müller/Mueller), given and family names swapped, a typo, an initial, a new surname
at the same workplace, a new employer, a tagged Gmail address, a phone written another way. Distractors
are different humans who look alike: namesakes elsewhere, namesakes in the same city, colleagues with the
same given name or the same surname. Everything is seeded, so the set is the same on every machine.
"""

from __future__ import annotations

import random
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from meetfirst.core.matching import Profile

# (formal, nickname) pairs a person may go by.
NICKNAMES = [
    ("Robert", "Bob"),
    ("William", "Bill"),
    ("Elizabeth", "Liz"),
    ("Katherine", "Kate"),
    ("James", "Jim"),
    ("Michael", "Mike"),
    ("Margaret", "Peggy"),
    ("Richard", "Dick"),
    ("Jennifer", "Jenny"),
    ("Thomas", "Tom"),
    ("Alexander", "Alex"),
    ("Christopher", "Chris"),
    ("Nicholas", "Nick"),
    ("Patricia", "Patty"),
    ("Anthony", "Tony"),
    ("Susan", "Sue"),
]
GIVEN = [
    "José",
    "François",
    "Zoë",
    "Jürgen",
    "Łukasz",
    "Søren",
    "Björn",
    "Renée",
    "Anaïs",
    "Dvořák",
    "Ana",
    "Priya",
    "Wei",
    "Kwame",
    "Amara",
    "Sven",
    "Ingrid",
    "Mateo",
    "Lucía",
    "Hiroshi",
    "Aylin",
    "Olga",
    "Dmitri",
    "Fatima",
    "Omar",
    "Chloé",
    "Noémie",
    "Ömer",
    "Günther",
    "Håkon",
    "Paweł",
    "Laura",
    "David",
    "Sarah",
    "Daniel",
    "Emma",
    "Lukas",
    "Mia",
    "Jonas",
    "Lea",
    "Felix",
    "Nora",
    "Hannah",
    "Samuel",
    "Clara",
    "Oscar",
    "Ida",
    "Emil",
    "Greta",
    "Hugo",
    "Iris",
    "Jan",
    "Kai",
    "Lina",
    "Max",
    "Nina",
    "Otto",
    "Paula",
    "Rosa",
    "Tim",
    "Vera",
    "Yara",
    "Zeno",
    "Aiko",
    "Bilal",
] + [formal for formal, _ in NICKNAMES]
FAMILY = [
    "Müller", "Schröder", "Weiß", "Jørgensen", "Nowak", "Kowalski", "García", "Smith", "Nguyen",
    "Okafor", "Dubois", "Lefèvre", "Rossi", "Bianchi", "Novák", "Åberg", "Çelik", "Yılmaz", "Öztürk",
    "Håland", "Fernández", "López", "Martínez", "Schmidt", "Fischer", "Wagner", "Becker", "Hoffmann",
    "Schäfer", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Braun",
    "Hartmann", "Krüger", "Lange", "Werner", "Lehmann", "Köhler", "Herrmann", "König", "Walter",
    "Mayer", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weber", "Jung", "Hahn",
    "Keller", "Vogel", "Friedrich", "Günther", "Frank", "Berger", "Winkler", "Roth", "Beck",
    "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster", "Simon", "Ludwig", "Böhm", "Winter",
    "Kraus", "Martin", "Schumacher", "Krämer", "Vogt", "Stein", "Jäger", "Otto", "Sommer", "Groß",
    "Seidel", "Heinrich", "Brandt", "Haas", "Schreiber", "Graf", "Schulte", "Dietrich", "Ziegler",
    "Kuhn", "Kühn", "Pohl", "Engel", "Horn", "Busch", "Bergmann", "Thomas", "Voigt", "Sauer",
    "Arnold", "Wolff", "Pfeiffer", "Tanaka", "Suzuki", "Kim", "Park", "Chen", "Wang", "Singh",
    "Patel", "Kumar", "Mensah", "Adeyemi", "Silva", "Santos", "Pereira", "Costa", "Ivanov", "Petrov",
    "O'Brien", "McCarthy", "Murphy", "Kelly", "Walsh", "Byrne", "Ryan", "Johnson", "Williams",
    "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Moore", "Jackson", "White",
    "Harris", "Clark", "Lewis", "Young", "Hall", "Allen", "King", "Wright", "Scott", "Green", "Baker",
]  # fmt: skip
COMPANIES = [f"{stem} {form}" for stem in (
    "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell", "Cyberdyne",
    "Soylent", "Aperture", "Massive", "Oscorp", "Wonka", "Gringotts", "Monarch", "Nakatomi", "Pied Piper",
    "Dunder", "Sterling", "Prestige", "Bluth", "Wernham", "Spacely", "Cogswell", "Virtucon", "Zorg",
    "Abstergo", "Blackmesa", "Genco", "Gekko", "Kruger", "Lacuna", "Medusa", "Nexus", "Omni", "Rekall",
    "Sirius", "Talon", "Ultor", "Veidt", "Weyland", "Xeno", "Yoyodyne", "Zenith", "Bright", "Clear",
) for form in ("GmbH", "Inc", "Ltd", "Labs", "Systems", "AG")]  # fmt: skip
CITIES = [
    "Berlin", "Munich", "Hamburg", "London", "Paris", "Madrid", "Lisbon", "Warsaw", "Prague", "Vienna",
    "Zurich", "Amsterdam", "Brussels", "Copenhagen", "Oslo", "Stockholm", "Helsinki", "Dublin", "Rome",
    "Milan", "Istanbul", "Tokyo", "Seoul", "Singapore", "Lagos", "Accra", "Nairobi", "New York", "Boston",
    "Toronto", "São Paulo", "Sydney",
]  # fmt: skip
NOISES = [
    "exact", "nickname", "accents", "umlaut", "swapped", "typo", "initial", "married",
    "new-employer", "gmail-tag", "phone", "same-email",
]  # fmt: skip
# Kinds of look-alike strangers: (kind, how often).
DISTRACTORS = ["namesake", "namesake-same-city", "colleague-same-given", "colleague-same-family", "other"]


@dataclass(frozen=True, slots=True)
class Human:
    id: int
    given: str
    family: str
    company: str
    city: str
    phone: str

    def work_domain(self) -> str:
        return self.company.split()[0].lower() + ".example"

    def work_email(self, given: str | None = None, family: str | None = None) -> str:
        return f"{_ascii(given or self.given)}.{_ascii(family or self.family)}@{self.work_domain()}"

    def gmail(self) -> str:
        return f"{_ascii(self.given)}.{_ascii(self.family)}{self.id}@gmail.com"


@dataclass(frozen=True, slots=True)
class Pair:
    """A request-side record, the record it is compared with, and whether they are one human."""

    request: Profile
    known: Profile
    same: bool
    kind: str


def _ascii(text: str) -> str:
    plain = unicodedata.normalize(
        "NFKD", text.translate(str.maketrans({"ß": "ss", "ø": "o", "ł": "l", "Ł": "L"}))
    )
    return "".join(ch for ch in plain if ch.isalnum() and ch.isascii()).lower()


def _typo(word: str, rng: random.Random) -> str:
    """One plausible slip after the first letter: a letter doubled, dropped or two swapped."""
    if len(word) < 4:
        return word + word[-1]
    at = rng.randrange(1, len(word) - 1)
    how = rng.choice(("double", "drop", "swap"))
    if how == "double":
        return word[:at] + word[at] + word[at:]
    if how == "drop":
        return word[:at] + word[at + 1 :]
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def _umlauts(word: str) -> str:
    return word.translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}))


def _strip_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class Generator:
    """Seeded humans, their records under noise, and look-alike strangers."""

    def __init__(self, seed: int = 4) -> None:
        self.rng = random.Random(seed)
        self.next_id = 1
        self.taken: set[tuple[str, str, str]] = set()

    def human(self, given: str | None = None, family: str | None = None, company: str | None = None) -> Human:
        """A new human. Two humans never share a name at one workplace: nothing here could tell them apart
        (in life their e-mail addresses would, and those would be two different identities)."""
        rng = self.rng
        for _ in range(1000):
            human = Human(
                id=self.next_id,
                given=given or rng.choice(GIVEN),
                family=family or rng.choice(FAMILY),
                company=company or rng.choice(COMPANIES),
                city=rng.choice(CITIES),
                phone=f"+49 30 {rng.randrange(1000000, 9999999)}",
            )
            place = (_ascii(human.given), _ascii(human.family), human.work_domain())
            if place not in self.taken:
                break
        self.taken.add(place)
        self.next_id += 1
        return human

    def request(self, human: Human, record_id: int) -> Profile:
        """How the human shows up in a LinkedIn request: full name, company, city."""
        return Profile(
            record_id,
            f"{human.given} {human.family}",
            human.given,
            human.family,
            company=human.company,
            location=f"{human.city} Area",
        )

    def noisy(self, human: Human, noise: str, record_id: int) -> Profile:
        """The same human written elsewhere, with one kind of noise."""
        rng = self.rng
        given, family = human.given, human.family
        company, emails, phones, location = human.company, (human.work_email(),), (), ""
        if noise == "nickname":
            given = dict(NICKNAMES).get(given, given)
        elif noise == "accents":
            given, family = _strip_accents(given), _strip_accents(family)
        elif noise == "umlaut":
            given, family = _umlauts(given), _umlauts(family)
        elif noise == "swapped":
            return Profile(record_id, f"{family} {given}", company=company, emails=emails)
        elif noise == "typo":
            if rng.random() < 0.5:
                given = _typo(given, rng)
            else:
                family = _typo(family, rng)
        elif noise == "initial":
            given = given[0] + "."
        elif noise == "married":
            family = rng.choice([f for f in FAMILY if f != family])
            self.taken.add((_ascii(given), _ascii(family), human.work_domain()))
            emails = (human.work_email(family=family),) if rng.random() < 0.5 else ()
            company = company if not emails else ""
        elif noise == "new-employer":
            company, emails, location = rng.choice(COMPANIES), (human.gmail(),), human.city
            self.taken.add((_ascii(given), _ascii(family), company.split()[0].lower() + ".example"))
        elif noise == "gmail-tag":
            local = human.gmail().partition("@")[0]
            emails, company = (f"{local.replace('.', '')}+linkedin@googlemail.com",), ""
        elif noise == "phone":
            given = dict(NICKNAMES).get(given, given)
            phones, emails, company = (human.phone.replace(" ", "").replace("+49", "0049"),), (), ""
        elif noise == "same-email":
            emails = (human.work_email().upper(),)
        if rng.random() < 0.3 and noise not in {"married", "gmail-tag", "phone"}:
            company = ""  # many address books hold no company: the e-mail domain must back it
        return Profile(
            record_id,
            f"{given} {family}",
            given,
            family,
            company=company,
            location=location,
            emails=emails,
            phones=phones,
        )

    def request_with_contacts(self, human: Human, noise: str, record_id: int) -> Profile:
        """The request side, with the e-mail or phone that the noise kind shares (when it shares one)."""
        base = self.request(human, record_id)
        if noise == "gmail-tag":
            return Profile(base.id, base.name, base.first_name, base.last_name, emails=(human.gmail(),))
        if noise == "phone":
            return Profile(base.id, base.name, base.first_name, base.last_name, phones=(human.phone,))
        if noise == "same-email":
            return Profile(base.id, base.name, base.first_name, base.last_name, emails=(human.work_email(),))
        return base

    def distractor(self, human: Human, kind: str, record_id: int) -> Profile:
        """A different human who looks like `human` in the way `kind` says."""
        rng = self.rng
        if kind == "namesake":
            other = self.human(human.given, human.family)
            return Profile(
                record_id, f"{other.given} {other.family}", company=other.company, emails=(other.gmail(),)
            )
        if kind == "namesake-same-city":
            other = self.human(human.given, human.family)
            return Profile(
                record_id, f"{other.given} {other.family}", location=human.city, emails=(other.gmail(),)
            )
        if kind == "colleague-same-given":
            family = rng.choice([f for f in FAMILY if f != human.family])
            other = self.human(human.given, family, human.company)
            return Profile(
                record_id,
                f"{other.given} {other.family}",
                company=other.company,
                emails=(other.work_email(),),
            )
        if kind == "colleague-same-family":
            given = rng.choice(
                [g for g in GIVEN if g != human.given and dict(NICKNAMES).get(g) != human.given]
            )
            other = self.human(given, human.family, human.company)
            return Profile(
                record_id,
                f"{other.given} {other.family}",
                company=other.company,
                emails=(other.work_email(),),
            )
        other = self.human()
        return Profile(
            record_id, f"{other.given} {other.family}", company=other.company, emails=(other.work_email(),)
        )


@dataclass
class EvaluationSet:
    """Known people (address book side, with distractors), requests, and who each request really is."""

    known: list[Profile]
    requests: list[Profile]
    truth: dict[int, int | None]  # request id -> the known record of the same human, or None
    kind: dict[int, str]  # request id -> the noise (or "stranger")
    human_of: dict[int, int]  # record id -> human id


def evaluation_set(
    *, humans: int = 2000, strangers: int = 1000, others: int = 5000, seed: int = 4
) -> EvaluationSet:
    """A seeded evaluation set: humans with a noisy second record, look-alike strangers, unrelated people."""
    gen = Generator(seed)
    known: list[Profile] = []
    requests: list[Profile] = []
    truth: dict[int, int | None] = {}
    kind: dict[int, str] = {}
    human_of: dict[int, int] = {}
    record = iter(range(1, 10**9))
    humans_made: list[Human] = []
    for n in range(humans):
        human = gen.human()
        humans_made.append(human)
        noise = NOISES[n % len(NOISES)]
        other = gen.noisy(human, noise, next(record))
        request = gen.request_with_contacts(human, noise, next(record))
        known.append(other)
        requests.append(request)
        truth[request.id], kind[request.id] = other.id, noise
        human_of[other.id] = human_of[request.id] = human.id
        # Look-alikes of this human among the known people, for about one human in three.
        if n % 3 == 0:
            look = gen.distractor(human, DISTRACTORS[(n // 3) % 4], next(record))
            known.append(look)
            human_of[look.id] = -look.id
    for _ in range(strangers):
        # A stranger who shares a known human's name, elsewhere: must never link automatically.
        template = gen.rng.choice(humans_made)
        human = gen.human(template.given, template.family)
        request = gen.request(human, next(record))
        requests.append(request)
        truth[request.id], kind[request.id] = None, "stranger"
        human_of[request.id] = -request.id
    for _ in range(others):
        look = gen.distractor(gen.human(), "other", next(record))
        known.append(look)
        human_of[look.id] = -look.id
    return EvaluationSet(known, requests, truth, kind, human_of)


_SYLLABLES = ("ka", "to", "ri", "ma", "sen", "ber", "hol", "van", "der", "lin", "ow", "ski", "ne", "ra", "mo")


def surnames(count: int, rng: random.Random) -> list[str]:
    """The known family names and made-up ones from syllables: as many distinct names as a big network has."""
    made = {
        "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 3)))).capitalize() for _ in range(count)
    }
    return FAMILY + sorted(made)


def profiles(count: int, *, seed: int = 7, first_id: int = 1) -> Iterator[Profile]:
    """`count` unrelated people with companies and work e-mails, for speed benchmarks.

    Family names follow a Zipf-like spread over a few thousand names (the commonest is about one in a
    hundred people, most are rare),
    as in a real network; given names come from the evaluation set's list.
    """
    gen = Generator(seed)
    family = surnames(count // 20, gen.rng)
    weights = [1 / (rank + 20) for rank in range(len(family))]  # the commonest about 1 in 100
    chosen = gen.rng.choices(family, weights, k=count)
    firms = [
        f"{name} {form}" for name in surnames(count // 50, gen.rng)[len(FAMILY) :] for form in ("Labs", "AG")
    ]
    employers = gen.rng.choices(
        COMPANIES + firms, [1 / (rank + 20) for rank in range(len(COMPANIES + firms))], k=count
    )
    for n in range(count):
        human = gen.human(family=chosen[n], company=employers[n])
        yield Profile(
            first_id + n,
            f"{human.given} {human.family}",
            human.given,
            human.family,
            company=human.company,
            location=human.city,
            emails=(human.work_email(),),
        )
