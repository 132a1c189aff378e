#!/bin/sh
# Installs Tomcat 10 and runs it on 127.0.0.1:18350 with CATALINA_BASE in a
# temp dir and the webapps of this folder (ROOT: BASIC auth, roles, a JSP that
# throws, RateLimitFilter, CorsFilter; digest: DIGEST auth; intranet: RemoteAddrValve).
# Stop: kill $(cat $RUN/tomcat.pid)
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
flock /tmp/apt.lock apt-get install -y -q tomcat10 >/dev/null
RUN=${RUN:-$(mktemp -d /tmp/rw-tomcat.XXXXXX)}
mkdir -p "$RUN/conf" "$RUN/logs" "$RUN/temp" "$RUN/work"
cp /etc/tomcat10/web.xml /etc/tomcat10/logging.properties /etc/tomcat10/catalina.properties "$RUN/conf/"
sed -e "s#HERE#$HERE#g" "$HERE/server.xml" > "$RUN/conf/server.xml"
export CATALINA_HOME=/usr/share/tomcat10 CATALINA_BASE="$RUN" CATALINA_TMPDIR="$RUN/temp"
export JAVA_OPTS="-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
/usr/share/tomcat10/bin/catalina.sh run > "$RUN/logs/console.log" 2>&1 &
echo $! > "$RUN/tomcat.pid"
for i in $(seq 60); do
  grep -q "Server startup" "$RUN/logs/console.log" 2>/dev/null && break
  sleep 1
done
echo "RUN=$RUN"
