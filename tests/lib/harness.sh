# harness.sh - brings up the whole mail path on loopback for integration
# tests and the demo, and always takes it down again.
#
# Source it (bash), then:
#   pd_harness_init [DIR]  work dir (DIR, or a fresh mktemp -d), free ports,
#                          and an EXIT/INT/TERM trap that stops everything
#   pd_pg_start            a throwaway PostgreSQL (or POSTDESK_TEST_PGURL)
#   pd_sink_start          SMTP sink on PD_SINK_PORT; keeps mail in PD_SINK_DIR
#   pd_milter_start        creates a database, runs "postdeskctl migrate",
#                          starts "postdesk -f" on PD_MILTER_PORT
#   pd_postfix_start       an isolated Postfix: smtpd on PD_SMTP_PORT, postdesk
#                          as its milter (unless PD_NO_MILTER=1), everything
#                          it relays goes to the sink
#   pd_edge_start          a second one on PD_EDGE_PORT, the sending MTA: it
#                          queues mail for the support domain and relays it
#                          to the first, retrying a 4xx within seconds
#   pd_host_start NAME     one more MX host under PD_WORK/host-NAME, on the
#                          same database, sink and HMAC key: its own
#                          postdesk (config, ports, tmpdir), Postfix and
#                          edge; pd_host_var NAME VAR prints its PD_* VAR
#   pd_wait_for SECS DESC CMD...   polls CMD until it succeeds
#   pd_sink_wait N [SECS]  waits until the sink holds at least N messages
#   pd_sink_grep PATTERN   prints the sink files whose text matches PATTERN
#   pd_sql SQL             runs one query on the test database, unaligned
#   pd_dump_logs           prints the Postfix, postdesk and sink logs
#   pd_stop_all            stops whatever was started under PD_WORK
#
# The mail path:
#   swaks -> Postfix smtpd :PD_SMTP_PORT --milter--> postdesk :PD_MILTER_PORT
#   Postfix relays every domain to the sink :PD_SINK_PORT (transport
#   "smtp:[127.0.0.1]:PORT"), so the sink keeps the delivered support copy.
#   postdesk's notifier sends confirmations to smtp_url = the same Postfix,
#   which relays them to the sink too: outgoing mail takes the path it takes
#   in production, through the MTA.
#
# A test may set PD_TMPDIR (postdesk's tmpdir; default PD_WORK) and
# PD_CLEANUP (a function run once everything is stopped, before the work
# dir is removed), and pd_queue_len QUEUEDIR counts what a Postfix holds.
#
# Where the programs are: PD_BUILDDIR (default $top_builddir, else the
# current directory) holds postdesk and postdeskctl; PD_SRCDIR (default
# $top_srcdir, else two levels above this file) holds etc/templates.

PD_LIBDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=pg.sh
. "$PD_LIBDIR/pg.sh"

PD_SRCDIR=${PD_SRCDIR:-${top_srcdir:-$(cd "$PD_LIBDIR/../.." && pwd)}}
PD_BUILDDIR=${PD_BUILDDIR:-${top_builddir:-$(pwd)}}
PD_SUPPORT_DOMAIN=${PD_SUPPORT_DOMAIN:-support.example.test}
PD_SUPPORT=${PD_SUPPORT:-support@$PD_SUPPORT_DOMAIN}
PD_AGENT_DOMAIN=${PD_AGENT_DOMAIN:-staff.example.test}
PD_PYTHON=${PD_PYTHON:-/usr/bin/python3}

# Prints a line on stderr, prefixed so it stands out in test logs.
pd_say() {
	echo "harness: $*" >&2
}

# Prints the message and the logs, then exits non-zero.
pd_fail() {
	echo "FAIL: $*" >&2
	pd_dump_logs
	exit 1
}

# Sets up the work dir, ports and the trap that stops everything.
pd_harness_init() {
	if [ -n "${1:-}" ]; then
		PD_WORK=$1
		mkdir -p "$PD_WORK"
	else
		PD_WORK=$(mktemp -d "${TMPDIR:-/tmp}/postdesk-test.XXXXXX") ||
		    return 1
		PD_WORK_OWNED=1
	fi
	PD_WORK=$(cd "$PD_WORK" && pwd)
	chmod 755 "$PD_WORK"
	PD_SINK_DIR=$PD_WORK/sink
	PD_SINK_PORT=$(pd_free_port)
	PD_SMTP_PORT=$(pd_free_port)
	PD_MILTER_PORT=$(pd_free_port)
	PD_CONF=$PD_WORK/postdesk.conf
	PD_PF=$PD_WORK/postfix
	trap 'pd__on_exit $?' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	pd_save_state
}

# Writes the variables another process (e.g. "demo stop") needs.
pd_save_state() {
	{
		for v in PD_WORK PD_SINK_DIR PD_SINK_PORT PD_SMTP_PORT \
		    PD_MILTER_PORT PD_CONF PD_PF PD_DBURL PD_PGURL \
		    PD_EDGE PD_EDGE_PORT PD_BUILDDIR PD_SRCDIR; do
			printf '%s=%q\n' "$v" "${!v:-}"
		done
	} >"$PD_WORK/state.sh"
}

# EXIT trap: stop everything unless asked to keep it running after success.
pd__on_exit() {
	local rc=$1
	trap - EXIT INT TERM
	if [ "$rc" = 0 ] && [ -n "${PD_KEEP_RUNNING:-}" ]; then
		return 0
	fi
	pd_stop_all
	# a test's own cleanup (unmounting, say), once everything is stopped
	[ -n "${PD_CLEANUP:-}" ] && "$PD_CLEANUP"
	if pd_sanitizer_report; then
		pd_say "a sanitizer reported an error in postdesk or postdeskctl"
		rc=1
	fi
	if [ "$rc" = 0 ] && [ -n "${PD_WORK_OWNED:-}" ] &&
	    [ -z "${PD_KEEP_WORK:-}" ]; then
		rm -rf "$PD_WORK"
	elif [ "$rc" != 0 ]; then
		pd_say "work dir kept for inspection: $PD_WORK"
	fi
	exit "$rc"
}

# Prints and returns true when a sanitizer (a build with -fsanitize)
# reported something in the logs of postdesk, postdesk-telegram or
# postdeskctl.
pd_sanitizer_report() {
	local f found=1
	for f in "$PD_WORK/postdesk.log" "$PD_WORK/migrate.log" \
	    "$PD_WORK/telegram.log" \
	    "$PD_WORK"/host-*/postdesk.log "$PD_WORK"/host-*/migrate.log; do
		[ -f "$f" ] || continue
		if grep -q -E 'ERROR: [A-Za-z]+Sanitizer|runtime error:' "$f"; then
			sed -n '/ERROR: [A-Za-z]*Sanitizer\|runtime error:/,$p' \
			    "$f" | head -n 80 >&2
			found=0
		fi
	done
	return "$found"
}

# Polls CMD every 0.1 s until it succeeds or SECS pass.
pd_wait_for() {
	local secs=$1 desc=$2 i
	shift 2
	for ((i = 0; i < secs * 10; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	pd_say "timed out after ${secs}s waiting for $desc"
	return 1
}

# True when something listens on the loopback port.
pd_port_open() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# True when the process in the pid file is alive.
pd_pid_alive() {
	local pid
	[ -s "$1" ] || return 1
	pid=$(tr -dc 0-9 <"$1")
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# True when the process in the pid file is gone.
pd_not_alive() {
	! pd_pid_alive "$1"
}

# Starts PostgreSQL under the work dir (or reuses POSTDESK_TEST_PGURL).
pd_harness_pg_start() {
	pd_pg_start "$PD_WORK" || return 1
	pd_save_state
}

# Starts the SMTP sink; it keeps every message in PD_SINK_DIR.
pd_sink_start() {
	mkdir -p "$PD_SINK_DIR"
	"$PD_PYTHON" "$PD_LIBDIR/sink.py" --port "$PD_SINK_PORT" \
	    --dir "$PD_SINK_DIR" --pidfile "$PD_WORK/sink.pid" \
	    >"$PD_WORK/sink.log" 2>&1 &
	echo $! >"$PD_WORK/sink.pid"
	pd_wait_for 10 "the SMTP sink on port $PD_SINK_PORT" \
	    pd_port_open "$PD_SINK_PORT" || { cat "$PD_WORK/sink.log" >&2; return 1; }
}

# Number of messages the sink holds.
pd_sink_count() {
	local f n=0
	for f in "$PD_SINK_DIR"/*.eml; do
		[ -e "$f" ] && n=$((n + 1))
	done
	echo "$n"
}

# True when the sink holds at least N messages.
pd_sink_has() {
	[ "$(pd_sink_count)" -ge "$1" ]
}

# Waits until the sink holds at least N messages (default 20 s).
pd_sink_wait() {
	pd_wait_for "${2:-20}" "$1 message(s) in the sink" pd_sink_has "$1"
}

# Prints the names of sink files matching an extended regex (grep -E).
pd_sink_grep() {
	[ -d "$PD_SINK_DIR" ] || return 1
	grep -l -E -e "$1" "$PD_SINK_DIR"/*.eml 2>/dev/null
}

# True when some sink file matches every pattern given.
pd_sink_has_all() {
	local f p ok
	for f in "$PD_SINK_DIR"/*.eml; do
		[ -e "$f" ] || continue
		ok=1
		for p in "$@"; do
			grep -q -E -e "$p" "$f" || { ok=; break; }
		done
		[ -n "$ok" ] && { echo "$f"; return 0; }
	done
	return 1
}

# Makes the HMAC key $1/hmac.key unless there is one.
pd_hmac_key() {
	[ -s "$1/hmac.key" ] ||
	    od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$1/hmac.key"
	chmod 600 "$1/hmac.key"
}

# Test lines: pd_eq DESC GOT WANT, pd_check DESC CMD...
pd_eq() {
	[ "$2" = "$3" ] || pd_fail "$1: got '$2', want '$3'"
	echo "ok - $1"
}
pd_check() {
	local desc=$1
	shift
	"$@" || pd_fail "$desc"
	echo "ok - $desc"
}

# How many sink files went to RCPT (a regex) and match every pattern.
pd_sink_count_to() {
	local rcpt=$1 f p n=0 ok
	shift
	for f in "$PD_SINK_DIR"/*.eml; do
		[ -e "$f" ] || continue
		grep -q -E "^X-Envelope-To: <$rcpt>" "$f" || continue
		ok=1
		for p in "$@"; do
			grep -q -E -e "$p" "$f" || { ok=; break; }
		done
		[ -n "$ok" ] && n=$((n + 1))
	done
	echo "$n"
}

# True when no outbox row waits to be sent.
pd_outbox_idle() {
	[ "$(pd_sql "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND
	    state <> 'failed'")" = 0 ]
}

# Waits until the outbox is drained and what it sent has arrived.
pd_settle() {
	pd_wait_for 30 "the outbox to drain" pd_outbox_idle ||
	    pd_fail "the outbox did not drain"
	sleep 1
}

# Writes the generated postdesk.conf (extra lines from PD_CONF_EXTRA).
pd_write_conf() {
	pd_hmac_key "$PD_WORK"
	cat >"$PD_CONF" <<EOF
# Generated by the test harness: a lab setup on loopback only.
database = $PD_DBURL
support_addresses = $PD_SUPPORT
agents = @$PD_AGENT_DOMAIN
# Lab setting: a bare From: makes an agent.  Production uses "auth, dkim".
agent_trust = ${PD_AGENT_TRUST:-from}
from_address = $PD_SUPPORT
from_name = Example Support
hmac_secret_file = $PD_WORK/hmac.key
socket = inet:$PD_MILTER_PORT@127.0.0.1
log = stderr
log_debug = yes
tmpdir = ${PD_TMPDIR:-$PD_WORK}
smtp_url = smtp://127.0.0.1:$PD_SMTP_PORT
template_dir = $PD_SRCDIR/etc/templates
outbox_poll = 1
${PD_CONF_EXTRA:-}
EOF
}

# Runs postdeskctl from the build dir with the generated config.
pd_ctl() {
	"$PD_BUILDDIR/postdeskctl" -c "$PD_CONF" "$@"
}

# Creates the database, migrates it and starts the milter in the foreground.
pd_milter_start() {
	local name=${PD_DBNAME:-pd_$(basename "$PD_WORK" | tr -c 'a-zA-Z0-9\n' _)}
	[ -x "$PD_BUILDDIR/postdesk" ] ||
	    { pd_say "no postdesk in $PD_BUILDDIR"; return 1; }
	[ -n "${PD_DBURL:-}" ] || PD_DBURL=$(pd_pg_createdb "$name") || return 1
	pd_write_conf
	pd_save_state
	pd_ctl migrate >"$PD_WORK/migrate.log" 2>&1 ||
	    { pd_say "postdeskctl migrate failed:"
	      cat "$PD_WORK/migrate.log" >&2; return 1; }
	${PD_MILTER_WRAPPER:-} "$PD_BUILDDIR/postdesk" -f -c "$PD_CONF" \
	    >>"$PD_WORK/postdesk.log" 2>&1 &
	echo $! >"$PD_WORK/postdesk.pid"
	pd_wait_for 15 "postdesk on port $PD_MILTER_PORT" \
	    pd_port_open "$PD_MILTER_PORT" ||
	    { cat "$PD_WORK/postdesk.log" >&2; return 1; }
}

# Writes the main.cf settings both Postfixes share into $1/etc/main.cf:
# queue and logs under $1, loopback only, myhostname $2, mydomain $3,
# every mail relayed to 127.0.0.1:$4 (no DNS, no TLS).
pd_postfix_main() {
	mkdir -p "$1/etc" "$1/queue" "$1/data"
	chown postfix: "$1/data" 2>/dev/null || true
	cat >"$1/etc/main.cf" <<EOF
# Generated by the test harness: an isolated Postfix on loopback.
compatibility_level = 3.6
queue_directory = $1/queue
data_directory = $1/data
mail_owner = postfix
setgid_group = postdrop
myhostname = $2
mydomain = $3
myorigin = \$myhostname
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
relay_domains = $PD_SUPPORT_DOMAIN
default_transport = smtp:[127.0.0.1]:$4
relay_transport = smtp:[127.0.0.1]:$4
smtp_dns_support_level = disabled
smtpd_peername_lookup = no
smtp_tls_security_level = none
smtpd_tls_security_level = none
maillog_file = $1/maillog
maillog_file_prefixes = /var, /dev/stdout, $1
biff = no
append_dot_mydomain = no
smtputf8_enable = yes
EOF
}

# Writes main.cf and master.cf for the isolated Postfix.  Everything,
# support copies and confirmations alike, goes to the sink.
pd_postfix_conf() {
	local milter=
	[ -n "${PD_NO_MILTER:-}" ] || milter="inet:127.0.0.1:$PD_MILTER_PORT"
	pd_postfix_main "$PD_PF" "mx.$PD_SUPPORT_DOMAIN" "$PD_SUPPORT_DOMAIN" \
	    "$PD_SINK_PORT"
	cat >>"$PD_PF/etc/main.cf" <<EOF
transport_maps = inline:{$PD_SUPPORT_DOMAIN=smtp:[127.0.0.1]:$PD_SINK_PORT}
smtpd_milters = $milter
milter_default_action = tempfail
EOF
	pd_postfix_master "$PD_PF/etc" "$PD_SMTP_PORT"
}

# Writes master.cf in config dir $1, with smtpd on loopback port $2.
pd_postfix_master() {
	sed "s/@SMTP@/127.0.0.1:$2/" >"$1/master.cf" <<'EOF'
# service type  private unpriv  chroot  wakeup  maxproc command
@SMTP@ inet     n       -       n       -       -       smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
}

# Writes main.cf and master.cf of the edge Postfix: the sending MTA of
# the fault tests.  It takes mail on PD_EDGE_PORT with no milter, queues
# it, and relays the support domain to the Postfix with postdesk; a 4xx
# from there is retried within seconds, as a sending MTA retries it within
# minutes.
pd_edge_conf() {
	pd_postfix_main "$PD_EDGE" edge.client.example.test \
	    client.example.test "$PD_SMTP_PORT"
	cat >>"$PD_EDGE/etc/main.cf" <<EOF
smtpd_client_connection_count_limit = 0
smtpd_client_connection_rate_limit = 0
in_flow_delay = 0
# a queue ID is never used twice in a test's log
enable_long_queue_ids = yes
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 4s
EOF
	pd_postfix_master "$PD_EDGE/etc" "$PD_EDGE_PORT"
}

# Checks and starts the Postfix configured under $1 and waits for its
# smtpd on port $2; what postfix says goes to the log $3.
pd_postfix_up() {
	postfix -c "$1/etc" check >"$3" 2>&1 || { cat "$3" >&2; return 1; }
	postfix -c "$1/etc" start >>"$3" 2>&1 || { cat "$3" >&2; return 1; }
	pd_wait_for 15 "Postfix smtpd on port $2" pd_port_open "$2" ||
	    { cat "$3" "$1/maillog" >&2; return 1; }
}

# Starts the edge Postfix on PD_EDGE_PORT (a free port unless set).
pd_edge_start() {
	PD_EDGE=$PD_WORK/edge
	PD_EDGE_PORT=${PD_EDGE_PORT:-$(pd_free_port)}
	pd_edge_conf
	pd_postfix_up "$PD_EDGE" "$PD_EDGE_PORT" "$PD_WORK/edge-check.log"
}

# Starts one more MX host (see the top); its database is PD_DBURL.
pd_host_start() {
	local dir=$PD_WORK/host-$1
	mkdir -p "$dir" && chmod 755 "$dir" || return 1
	pd_hmac_key "$PD_WORK"
	cp -p "$PD_WORK/hmac.key" "$dir/hmac.key"
	(
		PD_WORK=$dir PD_CONF=$dir/postdesk.conf PD_PF=$dir/postfix
		PD_TMPDIR=$dir PD_EDGE_PORT=
		PD_SMTP_PORT=$(pd_free_port)
		PD_MILTER_PORT=$(pd_free_port)
		pd_milter_start && pd_postfix_start && pd_edge_start &&
		    pd_save_state
	)
}

# Prints variable $2 (PD_*) of the host named $1.
pd_host_var() {
	(
		. "$PD_WORK/host-$1/state.sh" && printf '%s\n' "${!2}"
	)
}

# Number of messages the queue of a Postfix ($1: its queue dir) holds.
pd_queue_len() {
	find "$1/incoming" "$1/active" "$1/deferred" "$1/maildrop" \
	    "$1/hold" -type f 2>/dev/null | wc -l
}

# Starts the isolated Postfix and waits for its smtpd.
pd_postfix_start() {
	pd_postfix_conf
	pd_postfix_up "$PD_PF" "$PD_SMTP_PORT" "$PD_WORK/postfix-check.log"
}

# Brings up everything: PostgreSQL, sink, postdesk, Postfix.
pd_start_all() {
	pd_harness_pg_start || return 1
	pd_sink_start || return 1
	if [ -z "${PD_NO_MILTER:-}" ]; then
		pd_milter_start || return 1
	fi
	pd_postfix_start || return 1
	pd_save_state
}

# Sends one mail with swaks through the Postfix; extra args go to swaks.
pd_send() {
	swaks --server "127.0.0.1:$PD_SMTP_PORT" --helo client.example.test \
	    --silent 2 "$@" >>"$PD_WORK/swaks.log" 2>&1
}

# Runs one SQL query on the test database, unaligned, tuples only.
pd_sql() {
	psql -X -q -A -t -v ON_ERROR_STOP=1 "$PD_DBURL" -c "$1"
}

# Prints the logs of everything started, for a failing test.
pd_dump_logs() {
	local f
	[ -n "${PD_WORK:-}" ] || return 0
	for f in "$PD_WORK/postdesk.log" "$PD_WORK/migrate.log" \
	    "$PD_PF/maillog" "$PD_WORK/edge/maillog" "$PD_WORK/sink.log" \
	    "$PD_WORK/swaks.log" "$PD_WORK"/host-*/postdesk.log \
	    "$PD_WORK"/host-*/postfix/maillog "$PD_WORK"/host-*/edge/maillog; do
		[ -s "$f" ] || continue
		echo "----- ${f#"$PD_WORK"/} (last 60 lines) -----" >&2
		tail -n 60 "$f" >&2
	done
	if [ -d "$PD_SINK_DIR" ]; then
		echo "----- sink: $(pd_sink_count) message(s) -----" >&2
		for f in "$PD_SINK_DIR"/*.eml; do
			[ -e "$f" ] || continue
			echo "== ${f##*/}" >&2
			sed -n '1,/^\r\{0,1\}$/p' "$f" >&2
		done
	fi
}

# Stops a process by pid file: TERM, then KILL after SECS.
pd_stop_pid() {
	local pidfile=$1 secs=${2:-10} pid i
	pd_pid_alive "$pidfile" || { rm -f "$pidfile"; return 0; }
	pid=$(cat "$pidfile")
	kill -TERM "$pid" 2>/dev/null
	for ((i = 0; i < secs * 10; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rm -f "$pidfile"
}

# Stops everything started under PD_WORK; safe to call twice.
pd_stop_all() {
	[ -n "${PD_WORK:-}" ] && [ -d "$PD_WORK" ] || return 0
	local pf
	for pf in "$PD_WORK/edge" "$PD_WORK/postfix" "$PD_WORK"/host-*/edge \
	    "$PD_WORK"/host-*/postfix; do
		[ -f "$pf/etc/main.cf" ] &&
		    postfix -c "$pf/etc" status >/dev/null 2>&1 || continue
		postfix -c "$pf/etc" stop >/dev/null 2>&1 || true
		pd_wait_for 10 "Postfix to stop" \
		    pd_not_alive "$pf/queue/pid/master.pid" || true
	done
	# the milters at once: each takes seconds to exit
	local pids=
	for pf in "$PD_WORK/postdesk.pid" "$PD_WORK"/host-*/postdesk.pid; do
		pd_pid_alive "$pf" || continue
		pd_stop_pid "$pf" 10 &
		pids="$pids $!"
	done
	for pf in $pids; do
		wait "$pf"
	done
	pd_stop_pid "$PD_WORK/sink.pid" 5
	pd_pg_standby_stop
	if [ -f "$PD_WORK/pg/data/postmaster.pid" ]; then
		pd_pg_as "$(pd_pg_bin)/pg_ctl" -D "$PD_WORK/pg/data" \
		    -m immediate -w stop >/dev/null 2>&1 || true
	fi
	PD_PG_OWNED=
}
