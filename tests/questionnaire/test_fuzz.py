"""Random and malformed POST bodies to the questionnaire never crash it, and save a result
exactly when they are accepted.

The Django test client re-raises any exception a view lets escape, so a crash fails the
test with its traceback, and a 500 response would fail the status check.
"""

import re
from collections import Counter
from urllib.parse import urlencode

import pytest
from django.test.client import encode_multipart
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questionnaire.content import get_content
from questionnaire.models import Submission

pytestmark = pytest.mark.django_db

BOUNDARY = "BoUnDaRy"
FORM = "application/x-www-form-urlencoded"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
# Non-text codecs (base64, zlib, hex) would make Django's own request parsing raise
# LookupError; stackadvisor.middleware answers 400 for them first.
CHARSETS = [
    *("utf-8", "UTF-8", "latin-1", "utf-16", "ascii", "cp1252", "no-such-charset"),
    *("base64", "zlib", "hex"),
]
CONTENT_TYPES = [
    FORM,
    MULTIPART,
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "multipart/form-data; boundary=other",
    "application/json",
    "text/plain",
    "application/octet-stream",
    "",
    *(f"{FORM}; charset={charset}" for charset in CHARSETS),
    *(f"{MULTIPART}; charset={charset}" for charset in CHARSETS),
]
ODD_NAMES = [
    "q999999",
    "q0",
    "q-1",
    "q",
    "q01",
    "Q1",
    "q1 ",
    " q1",
    "q１",
    "q²",
    "q1\x00",
    "q" + "9" * 40,
    "csrfmiddlewaretoken",
    "answers",
]
ODD_VALUES = ["", " ", "\x00", "1\x00", "+1", "01", "1.0", "1e3", "null", "[]", "٣", "０", "-0"]
RESULT_LOCATION = re.compile(r"/results/[A-Za-z0-9_-]{22,43}/")


@st.composite
def valid_pairs(draw, questions):
    """A valid answer set: every visible question answered as the rules allow."""
    chosen: set[int] = set()
    pairs = []
    for question in questions:
        if question.condition_option_id and question.condition_option_id not in chosen:
            continue
        ids = [option_id for option_id, _ in question.options]
        if question.multiple:
            picked = draw(
                st.lists(st.sampled_from(ids), min_size=int(question.required), unique=True)
            )
        else:
            picked = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=1))
            if not question.required and draw(st.booleans()):
                picked = []
        chosen.update(picked)
        pairs += [(f"q{question.id}", str(option_id)) for option_id in picked]
    return pairs


@st.composite
def mutated(draw, questions, pair, field_values):
    """A valid answer set, then zero to three random edits (drop, add, replace, repeat)."""
    pairs = draw(valid_pairs(questions))
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        edit = draw(st.sampled_from(["drop", "add", "replace", "repeat"]))
        if edit == "add" or not pairs:
            pairs.insert(draw(st.integers(0, len(pairs))), draw(pair))
            continue
        index = draw(st.integers(0, len(pairs) - 1))
        if edit == "drop":
            del pairs[index]
        elif edit == "replace":
            pairs[index] = (pairs[index][0], draw(field_values))
        else:
            pairs.append(pairs[index])
    return pairs


def as_multipart(pairs) -> bytes:
    grouped: dict[str, list[str]] = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(value)
    return encode_multipart(BOUNDARY, grouped)


def requests_for(questions):
    """POST bodies with their content types: mostly valid answers, mutated or random."""
    names = [f"q{question.id}" for question in questions]
    option_ids = [str(option_id) for question in questions for option_id, _ in question.options]
    field_names = st.one_of(
        st.sampled_from(names),
        st.sampled_from(ODD_NAMES),
        st.from_regex(r"q[0-9]{1,20}", fullmatch=True),
        st.text(max_size=12),
    )
    field_values = st.one_of(
        st.sampled_from(option_ids),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.sampled_from(ODD_VALUES),
        st.text(max_size=20),
    )
    pair = st.tuples(field_names, field_values)
    answers = mutated(questions, pair, field_values)
    return st.one_of(
        # URL-encoded forms, as browsers send them: mostly valid, or random fields.
        st.tuples(answers.map(urlencode), st.just(FORM)),
        st.tuples(st.lists(pair, max_size=15).map(urlencode), st.just(FORM)),
        # The same as multipart bodies (the site takes none).
        st.tuples(
            answers.map(as_multipart),
            st.sampled_from([MULTIPART, *(f"{MULTIPART}; charset={c}" for c in CHARSETS)]),
        ),
        # Raw bytes under any content type.
        st.tuples(
            st.binary(max_size=300),
            st.one_of(
                st.sampled_from(CONTENT_TYPES),
                st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60),
            ),
        ),
        # A valid or mutated urlencoded body announced with another content type.
        st.tuples(answers.map(lambda p: urlencode(p).encode()), st.sampled_from(CONTENT_TYPES)),
    )


def test_random_posts_never_crash_and_save_only_when_accepted(client, starting_content):
    requests = requests_for(get_content().questions())
    outcomes: Counter = Counter()

    @settings(
        max_examples=500,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(request=requests)
    def post_one(request):
        body, content_type = request
        before = Submission.objects.count()

        response = client.generic("POST", "/advisor/", body, content_type=content_type)

        saved = Submission.objects.count() - before
        outcomes[response.status_code] += 1
        assert response.status_code in (200, 303, 400), (response.status_code, request)
        if response.status_code == 303:
            assert saved == 1, request
            assert RESULT_LOCATION.fullmatch(response["Location"]), response["Location"]
        else:
            assert saved == 0, request

    post_one()

    assert sum(outcomes.values()) >= 500
    # The generator must exercise both sides, or the test proves little.
    assert outcomes[303] >= 50, outcomes
    assert outcomes[400] >= 50, outcomes
