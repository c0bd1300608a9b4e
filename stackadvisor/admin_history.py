"""History and revert in the admin, for every content model (django-reversion).

Each object's "History" page lists its versions, newest first: who saved it, when, and what
changed, field by field, in it and in what it holds (a framework's ratings, a question's
answers and their effects). "Revert to this" opens the object as it was then; saving that
page restores it, with what it held, in one step. /admin/recent-changes/ lists every saved
change across the site, for those with the permission to view revisions (editors have it).
"""

from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from reversion.admin import VersionAdmin
from reversion.models import Revision, Version

from stackadvisor.history_diff import changes_by_revision, revisions_of

RECENT_CHANGES_PERMISSION = "reversion.view_revision"
CHANGES_PER_PAGE = 50


class ContentHistoryAdmin(VersionAdmin):
    object_history_template = "admin/content_history.html"
    history_latest_first = True
    # Rows the object holds whose changes saved on their own pages belong in its history
    # too: a framework's ratings, a question's answers.
    history_related: tuple[str, ...] = ()

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        related = [
            (getattr(obj, name).model, getattr(obj, name).values_list("pk", flat=True))
            for name in self.history_related
            if obj is not None
        ]
        versions = revisions_of(self.model, unquote(object_id), related)
        changes = changes_by_revision(versions)
        entries = [
            {
                "revision": version.revision,
                "revert_url": self._revert_url(version),
                "changes": changes.get(version.revision_id, []),
                "latest": index == 0,
            }
            for index, version in enumerate(versions)
        ]
        context = {"history_entries": entries, **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def _revert_url(self, version) -> str | None:
        """Where the version's revision is restored: the page of the object it saved."""
        content_type = version.content_type
        try:
            return reverse(
                f"{self.admin_site.name}:{content_type.app_label}_{content_type.model}_revision",
                args=[quote(version.object_id), version.pk],
            )
        except NoReverseMatch:
            return None

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # A revert the content's rules refuse (say, it would take a rating from a published
        # framework) is explained on the form, never a server error.
        try:
            return super().revision_view(request, object_id, version_id, extra_context)
        except (DatabaseError, ValidationError) as refused:
            self.message_user(
                request,
                f"That version could not be restored: {refused}. Nothing was changed.",
                level="error",
            )
            return self.history_view(request, object_id)


def recent_changes_view(request):
    site = admin.site
    if not request.user.has_perm(RECENT_CHANGES_PERMISSION):
        raise PermissionDenied
    revisions = Revision.objects.select_related("user").order_by("-date_created", "-pk")
    page = Paginator(revisions, CHANGES_PER_PAGE).get_page(request.GET.get("page"))
    versions = (
        Version.objects.filter(revision__in=list(page))
        .select_related("content_type")
        .order_by("pk")
    )
    by_revision: dict[int, list] = {}
    for version in versions:
        by_revision.setdefault(version.revision_id, []).append(
            (version.object_repr, _history_url(site, version), version.content_type.name)
        )
    rows = [(revision, by_revision.get(revision.pk, [])) for revision in page]
    context = {
        **site.each_context(request),
        "title": "Recent changes",
        "page": page,
        "rows": rows,
    }
    return TemplateResponse(request, "admin/recent_changes.html", context)


def _history_url(site: AdminSite, version) -> str | None:
    content_type = version.content_type
    try:
        return reverse(
            f"{site.name}:{content_type.app_label}_{content_type.model}_history",
            args=[quote(version.object_id)],
        )
    except NoReverseMatch:
        return None
