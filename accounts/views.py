from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render

from certifying_bodies.models import CertifyingBody, LearnerCredential

from .forms import CredentialForm, ProfileForm


@login_required
def profile(request):
    """Name on certificates, and the learner's numbers with each certifying body."""
    data = request.POST if request.method == "POST" else None
    form = ProfileForm(data, instance=request.user)
    existing = {c.body_id: c for c in LearnerCredential.objects.filter(learner=request.user)}
    credential_forms = [
        CredentialForm(data, prefix=f"body-{body.pk}", body=body, instance=existing.get(body.pk))
        for body in CertifyingBody.objects.order_by("name")
    ]
    if data is not None and form.is_valid() and all(f.is_valid() for f in credential_forms):
        with transaction.atomic():
            form.save()
            for credential_form in credential_forms:
                credential_form.save_for(request.user)
        messages.success(request, "Your profile has been saved.")
        return redirect("profile")
    return render(
        request, "accounts/profile.html", {"form": form, "credential_forms": credential_forms}
    )
