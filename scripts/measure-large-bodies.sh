#!/usr/bin/env bash
# measure-large-bodies.sh: the end-to-end figures of large responses, with
# the built binary in a real terminal (tmux, 160×45) against the generated
# bodies of internal/bodygen/serve on loopback:
#
#   first frame with a URL given (no lab started), and with none (the lab)
#   first body line after s, for 10 MiB of indented JSON and 50 MiB on one line
#   peak RSS (VmHWM) once the body is in, for 10 MiB, 50 MiB and 1 GiB
#   for 1 GiB: G to its last line, / to the start of that line (no other
#   line holds it),
#   and esc on a search that reads the whole file, to the screen saying so
#
# Times are from the keys sent to the screen showing the result, polled
# every few milliseconds with tmux capture-pane, so they include the
# terminal's share and up to one poll. Run from anywhere in the tree:
#
#   scripts/measure-large-bodies.sh            # RUNS=5 by default
#   RUNS=9 PORT=18431 scripts/measure-large-bodies.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
port=${PORT:-18431}
base="http://127.0.0.1:$port"
work=$(mktemp -d)
sess="measure$$"
# A tmux server of the script's own, kept up by a session that only waits:
# other tmux users are left alone, and no session of ours races the
# server's exit when the last one is killed.
tmux() { command tmux -L "$sess" "$@"; }
go build -o "$work/authlens" .
go build -o "$work/serve" ./internal/bodygen/serve
"$work/serve" -addr "127.0.0.1:$port" >/dev/null &
serve_pid=$!
cleanup() {
	tmux kill-server 2>/dev/null || true
	kill "$serve_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
tmux new-session -d -s keep "sleep 100000"
sleep 0.3

ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# wait_for PATTERN [SECONDS]: until the screen holds PATTERN (grep -F).
wait_for() {
	local deadline=$(( $(date +%s) + ${2:-60} ))
	until tmux capture-pane -p -t "$sess" | grep -qF -- "$1"; do
		if [ "$(date +%s)" -gt "$deadline" ]; then
			echo "timed out waiting for: $1" >&2
			tmux capture-pane -p -t "$sess" >&2
			return 1
		fi
		sleep 0.002
	done
}

# open [URL]: authlens in a fresh session, started once the session is up
# so that tmux's own start is not counted; prints the first frame's ms.
# With no URL it opens on the lab.
open() {
	local arg=""
	[ $# -gt 0 ] && arg="'$1'"
	tmux kill-session -t "$sess" 2>/dev/null || true
	tmux new-session -d -s "$sess" -x 160 -y 45 \
		"read go; echo \$\$ > $work/pid; exec $work/authlens $arg"
	sleep 0.3
	local t0
	t0=$(date +%s%N)
	tmux send-keys -t "$sess" Enter
	wait_for "Request" 10
	ms_since "$t0"
}

peak_rss_mib() { awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$(cat "$work/pid")/status"; }

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# send URL: open it, s, and the ms to the first body line and to the whole
# body filed; then the peak RSS.
send() {
	open "$1" >/dev/null
	sleep 0.2
	local t0 first
	t0=$(date +%s%N)
	tmux send-keys -t "$sess" s
	wait_for '"id":' 60
	first=$(ms_since "$t0")
	wait_for "#1 200 OK" 120
	echo "$first $(ms_since "$t0") $(peak_rss_mib)"
}

echo "load before: $(uptime)"
frames=()
for _ in $(seq "$runs"); do frames+=("$(open "$base/json?size=10M")"); done
echo "first frame, URL given (ms): ${frames[*]} · median $(printf '%s\n' "${frames[@]}" | median)"
frames=()
for _ in $(seq "$runs"); do frames+=("$(open)"); done
echo "first frame, the lab (ms): ${frames[*]} · median $(printf '%s\n' "${frames[@]}" | median)"

for body in "json?size=10M" "json-line?size=50M"; do
	first=() rss=()
	for _ in $(seq "$runs"); do
		read -r f w r < <(send "$base/$body")
		first+=("$f") rss+=("$r")
		echo "  $body: first line $f ms, whole body $w ms, peak RSS $r MiB"
	done
	echo "first body line, $body (ms): median $(printf '%s\n' "${first[@]}" | median); peak RSS (MiB): median $(printf '%s\n' "${rss[@]}" | median)"
done

# 1 GiB: the start of its last line ({"id":  NNN,) is on that line only,
# and shows however narrow the pane.
last=$(curl -s "$base/ndjson?size=1G" | tail -n 1 | grep -o '^{"id": *[0-9]*,')
read -r f w r < <(send "$base/ndjson?size=1G")
echo "1 GiB NDJSON: first line $f ms, whole body $w ms, peak RSS so far $r MiB"
tmux send-keys -t "$sess" Tab Tab G
t0=$(date +%s%N)
wait_for "$last" 30
echo "  G to the last line: $(ms_since "$t0") ms"
tmux send-keys -t "$sess" /
tmux send-keys -t "$sess" -l "$last"
sleep 0.2
t0=$(date +%s%N)
tmux send-keys -t "$sess" Enter
wait_for "1/1 matches" 60
echo "  / to \"$last\" on the last line: $(ms_since "$t0") ms"
# A word in no line, all in lower case (case ignored): the whole file is
# read, and esc stops it.
tmux send-keys -t "$sess" / C-u
tmux send-keys -t "$sess" -l "no-such-word-anywhere"
sleep 0.2
tmux send-keys -t "$sess" Enter
wait_for "searching the body on disk" 10
t0=$(date +%s%N)
tmux send-keys -t "$sess" Escape
wait_for "search stopped" 10
echo "  esc on a search of the whole file: $(ms_since "$t0") ms to \"search stopped\""
echo "  peak RSS after G and /: $(peak_rss_mib) MiB"
echo "load after: $(uptime)"
