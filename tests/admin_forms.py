"""The admin's change forms as a browser posts them back, for tests that save through the
admin."""

import datetime

from django.urls import reverse


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _post_value(value):
    if isinstance(value, bool):
        return "on" if value else None
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def change_form_data(response) -> dict:
    """The POST data a browser would send back for the rendered admin change form."""
    forms = [response.context["adminform"].form]
    for inline_admin_formset in response.context["inline_admin_formsets"]:
        formset = inline_admin_formset.formset
        forms += [formset.management_form, *formset.forms]
    data = {}
    for form in forms:
        for name, field in form.fields.items():
            value = _post_value(form[name].value())
            if value is not None:
                data[form.add_prefix(name)] = value
            if field.show_hidden_initial:  # the hidden "initial-…" input beside it
                data[form.add_initial_prefix(name)] = _post_value(form[name].initial)
    return data


def form_errors(response) -> str:
    if response.context is None or "adminform" not in response.context:
        return ""
    errors = [response.context["adminform"].form.errors]
    for inline in response.context["inline_admin_formsets"]:
        errors += [inline.formset.errors, inline.formset.non_form_errors()]
    return repr(errors)
