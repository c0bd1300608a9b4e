"""The WSGI handler gunicorn runs (stackadvisor.wsgi): Django's, with form bodies parsed in
one pass and let go with the response.

Django fills request.POST one field at a time through QueryDict.appendlist, which checks
that the dict is mutable and converts key and value again for every field. For the
questionnaire's answers that costs several times the parsing itself: with the load
benchmark's 50 times the starting content (251 fields), 0.61 ms, against 0.05 ms for
`parse_form_body`. That parses with the same function, encoding and limits as Django (or,
when nothing in the body is escaped, splits it as that function does) and puts each key's
list in place at once: the result is the same immutable QueryDict."""

from urllib.parse import parse_qsl

from django.conf import settings
from django.core.exceptions import BadRequest, TooManyFieldsSent
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
TOO_MANY_FIELDS = (
    "The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS."
)


def parse_form_body(body: bytes) -> QueryDict:
    """What Django's `QueryDict(body, encoding="utf-8")` gives, without a call per field."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = body.decode("iso-8859-1")  # as QueryDict does with misbehaving clients
    max_fields = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    # Each field as a (name, "=", value) triple, as str.partition gives it.
    if "%" in text or "+" in text:
        try:
            pairs = parse_qsl(
                text, keep_blank_values=True, encoding="utf-8", max_num_fields=max_fields
            )
        except ValueError as error:  # QueryDict's reading of parse_qsl's only ValueError here
            raise TooManyFieldsSent(TOO_MANY_FIELDS) from error
        fields = [(key, "=", value) for key, value in pairs]
    else:
        # Nothing escaped (a form of ids, as the questionnaire's): parse_qsl would split the
        # same way and unquote every name and value to itself.
        if max_fields is not None and text and text.count("&") + 1 > max_fields:
            raise TooManyFieldsSent(TOO_MANY_FIELDS)
        fields = [field.partition("=") for field in text.split("&") if field]
    # Most forms send each name once; a name sent again (several answers to a question) has
    # its values gathered in order.
    lists: dict[str, list[str]] = {key: [value] for key, _, value in fields}
    if len(lists) != len(fields):
        lists = {}
        for key, _, value in fields:
            values = lists.get(key)
            if values is None:
                lists[key] = [value]
            else:
                values.append(value)
    data = QueryDict(mutable=True, encoding="utf-8")
    # A MultiValueDict is a dict of each key's list of values: set them as they are.
    dict.update(data, lists)
    data._mutable = False
    return data


class FormBodyRequest(WSGIRequest):
    """A WSGIRequest whose url-encoded form body is read by parse_form_body."""

    def _load_post_and_files(self):
        # The cases Django reads with QueryDict(self.body, encoding="utf-8"); every other one
        # (other methods and content types, a charset it refuses, a body already streamed)
        # goes to Django, which answers it as usual.
        if (
            self.method == "POST"
            and self.content_type == FORM_CONTENT_TYPE
            and (self._encoding is None or self._encoding.lower() == "utf-8")
            and not (self._read_started and not hasattr(self, "_body"))
        ):
            self._post = parse_form_body(self.body)
            self._files = MultiValueDict()
            return
        try:
            super()._load_post_and_files()
        except BadRequest:
            # A url-encoded body in a charset other than UTF-8. Django leaves nothing read,
            # so the error page would read it again and fail: a 500 instead of the 400. As
            # Django does after a multipart error, the body then reads as empty.
            self._mark_post_parse_error()
            raise

    def close(self):
        super().close()
        # Django's middleware leaves the request in reference cycles (its lazy user, its
        # messages), which only the cyclic garbage collector frees, with everything the
        # request holds: a list per form field. Once the response is closed, nothing reads
        # them; dropped now, they go at once (read again, they would be parsed again).
        self.__dict__.pop("_post", None)
        self.__dict__.pop("_files", None)


class SiteWSGIHandler(WSGIHandler):
    request_class = FormBodyRequest
