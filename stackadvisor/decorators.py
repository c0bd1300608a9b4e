"""View decorators of the site's own."""

import functools


def noindex(view):
    """Ask search engines not to index the page (X-Robots-Tag), whatever its type: results
    are personal, shared by link, not meant for search."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapper
