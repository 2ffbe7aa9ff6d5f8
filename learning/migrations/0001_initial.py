# Enrollment and LessonProgress moved here from courses (the layers issue). The tables keep
# their names, so this migration only tells Django's state where the models now live.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('courses', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Enrollment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('enrolled_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('course', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='enrollments', to='courses.coursepage')),
                        ('learner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='enrollments', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'courses_enrollment',
                        'ordering': ['-enrolled_at'],
                        'constraints': [models.UniqueConstraint(fields=('learner', 'course'), name='one_enrollment_per_course')],
                    },
                ),
                migrations.CreateModel(
                    name='LessonProgress',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('first_opened_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('last_opened_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('learner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='lesson_progress', to=settings.AUTH_USER_MODEL)),
                        ('lesson', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='progress', to='courses.lessonpage')),
                    ],
                    options={
                        'db_table': 'courses_lessonprogress',
                        'verbose_name_plural': 'lesson progress',
                        'constraints': [models.UniqueConstraint(fields=('learner', 'lesson'), name='one_progress_per_lesson')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
