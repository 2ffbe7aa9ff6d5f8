"""Who may see which certifying body's completion records.

Two kinds of people read completion records in the admin:

- provider admins (and superusers): anyone holding `records.view_completionrecord`,
  directly or through a group such as "Provider admins", sees every body;
- a body's own staff: members of the body's `staff_group`. Their group needs only
  `wagtailadmin.access_admin`; membership is what opens that body's report and downloads
  to them, and nothing else in the admin (no learners' accounts, pages or quizzes).
"""

from django.db.models import QuerySet

from certifying_bodies.models import CertifyingBody

VIEW_ALL_PERMISSION = "records.view_completionrecord"


def sees_all_bodies(user) -> bool:
    return bool(user and user.is_active and user.has_perm(VIEW_ALL_PERMISSION))


def bodies_visible_to(user) -> QuerySet[CertifyingBody]:
    """The bodies whose completion records `user` may list and export."""
    if not user or not user.is_authenticated or not user.is_active:
        return CertifyingBody.objects.none()
    if sees_all_bodies(user):
        return CertifyingBody.objects.all()
    return CertifyingBody.objects.filter(staff_group__in=user.groups.all())


def can_view_completion_report(user) -> bool:
    return sees_all_bodies(user) or bodies_visible_to(user).exists()
