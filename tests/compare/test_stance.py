"""Stance of a report body toward a headline: each label, the cues behind it, relatedness."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from numpy.typing import NDArray

from newsweave.compare.stance import StanceReader, StanceResult
from newsweave.errors import ParameterError

# Bodies of four unrelated stories; each test pairs one with a headline.
FERRY_PLAIN = (
    "The Harwick ferry ran aground on a sandbank outside Port Elsmere on Tuesday morning.\n\n"
    "All 140 passengers were taken ashore by lifeboat crews within two hours. The operator "
    "said the vessel would be towed to the dry dock at Calder once the tide turned.\n\n"
    "Inspectors from the maritime agency will board the ferry on Wednesday."
)
FERRY_HOAX = (
    "Pictures of the Harwick ferry lying on its side outside Port Elsmere are a hoax, the "
    "operator said on Tuesday. The images were doctored from a photo of a different ship.\n\n"
    "The Harwick ferry is in service and sailed to Calder on schedule with 140 passengers. "
    "The maritime agency said it had received no report of an accident."
)
FERRY_HEDGED = (
    "The Harwick ferry has reportedly run aground outside Port Elsmere, according to posts "
    "shared by passengers on Tuesday.\n\n"
    "Neither the operator nor the maritime agency has confirmed the accident. Some sources "
    "claim the ferry may have hit a sandbank, while others suggest an engine failure. "
    "Unverified pictures appear to show lifeboats near the vessel. It is unclear how many "
    "passengers were on board."
)
ORCHARD = (
    "A cider maker in the Vellum valley has planted two thousand apple trees on land "
    "that was a quarry until last year.\n\n"
    "The orchard will give its first harvest in four years, the owners said."
)
BODIES = (FERRY_PLAIN, FERRY_HOAX, FERRY_HEDGED, ORCHARD)


@pytest.fixture(scope="module")
def reader() -> StanceReader:
    return StanceReader(BODIES)


def test_a_body_about_another_story_is_unrelated(reader: StanceReader) -> None:
    result = reader.stance("Harwick ferry runs aground outside Port Elsmere", ORCHARD)

    assert result == StanceResult("unrelated", result.relatedness, ())
    assert result.relatedness < reader.threshold


def test_a_body_that_reports_the_headline_as_fact_agrees(reader: StanceReader) -> None:
    result = reader.stance("Harwick ferry runs aground outside Port Elsmere", FERRY_PLAIN)

    assert (result.label, result.cues) == ("agree", ())
    assert result.relatedness > reader.threshold


def test_a_body_that_calls_the_claim_a_hoax_disagrees(reader: StanceReader) -> None:
    result = reader.stance("Harwick ferry capsizes outside Port Elsmere", FERRY_HOAX)

    assert (result.label, result.cues) == ("disagree", ("hoax", "doctored"))


def test_a_headline_that_calls_the_claim_fake_agrees_with_a_body_that_does(
    reader: StanceReader,
) -> None:
    result = reader.stance("Photos of capsized Harwick ferry were faked", FERRY_HOAX)

    assert (result.label, result.cues) == ("agree", ("faked",))


def test_a_body_that_passes_the_claim_on_with_reservations_discusses_it(
    reader: StanceReader,
) -> None:
    result = reader.stance("Harwick ferry runs aground outside Port Elsmere", FERRY_HEDGED)

    assert result.label == "discuss"
    assert result.cues[:3] == ("reportedly", "according to", "sources"), result.cues


def test_a_hedged_or_questioning_headline_is_discussed(reader: StanceReader) -> None:
    hedged = reader.stance("Harwick ferry reportedly runs aground at Port Elsmere", FERRY_PLAIN)
    asked = reader.stance("Did the Harwick ferry run aground at Port Elsmere?", FERRY_PLAIN)

    assert (hedged.label, hedged.cues) == ("discuss", ("reportedly",))
    assert (asked.label, asked.cues) == ("discuss", ("?",))


def test_a_month_before_a_day_is_no_hedge(reader: StanceReader) -> None:
    result = reader.stance("Harwick ferry aground outside Port Elsmere on May 5", FERRY_PLAIN)

    assert result.label == "agree", result


def test_a_refutation_deep_in_the_body_does_not_decide_its_stance() -> None:
    """What a report makes of a claim it says in its lead; a later denial is one voice among many."""
    body = FERRY_PLAIN + "\n\nA passenger who denied that anyone panicked was thanked by the crew."
    result = StanceReader([body, ORCHARD]).stance(
        "Harwick ferry runs aground outside Port Elsmere", body
    )

    assert result.label == "agree", result


def test_a_body_the_reader_was_not_fitted_on_is_read_too(reader: StanceReader) -> None:
    body = "The Harwick ferry is a hoax story: no ferry ran aground outside Port Elsmere."

    assert reader.stance("Harwick ferry runs aground outside Port Elsmere", body).label == (
        "disagree"
    )


def test_relatedness_is_higher_for_the_same_story(reader: StanceReader) -> None:
    headline = "Harwick ferry runs aground outside Port Elsmere"
    scores = {body[:12]: reader.stance(headline, body).relatedness for body in BODIES}

    assert all(0.0 <= s <= 1.0 for s in scores.values()), scores
    assert scores[ORCHARD[:12]] < min(s for k, s in scores.items() if k != ORCHARD[:12]), scores


class _PhraseEmbedder:
    """Embeds texts by the story they tell: 'ferry' stories along one axis, others along another."""

    name = "phrases"
    dimension = 2

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        rows = [[1.0, 0.0] if ("ferry" in t or "transbordador" in t) else [0.0, 1.0] for t in texts]
        return np.asarray(rows, dtype=np.float32)


def test_an_embedder_relates_a_headline_in_another_language() -> None:
    headline = "Un transbordador encalla frente al puerto"

    without = StanceReader(BODIES).stance(headline, FERRY_PLAIN)
    with_embedder = StanceReader(BODIES, embedder=_PhraseEmbedder()).stance(headline, FERRY_PLAIN)
    other_story = StanceReader(BODIES, embedder=_PhraseEmbedder()).stance(headline, ORCHARD)

    assert without.label == "unrelated", without
    assert with_embedder.label == "agree", with_embedder
    assert other_story.label == "unrelated", other_story


def test_settings_outside_their_range_say_what_is_expected() -> None:
    with pytest.raises(ParameterError, match="The 'language' parameter must be one of"):
        StanceReader(BODIES, language="xx")
    with pytest.raises(
        ParameterError, match=r"'related_above' parameter must be a float in \[0, 1\]"
    ):
        StanceReader(BODIES, related_above=1.5)
    with pytest.raises(
        ParameterError, match="'bodies' parameter must be at least one body text with words"
    ):
        StanceReader(["", "  "])
