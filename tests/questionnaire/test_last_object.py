"""kept_for_the_last_object: what the scorer's index and the form's reading plan are kept by."""

from questionnaire.last_object import kept_for_the_last_object


def test_the_last_object_is_built_once_and_any_other_again():
    built = []

    @kept_for_the_last_object
    def size_of(items: list) -> int:
        built.append(items)
        return len(items)

    first, equal_but_another = [1, 2], [1, 2]
    assert [size_of(first), size_of(first)] == [2, 2]
    assert size_of(equal_but_another) == 2  # the same object is asked for, not an equal one
    assert size_of(first) == 2
    assert [b is first for b in built] == [True, False, True]
