# CompletionRecord now belongs to the records app (its 0001 takes it over with the same
# table); only Django's state changes here.

from django.db import migrations


def move_content_type(apps, schema_editor):
    # Admin log entries (exports are audited) point at content types; keep them attached.
    ContentType = apps.get_model('contenttypes', 'ContentType')
    if not ContentType.objects.filter(app_label='records', model='completionrecord').exists():
        ContentType.objects.filter(app_label='certifying_bodies', model='completionrecord').update(
            app_label='records'
        )


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('certifying_bodies', '0003_body_staff_group'),
        ('records', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='CompletionRecord')],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
    ]
