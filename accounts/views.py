from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render

from .forms import ProfileForm
from .profile import profile_sections


@login_required
def profile(request):
    """Name on certificates, plus the sections other apps add (numbers with each body)."""
    data = request.POST if request.method == "POST" else None
    form = ProfileForm(data, instance=request.user)
    sections = profile_sections(request, data)
    if data is not None and form.is_valid() and all(s.is_valid() for s in sections):
        with transaction.atomic():
            form.save()
            for section in sections:
                section.save()
        messages.success(request, "Your profile has been saved.")
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form, "sections": sections})
