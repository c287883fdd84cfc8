"""Verdict statuses, ordered so that a row's status is simply the worst of its findings."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """permitted < review < prohibited."""

    PERMITTED = "permitted"
    REVIEW = "review"
    PROHIBITED = "prohibited"

    @property
    def rank(self) -> int:
        """0 for permitted, 1 for review, 2 for prohibited."""
        return _RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Status):
            return NotImplemented
        return _RANK[self] < _RANK[other]

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Status):
            return NotImplemented
        return _RANK[self] <= _RANK[other]

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Status):
            return NotImplemented
        return _RANK[self] > _RANK[other]

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Status):
            return NotImplemented
        return _RANK[self] >= _RANK[other]


_RANK = {Status.PERMITTED: 0, Status.REVIEW: 1, Status.PROHIBITED: 2}

STATUSES: tuple[Status, ...] = (Status.PROHIBITED, Status.REVIEW, Status.PERMITTED)
"""Worst first: the order summaries and reports list them in."""


def worst(statuses: list[Status] | tuple[Status, ...]) -> Status:
    """The most severe status; permitted when there is none."""
    result = Status.PERMITTED
    for status in statuses:
        if _RANK[status] > _RANK[result]:
            result = status
    return result
