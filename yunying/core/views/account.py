"""The signed-in user's own account: changing the password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from .. import security


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change your own password (any signed-in user): the old one, the new one twice, checked
    against the password validators. This browser stays signed in; other sessions and the API
    token end."""

    template_name = "core/password_change.html"
    success_url = reverse_lazy("core:inbox")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        security.change_password(form.user, form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Your password was changed."))
        return HttpResponseRedirect(self.get_success_url())
