"""The administrator's page of notification channels: each department's group robot (企业微信,
钉钉, 飞书) and the recent deliveries by robot and e-mail, with their failures; and each
employee's own choice of e-mail."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..models import ChannelKind, Delivery, DeliveryPreference, Department, DepartmentChannel
from ..services import channels
from ..web import (
    actor,
    attempt,
    employee_view,
    paginate,
    query_string_without_page,
    redirect,
    require,
)


class ChannelForm(forms.Form):
    department = forms.ModelChoiceField(
        queryset=Department.objects.filter(active=True).order_by("path"),
        label=gettext_lazy("Department"),
    )
    kind = forms.ChoiceField(choices=ChannelKind.choices, label=gettext_lazy("Robot"))
    webhook_url = forms.CharField(
        max_length=500,
        label=gettext_lazy("Webhook address"),
        help_text=gettext_lazy("The address the group's robot settings show (http or https)."),
    )
    secret = forms.CharField(
        required=False,
        max_length=200,
        strip=True,
        widget=forms.PasswordInput(render_value=False),
        label=gettext_lazy("Signing secret"),
        help_text=gettext_lazy(
            "DingTalk 加签 or Feishu 签名校验; blank for WeCom. When changing a robot, leave it "
            "blank to keep the secret it has."
        ),
    )
    clear_secret = forms.BooleanField(required=False, label=gettext_lazy("Remove the secret"))
    active = forms.BooleanField(required=False, initial=True, label=gettext_lazy("Active"))


@employee_view
def channel_list(request: HttpRequest) -> HttpResponse:
    require(request, channels.ADMINISTRATOR)
    deliveries = Delivery.objects.select_related("notification", "channel__department")
    state = request.GET.get("state", "")
    if state in Delivery.State.values:
        deliveries = deliveries.filter(state=state)
    return render(
        request,
        "core/channels.html",
        {
            "channels": DepartmentChannel.objects.select_related("department"),
            "page": paginate(request, deliveries),
            "query": query_string_without_page(request),
            "states": Delivery.State.choices,
        },
    )


def _save(request: HttpRequest, form: ChannelForm, channel: DepartmentChannel | None) -> Any:
    data, me = form.cleaned_data, actor(request)
    if channel is None:
        return attempt(
            request,
            lambda: channels.create_channel(
                actor=me,
                department=data["department"],
                kind=data["kind"],
                webhook_url=data["webhook_url"],
                secret=data["secret"],
                active=data["active"],
            ),
            form=form,
            success=_("Robot saved."),
        )
    secret = "" if data["clear_secret"] else (data["secret"] or None)
    return attempt(
        request,
        lambda: channels.update_channel(
            actor=me,
            channel=channel,
            kind=data["kind"],
            webhook_url=data["webhook_url"],
            secret=secret,
            active=data["active"],
        ),
        form=form,
        success=_("Robot saved."),
    )


@employee_view
def channel_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(request, channels.ADMINISTRATOR)
    channel = get_object_or_404(DepartmentChannel, pk=pk) if pk else None
    initial: dict[str, Any] = {"active": True}
    if channel is not None:
        initial = {
            "department": channel.department,
            "kind": channel.kind,
            "webhook_url": channel.webhook_url,
            "active": channel.active,
        }
    form = ChannelForm(request.POST or None, initial=initial)
    if channel is not None:
        form.fields["department"].disabled = True
    else:
        del form.fields["clear_secret"]
    if request.method == "POST" and form.is_valid() and _save(request, form, channel):
        return redirect(request, "core:channels")
    title = _("Change the robot") if channel else _("Add a robot")
    return render(
        request, "core/form.html", {"form": form, "title": title, "back": "core:channels"}
    )


@require_POST
@employee_view
def channel_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, channels.ADMINISTRATOR)
    channel = get_object_or_404(DepartmentChannel, pk=pk)
    me = actor(request)
    attempt(
        request,
        lambda: channels.delete_channel(actor=me, channel=channel),
        success=_("Robot removed."),
    )
    return redirect(request, "core:channels")


class PreferenceForm(forms.Form):
    email = forms.BooleanField(
        required=False, label=gettext_lazy("Send my notifications by e-mail")
    )
    language = forms.ChoiceField(
        required=False,
        choices=[("", gettext_lazy("The site's language")), *settings.LANGUAGES],
        label=gettext_lazy("Language of the e-mails"),
    )


@employee_view
def my_preference(request: HttpRequest) -> HttpResponse:
    """The employee's own choice of e-mail (to the address on their employee record)."""
    me = actor(request)
    current = DeliveryPreference.objects.filter(employee=me).first()
    initial = {"email": current.email, "language": current.language} if current else {"email": True}
    form = PreferenceForm(request.POST or None, initial=initial)
    if not me.email:
        form.fields["email"].help_text = _("Your employee record has no e-mail address yet.")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: channels.set_preference(
                actor=me, email=data["email"], language=data["language"]
            ),
            form=form,
            success=_("Your choice is saved."),
        )
        if done is not None:
            return redirect(request, "core:my_delivery")
    title = _("Notifications by e-mail")
    return render(request, "core/form.html", {"form": form, "title": title})
