"""Editors keep the golden profiles, and see the content's history (to revert a change they
also need the change permission on what they revert, which they have).

Written out here, not imported: a migration must keep working whatever the code becomes.
"""

from django.db import migrations

EDITORS_GROUP = "Editors"
GRANTS = {
    "questionnaire": [
        f"{action}_goldenprofile" for action in ("add", "change", "delete", "view")
    ],
    "reversion": ["view_revision", "view_version"],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    group = apps.get_model("auth", "Group").objects.filter(name=EDITORS_GROUP).first()
    Permission = apps.get_model("auth", "Permission")
    for app_label, codenames in GRANTS.items():
        # Permissions are normally created after all migrations; make sure these exist now.
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=EDITORS_GROUP).first()
    if group is None:
        return
    for app_label, codenames in GRANTS.items():
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label=app_label, codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("questionnaire", "0014_golden_profiles"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
