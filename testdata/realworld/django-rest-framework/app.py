# One-file Django project with Django REST framework's stock authentication,
# permission and throttle classes.  python3 app.py setup | PORT debug|prod
import os, sys
import django
from django.conf import settings

DEBUG = len(sys.argv) > 2 and sys.argv[2] == "debug"
settings.configure(
    DEBUG=DEBUG, SECRET_KEY="rw-django-secret", ROOT_URLCONF=__name__, ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "/tmp/rw-drf.sqlite3"}},
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions",
                    "rest_framework", "rest_framework.authtoken"],
    MIDDLEWARE=["django.contrib.sessions.middleware.SessionMiddleware",
                "django.middleware.common.CommonMiddleware",
                "django.contrib.auth.middleware.AuthenticationMiddleware"],
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}],
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    REST_FRAMEWORK={"DEFAULT_THROTTLE_RATES": {"user": "2/minute", "anon": "2/minute"}},
    LOGIN_URL="/accounts/login/",
)
django.setup()

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.views.generic import RedirectView
from rest_framework.authentication import BasicAuthentication, SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.permissions import DjangoObjectPermissions, IsAdminUser, IsAuthenticated
from rest_framework.generics import RetrieveAPIView
from rest_framework.serializers import ModelSerializer
from django.contrib.auth.models import Group
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.exceptions import NotFound

def auth(*classes, perms=(IsAuthenticated,), throttle=()):
    def wrap(f):
        f = throttle_classes(list(throttle))(f)
        f = permission_classes(list(perms))(f)
        f = authentication_classes(list(classes))(f)
        return api_view(["GET", "POST"])(f)
    return wrap

@auth(TokenAuthentication)
def token_me(request):
    return Response({"user": request.user.username})

@auth(BasicAuthentication)
def basic_me(request):
    return Response({"user": request.user.username})

@auth(SessionAuthentication)
def session_me(request):
    return Response({"user": request.user.username})

@auth(TokenAuthentication, perms=(IsAdminUser,))
def admin_users(request):
    return Response([u.username for u in User.objects.all()])

@auth(TokenAuthentication, throttle=(UserRateThrottle,))
def search(request):
    return Response({"results": []})

@auth(TokenAuthentication)
def order(request, oid):
    raise NotFound()

@auth(TokenAuthentication)
def report(request):
    return Response({"total": sum(int(x) for x in ["1", "two"])})

class GroupSerializer(ModelSerializer):
    class Meta:
        model = Group
        fields = ["id", "name"]

class ViewObjectPermissions(DjangoObjectPermissions):
    # as DRF's docs suggest, reading needs the view permission on the object too
    perms_map = dict(DjangoObjectPermissions.perms_map, GET=["%(app_label)s.view_%(model_name)s"])

class GroupDetail(RetrieveAPIView):
    # DjangoObjectPermissions answers 404 to a user who may not even read the object
    authentication_classes = [TokenAuthentication]
    permission_classes = [ViewObjectPermissions]
    queryset = Group.objects.all()
    serializer_class = GroupSerializer

@login_required
def dashboard(request):
    return HttpResponse("<h1>Dashboard</h1>")

def login_page(request):
    return HttpResponse("<html><head><title>Log in</title></head><body><form method=post>"
                        "<input name=username><input name=password type=password></form></body></html>")

def plain_crash(request):
    raise ConnectionError("could not connect to server: Connection refused (redis at 127.0.0.1:18099)")

urlpatterns = [
    path("api/token/me/", token_me), path("api/basic/me/", basic_me), path("api/session/me/", session_me),
    path("api/admin/users/", admin_users), path("api/search/", search), path("api/orders/<int:oid>/", order),
    path("api/report/", report), path("dashboard/", dashboard), path("accounts/login/", login_page),
    path("crash/", plain_crash), path("api/groups/<int:pk>/", GroupDetail.as_view()),
    # the API moved to the canonical host name
    path("api/v1/me/", RedirectView.as_view(url="http://localhost:18070/api/token/me/", permanent=True)),
    path("api/v1/basic/me/", RedirectView.as_view(url="http://localhost:18070/api/basic/me/")),
]

def setup():
    from django.core.management import call_command
    if os.path.exists("/tmp/rw-drf.sqlite3"):
        os.remove("/tmp/rw-drf.sqlite3")
    call_command("migrate", verbosity=0)
    alice = User.objects.create_user("alice", password="secret")
    Token.objects.create(user=alice, key="9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b")
    root = User.objects.create_user("root", password="rootpw", is_staff=True, is_superuser=True)
    Group.objects.create(name="finance")
    from django.contrib.auth.models import Permission
    alice.user_permissions.add(Permission.objects.get(codename="view_group"))  # model-wide, not per object
    Token.objects.create(user=root, key="1111b09199c62bcf9418ad846dd0e4bbdfc6ee4b")
    carol = User.objects.create_user("carol", password="secret", is_active=False)
    Token.objects.create(user=carol, key="2222b09199c62bcf9418ad846dd0e4bbdfc6ee4b")
    dave = User.objects.create_user("dave", password="secret")
    Token.objects.create(user=dave, key="3333b09199c62bcf9418ad846dd0e4bbdfc6ee4b").delete()  # logged out

if __name__ == "__main__":
    if sys.argv[1] == "setup":
        setup()
    else:
        from django.core.management import call_command
        call_command("runserver", f"127.0.0.1:{sys.argv[1]}", use_reloader=False, use_threading=True)
