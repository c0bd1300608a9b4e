"""Log filters of the site's logging configuration (settings.LOGGING)."""

import logging


class SecurityRefusalsOnOneLine(logging.Filter):
    """Django logs each request it refuses as suspicious (a Host it does not serve, too many
    fields, a body too large…) as an ERROR with a traceback. Anyone can send such requests at
    will, so each becomes one WARNING line: the log says what was refused, and cannot be
    flooded with tracebacks."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("django.security."):
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info = record.exc_text = record.stack_info = None
        return True
