# A random uuid (made unique in the next migration, in its own transaction) for every existing organization (a single default would give them all the same one).
import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    Model = apps.get_model("accounts", "organization")
    for pk in Model.objects.values_list("pk", flat=True):
        Model.objects.filter(pk=pk).update(uuid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_notification")]

    operations = [
        migrations.AddField(model_name="organization", name="uuid", field=models.UUIDField(null=True, editable=False)),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
