"""Editors manage the languages and tags answers' rules target, as they manage frameworks.

Written out here, not imported: a migration must keep working whatever the code becomes.
"""

from django.db import migrations

EDITORS_GROUP = "Editors"
CODENAMES = [
    f"{action}_{model}"
    for model in ("language", "tag")
    for action in ("add", "change", "delete", "view")
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; make sure these exist now.
    app_config = apps.get_app_config("comparisons")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group = apps.get_model("auth", "Group").objects.filter(name=EDITORS_GROUP).first()
    if group is None:
        return
    permissions = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="comparisons", codename__in=CODENAMES
    )
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=EDITORS_GROUP).first()
    if group is not None:
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="comparisons", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("questionnaire", "0010_starting_content_rules"),
        ("comparisons", "0006_catalogue_traits"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
