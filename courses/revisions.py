"""Saving pages as Wagtail revisions, shared by every importer."""


def save_page_revision(page, parent, *, publish, user):
    """Save a new revision of `page` (adding it under `parent` when new); publish if asked."""
    if page.pk is None:
        page.live = False
        parent.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return page
