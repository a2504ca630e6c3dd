"""Grouping aligned items across reports: the most alike pairs first, one item per report.

Claims (sentences that state one proposition) and the quote ledger (wordings
of one statement) are both built so: a group may hold at most one item of each
report, so that a report saying two related things does not glue two groups
together through a third report that resembles both.
"""

from __future__ import annotations

from collections.abc import Sequence


def join_best_first(
    reports: Sequence[str], pairs: Sequence[tuple[float, int, int]]
) -> list[list[int]]:
    """Return groups of item indices, joining `pairs` (score, i, j) from the best down.

    `reports[i]` is the report item `i` comes from; two groups are joined only
    if no report is in both. Items no pair joins stay groups of one.
    """
    group_of = list(range(len(reports)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(reports))}
    for _, i, j in sorted(pairs, reverse=True):
        one, other = group_of[i], group_of[j]
        if one == other:
            continue
        held = {reports[k] for k in members[one]}
        if any(reports[k] in held for k in members[other]):
            continue
        for k in members.pop(other):
            group_of[k] = one
            members[one].append(k)
    return list(members.values())
