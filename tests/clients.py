"""The test client as a browser uses this site: forms are posted url-encoded.

Django's test client posts multipart bodies by default, which this site refuses (it takes no
uploads, see stackadvisor.middleware.RequestBodyMiddleware); browsers send its forms, which
have no file fields, url-encoded."""

from urllib.parse import urlencode

from django.http import QueryDict
from django.test import Client

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


class FormClient(Client):
    def post(self, path, data=None, content_type=FORM_CONTENT_TYPE, **extra):
        if content_type == FORM_CONTENT_TYPE and data is not None:
            data = data.urlencode() if isinstance(data, QueryDict) else urlencode(data, doseq=True)
        return super().post(path, data, content_type=content_type, **extra)
