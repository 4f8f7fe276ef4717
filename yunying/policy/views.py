"""Regulation pages: list, versions with clauses and rules, the lifecycle buttons, comments,
acknowledgement and who has not acknowledged (POL-1, POL-3)."""

from __future__ import annotations

import yaml
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunying.core import access, workflow
from yunying.core.readable import Names
from yunying.core.web import actor, attempt, employee_view, redirect, require

from . import catalogue, readable, selectors, services
from .forms import ClauseForm, CommentForm, RegulationForm, RuleForm, VersionForm
from .models import Acknowledgement, Clause, Regulation, RegulationVersion, Rule


@employee_view
def regulation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "policy/regulation_list.html",
        {
            "regulations": selectors.regulations().prefetch_related("applies_to"),
            "can_manage": access.has_perm(actor(request), services.MANAGE),
        },
    )


@employee_view
def regulation_new(request: HttpRequest) -> HttpResponse:
    require(request, services.MANAGE)
    form = RegulationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        version = attempt(
            request,
            lambda: services.create_regulation(actor=actor(request), **form.cleaned_data),
            form=form,
        )
        if version is not None:
            return redirect(request, "policy:version", pk=version.pk)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": _("New regulation"), "back": "policy:list"},
    )


@employee_view
def regulation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    regulation = get_object_or_404(Regulation, pk=pk)
    version = (
        selectors.current_version(regulation) or regulation.versions.order_by("-version_no").first()
    )
    if version is None:
        raise Http404
    return redirect(request, "policy:version", pk=version.pk)


@employee_view
@require_POST
def new_version(request: HttpRequest, pk: int) -> HttpResponse:
    regulation = get_object_or_404(Regulation, pk=pk)
    version = attempt(
        request,
        lambda: services.new_draft_version(
            regulation=regulation, actor=actor(request), summary=request.POST.get("summary", "")
        ),
        success=_("A new draft version was started from the one in force."),
    )
    if version is None:
        return redirect(request, "policy:regulation", pk=pk)
    return redirect(request, "policy:version", pk=version.pk)


@employee_view
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    me = actor(request)
    version = get_object_or_404(
        RegulationVersion.objects.select_related(
            "regulation__owner_department", "created_by"
        ).prefetch_related("clauses__rules"),
        pk=pk,
    )
    clauses = version.clauses.all()  # with their rules, read once for the page and its summary
    can_manage = access.has_perm(me, services.MANAGE)
    names = Names()
    rules = []
    for rule in version.rules.select_related("clause"):
        spec = catalogue.spec(rule.key)
        rules.append(
            {
                "rule": rule,
                "spec": spec,
                "reads": readable.describe(spec, rule.value, names),
            }
        )
    return render(
        request,
        "policy/version_detail.html",
        {
            "version": version,
            "regulation": version.regulation,
            "clauses": clauses,
            "rules": rules,
            "versions": version.regulation.versions.order_by("-version_no"),
            "comments": version.comments.select_related("author", "clause"),
            "can_manage": can_manage,
            "in_scope": selectors.in_scope(version.regulation, me),
            "acknowledged": Acknowledgement.objects.filter(version=version, employee=me).first(),
            "ack_count": version.acknowledgements.count(),
            "scope_count": selectors.employees_in_scope(version.regulation).count(),
            "can_see_acks": access.has_perm(me, "policy.view_acknowledgements"),
            "comment_form": CommentForm(version=version),
            "request_obj": workflow.latest_request(version),
        },
    )


@employee_view
def version_source(request: HttpRequest, pk: int) -> HttpResponse:
    """The version's rules as YAML, as plain text for those who edit regulations; the page
    itself reads them as sentences."""
    require(request, services.MANAGE)
    version = get_object_or_404(RegulationVersion, pk=pk)
    rules = {rule.key: rule.value for rule in version.rules.order_by("key")}
    text = yaml.safe_dump(rules, allow_unicode=True, sort_keys=False)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="regulation-{version.pk}.yaml"'
    return response


@employee_view
def version_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, services.MANAGE)
    version = get_object_or_404(RegulationVersion, pk=pk)
    form = VersionForm(
        request.POST or None,
        initial={
            "summary": version.summary,
            "body": version.body,
            "review_due": version.review_due,
        },
    )
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            request,
            lambda: services.update_version(
                version=version, actor=actor(request), **form.cleaned_data
            ),
            form=form,
        )
        if saved is not None:
            return redirect(request, "policy:version", pk=pk)
    return render(
        request,
        "policy/version_form.html",
        {"form": form, "version": version, "title": _("Edit version")},
    )


@employee_view
def clause_form(request: HttpRequest, pk: int, clause_pk: int | None = None) -> HttpResponse:
    require(request, services.MANAGE)
    version = get_object_or_404(RegulationVersion, pk=pk)
    clause = get_object_or_404(Clause, pk=clause_pk, version=version) if clause_pk else None
    initial = (
        {
            "clause_id": clause.clause_id,
            "title": clause.title,
            "text": clause.text,
            "sort_order": clause.sort_order,
        }
        if clause
        else {"sort_order": version.clauses.count() + 1}
    )
    form = ClauseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        data["sort_order"] = data["sort_order"] or 0
        if attempt(
            request,
            lambda: services.save_clause(
                version=version, actor=actor(request), clause=clause, **data
            ),
            form=form,
        ):
            return redirect(request, "policy:version", pk=pk)
    return render(
        request,
        "policy/version_form.html",
        {"form": form, "version": version, "title": _("Clause")},
    )


@employee_view
def rule_form(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, services.MANAGE)
    version = get_object_or_404(RegulationVersion, pk=pk)
    key = request.GET.get("key", "")
    existing = version.rules.filter(key=key).first() if key else None
    initial = {}
    if existing is not None:
        initial = {
            "clause": existing.clause,
            "key": existing.key,
            "value": yaml.safe_dump(existing.value, allow_unicode=True, sort_keys=False),
            "note": existing.note,
        }
    form = RuleForm(request.POST or None, version=version, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            request,
            lambda: services.save_rule(version=version, actor=actor(request), **data),
            form=form,
        ):
            return redirect(request, "policy:version", pk=pk)
    return render(
        request,
        "policy/version_form.html",
        {
            "form": form,
            "version": version,
            "title": _("Rule"),
            "catalogue": catalogue.specs(),
        },
    )


@employee_view
@require_POST
def delete_item(request: HttpRequest, pk: int, kind: str, item_pk: int) -> HttpResponse:
    me = actor(request)
    if kind == "clause":
        clause = get_object_or_404(Clause, pk=item_pk, version_id=pk)
        attempt(
            request,
            lambda: services.delete_clause(clause=clause, actor=me),
            success=_("Clause removed."),
        )
    elif kind == "rule":
        rule = get_object_or_404(Rule, pk=item_pk, version_id=pk)
        attempt(
            request, lambda: services.delete_rule(rule=rule, actor=me), success=_("Rule removed.")
        )
    else:
        raise Http404(kind)
    return redirect(request, "policy:version", pk=pk)


@employee_view
@require_POST
def lifecycle(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    me = actor(request)
    version = get_object_or_404(RegulationVersion, pk=pk)
    verbs = {
        "open-consultation": (
            services.open_consultation,
            _("Consultation opened; the people in scope were asked for comments."),
        ),
        "close-consultation": (services.close_consultation, _("Consultation closed.")),
        "submit": (services.submit_version, _("Submitted for approval.")),
        "discard": (services.discard_version, _("Version discarded.")),
        "acknowledge": (services.acknowledge, _("Thank you: your acknowledgement is recorded.")),
    }
    if verb not in verbs:
        raise Http404(verb)
    service, message = verbs[verb]
    attempt(request, lambda: service(version=version, actor=me), success=message)
    return redirect(request, "policy:version", pk=pk)


@employee_view
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(RegulationVersion, pk=pk)
    form = CommentForm(request.POST, version=version)
    if form.is_valid():
        attempt(
            request,
            lambda: services.add_comment(
                version=version, actor=actor(request), **form.cleaned_data
            ),
            success=_("Comment recorded."),
        )
    return redirect(request, "policy:version", pk=pk)


@employee_view
def unacknowledged(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "policy.view_acknowledgements")
    version = get_object_or_404(RegulationVersion.objects.select_related("regulation"), pk=pk)
    return render(
        request,
        "policy/unacknowledged.html",
        {
            "version": version,
            "people": selectors.unacknowledged(version),
            "acknowledgements": version.acknowledgements.select_related(
                "employee__department"
            ).order_by("-acknowledged_at"),
        },
    )


@employee_view
def rule_catalogue(request: HttpRequest) -> HttpResponse:
    in_force = {rule.key: rule for rule in selectors.rules_in_force()}
    names = Names()
    entries = []
    for spec in catalogue.specs():
        rule = in_force.get(spec.key)
        reads = readable.describe(spec, rule.value, names) if rule else None
        entries.append((spec, rule, reads, catalogue.KIND_LABELS.get(spec.kind, "")))
    return render(
        request,
        "policy/catalogue.html",
        {
            "entries": entries,
            "can_manage": access.has_perm(actor(request), services.MANAGE),
        },
    )
