# exactonce.sh - the checks of the long tests that every accepted mail is
# stored exactly once and every mail postdesk sends goes out exactly once,
# read from the logs of the sending Postfix, the database and the sink.
#
# Source it after harness.sh.  A "case" NAME is a run of smtp-source whose
# mails come from NAME@$PD_CLIENT_DOMAIN with Message-IDs
# <...@NAME.client.example.test>.
#   pd_source_start NAME COUNT SIZE PORT
#                       smtp-source (10 sessions) into the Postfix on PORT,
#                       in the background; appends its pid to PD_SOURCES
#   pd_stored NAME      message rows of the case (by Message-ID)
#   pd_reached NAME N   true once the case has at least N rows
#   pd_settled QUEUEDIR...   true when every smtp-source of PD_SOURCES is
#                       done, the Postfix queues are empty (flushed every
#                       5 s, as an admin would) and the outbox has nothing
#                       pending (PD_SETTLE_DUE=1: nothing due; rows that
#                       a notifier claimed wait for their lease, 300 s)
#   pd_edge_score NAME IDS MAILLOG...   one line of counts of what the
#                       sending Postfixes did with the case's mails; the
#                       Message-IDs relayed exactly once with a 250 go to
#                       the file IDS
#   pd_sink_score NAME  one line of counts of the case's support copies and
#                       confirmations in the sink
#   pd_field LINE KEY   the number after KEY in a line of counts
#   pd_check_once NAME COUNT NEED_TEMPFAIL EDGEDIR...   waits for the
#                       queues (the edges' and $PD_PF) and the outbox to
#                       settle, then checks every promise for the case

PD_CLIENT_DOMAIN=${PD_CLIENT_DOMAIN:-customer.example.test}
PD_SOURCES=

# Prints "ok - ..." (TAP-like lines in the test log).
ok() {
	echo "ok - $*"
}

pd_source_start() {
	smtp-source -s 10 -m "$2" -l "$3" -M "$1.client.example.test" \
	    -f "$1@$PD_CLIENT_DOMAIN" -t "$PD_SUPPORT" \
	    "127.0.0.1:$4" >"$PD_WORK/source-$1.log" 2>&1 &
	PD_SOURCES="$PD_SOURCES $!"
}

pd_stored() {
	psql -X -q -A -t "$PD_DBURL" -c "SELECT count(*) FROM messages WHERE
	    message_id LIKE '%@$1.client.example.test%'" 2>/dev/null
}

pd_reached() {
	local n
	n=$(pd_stored "$1") && [ "${n:-0}" -ge "$2" ]
}

pd_settled() {
	local pending pf pid
	for pid in $PD_SOURCES; do
		kill -0 "$pid" 2>/dev/null && return 1
	done
	for pf in "$@"; do
		[ "$(pd_queue_len "$pf/queue")" = 0 ] && continue
		if [ $((SECONDS - ${PD_FLUSHED:-0})) -ge 5 ]; then
			postqueue -c "$pf/etc" -f >/dev/null 2>&1
			PD_FLUSHED=$SECONDS
		fi
		return 1
	done
	local due=
	[ -n "${PD_SETTLE_DUE:-}" ] && due="AND next_attempt_at <= now()"
	pending=$(psql -X -q -A -t "$PD_DBURL" -c "SELECT count(*)
	    FROM outbox WHERE state = 'pending' $due" 2>/dev/null) ||
	    return 1
	[ "$pending" = 0 ]
}

# Waits for every smtp-source of PD_SOURCES; false if one failed.
pd_sources_wait() {
	local pid rc=0
	for pid in $PD_SOURCES; do
		wait "$pid" || rc=1
	done
	PD_SOURCES=
	return "$rc"
}

pd_edge_score() {
	local name=$1 ids=$2
	shift 2
	awk -v from="from=<$name@$PD_CLIENT_DOMAIN>," -v ids="$ids" '
	$5 ~ /^postfix\// {
		q = FILENAME ":" $6; sub(/:$/, "", q)
		if (index($0, " message-id=<")) {
			m = $0; sub(/.* message-id=</, "", m); sub(/>.*/, "", m)
			mid[q] = m
		}
		if (index($0, " " from)) mine[q] = 1
		if (index($0, " status=sent ")) sent[q]++
		if (index($0, " status=deferred ") && $0 ~ /said: 4[0-9][0-9]/)
			tempfail[q]++
		if ($0 ~ / status=(bounced|expired) /) lost[q]++
	}
	END {
		printf "" > ids
		for (q in mine) {
			n++
			if (sent[q] == 1) { once++; print mid[q] > ids }
			else if (sent[q] > 1) twice++
			if (tempfail[q]) { t++; tt += tempfail[q] }
			if (lost[q]) l++
		}
		printf "queued %d relayed-once %d relayed-twice %d " \
		    "tempfailed %d (%d answers) bounced %d\n", \
		    n, once, twice, t, tt, l
	}' "$@"
}

pd_field() {
	awk -v k="$2" '{
		for (i = 1; i < NF; i++)
			if ($i == k)
				print $(i + 1)
	}' <<<"$1"
}

pd_sink_score() {
	"$PD_PYTHON" - "$PD_SINK_DIR" "$1" "$PD_CLIENT_DOMAIN" "$PD_SUPPORT" \
	    <<'EOF'
import collections, os, re, sys
sink, case, domain, support = sys.argv[1:5]
tag = "@%s.client.example.test" % case
copies = collections.Counter()
confirms = collections.Counter()
for name in os.listdir(sink):
    if not name.endswith(".eml"):
        continue
    with open(os.path.join(sink, name), "rb") as f:
        head = f.read(16384).split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    head = head.decode("latin-1").replace("\r\n", "\n")
    head = re.sub(r"\n[ \t]+", " ", head)
    h = collections.defaultdict(list)
    for line in head.split("\n"):
        k, _, v = line.partition(":")
        h[k.strip().lower()].append(v.strip())
    mid = (h["message-id"] or [""])[0].strip("<>")
    irt = (h["in-reply-to"] or [""])[0].strip("<>")
    if "<%s>" % support in h["x-envelope-to"] and mid.endswith(tag):
        copies[mid] += 1
    elif ("<%s@%s>" % (case, domain) in h["x-envelope-to"] and
          irt.endswith(tag)):
        confirms[irt] += 1
print("copies %d copies-twice %d confirmations %d confirmed %d "
      "confirmed-twice %d" % (sum(copies.values()),
      sum(1 for v in copies.values() if v > 1), sum(confirms.values()),
      len(confirms), sum(1 for v in confirms.values() if v > 1)))
EOF
}

# pd_check_edge NAME COUNT NEED_TEMPFAIL EDGEDIR...: what the sending
# Postfixes did: each mail queued, relayed once with a 250, none bounced,
# and (NEED_TEMPFAIL=yes) some answered 4xx first.
pd_check_edge() {
	local name=$1 n=$2 need=$3 edge logs='' d
	shift 3
	for d in "$@"; do
		logs="$logs $d/maillog"
	done
	# shellcheck disable=SC2086
	edge=$(pd_edge_score "$name" "$PD_WORK/edge-$name.ids" $logs)
	echo "# $name: edge: $edge"
	[ "$(pd_field "$edge" queued)" = "$n" ] ||
	    pd_fail "$name: the edge queued $(pd_field "$edge" queued), want $n"
	[ "$(pd_field "$edge" relayed-once)" = "$n" ] ||
	    pd_fail "$name: not every mail was relayed exactly once: $edge"
	[ "$(pd_field "$edge" bounced)" = 0 ] ||
	    pd_fail "$name: mail bounced: $edge"
	ok "$name: the edge relayed each of $n mails once with a 250"
	if [ "$need" = yes ]; then
		[ "$(pd_field "$edge" tempfailed)" -gt 0 ] ||
		    pd_fail "$name: the fault never reached the client"
		ok "$name: $(pd_field "$edge" tempfailed) mails were answered" \
		    "4xx and retried"
	fi
}

# pd_check_rows NAME COUNT: one message row per mail relayed with a 250,
# and no other.
pd_check_rows() {
	local name=$1 n=$2 rows distinct missing
	rows=$(pd_stored "$name")
	distinct=$(pd_sql "SELECT count(DISTINCT message_id) FROM messages
	    WHERE message_id LIKE '%@$name.client.example.test%'")
	[ "$rows" = "$n" ] && [ "$distinct" = "$n" ] ||
	    pd_fail "$name: $rows message rows, $distinct distinct, want $n"
	pd_sql "SELECT message_id FROM messages WHERE message_id LIKE
	    '%@$name.client.example.test%'" | sed 's/^<//; s/>$//' |
	    sort >"$PD_WORK/db-$name.ids"
	sort -o "$PD_WORK/edge-$name.ids" "$PD_WORK/edge-$name.ids"
	missing=$(comm -3 "$PD_WORK/edge-$name.ids" "$PD_WORK/db-$name.ids" |
	    head -5)
	[ -z "$missing" ] ||
	    pd_fail "$name: relayed and stored differ: $missing"
	ok "$name: each relayed mail has exactly one message row"
}

# pd_check_sink NAME COUNT: each support copy delivered once, one
# confirmation per mail.
pd_check_sink() {
	local name=$1 n=$2 sink
	sink=$(pd_sink_score "$name")
	echo "# $name: sink: $sink"
	[ "$(pd_field "$sink" copies)" = "$n" ] &&
	    [ "$(pd_field "$sink" copies-twice)" = 0 ] ||
	    pd_fail "$name: support copies: $sink"
	ok "$name: each support copy was delivered once"
	[ "$(pd_field "$sink" confirmations)" = "$n" ] &&
	    [ "$(pd_field "$sink" confirmed)" = "$n" ] ||
	    pd_fail "$name: want one confirmation for each of $n mails: $sink"
	ok "$name: exactly one confirmation per mail"
}

# Waits until nothing is pending: the smtp-sources, the queues of the
# edges given and of $PD_PF, the outbox.
pd_wait_settled() {
	pd_sources_wait || pd_fail "smtp-source failed:
$(tail -n 5 "$PD_WORK"/source-*.log)"
	pd_wait_for 600 "the queues and the outbox to empty" pd_settled \
	    "$@" "$PD_PF" || pd_fail "mail is still waiting somewhere"
}

pd_check_once() {
	local name=$1 n=$2 need=$3
	shift 3
	pd_wait_settled "$@"
	pd_check_edge "$name" "$n" "$need" "$@"
	pd_check_rows "$name" "$n"
	pd_check_sink "$name" "$n"
}
