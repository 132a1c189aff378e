# One-file Django project with django-cors-headers: one origin allowed,
# credentials not allowed (CORS_ALLOW_CREDENTIALS defaults to False).
import sys
import django
from django.conf import settings

settings.configure(
    DEBUG=False, SECRET_KEY="rw-cors-secret", ROOT_URLCONF=__name__, ALLOWED_HOSTS=["127.0.0.1"],
    INSTALLED_APPS=["corsheaders"],
    MIDDLEWARE=["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"],
    CORS_ALLOWED_ORIGINS=["https://app.example.test"],
    CORS_URLS_REGEX=r"^/api/.*$",
)
django.setup()

from django.http import JsonResponse
from django.urls import path

def me(request):
    if request.headers.get("Authorization") != "Bearer tok-alice-123" and request.COOKIES.get("sessionid") != "s-alice":
        return JsonResponse({"detail": "Authentication credentials were not provided."}, status=401)
    return JsonResponse({"user": "alice"})

urlpatterns = [path("api/me/", me), path("internal/me/", me)]

if __name__ == "__main__":
    from django.core.management import call_command
    call_command("runserver", "127.0.0.1:18078", use_reloader=False)
