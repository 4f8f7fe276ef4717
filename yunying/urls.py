from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from yunying.api_urls import api_urlpatterns

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's set-up script as a file (no inline script: CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/v1/", include(api_urlpatterns)),
    path("regulations/", include("yunying.policy.urls")),
    path("approvals/", include("yunying.approvals.urls")),
    path("masterdata/", include("yunying.masterdata.urls")),
    path("inventory/", include("yunying.inventory.urls")),
    path("procurement/", include("yunying.procurement.urls")),
    path("sales/", include("yunying.sales.urls")),
    path("service/", include("yunying.service.urls")),
    path("crm/", include("yunying.crm.urls")),
    path("survey/", include("yunying.service.survey_urls")),  # customers, no account
    path("", include("yunying.core.urls")),
]

handler400 = "yunying.core.errorpages.bad_request"
handler403 = "yunying.core.errorpages.permission_denied"
handler404 = "yunying.core.errorpages.page_not_found"
handler500 = "yunying.core.errorpages.server_error"
