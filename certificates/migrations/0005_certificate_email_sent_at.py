from django.db import migrations, models
from django.db.models import F


def mark_existing_as_sent(apps, schema_editor):
    # Certificates issued before this field had their e-mail sent (or tried) at issue.
    Certificate = apps.get_model("certificates", "Certificate")
    Certificate.objects.filter(email_sent_at__isnull=True).update(email_sent_at=F("issued_at"))


class Migration(migrations.Migration):

    dependencies = [
        ("certificates", "0004_module_certificate_policy"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="email_sent_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(mark_existing_as_sent, migrations.RunPython.noop),
    ]
