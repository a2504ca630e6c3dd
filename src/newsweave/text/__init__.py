"""The text stage: normalized text with offsets, sentences, language."""

from newsweave.text.language import SUPPORTED_LANGUAGES, detect_language
from newsweave.text.normalize import normalize, storable
from newsweave.text.sentences import split_sentences

__all__ = ["SUPPORTED_LANGUAGES", "detect_language", "normalize", "split_sentences", "storable"]
