"""Create local log-in accounts for development and print how to use them.

Passwords are random per machine and kept in var/local-accounts.txt (git-ignored), never in
the repository. Refuses to run with DEBUG off, so it cannot plant accounts in production.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

ACCOUNTS = [
    # (username, superuser?, description)
    ("admin", True, "superuser: everything, including users"),
    ("editor", False, "editor: content only, in the Editors group"),
]


class Command(BaseCommand):
    help = "Create the local 'admin' and 'editor' accounts once and print how to log in."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url", default="http://127.0.0.1:8000/", help="Where the site is served."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "ensure_local_admin is for local development (DJANGO_DEBUG=true). In "
                "production create accounts with: manage.py createsuperuser"
            )
        credentials_file = Path(settings.BASE_DIR) / "var" / "local-accounts.txt"
        saved = _read_credentials(credentials_file)
        user_model = get_user_model()
        for username, is_superuser, _ in ACCOUNTS:
            if user_model.objects.filter(username=username).exists():
                continue
            password = secrets.token_urlsafe(12)
            user = user_model.objects.create_user(
                username=username, password=password, is_staff=True, is_superuser=is_superuser
            )
            if not is_superuser:
                user.groups.add(Group.objects.get(name="Editors"))
            saved[username] = password
        credentials_file.parent.mkdir(parents=True, exist_ok=True)
        credentials_file.write_text("".join(f"{u} {p}\n" for u, p in saved.items()))
        credentials_file.chmod(0o600)

        admin_url = options["site_url"].rstrip("/") + "/" + settings.ADMIN_PATH
        self.stdout.write(self.style.SUCCESS(f"\nLog into the admin at {admin_url} as:"))
        for username, _, description in ACCOUNTS:
            password = saved.get(username, "(set before; see manage.py changepassword)")
            self.stdout.write(f"  {username:<7} password {password}   ({description})")
        self.stdout.write(
            f"(These are also in {credentials_file.relative_to(settings.BASE_DIR)}.)\n"
        )


def _read_credentials(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    pairs = (line.split(" ", 1) for line in path.read_text().splitlines() if " " in line)
    return dict(pairs)
