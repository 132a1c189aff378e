#!/bin/sh
# Installs Jetty 9 and runs it on 127.0.0.1:18360 with jetty.base in a temp
# dir, deploying this folder's webapps (BASIC auth with a HashLoginService,
# DoSFilter, CrossOriginFilter, ProxyServlet, a JSP that throws). A listener on 18388 that never
# answers stands in for a slow upstream; nothing listens on 18389.
# Stop: kill $(cat $RUN/jetty.pid) $(cat $RUN/slow.pid)
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
flock /tmp/apt.lock apt-get install -y -q jetty9 >/dev/null
RUN=${RUN:-$(mktemp -d /tmp/rw-jetty.XXXXXX)}
mkdir -p "$RUN/work"
ln -sfn "$HERE/webapps" "$RUN/webapps"
cat > "$RUN/start.ini" <<INI
--module=server,http,deploy,jsp,servlets,client,security
--lib=/usr/share/jetty9/lib/jetty-proxy-\${jetty.version}.jar
jetty.http.host=127.0.0.1
jetty.http.port=18360
jetty.threadPool.minThreads=4
jetty.threadPool.maxThreads=20
INI
python3 -c 'import socket
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)
s.bind(("127.0.0.1",18388)); s.listen(8); c=[]
while True: c.append(s.accept()[0])' &
echo $! > "$RUN/slow.pid"
cd "$RUN"
java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.io.tmpdir="$RUN/work" \
  -Dcorpus.realm="$HERE/realm.properties" \
  -jar /usr/share/jetty9/start.jar jetty.home=/usr/share/jetty9 jetty.base="$RUN" > "$RUN/jetty.log" 2>&1 &
echo $! > "$RUN/jetty.pid"
for i in $(seq 60); do
  grep -q "Started @" "$RUN/jetty.log" 2>/dev/null && break
  sleep 1
done
echo "RUN=$RUN"
