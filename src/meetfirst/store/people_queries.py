"""Finding people: by id, by an identity (LinkedIn slug, e-mail), or by folded name."""

from __future__ import annotations

from meetfirst.store.models import Identity, Person


def person_by_id(*, person_id: int) -> Person | None:
    return Person.objects.filter(pk=person_id).first()


def person_by_identity(*, kind: str, value: str) -> Person | None:
    """The person who owns this normalised key (a slug or an e-mail), if anyone does."""
    identity = Identity.objects.select_related("person").filter(kind=kind, value=value).first()
    return identity.person if identity else None


def people_named(*, name_key: str, limit: int = 20) -> list[Person]:
    """People whose folded name is exactly this one, oldest first."""
    if not name_key:
        return []
    return list(Person.objects.filter(name_key=name_key).order_by("id")[:limit])


def linkedin_slugs(*, person_ids: list[int]) -> dict[int, str]:
    """One LinkedIn slug per person, for the people that have one."""
    rows = Identity.objects.filter(person_id__in=person_ids, kind=Identity.Kind.LINKEDIN).order_by("id")
    slugs: dict[int, str] = {}
    for person_id, value in rows.values_list("person_id", "value"):
        slugs.setdefault(person_id, value)
    return slugs
