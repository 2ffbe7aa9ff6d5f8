# Placeholder until the Open Badges work lands (being written now); replaced wholesale.
from django.http import Http404


def issuer_profile(request):
    raise Http404


def credential_json(request, code):
    raise Http404


def credential_jwt(request, code):
    raise Http404


def jwks(request):
    raise Http404
