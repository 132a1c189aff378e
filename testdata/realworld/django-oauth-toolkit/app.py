# One-file Django project with django-oauth-toolkit as provider and resource
# server (its DRF classes and its own ProtectedResourceView).
#   python3 app.py setup   |   python3 app.py serve
import os, sys
from datetime import timedelta
import django
from django.conf import settings

DB = "/tmp/rw-dot.sqlite3"
settings.configure(
    DEBUG=False, SECRET_KEY="rw-dot-secret", ROOT_URLCONF=__name__, ALLOWED_HOSTS=["127.0.0.1"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DB}},
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions",
                    "rest_framework", "oauth2_provider"],
    MIDDLEWARE=["django.contrib.sessions.middleware.SessionMiddleware",
                "django.contrib.auth.middleware.AuthenticationMiddleware"],
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}],
    OAUTH2_PROVIDER={"SCOPES": {"read": "Read", "write": "Write"}},
)
django.setup()

from django.contrib.auth.models import User
from django.http import JsonResponse
from django.urls import include, path
from django.utils import timezone
from oauth2_provider.contrib.rest_framework import OAuth2Authentication, TokenHasScope
from oauth2_provider.models import AccessToken, Application
from oauth2_provider.views import ProtectedResourceView, ScopedProtectedResourceView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

class Me(APIView):
    authentication_classes = [OAuth2Authentication]
    permission_classes = [IsAuthenticated]
    def get(self, request):
        return Response({"user": request.user.username})

class Write(APIView):
    authentication_classes = [OAuth2Authentication]
    permission_classes = [IsAuthenticated, TokenHasScope]
    required_scopes = ["write"]
    def post(self, request):
        return Response({"ok": True})

class Plain(ProtectedResourceView):
    def get(self, request):
        return JsonResponse({"user": request.resource_owner.username})

class PlainWrite(ScopedProtectedResourceView):
    required_scopes = ["write"]
    def get(self, request):
        return JsonResponse({"ok": True})

urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("api/me/", Me.as_view()), path("api/write/", Write.as_view()),
    path("plain/me/", Plain.as_view()), path("plain/write/", PlainWrite.as_view()),
]

def setup():
    from django.core.management import call_command
    if os.path.exists(DB):
        os.remove(DB)
    call_command("migrate", verbosity=0)
    alice = User.objects.create_user("alice", password="secret")
    app = Application.objects.create(name="cli", client_id="cli-app", client_secret="cli-secret",
                                     client_type=Application.CLIENT_CONFIDENTIAL,
                                     authorization_grant_type=Application.GRANT_PASSWORD, user=alice)
    later, earlier = timezone.now() + timedelta(days=3650), timezone.now() - timedelta(hours=1)
    for tok, scope, exp in [("at-read", "read", later), ("at-write", "read write", later),
                            ("at-expired", "read", earlier), ("at-revoke-me", "read", later)]:
        AccessToken.objects.create(user=alice, application=app, token=tok, scope=scope, expires=exp)

if __name__ == "__main__":
    if sys.argv[1] == "setup":
        setup()
    else:
        from django.core.management import call_command
        call_command("runserver", "127.0.0.1:18075", use_reloader=False, use_threading=True)
