"""The site's information pages, linked from every page's footer.

`setup_site` creates each one once (by slug) as an ordinary information page; editors
change the text in the admin afterwards and a re-run leaves their edits alone.
"""

from django.db import transaction

from .models import StandardPage

INFO_PAGES = [
    (
        "about",
        "About",
        "<p>CEC Platform offers short, self-paced continuing-education modules for personal "
        "trainers and soft-tissue therapists. Each module is written from published "
        "articles, which it lists as references, and ends with a graded quiz.</p>"
        "<p>Open every lesson and pass the quiz to receive a certificate of completion. "
        "Anyone can check a certificate by its code on the verification page.</p>",
    ),
    (
        "contact",
        "Contact",
        "<p>For questions about a module, a quiz result, your account or a certificate, "
        "e-mail the provider at the address shown under <em>Provider</em> on any "
        "certificate's verification page.</p>"
        "<p>If your question is about a certificate, include its code. To change the name "
        "printed on future certificates, update your profile; to correct a certificate "
        "already issued, ask us to reissue it.</p>",
    ),
    (
        "terms",
        "Terms of use",
        "<p>These pages describe how the platform works. They do not replace the rules of "
        "your certifying body or licensing board.</p>"
        "<ul><li>Your account is for you alone; the name on your profile is printed on your "
        "certificates.</li>"
        "<li>Each quiz shows its rules (pass mark, attempts, waiting time, time limit) "
        "before you start.</li>"
        "<li>A certificate is issued when you have opened every lesson and passed the quiz. "
        "A certificate issued in error can be revoked; its verification page then says "
        "so and gives the reason.</li>"
        "<li>Whether the credits count toward your renewal is decided by your certifying "
        "body.</li></ul>",
    ),
    (
        "privacy",
        "Privacy",
        "<p>What the platform keeps about you: your e-mail address and name, the numbers "
        "you enter for certifying bodies, the lessons you opened, your quiz attempts and "
        "your certificates.</p>"
        "<p>Who sees it: a certifying body receives the completion records of the courses "
        "it approved (your name, e-mail address, your number with that body, the course, "
        "date, credits and score). A certificate's public verification page shows the "
        "printed name, course, date and status, and never your e-mail address.</p>",
    ),
    (
        "accreditation",
        "Accreditation",
        "<p>Each module page lists the certifying bodies whose approval it holds. A "
        "certificate shows every body whose approval was valid on the completion date, "
        "with our provider number, the course approval number and the credits in that "
        "body's own unit.</p>"
        "<p>Check your body's renewal rules for how many of these credits you may count.</p>",
    ),
]


@transaction.atomic
def ensure_info_pages(home) -> list[StandardPage]:
    """The information pages under the home page, created only where missing."""
    pages = []
    for slug, title, body in INFO_PAGES:
        page = StandardPage.objects.child_of(home).filter(slug=slug).first()
        if page is None:
            page = home.add_child(instance=StandardPage(title=title, slug=slug, body=body))
            page.save_revision().publish()
        pages.append(page)
    return pages
