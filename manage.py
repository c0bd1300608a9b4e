#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stackadvisor.settings")
    from django.core.management import execute_from_command_line

    from stackadvisor.startup import exit_on_insecure_configuration

    with exit_on_insecure_configuration():
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
