"""The staff analytics page: what visitors answer and get, over a period (see analytics)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from questionnaire.analytics import analyse
from questionnaire.models import Submission

# Who may see it: those who may read results (editors do).
PERMISSION = "questionnaire.view_submission"
CHART_WIDTH = 100  # the bars' scale, in percent of the chart


class PeriodForm(forms.Form):
    start = forms.DateField(label="From", required=False, widget=forms.DateInput({"type": "date"}))
    end = forms.DateField(label="To", required=False, widget=forms.DateInput({"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError("The period must start before it ends.")
        return cleaned

    def period(self, submissions):
        if self.cleaned_data.get("start"):
            submissions = submissions.filter(created_at__date__gte=self.cleaned_data["start"])
        if self.cleaned_data.get("end"):
            submissions = submissions.filter(created_at__date__lte=self.cleaned_data["end"])
        return submissions


def bars(counts) -> list[dict]:
    """Rows of a bar chart: label, count and the bar's length in percent of the longest."""
    items = list(counts)
    top = max((count for _, count in items), default=0) or 1
    return [
        {"label": label, "count": count, "width": CHART_WIDTH * count / top}
        for label, count in items
    ]


def analytics_view(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    form = PeriodForm(request.GET if request.GET else None)
    submissions = Submission.objects.all()
    status = 200
    if form.is_bound and form.is_valid():
        submissions = form.period(submissions)
    elif form.is_bound:
        status = 400
        submissions = submissions.none()
    found = analyse(submissions)
    context = {
        **admin.site.each_context(request),
        "title": "Visitors' answers and results",
        "form": form,
        "found": found,
        "per_day": bars((day.isoformat(), count) for day, count in found.per_day),
        "outcomes": bars(found.outcomes.most_common()),
        "answers": [
            (question, bars(counts.most_common())) for question, counts in found.answers.items()
        ],
        "decisiveness": [
            {"question": q, "answered": n, "decisive": d, "share": 100 * share}
            for q, n, d, share in found.decisiveness()
        ],
    }
    return render(request, "admin/analytics.html", context, status=status)
