"""django-allauth's adapter, told to find the client's address the way the rest of the site does."""

from allauth.account.adapter import DefaultAccountAdapter

from core.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        return client_ip(request)
