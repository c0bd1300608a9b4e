"""Start-up guard: an insecure production configuration stops the process with a clear message."""

import contextlib
import sys

from django.core.exceptions import ImproperlyConfigured


class InsecureConfiguration(ImproperlyConfigured):
    """Raised while loading settings when a production configuration would be unsafe."""


@contextlib.contextmanager
def exit_on_insecure_configuration():
    """Print the reasons and exit with status 1 rather than showing a traceback."""
    try:
        yield
    except InsecureConfiguration as error:
        print(f"\n{error}\n", file=sys.stderr)
        sys.exit(1)
