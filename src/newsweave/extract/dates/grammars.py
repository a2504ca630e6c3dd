"""Which grammars read a text: by its language code, English and Spanish in full, others in part.

A text of unknown language (None) is read with both the English and the
Spanish grammar. A language only dateparser knows gets its month names, for
absolute dates; an unknown code gets the numeric dates of every language.
"""

from __future__ import annotations

from functools import lru_cache

from newsweave.extract.dates.english import english_templates
from newsweave.extract.dates.lexicon import ENGLISH, SPANISH, foreign_lexicon
from newsweave.extract.dates.patterns import (
    Grammar,
    build_grammar,
    foreign_templates,
    shared_templates,
)
from newsweave.extract.dates.spanish import spanish_templates


@lru_cache(maxsize=32)
def grammars_for(language: str | None) -> tuple[Grammar, ...]:
    """Return the grammars for a language: "en", "es", None for both, others: month names."""
    code = (language or "").split("-")[0].lower()
    english = build_grammar(ENGLISH, shared_templates() + english_templates(ENGLISH))
    if code == "en":
        return (english,)
    spanish = build_grammar(SPANISH, shared_templates() + spanish_templates(SPANISH))
    if code == "es":
        return (spanish,)
    if not code:
        return (english, build_grammar(SPANISH, spanish_templates(SPANISH)))
    foreign = foreign_lexicon(code)
    if foreign is None:
        return (build_grammar(ENGLISH, shared_templates()),)
    return (build_grammar(foreign, shared_templates() + foreign_templates(foreign)),)
