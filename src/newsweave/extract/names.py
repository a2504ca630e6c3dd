"""Names as newsweave compares them: folded, tokenized, and the titles people hold.

"Andrés Manuel López Obrador" and "Andres Manuel Lopez Obrador" fold to the
same tokens; "U.S." and "US" to the same initials. Titles ("vice president",
"presidente") and the country words that qualify them ("Mexican", "of
Mexico", "U.S.") are small closed lists, written here because no library
ships them for English and Spanish news.
"""

from __future__ import annotations

import re
from typing import Any

from newsweave.reuse.tokens import fold as fold_word

_WORD = re.compile(r"[^\W_]+(?:[.'’-][^\W_]+)*\.?", re.UNICODE)

#: Words that do not count when comparing names or making initials.
NAME_FILLERS = frozenset(
    "the of and for de del la las los el y da do dos der van von al bin".split()
)

#: Titles a person holds, longest first so that "vice president" wins over "president".
TITLES: tuple[str, ...] = tuple(
    sorted(
        {
            # English
            "president",
            "vice president",
            "president-elect",
            "prime minister",
            "deputy prime minister",
            "foreign minister",
            "minister",
            "secretary",
            "secretary of state",
            "press secretary",
            "attorney general",
            "chief spokesperson",
            "spokesperson",
            "spokesman",
            "spokeswoman",
            "senior advisor",
            "adviser",
            "advisor",
            "senator",
            "sen.",
            "representative",
            "rep.",
            "congressman",
            "congresswoman",
            "governor",
            "gov.",
            "mayor",
            "king",
            "queen",
            "prince",
            "princess",
            "pope",
            "chancellor",
            "premier",
            "ambassador",
            "general",
            "gen.",
            "judge",
            "justice",
            "prosecutor",
            "district attorney",
            "sheriff",
            "police chief",
            "chief executive",
            "ceo",
            "chairman",
            "chairwoman",
            "director",
            "coach",
            "commissioner",
            "lawyer",
            "captain",
            "lieutenant",
            "sergeant",
            "colonel",
            "commander",
            "detective",
            "publicist",
            "rep",
            "agent",
            "producer",
            "manager",
            "deputy director",
            "attorney",
            "actress",
            "actor",
            "singer",
            "rapper",
            "leader",
            # Spanish
            "presidente",
            "presidenta",
            "vicepresidente",
            "vicepresidenta",
            "primer ministro",
            "primera ministra",
            "ministro",
            "ministra",
            "secretario",
            "secretaria",
            "canciller",
            "gobernador",
            "gobernadora",
            "alcalde",
            "alcaldesa",
            "portavoz",
            "vocero",
            "vocera",
            "senador",
            "senadora",
            "diputado",
            "diputada",
            "fiscal",
            "juez",
            "jueza",
        },
        key=lambda title: (-len(title.split()), -len(title)),
    )
)

#: Honorifics: they say a person is meant, and (English) which pronoun fits.
HONORIFICS: dict[str, str | None] = {
    "mr.": "male",
    "mr": "male",
    "mrs.": "female",
    "mrs": "female",
    "ms.": "female",
    "ms": "female",
    "miss": "female",
    "dr.": None,
    "sr.": "male",
    "sra.": "female",
    "señor": "male",
    "señora": "female",
}

#: Titles that say which pronoun fits the person who holds them.
GENDERED_TITLES: dict[str, str] = {
    "spokesman": "male",
    "spokeswoman": "female",
    "congressman": "male",
    "congresswoman": "female",
    "chairman": "male",
    "chairwoman": "female",
    "king": "male",
    "queen": "female",
    "prince": "male",
    "princess": "female",
    "actress": "female",
    "actor": "male",
    "presidenta": "female",
    "vicepresidenta": "female",
    "ministra": "female",
    "primera ministra": "female",
    "gobernadora": "female",
    "alcaldesa": "female",
    "senadora": "female",
    "diputada": "female",
    "jueza": "female",
    "vocera": "female",
}

# The United States goes by many names and no rule relates them all; other
# countries are matched by their adjective's stem ("Mexican" ~ "Mexico").
_UNITED_STATES = frozenset(
    {
        "us",
        "usa",
        "u.s.",
        "u.s.a.",
        "america",
        "american",
        "united states",
        "united states of america",
        "estados unidos",
        "ee.uu.",
        "eeuu",
        "estadounidense",
        "norteamericano",
        "norteamericana",
    }
)


def fold(text: str) -> str:
    """Return `text` folded as the reuse stage folds words, curly apostrophes straightened."""
    return fold_word(text.replace("’", "'"))


def name_tokens(name: str) -> tuple[str, ...]:
    """Return the folded words of a name that identify it ("the", "of" and "'s" left out)."""
    words = []
    for match in _WORD.finditer(fold(name)):
        word = match.group().removesuffix("'s").rstrip(".")
        if word and word not in NAME_FILLERS:
            words.append(word.replace(".", ""))
    return tuple(words)


def initials(name: str) -> str:
    """Return the initials of a name's words that identify it: "United States" -> "us"."""
    return "".join(word[0] for word in name_tokens(name))


def acronym_key(text: str) -> str | None:
    """Return the letters of an acronym ("AMLO", "U.S.") folded, or None for an ordinary word."""
    letters = text.replace(".", "").replace(" ", "")
    if 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper():
        return fold(letters)
    return None


def country_key(words: str) -> str | None:
    """Return a key equal for the ways of naming one country ("Mexican", "of Mexico")."""
    folded = fold(words).strip()
    folded = re.sub(r"^(?:(?:of|de|del)\s+)?(?:the\s+|los\s+|la\s+|el\s+)?", "", folded)
    if not folded:
        return None
    if folded in _UNITED_STATES or folded.replace(" ", "") in _UNITED_STATES:
        return "united states"
    # Adjective and country share a stem: Mexic-an / Mexic-o, Canad-ian / Canad-a.
    return folded[:5]


def gender_of_first_name(first: str) -> str | None:
    """Return "male" or "female" when the first name says so clearly, else None."""
    detector = _gender_detector()
    guess = str(detector.get_gender(first.capitalize()))
    return guess if guess in ("male", "female") else None


_DETECTOR: list[Any] = []


def _gender_detector() -> Any:
    # gender-guesser reads its name list (about 40,000 names) when built: once.
    if not _DETECTOR:
        from gender_guesser.detector import Detector

        _DETECTOR.append(Detector(case_sensitive=False))
    return _DETECTOR[0]
