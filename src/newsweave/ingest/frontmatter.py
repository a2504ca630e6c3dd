"""YAML front matter: the `---` block that opens Markdown reports."""

from __future__ import annotations

import re
from typing import Any

import yaml

from newsweave.errors import UnreadableInput

_OPEN = re.compile(r"\A[ \t]*---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps an impossible date ("2021-02-30") as the text it is."""


def _timestamp(loader: _Loader, node: yaml.ScalarNode) -> object:
    # PyYAML raises a bare ValueError for a well-formed but impossible date; the
    # report is still readable, and `parse_published` notes the bad date instead.
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def split_front_matter(text: str) -> tuple[dict[str, Any], int]:
    """Return the front matter's fields and the offset where the body starts.

    Text without front matter gives `({}, 0)`. Raises `UnreadableInput` when a
    block is opened but not closed, is not valid YAML, or is not a mapping.
    """
    opening = _OPEN.match(text)
    if not opening:
        return {}, 0
    closing = _CLOSE.search(text, opening.end())
    if not closing:
        raise UnreadableInput("front matter opened with '---' is never closed")
    try:
        fields = yaml.load(text[opening.end() : closing.start()], Loader=_Loader)
    except (ValueError, TypeError) as error:
        # Constructors raise plain errors for values like `!!int abc`.
        raise UnreadableInput(f"front matter is not valid YAML: {error}") from None
    except RecursionError:
        raise UnreadableInput("front matter is not valid YAML: nested too deeply") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "syntax error"
        raise UnreadableInput(f"front matter is not valid YAML{where}: {problem}") from None
    except (IndexError, AttributeError, KeyError):
        # SafeLoader's constructors index an empty tagged value (`!!int` alone raises
        # IndexError, `!!timestamp x` AttributeError): a value that is not its type.
        raise UnreadableInput(
            "front matter is not valid YAML: a tagged value (such as !!int or !!timestamp) "
            "is empty or not of its type"
        ) from None
    if fields is None:
        fields = {}
    if not isinstance(fields, dict):
        raise UnreadableInput(
            f"front matter must be a mapping of fields, got a {type(fields).__name__}"
        )
    return {str(key): value for key, value in fields.items()}, closing.end()
