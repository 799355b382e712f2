# A random uuid (made unique in the next migration, in its own transaction) for every existing dataset (a single default would give them all the same one).
import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    Model = apps.get_model("datasets", "dataset")
    for pk in Model.objects.values_list("pk", flat=True):
        Model.objects.filter(pk=pk).update(uuid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("datasets", "0001_initial")]

    operations = [
        migrations.AddField(model_name="dataset", name="uuid", field=models.UUIDField(null=True, editable=False)),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
