"""Independent origins: copies and rewrites share their source's origin, partials do not."""

from __future__ import annotations

import pytest

from newsweave.reuse.origins import count_origins, origin_groups
from newsweave.types import Derivation, DerivationKind


def derived(source: str, target: str, kind: DerivationKind = "copy") -> Derivation:
    return Derivation(source=source, derived=target, kind=kind, shared_fraction=0.9)


def test_a_copy_chain_is_one_origin():
    derivations = [derived("a", "b", "copy"), derived("b", "c", "rewrite")]

    assert count_origins(["a", "b", "c"], derivations) == 1
    assert origin_groups(["a", "b", "c"], derivations) == [["a", "b", "c"]]


def test_a_chain_given_in_reverse_order_is_still_one_origin():
    derivations = [derived("b", "c"), derived("a", "b")]

    assert count_origins(["a", "b", "c"], derivations) == 1


@pytest.mark.parametrize("kind", ["partial", "quotation"])
def test_partial_reuse_and_quotation_keep_separate_origins(kind):
    assert count_origins(["a", "b"], [derived("a", "b", kind)]) == 2


def test_reports_without_derivations_are_each_an_origin():
    assert count_origins(["a", "b", "c"], []) == 3
    assert count_origins([], []) == 0


def test_derivations_naming_ids_outside_the_list_are_ignored():
    derivations = [derived("a", "elsewhere"), derived("elsewhere", "b"), derived("x", "y")]

    assert count_origins(["a", "b"], derivations) == 2
    assert origin_groups(["a", "b"], derivations) == [["a"], ["b"]]


def test_origin_groups_keep_input_order():
    ids = ["d", "b", "c", "a", "e"]
    derivations = [derived("a", "b"), derived("c", "e", "rewrite"), derived("a", "d", "partial")]

    assert origin_groups(ids, derivations) == [["d"], ["b", "a"], ["c", "e"]]
