"""What was built from the last object asked about, kept: the questionnaire's hot paths read
the same immutable object (the current content, its snapshot) on every request, and build
their lookups from it once. No Django here: the scorer uses it too."""

import functools
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def kept_for_the_last_object(build: Callable[[T], R]) -> Callable[[T], R]:
    """``build(obj)``, kept for the last ``obj`` given (the same object, not an equal one) and
    built again for any other. Two threads may build the same thing twice; neither ever
    sees another's object with the wrong result (the pair is replaced at once)."""
    last: tuple[T, R] | None = None

    @functools.wraps(build)
    def kept(obj: T) -> R:
        nonlocal last
        found = last
        if found is not None and found[0] is obj:
            return found[1]
        built = build(obj)
        last = (obj, built)
        return built

    return kept
