# Enrollment and LessonProgress now belong to the learning app (its 0001 takes them over
# with the same tables); only Django's state changes here.

from django.db import migrations


def move_content_types(apps, schema_editor):
    # Admin log entries and permissions point at content types; keep them attached.
    ContentType = apps.get_model('contenttypes', 'ContentType')
    for model in ('enrollment', 'lessonprogress'):
        if not ContentType.objects.filter(app_label='learning', model=model).exists():
            ContentType.objects.filter(app_label='courses', model=model).update(app_label='learning')


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('courses', '0001_initial'),
        ('learning', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='Enrollment'),
                migrations.DeleteModel(name='LessonProgress'),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
