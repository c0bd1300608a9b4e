"""The permission to see the "Content health" report, given to the Editors group.

The report belongs to no model of its own: the permission sits on the scoring settings'
content type. Written out here, not imported: a migration must keep working whatever the
code becomes.
"""

from django.db import migrations

EDITORS_GROUP = "Editors"
CODENAME = "view_content_health"
NAME = "Can view the content health report"


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    # Content types are normally created after all migrations; make sure this one exists.
    content_type, _ = ContentType.objects.get_or_create(
        app_label="questionnaire", model="scoringsettings"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=CODENAME, defaults={"name": NAME}
    )
    group = apps.get_model("auth", "Group").objects.filter(name=EDITORS_GROUP).first()
    if group is not None:
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="questionnaire", codename=CODENAME
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("questionnaire", "0012_method_in_records"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
