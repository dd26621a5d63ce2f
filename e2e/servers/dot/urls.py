from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
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


@csrf_exempt
def revoke_refresh_tokens(request):
    """For the tests: what an administrator does in the database, marking every live refresh
    token revoked (its access token stays, as editing the row leaves it)."""
    if request.method != "POST":
        return JsonResponse({"error": "POST only"}, status=405)
    count = RefreshToken.objects.filter(revoked__isnull=True).update(revoked=timezone.now())
    return JsonResponse({"revoked": count})


urlpatterns = [
    path("admin/", admin.site.urls),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("api/me", Me.as_view()),
    path("test/state", state),
    path("test/revoke-refresh-tokens", revoke_refresh_tokens),
]
