"""Check an edit's effect on visitors before it is saved.

When an editor saves a framework (its ratings), a rating, a criterion, a question (its
answers, effects and rules) or an answer, the admin saves it as usual inside a transaction,
scores the golden profiles and the last 1,000 results with the content before and after, and
then either keeps the save (no winner changes) or rolls it back and shows what would change,
with "Save anyway" (the same form, sent again) and "Cancel" (nothing saved).
"""

from django.contrib import messages
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse

from comparisons.content_version import current_content_state
from comparisons.models import Criterion, Rating
from questionnaire.content import get_content, load_content
from questionnaire.impact import measure, read_cases

CONFIRM_FIELD = "_save_despite_impact"
# Sent again as they were: everything but the CSRF token, which the page renews.
NOT_RESENT = {"csrfmiddlewaretoken", CONFIRM_FIELD}


class _Discard(Exception):
    """Leaves the transaction, undoing the save, with the response to give instead."""

    def __init__(self, response):
        self.response = response


class ImpactPreviewAdmin:
    """A ModelAdmin mixin, placed before the admin class it extends."""

    impact_template = "admin/impact_preview.html"

    def add_view(self, request, *args, **kwargs):
        parent = super()
        return self._previewed(request, None, lambda: parent.add_view(request, *args, **kwargs))

    def change_view(self, request, object_id, *args, **kwargs):
        parent = super()
        return self._previewed(
            request, object_id, lambda: parent.change_view(request, object_id, *args, **kwargs)
        )

    def _previewed(self, request, object_id, save):
        if request.method != "POST" or CONFIRM_FIELD in request.POST:
            return save()
        before = get_content()
        cases = read_cases()
        # The save's own messages ("changed successfully") wait until the save is kept.
        request.held_admin_messages = []
        try:
            with transaction.atomic():
                response = save()
                if response.status_code != 302:
                    return response  # the form had errors and saved nothing
                impact = measure(cases, before, load_content(*current_content_state()))
                if impact.changes_anything:
                    raise _Discard(self._confirm_page(request, object_id, impact))
        except _Discard as discarded:
            return discarded.response
        finally:
            held = request.held_admin_messages
            del request.held_admin_messages
        for args, kwargs in held:
            self.message_user(request, *args, **kwargs)
        self.message_user(request, _checked_message(impact), messages.INFO)
        return response

    def message_user(self, request, *args, **kwargs):
        held = getattr(request, "held_admin_messages", None)
        if held is not None:
            held.append((args, kwargs))
            return
        super().message_user(request, *args, **kwargs)

    def _confirm_page(self, request, object_id, impact):
        opts = self.model._meta
        if object_id is None:
            cancel = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        else:
            cancel = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
        fields = [
            (name, value)
            for name, values in request.POST.lists()
            if name not in NOT_RESENT
            for value in values
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Check before saving",
            "opts": opts,
            "impact": impact,
            "fields": fields,
            "confirm_field": CONFIRM_FIELD,
            "cancel_url": cancel,
            "action_url": request.get_full_path(),
        }
        return TemplateResponse(request, self.impact_template, context)


def _checked_message(impact) -> str:
    return (
        f"Checked against {impact.profiles_checked} golden profile"
        f"{'' if impact.profiles_checked == 1 else 's'} and the last "
        f"{impact.results_checked} result{'' if impact.results_checked == 1 else 's'}: "
        "no winner changes."
    )


def register(site) -> None:
    """Check ratings and criteria too: their admins live in comparisons, which must not know
    the questionnaire, so they are extended here and registered again."""
    for model in (Rating, Criterion):
        model_admin = type(site.get_model_admin(model))
        site.unregister(model)
        site.register(
            model, type(f"Previewed{model_admin.__name__}", (ImpactPreviewAdmin, model_admin), {})
        )
