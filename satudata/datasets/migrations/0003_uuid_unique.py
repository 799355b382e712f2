import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("datasets", "0002_uuid")]

    operations = [
        migrations.AlterField(
            model_name="dataset",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
        ),
    ]
