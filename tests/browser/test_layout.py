"""The footer sits at the bottom of the window on a short page."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_footer_stays_at_the_bottom_of_a_short_page(page, url):
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(url("/certificates/"))  # a search box and little else
    box = page.locator("footer.site-footer").bounding_box()
    assert box is not None
    assert abs((box["y"] + box["height"]) - 1000) <= 1, box
