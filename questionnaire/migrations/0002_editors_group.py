"""Create the "Editors" group and the single scoring-settings row.

The group holds exactly the permissions content editing needs.

Editors keep the content (frameworks, criteria, ratings, snippets, the questionnaire and
its effects) but manage no users, groups or permissions, and only read submissions.
"""

from django.db import migrations

EDITORS_GROUP = "Editors"
FULL = ("add", "change", "delete", "view")
EDITOR_PERMISSIONS = {
    "comparisons": {
        "framework": FULL,
        "criterion": FULL,
        "rating": FULL,
        "advicesnippet": FULL,
    },
    "questionnaire": {
        "section": FULL,
        "question": FULL,
        "option": FULL,
        "importanceeffect": FULL,
        "fiteffect": FULL,
        "dealbreaker": FULL,
        "scoringsettings": ("change", "view"),
        "submission": ("view",),
    },
}


def create_editors_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    codenames = [
        (app_label, f"{action}_{model}")
        for app_label, models in EDITOR_PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    ]
    permissions = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in codenames
    ]
    group.permissions.set(permissions)


def create_scoring_settings(apps, schema_editor):
    apps.get_model("questionnaire", "ScoringSettings").objects.get_or_create(pk=1)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("comparisons", "0001_initial"),
        ("questionnaire", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_editors_group, remove_editors_group),
        migrations.RunPython(create_scoring_settings, migrations.RunPython.noop),
    ]
