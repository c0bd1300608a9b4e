"""The visitor's address, as the log-in throttling sees it.

Behind reverse proxies REMOTE_ADDR is the nearest proxy's address, and every visitor would
share it. Each proxy appends the address it received the request from to X-Forwarded-For,
so with DJANGO_PROXY_COUNT proxies the client's address is that many entries from the end;
entries further left were written by the client and cannot be trusted.
"""

from django.conf import settings


def client_ip(request) -> str | None:
    count = settings.PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
