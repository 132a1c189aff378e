#!/bin/sh
# Records the web server, proxy and servlet container folders again:
# for each NAME given (all of them without arguments) it runs NAME/start.sh
# with a fresh temp dir, records NAME/cases.json against it, and stops every
# process whose pid start.sh left in that dir.
#   sh testdata/realworld/regen-web.sh [NAME...]
set -e
cd "$(dirname "$0")/../.."
base() {
  case "$1" in
    nginx) echo http://127.0.0.1:18300 ;;
    apache2) echo http://127.0.0.1:18310 ;;
    apache2-ratelimit) echo http://127.0.0.1:18313 ;;
    apache2-openidc) echo http://127.0.0.1:18315 ;;
    apache2-oauth2) echo http://127.0.0.1:18318 ;;
    lighttpd) echo http://127.0.0.1:18320 ;;
    caddy) echo http://127.0.0.1:18330 ;;
    squid) echo http://127.0.0.1:18349 ;;
    tinyproxy) echo http://127.0.0.1:18347 ;;
    tomcat10) echo http://127.0.0.1:18350 ;;
    jetty9) echo http://127.0.0.1:18360 ;;
    haproxy) echo http://127.0.0.1:18370 ;;
    varnish) echo http://127.0.0.1:18380 ;;
    *) return 1 ;;
  esac
}
names=${*:-"nginx apache2 apache2-ratelimit apache2-openidc apache2-oauth2 lighttpd caddy squid tinyproxy tomcat10 jetty9 haproxy varnish"}
for n in $names; do
  b=$(base "$n") || { echo "unknown folder $n" >&2; exit 1; }
  run=$(mktemp -d "/tmp/rw-$n.XXXXXX")
  RUN=$run sh "testdata/realworld/$n/start.sh"
  rc=0
  go run ./testdata/realworld/record -dir "testdata/realworld/$n" -base "$b" || rc=$?
  for p in "$run"/*.pid; do kill "$(cat "$p")" 2>/dev/null || true; done
  [ $rc -eq 0 ] || exit $rc
done
