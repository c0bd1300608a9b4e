"""The record of which versions of the starting content were loaded."""

from django.db import models


class StartingContentLoad(models.Model):
    """Records that a version of the starting content was loaded, so it loads only once.

    Without it, loading again would bring back what editors deliberately deleted.
    """

    version = models.PositiveIntegerField(unique=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self):
        return f"Starting content v{self.version} loaded {self.loaded_at:%Y-%m-%d %H:%M}"
