"""Stored results are written with orjson (questionnaire.json_encoding) and read back as the
same values json.dumps would have stored."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from questionnaire.json_encoding import FastJSONEncoder
from questionnaire.models import Submission

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=5) | st.integers(-5, 5), children, max_size=4)
    ),
    max_leaves=20,
)


@given(JSON_VALUES)
def test_values_read_back_as_json_dumps_writes_them(value):
    written = json.dumps(value, cls=FastJSONEncoder)
    assert json.loads(written) == json.loads(json.dumps(value))


def test_what_orjson_does_not_take_is_written_by_the_standard_library():
    huge = {"n": 2**70, "list": [-(2**65)]}
    assert json.loads(json.dumps(huge, cls=FastJSONEncoder)) == huge


def test_the_text_is_compact_and_keeps_non_ascii_characters():
    assert json.dumps({"a": [1, "é"]}, cls=FastJSONEncoder) == '{"a":[1,"é"]}'


@pytest.mark.django_db
def test_a_submission_reads_back_what_was_stored():
    record = {"schema": 3, "score": {"total": 213.44563552833077, "names": ["Ünïcode", None]}}
    submission = Submission.objects.create(answers={"1": [2, 3]}, result=record, content_version=1)
    stored = Submission.objects.get(pk=submission.pk)
    assert stored.result == record
    assert stored.answers == {"1": [2, 3]}
