from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path
from oauth2_provider.models import RefreshToken
from oauth2_provider.views import ProtectedResourceView


class Me(ProtectedResourceView):
    """A protected view: answers only a live access token."""

    def get(self, request):
        return JsonResponse({"user": request.resource_owner.username})


def state(request):
    """For the tests: the refresh tokens in the database, in order, as revoked or not (no values)."""
    rows = RefreshToken.objects.order_by("id")
    return JsonResponse({"refreshTokens": [{"revoked": r.revoked is not None} for r in rows]})


urlpatterns = [
    path("admin/", admin.site.urls),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("api/me", Me.as_view()),
    path("test/state", state),
]
