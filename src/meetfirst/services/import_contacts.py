"""Address-book entries into people and identities: e-mails, phone numbers (E.164) and LinkedIn slugs.

A contact is resolved in the import's usual order (slug, then any of its e-mails, then any of its phone
numbers, then its folded name); a contact nobody matches becomes a new person. Identities remember the
book they came from ("vcard:<file>", "google-csv:<file>"...), which triage shows as evidence.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from importlib import resources
from pathlib import Path

import phonenumbers

from meetfirst.core.clock import local_zone
from meetfirst.core.identity import email_key, tidy_name
from meetfirst.core.policy import Policy
from meetfirst.core.records import ContactRecord
from meetfirst.services.import_owner import OwnerView, folded_name, split_name
from meetfirst.store import ingest
from meetfirst.store.models import Identity

log = logging.getLogger(__name__)

_SYSTEM_ZONE_TAB = Path("/usr/share/zoneinfo/zone.tab")


class ContactSorter:
    """Turns ContactRecords into people and identities during one import."""

    def __init__(self, *, people: ingest.PeopleIndex, owner: OwnerView, region: str | None) -> None:
        self.people = people
        self.owner = owner
        self.region = region
        # People this import created from address books, by temporary id (see new_people()).
        self._created: list[int] = []

    def take(self, record: ContactRecord) -> int:
        """Store one contact; returns 1 when it was skipped (the owner's own card), else 0."""
        emails = [e for e in dict.fromkeys(email_key(x) for x in record.emails) if e]
        phones = [p for p in dict.fromkeys(phone_value(x, self.region) for x in record.phones) if p]
        slug = record.profile_slug or None
        own = set(self.owner.row.emails)
        if self.owner.is_own_slug(slug) or any(e in own for e in emails):
            return 1  # the owner's own card ("me" in Apple Contacts)
        display = tidy_name(record.display_name)
        key = folded_name(display)
        person_id = self._find(slug, emails, phones, key)
        if person_id is None:
            person_id = self._create(record, display or (emails or phones or [slug or ""])[0], key)
        source = f"{record.kind}:{record.source.file}"[:500]
        if slug:
            self.people.attach(person_id, kind=Identity.Kind.LINKEDIN, value=slug, source=source)
        for email in emails:
            self.people.attach(person_id, kind=Identity.Kind.EMAIL, value=email, source=source)
        for phone in phones:
            self.people.attach(person_id, kind=Identity.Kind.PHONE, value=phone, source=source)
        return 0

    def _find(self, slug: str | None, emails: list[str], phones: list[str], key: str) -> int | None:
        people = self.people
        if slug and slug in people.by_slug:
            return people.by_slug[slug]
        for email in emails:
            found = people.find(slug=slug, email=email, name_key="")
            if found is not None:
                return found
        for phone in phones:
            found = people.by_phone.get(phone)
            if found is not None and not (slug and found in people.linked):
                return found
        return people.find(slug=slug, email=None, name_key=key) if key else None

    def _create(self, record: ContactRecord, display: str, key: str) -> int:
        first, last = record.first_name, record.last_name
        if not (first or last):
            first, last = split_name(display) if key else ("", "")
        person_id = self.people.create(
            {
                "display_name": ingest.fit(display, 300),
                "first_name": ingest.fit(first, 200),
                "last_name": ingest.fit(last, 200),
                "name_key": ingest.fit(key, 300),
                "company": ingest.fit(record.company, 300),
                "position": ingest.fit(record.title, 300),
            }
        )
        self._created.append(person_id)
        return person_id

    def new_people(self) -> list[int]:
        """The stored ids of the people created from address books (call after the last flush).

        TODO(identity resolution): the fuzzy matcher can look at each of these for a likely twin.
        """
        return [self.people.real(p) for p in self._created]


def phone_value(text: str, region: str | None) -> str | None:
    """A phone number as an identity: E.164 when it can be read (with `region` for national numbers).

    A number that cannot be placed keeps its digits, with a leading + when it was written with one (or
    with 00); fewer than five digits is no phone number at all.
    """
    raw = text.strip()
    try:
        number = phonenumbers.parse(raw, region.upper() if region else None)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_possible_number(number):
        return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    digits = "".join(ch for ch in raw if ch.isdigit())
    if len(digits) < 5:
        return None
    if raw.startswith("+"):
        return "+" + digits
    if raw.startswith("00"):
        return "+" + digits[2:]
    return digits


def phone_region(policy: Policy) -> str | None:
    """The region national phone numbers are read in: the policy's `phone_region`, else the country of
    the policy's time zone (or this machine's), else None."""
    if policy.phone_region:
        return policy.phone_region.upper()
    zone = local_zone(policy.timezone)
    return _zone_countries().get(str(getattr(zone, "key", "") or ""))


@lru_cache(maxsize=1)
def _zone_countries() -> dict[str, str]:
    """IANA zone name -> ISO country code, from the tz database's zone.tab."""
    text = ""
    try:
        text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        try:
            text = _SYSTEM_ZONE_TAB.read_text(encoding="utf-8")
        except OSError:
            log.info("no zone.tab found; national phone numbers are kept as digits")
    countries: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            countries[parts[2]] = parts[0]
    return countries
