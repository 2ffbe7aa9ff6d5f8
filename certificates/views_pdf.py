# Placeholder until the PDF work lands (being written now); replaced wholesale.
from django.http import Http404


def certificate_pdf(request, code):
    raise Http404
