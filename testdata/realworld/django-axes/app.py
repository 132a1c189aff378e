# One-file Django project with django-axes guarding Django's own LoginView.
#   python3 app.py PORT 403|429
import os, sys
from datetime import timedelta
import django
from django.conf import settings

PORT, CODE = int(sys.argv[1]), int(sys.argv[2])
DB = f"/tmp/rw-axes-{PORT}.sqlite3"
settings.configure(
    DEBUG=False, SECRET_KEY="rw-axes-secret", ROOT_URLCONF=__name__, ALLOWED_HOSTS=["127.0.0.1"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DB}},
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions", "axes"],
    MIDDLEWARE=["django.contrib.sessions.middleware.SessionMiddleware",
                "django.contrib.auth.middleware.AuthenticationMiddleware", "axes.middleware.AxesMiddleware"],
    AUTHENTICATION_BACKENDS=["axes.backends.AxesBackend", "django.contrib.auth.backends.ModelBackend"],
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "OPTIONS": {
        "loaders": [("django.template.loaders.locmem.Loader", {"registration/login.html":
            "<html><head><title>Log in</title></head><body>{{ form.non_field_errors }}"
            "<form method=post>{{ form.as_p }}</form></body></html>"})]}}],
    AXES_FAILURE_LIMIT=3, AXES_HTTP_RESPONSE_CODE=CODE, AXES_COOLOFF_TIME=timedelta(minutes=15) if CODE == 429 else None,
    LOGIN_REDIRECT_URL="/home/",
)
django.setup()

from django.contrib.auth.views import LoginView
from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("accounts/login/", LoginView.as_view()), path("home/", lambda r: HttpResponse("home"))]

if __name__ == "__main__":
    from django.contrib.auth.models import User
    from django.core.management import call_command
    if os.path.exists(DB):
        os.remove(DB)
    call_command("migrate", verbosity=0)
    User.objects.create_user("alice", password="secret")
    User.objects.create_user("bob", password="hunter2")
    call_command("runserver", f"127.0.0.1:{PORT}", use_reloader=False)
