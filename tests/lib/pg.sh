# pg.sh - a throwaway PostgreSQL for tests, on a free loopback port.
#
# Source it, then:
#   pd_pg_start DIR     starts a server under DIR (unless POSTDESK_TEST_PGURL
#                       names one already and PD_PG_PRIVATE is unset), sets
#                       PD_PGURL (no database part); PD_PG_OWNED=1 and
#                       PD_PGDIR when the server is ours (a test that stops or
#                       restarts the server needs PD_PG_PRIVATE=1)
#   pd_pg_createdb NAME creates a fresh database, prints its URL; the name
#                       gets a unique suffix, so tests sharing one server
#                       (or one test run twice) never collide
#   pd_pg_pause         stops our server, keeping its data (an outage)
#   pd_pg_resume        starts it again on the same port
#   pd_pg_stop          stops a server started by pd_pg_start
#   pd_pg_standby_start DIR   a hot standby of our server under DIR/pg-standby
#                       (pg_basebackup -R, streaming) on a free port: sets
#                       PD_SBDIR, PD_SBPORT, PD_SBURL; waits until it streams
#   pd_pg_sync on|off   makes the standby synchronous (synchronous_standby_
#                       names = '*': commits wait for it as synchronous_commit
#                       says; PD_PG_OPTS must not turn that off) or not
#   pd_pg_standby_stop  stops the standby "immediate", keeping its data
#   pd_pg_standby_resume     starts it again (it streams again if it can)
#   pd_pg_crash         stops our (primary) server "immediate", as a crash
#   pd_pg_promote       promotes the standby (pg_ctl promote, waits)
# Works as root (runs the server as "postgres") or as an ordinary user.

pd_free_port() {
	/usr/bin/python3 - <<'PY'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

pd_pg_bin() {
	ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

pd_pg_as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

pd_pg_start() {
	PD_PGBIN=$(pd_pg_bin)
	if [ -n "${POSTDESK_TEST_PGURL:-}" ] && [ -z "${PD_PG_PRIVATE:-}" ]; then
		PD_PGURL=$POSTDESK_TEST_PGURL
		PD_PG_OWNED=
		return 0
	fi
	PD_PGDIR=$1/pg
	[ -n "$PD_PGBIN" ] ||
	    { echo "pg.sh: PostgreSQL server not installed" >&2; return 1; }
	mkdir -p "$PD_PGDIR"
	[ "$(id -u)" = 0 ] && chown postgres: "$PD_PGDIR" && chmod 755 "$1"
	PD_PGPORT=$(pd_free_port)
	pd_pg_as "$PD_PGBIN/initdb" -D "$PD_PGDIR/data" -U postgres -A trust \
	    -E UTF8 --locale=C.UTF-8 --no-sync >"$PD_PGDIR/initdb.log" 2>&1 ||
	    { cat "$PD_PGDIR/initdb.log" >&2; return 1; }
	PD_PG_OWNED=1
	pd_pg_resume || { PD_PG_OWNED=; return 1; }
	PD_PGURL="postgresql://postgres@127.0.0.1:$PD_PGPORT"
}

# Stops our server but keeps its data, to show what a database outage does.
pd_pg_pause() {
	[ -n "${PD_PG_OWNED:-}" ] ||
	    { echo "pg.sh: not our server (set PD_PG_PRIVATE=1)" >&2; return 1; }
	pd_pg_as "$PD_PGBIN/pg_ctl" -D "$PD_PGDIR/data" -m fast -w stop \
	    >/dev/null
}

# Starts our server again on the same port.
pd_pg_resume() {
	[ -n "${PD_PG_OWNED:-}" ] ||
	    { echo "pg.sh: not our server (set PD_PG_PRIVATE=1)" >&2; return 1; }
	local opts="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	pd_pg_as "$PD_PGBIN/pg_ctl" -D "$PD_PGDIR/data" -l "$PD_PGDIR/log" -w \
	    -o "-k $PD_PGDIR -h 127.0.0.1 -p $PD_PGPORT ${PD_PG_OPTS:-$opts}" \
	    start >/dev/null || { cat "$PD_PGDIR/log" >&2; return 1; }
}

pd_pg_createdb() {
	local name
	name=$(printf '%s_%s' "$1" "$(od -An -tx4 -N4 /dev/urandom)" |
	    tr -d ' ' | tr -c 'a-zA-Z0-9_\n' _ | cut -c1-63)
	psql -q -X "$PD_PGURL/postgres" -c "CREATE DATABASE \"$name\"" \
	    >/dev/null || return 1
	echo "$PD_PGURL/$name"
}

pd_pg_stop() {
	pd_pg_standby_stop
	if [ -n "${PD_PG_OWNED:-}" ] && [ -n "${PD_PGDIR:-}" ]; then
		pd_pg_as "$PD_PGBIN/pg_ctl" -D "$PD_PGDIR/data" -m immediate \
		    -w stop >/dev/null 2>&1 || true
		PD_PG_OWNED=
	fi
}

# Runs one query on our server's database "postgres", unaligned.
pd_pg_admin() {
	psql -X -q -A -t -v ON_ERROR_STOP=1 "$PD_PGURL/postgres" -c "$1"
}

pd_pg_standby_start() {
	[ -n "${PD_PG_OWNED:-}" ] ||
	    { echo "pg.sh: not our server (set PD_PG_PRIVATE=1)" >&2; return 1; }
	PD_SBDIR=$1/pg-standby
	PD_SBPORT=$(pd_free_port)
	PD_SBURL="postgresql://postgres@127.0.0.1:$PD_SBPORT"
	mkdir -p "$PD_SBDIR"
	[ "$(id -u)" = 0 ] && chown postgres: "$PD_SBDIR"
	pd_pg_as "$PD_PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PD_PGPORT" \
	    -U postgres -D "$PD_SBDIR/data" -R -X stream -c fast --no-sync \
	    >"$PD_SBDIR/basebackup.log" 2>&1 ||
	    { cat "$PD_SBDIR/basebackup.log" >&2; return 1; }
	pd_pg_standby_resume || return 1
	local i=0
	while [ "$i" -lt 100 ]; do
		[ "$(pd_pg_admin "SELECT count(*) FROM pg_stat_replication
		    WHERE state = 'streaming'")" = 1 ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "pg.sh: the standby does not stream" >&2
	cat "$PD_SBDIR/log" >&2
	return 1
}

pd_pg_standby_resume() {
	local opts="-c fsync=off -c full_page_writes=off"
	pd_pg_as "$PD_PGBIN/pg_ctl" -D "$PD_SBDIR/data" -l "$PD_SBDIR/log" -w \
	    -o "-k $PD_SBDIR -h 127.0.0.1 -p $PD_SBPORT $opts" start \
	    >/dev/null || { cat "$PD_SBDIR/log" >&2; return 1; }
}

pd_pg_sync() {
	local names=
	[ "$1" = on ] && names='*'
	pd_pg_admin "ALTER SYSTEM SET synchronous_standby_names = '$names'" &&
	    pd_pg_admin "SELECT pg_reload_conf()" >/dev/null || return 1
	# the setting is in force once the walsender says so
	local i=0 want=async
	[ "$1" = on ] && want=sync
	while [ "$i" -lt 50 ]; do
		[ "$(pd_pg_admin "SELECT sync_state
		    FROM pg_stat_replication")" = "$want" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "pg.sh: the standby did not become $want" >&2
	return 1
}

pd_pg_crash() {
	pd_pg_as "$PD_PGBIN/pg_ctl" -D "$PD_PGDIR/data" -m immediate -w stop \
	    >/dev/null
}

pd_pg_promote() {
	pd_pg_as "$PD_PGBIN/pg_ctl" -D "$PD_SBDIR/data" -w promote >/dev/null
}

pd_pg_standby_stop() {
	[ -n "${PD_SBDIR:-}" ] && [ -f "$PD_SBDIR/data/postmaster.pid" ] ||
	    return 0
	pd_pg_as "$PD_PGBIN/pg_ctl" -D "$PD_SBDIR/data" -m immediate -w stop \
	    >/dev/null 2>&1 || true
}
