# CompletionRecord moved here from certifying_bodies (the layers issue). The table keeps its
# name, so this migration only tells Django's state where the model now lives.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('certificates', '0002_revoke_permission'),
        ('certifying_bodies', '0003_body_staff_group'),
        ('courses', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CompletionRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('completed_on', models.DateField()),
                        ('approval_number', models.CharField(max_length=50)),
                        ('provider_number', models.CharField(blank=True, max_length=50)),
                        ('credits', models.DecimalField(decimal_places=2, max_digits=6)),
                        ('credit_unit', models.CharField(max_length=30)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('body', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='records', to='certifying_bodies.certifyingbody')),
                        ('certificate', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='records', to='certificates.certificate')),
                        ('course', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='courses.coursepage')),
                        ('learner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'certifying_bodies_completionrecord',
                        'ordering': ['completed_on', 'id'],
                        'indexes': [models.Index(fields=['body', 'completed_on', 'id'], name='record_body_date')],
                        'constraints': [models.UniqueConstraint(fields=('certificate', 'body'), name='one_record_per_body')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
