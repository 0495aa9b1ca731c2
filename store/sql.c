/* sql.c - every statement store/ runs (but the migrations), in one table.
 *
 * They are prepared on each connection when it opens (those whose tables
 * do not exist yet, on first use) and again after a reconnect.
 */
#include "config.h"

#include "store/store_int.h"

/* A time as whole seconds since the epoch (NULL stays NULL). */
#define EPOCH(c) "floor(extract(epoch FROM " c "))::bigint"

/* Waits for a first response past its due time (the ticket is not
 * finished yet). */
#define OVERDUE(t) \
	"(" t ".first_response_at IS NULL AND " t ".due_at < now() AND " \
	t ".status NOT IN ('resolved', 'closed'))"

/* The columns of a ticket row (store_ticket_row), read.c's order. */
#define TICKET_COLS \
	"t.number, t.subject, t.status, t.priority, t.category," \
	" t.requester, t.requester_name, t.assignee, coalesce(t.quoted, 0), " \
	EPOCH("t.due_at") ", " EPOCH("t.first_response_at") ", " \
	EPOCH("t.created_at") ", " EPOCH("t.updated_at") ", " \
	OVERDUE("t") ", (SELECT count(*) FROM messages m" \
	" WHERE m.ticket = t.number), t.issue_type, t.language," \
	" array_to_string(t.missing, ','), coalesce(t.merged_into, 0)"

/* When the status of ticket t last changed (its history, else the
 * ticket's own times). */
#define STATUS_SINCE(t) \
	"coalesce((SELECT max(h.changed_at) FROM status_history h" \
	" WHERE h.ticket = " t ".number), " t ".created_at)"

/* Tickets of status st whose status is older than days (a parameter). */
#define STALE(st, days) \
	"t.status = '" st "' AND " STATUS_SINCE("t") " <= now() -" \
	" make_interval(days => " days "::int)"

/* A row (what, value, count) for every value of a list. */
#define COUNTS(list, what, col, from) \
	"(SELECT '" what "', u.v, coalesce(c.n, 0)" \
	" FROM unnest(ARRAY[" list "]) WITH ORDINALITY u(v, i) LEFT JOIN" \
	" (SELECT " col " AS k, count(*) AS n FROM " from " GROUP BY 1) c" \
	" ON c.k = u.v ORDER BY u.i)"

#define STATUSES "'open', 'in_progress', 'waiting', 'resolved', 'closed'"
#define PRIORITIES "'low', 'medium', 'high', 'urgent'"

/* Dedups an array parameter, keeping the first occurrence's order. */
#define UNIQ(p, except) \
	"ARRAY(SELECT x FROM unnest(" p "::text[]) WITH ORDINALITY u(x, i)" \
	" WHERE x IS NOT NULL AND x <> '' AND x <> ALL(" except ")" \
	" GROUP BY x ORDER BY min(i))"

/* The elements of array a not in the text[] b, in a's order. */
#define MINUS(a, b) \
	"ARRAY(SELECT x FROM unnest(" a ") WITH ORDINALITY u(x, i)" \
	" WHERE x <> ALL(coalesce(" b "::text[], '{}')) ORDER BY i)"

/* A content given as bytes, or (NULL) in a large object (0: none). */
#define FROM_LO(b, lo) \
	"coalesce(" b ", lo_get(nullif(" lo ", 0)::oid))"

/* The rows of a table from its column arrays, in order. */
#define ROWS(cols, names) \
	" FROM unnest(" cols ") WITH ORDINALITY u(" names ", i)"

const struct stmt store_stmts[ST__MAX] = {
	[ST_BEGIN] = { "pd_begin", "BEGIN" },
	[ST_COMMIT] = { "pd_commit", "COMMIT" },
	[ST_ROLLBACK] = { "pd_rollback", "ROLLBACK" },
	[ST_LISTEN] = { "pd_listen", "LISTEN postdesk_outbox" },
	[ST_SCHEMA_VERSION] = { "pd_schema_version",
	    "SELECT coalesce(max(version), 0) FROM schema_version" },
	[ST_SCHEMA_EXISTS] = { "pd_schema_exists",
	    "SELECT to_regclass('schema_version') IS NOT NULL" },

	[ST_MESSAGE_SEEN] = { "pd_message_seen",
	    "SELECT ticket FROM messages WHERE message_key = $1" },
	[ST_TICKET_BY_REFS] = { "pd_ticket_by_refs",
	    "SELECT max(ticket) FROM ("
	    " SELECT ticket FROM messages WHERE message_id = ANY($1::text[])"
	    " UNION ALL"
	    " SELECT ticket FROM outbox WHERE message_id = ANY($1::text[])"
	    "  AND ticket IS NOT NULL) r HAVING max(ticket) IS NOT NULL" },
	[ST_TICKET_GET] = { "pd_ticket_get",
	    "SELECT number, status, priority, subject, requester,"
	    " coalesce(category, ''), coalesce(reply_to, ''), issue_type,"
	    " coalesce(language, ''), coalesce(merged_into, 0) FROM tickets"
	    " WHERE number = $1 FOR UPDATE" },
	[ST_LAST_CUSTOMER_ID] = { "pd_last_customer_id",
	    "SELECT message_id FROM messages WHERE ticket = $1 AND"
	    " direction = 'customer' AND message_id IS NOT NULL"
	    " ORDER BY id DESC LIMIT 1" },
	[ST_IS_PARTICIPANT] = { "pd_is_participant",
	    "SELECT 1 FROM tickets WHERE number = $1 AND requester = lower($2)"
	    " UNION ALL SELECT 1 FROM participants WHERE ticket = $1"
	    " AND address = lower($2) LIMIT 1" },

	[ST_TICKET_PEOPLE] = { "pd_ticket_people",
	    "SELECT address, coalesce(name, '') FROM participants"
	    " WHERE ticket = $1 AND customer ORDER BY added_at, address" },

	/* an address's tickets, as requester or participant, newest
	 * first */
	[ST_TICKETS_OF] = { "pd_tickets_of",
	    "SELECT number, status, priority, subject,"
	    " extract(epoch FROM updated_at)::bigint, coalesce(language, '')"
	    " FROM tickets"
	    " WHERE requester = lower($1) OR number IN (SELECT ticket"
	    " FROM participants WHERE address = lower($1))"
	    " ORDER BY number DESC LIMIT $2::int" },
	[ST_TICKET_SET_PRIORITY] = { "pd_ticket_set_priority",
	    "UPDATE tickets SET priority = $2, updated_at = now()"
	    " WHERE number = $1" },
	[ST_TICKET_SET_CATEGORY] = { "pd_ticket_set_category",
	    "UPDATE tickets SET category = nullif($2, ''),"
	    " updated_at = now() WHERE number = $1" },
	[ST_TICKET_SET_REPLY_TO] = { "pd_ticket_set_reply_to",
	    "UPDATE tickets SET reply_to = nullif(lower($2), '')"
	    " WHERE number = $1 AND reply_to IS DISTINCT FROM"
	    " nullif(lower($2), '')" },
	[ST_TICKET_SET_ASSIGNEE] = { "pd_ticket_set_assignee",
	    "UPDATE tickets SET assignee = nullif($2, ''),"
	    " updated_at = now() WHERE number = $1" },
	[ST_TICKET_FIRST_RESPONSE] = { "pd_ticket_first_response",
	    "UPDATE tickets SET first_response_at = now()"
	    " WHERE number = $1 AND first_response_at IS NULL" },
	[ST_TICKET_EXISTS] = { "pd_ticket_exists",
	    "SELECT 1 FROM tickets WHERE number = $1" },
	/* $1 into $2 by $3: both unmerged and locked, or nothing happens;
	 * tickets merged into $1 before now point at $2 (one hop) */
	[ST_TICKET_MERGE] = { "pd_ticket_merge",
	    "WITH a AS (SELECT number, status, order_ids, links FROM tickets"
	    " WHERE number = $1 AND merged_into IS NULL FOR UPDATE),"
	    " b AS (SELECT number FROM tickets WHERE number = $2 AND"
	    " merged_into IS NULL AND number <> $1 FOR UPDATE),"
	    " ok AS (SELECT a.* FROM a, b),"
	    " m AS (UPDATE messages SET ticket = $2 WHERE ticket = $1 AND"
	    " EXISTS (SELECT 1 FROM ok) RETURNING id),"
	    " o AS (UPDATE outbox SET ticket = $2 WHERE ticket = $1 AND"
	    " EXISTS (SELECT 1 FROM ok) RETURNING id),"
	    " p AS (INSERT INTO participants (ticket, address, name)"
	    " SELECT $2, address, name FROM participants WHERE ticket = $1"
	    " AND EXISTS (SELECT 1 FROM ok) ON CONFLICT DO NOTHING"
	    " RETURNING address),"
	    " f AS (UPDATE tickets t SET order_ids = "
	    UNIQ("t.order_ids || ok.order_ids", "'{}'::text[]") ","
	    " links = " UNIQ("t.links || ok.links", "'{}'::text[]") ","
	    " updated_at = now() FROM ok WHERE t.number = $2"
	    " RETURNING t.number),"
	    " r AS (UPDATE tickets SET merged_into = $2 WHERE merged_into = $1"
	    " AND EXISTS (SELECT 1 FROM ok) RETURNING number),"
	    " c AS (UPDATE tickets t SET status = 'closed', merged_into = $2,"
	    " updated_at = now() FROM ok WHERE t.number = $1"
	    " RETURNING ok.status AS old)"
	    " INSERT INTO status_history (ticket, old_status, status,"
	    " changed_by) SELECT $1, old, 'closed', $3 FROM c"
	    " RETURNING (SELECT count(*) FROM m)" },

	/* wakes the workers that listen; run on its own after the commit of
	 * the rows, it needs no durability: its commit waits for no WAL
	 * flush, and holds the lock NOTIFY takes at commit only that long */
	[ST_OUTBOX_NOTIFY] = { "pd_outbox_notify",
	    "SELECT set_config('synchronous_commit', 'off', true),"
	    " pg_notify('postdesk_outbox', '')" },
	[ST_OUTBOX_CLAIM] = { "pd_outbox_claim",
	    "WITH due AS (SELECT id FROM outbox WHERE state = 'pending'"
	    " AND channel = $3 AND next_attempt_at <= now()"
	    " ORDER BY next_attempt_at, id"
	    " LIMIT $1 FOR UPDATE SKIP LOCKED)"
	    " UPDATE outbox o SET next_attempt_at = now() +"
	    " make_interval(secs => $2::int)"
	    " WHERE o.id = ANY (ARRAY(SELECT id FROM due))"
	    /* a big message is read in pieces (pd_outbox_data); the rows
	     * and their messages are found by their keys, never by a join
	     * the planner may make a scan of a whole table */
	    " RETURNING o.id, coalesce(o.ticket, 0), o.kind, o.mail_from,"
	    " o.rcpt, coalesce(o.message_id, ''), (SELECT CASE WHEN"
	    " octet_length(d.data) <= 1048576 THEN d.data END FROM"
	    " outbox_data d WHERE d.id = o.id), o.attempts, (SELECT"
	    " octet_length(d.data) FROM outbox_data d WHERE d.id = o.id),"
	    " o.sent_parts" },
	/* a piece of a big row's message ($2 bytes in, $3 long) */
	[ST_OUTBOX_DATA] = { "pd_outbox_data",
	    "SELECT substring(data FROM $2::int + 1 FOR $3::int)"
	    " FROM outbox_data WHERE id = $1" },
	[ST_OUTBOX_SENT] = { "pd_outbox_sent",
	    "UPDATE outbox SET state = 'sent', sent_at = now(),"
	    " last_error = NULL WHERE id = ANY($1::int8[])"
	    " AND state = 'pending'" },
	/* a row's first $2 pieces went out (a Telegram chat took them) */
	[ST_OUTBOX_PARTS] = { "pd_outbox_parts",
	    "UPDATE outbox SET sent_parts = $2 WHERE id = $1"
	    " AND state = 'pending'" },
	/* not due before $2 seconds from now, not counted as an attempt
	 * (the receiver asked to wait) */
	[ST_OUTBOX_LATER] = { "pd_outbox_later",
	    "UPDATE outbox SET next_attempt_at = now() +"
	    " make_interval(secs => $2::int), last_error = $3"
	    " WHERE id = $1 AND state = 'pending'" },
	[ST_OUTBOX_UNCLAIM] = { "pd_outbox_unclaim",
	    "UPDATE outbox SET next_attempt_at = now()"
	    " WHERE id = $1 AND state = 'pending'" },
	[ST_OUTBOX_FAILED] = { "pd_outbox_failed",
	    "UPDATE outbox SET attempts = attempts + 1, last_error = $2,"
	    " state = CASE WHEN $3::boolean OR attempts + 1 >= $4::int"
	    " THEN 'failed' ELSE 'pending' END,"
	    " next_attempt_at = now() + least(interval '1 minute' *"
	    " power(2, least(attempts, 10)), interval '1 hour')"
	    " WHERE id = $1 AND state = 'pending' RETURNING state" },

	[ST_TICKET_READ] = { "pd_ticket_read",
	    "SELECT " TICKET_COLS " FROM tickets t WHERE t.number = $1" },
	/* open tickets, overdue first, then by due time; $1 only overdue,
	 * $2 only unassigned, $3 only this assignee */
	[ST_TICKET_QUEUE] = { "pd_ticket_queue",
	    "SELECT " TICKET_COLS " FROM tickets t"
	    " WHERE t.status NOT IN ('resolved', 'closed')"
	    " AND t.merged_into IS NULL"
	    " AND (NOT $1::bool OR " OVERDUE("t") ")"
	    " AND (NOT $2::bool OR coalesce(t.assignee, '') = '')"
	    " AND ($3::text IS NULL OR lower(t.assignee) = lower($3))"
	    " ORDER BY " OVERDUE("t") " DESC, t.due_at NULLS LAST,"
	    " t.number" },
	/* claims escalation $3 (1 or 2) of the tickets without a first
	 * response whose due time is $2 minutes before $1 (epoch); a
	 * second escalation marks the first done too */
	[ST_ESCALATE] = { "pd_escalate",
	    "WITH c AS (SELECT number FROM tickets"
	    " WHERE first_response_at IS NULL AND merged_into IS NULL"
	    " AND status NOT IN ('resolved', 'closed') AND due_at IS NOT NULL"
	    " AND due_at + make_interval(mins => $2::int)"
	    " <= to_timestamp($1::bigint)"
	    " AND CASE WHEN $3::int = 1 THEN escalated1_at IS NULL"
	    " ELSE escalated2_at IS NULL END"
	    " ORDER BY number FOR UPDATE SKIP LOCKED),"
	    " u AS (UPDATE tickets t SET"
	    " escalated1_at = coalesce(t.escalated1_at, now()),"
	    " escalated2_at = CASE WHEN $3::int = 2 THEN now()"
	    " ELSE t.escalated2_at END"
	    " FROM c WHERE t.number = c.number RETURNING t.number)"
	    " SELECT " TICKET_COLS " FROM tickets t JOIN u"
	    " ON u.number = t.number ORDER BY t.number" },
	[ST_TICKET_LIST] = { "pd_ticket_list",
	    "SELECT " TICKET_COLS " FROM tickets t"
	    " WHERE ($1::text IS NULL OR t.status = $1)"
	    " AND ($2::text IS NULL OR t.issue_type = $2)"
	    " ORDER BY t.number DESC" },
	/* order IDs (0), links (1) and customer participants (2) */
	[ST_TICKET_LISTS] = { "pd_ticket_lists",
	    "SELECT 0, u.i, u.x FROM tickets t, unnest(t.order_ids)"
	    " WITH ORDINALITY u(x, i) WHERE t.number = $1"
	    " UNION ALL SELECT 1, u.i, u.x FROM tickets t, unnest(t.links)"
	    " WITH ORDINALITY u(x, i) WHERE t.number = $1"
	    " UNION ALL SELECT 2, row_number() OVER (ORDER BY p.added_at,"
	    " p.address), p.address FROM participants p WHERE p.ticket = $1"
	    " AND p.customer"
	    " ORDER BY 1, 2" },
	[ST_TICKET_MESSAGES] = { "pd_ticket_messages",
	    "SELECT m.id, m.direction, m.from_addr, m.from_name, m.subject,"
	    " m.body, coalesce(m.new_text_len, -1), m.message_id, m.queue_id,"
	    " " EPOCH("m.created_at") ", m.flags FROM messages m"
	    " WHERE m.ticket = $1 ORDER BY m.id" },
	/* To (0), Cc (1) and redaction counts (2) of a ticket's messages */
	[ST_TICKET_MSG_LISTS] = { "pd_ticket_msg_lists",
	    "SELECT m.id, 0, u.i, u.x, 0 FROM messages m,"
	    " unnest(m.to_addrs) WITH ORDINALITY u(x, i) WHERE m.ticket = $1"
	    " UNION ALL SELECT m.id, 1, u.i, u.x, 0 FROM messages m,"
	    " unnest(m.cc_addrs) WITH ORDINALITY u(x, i) WHERE m.ticket = $1"
	    " UNION ALL SELECT m.id, 2, row_number() OVER (PARTITION BY m.id"
	    " ORDER BY e.key), e.key, (e.value #>> '{}')::numeric::bigint"
	    " FROM messages m, jsonb_each(m.redactions) e"
	    " WHERE m.ticket = $1 AND jsonb_typeof(e.value) = 'number'"
	    " ORDER BY 1, 2, 3" },
	[ST_TICKET_ATTACHMENTS] = { "pd_ticket_attachments",
	    "SELECT a.message, a.filename, a.content_type, a.size, a.sha256,"
	    " a.is_inline FROM attachments a JOIN messages m ON m.id ="
	    " a.message WHERE m.ticket = $1 ORDER BY a.message, a.position" },

	/* automatic mail (null sender) to the address in the last hour,
	 * the one about to be queued included; no lock is taken, so mails
	 * racing each other may pass a cap by the few that run at once */
	/* counts no further than the cap: a flood from one address costs
	 * each of its mails the same, not more and more.  The order is the
	 * index's (outbox_auto_rcpt_idx, newest first), so the plan is
	 * always a scan of that index stopping at the cap, never a scan of
	 * the table hoping to meet the cap's rows early */
	[ST_AUTOREPLY_ALLOW] = { "pd_autoreply_allow",
	    "SELECT count(*) + 1 FROM (SELECT 1 FROM outbox"
	    " WHERE rcpt = lower($1) AND mail_from = ''"
	    " AND created_at > now() - interval '1 hour'"
	    " ORDER BY created_at DESC LIMIT $2::int) s" },
	[ST_CONTACT_MARK_UNDELIVERABLE] = { "pd_contact_mark_undeliverable",
	    "INSERT INTO contacts AS c (address, undeliverable_until,"
	    " undeliverable_reason) VALUES (lower($1), now() +"
	    " make_interval(secs => $2::int), $3) ON CONFLICT (address) DO"
	    " UPDATE SET undeliverable_until = EXCLUDED.undeliverable_until,"
	    " undeliverable_reason = EXCLUDED.undeliverable_reason" },
	[ST_CONTACT_UNDELIVERABLE] = { "pd_contact_undeliverable",
	    "SELECT extract(epoch FROM undeliverable_until)::bigint,"
	    " coalesce(undeliverable_reason, '') FROM contacts"
	    " WHERE address = lower($1) AND undeliverable_until > now()" },

	[ST_OUTBOX_LIST] = { "pd_outbox_list",
	    "SELECT o.id, coalesce(o.ticket, 0), o.kind, o.rcpt, o.state,"
	    " o.attempts, " EPOCH("o.next_attempt_at") ", o.last_error, "
	    EPOCH("o.created_at") ", " EPOCH("o.sent_at") ", o.message_id,"
	    " o.channel, o.sent_parts"
	    " FROM outbox o WHERE $1::boolean OR o.state <> 'sent'"
	    " ORDER BY o.id" },
	[ST_OUTBOX_RETRY] = { "pd_outbox_retry",
	    "UPDATE outbox SET state = 'pending', attempts = 0,"
	    " next_attempt_at = now() WHERE id = $1 AND state <> 'sent'" },
	/* the row and its message (outbox_data has no foreign key) */
	[ST_OUTBOX_DROP] = { "pd_outbox_drop",
	    "WITH o AS (DELETE FROM outbox WHERE id = $1 AND state <> 'sent'"
	    " RETURNING id), d AS (DELETE FROM outbox_data WHERE id IN"
	    " (SELECT id FROM o)) SELECT id FROM o" },
	/* one row per figure: what, which (NULL for a single figure), value
	 * (NULL when there is none) */
	[ST_STATS] = { "pd_stats",
	    "SELECT 'tickets', NULL, count(*) FROM tickets"
	    " UNION ALL " COUNTS(STATUSES, "by_status", "status", "tickets")
	    " UNION ALL " COUNTS(PRIORITIES, "open_by_priority", "priority",
	    "tickets WHERE status NOT IN ('resolved', 'closed')")
	    " UNION ALL SELECT 'overdue', NULL, count(*) FROM tickets t"
	    " WHERE " OVERDUE("t")
	    " UNION ALL SELECT 'first_responses', NULL, count(*) FROM tickets"
	    " WHERE first_response_at IS NOT NULL"
	    " UNION ALL SELECT 'median_first_response_s', NULL,"
	    " round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch"
	    " FROM first_response_at - created_at))::numeric)::bigint"
	    " FROM tickets WHERE first_response_at >= created_at"
	    " UNION ALL (SELECT 'redactions', e.key,"
	    " sum((e.value #>> '{}')::numeric)::bigint"
	    " FROM messages m, jsonb_each(m.redactions) e"
	    " WHERE m.redactions <> '{}' AND jsonb_typeof(e.value) = 'number'"
	    " GROUP BY e.key ORDER BY e.key)"
	    " UNION ALL " COUNTS("'pending', 'sent', 'failed'", "outbox",
	    "state", "outbox")
	    " UNION ALL SELECT 'due', NULL, count(*) FROM outbox"
	    " WHERE state = 'pending' AND next_attempt_at <= now()"
	    " UNION ALL SELECT 'retrying', NULL, count(*) FROM outbox"
	    " WHERE state = 'pending' AND attempts > 0"
	    " UNION ALL SELECT 'oldest_pending_age_s', NULL,"
	    " round(extract(epoch FROM now() - min(created_at)))::bigint"
	    " FROM outbox WHERE state = 'pending'" },
	/* the digest up to $1 (epoch): per UTC day of the last 14, oldest
	 * first, tickets opened, resolved and open at the day's end; first
	 * responses to tickets opened in those days (count, median, p90 in
	 * seconds); tickets overdue at $1; redactions by kind in those days */
	[ST_DIGEST] = { "pd_digest",
	    "WITH d AS (SELECT (date_trunc('day', to_timestamp($1::bigint)"
	    " AT TIME ZONE 'UTC') - make_interval(days => i))"
	    " AT TIME ZONE 'UTC' AS day FROM generate_series(13, 0, -1) i),"
	    " w AS (SELECT min(day) AS since FROM d)"
	    " (SELECT 'day', " EPOCH("d.day") "::text,"
	    " (SELECT count(*) FROM tickets t WHERE t.created_at >= d.day"
	    "  AND t.created_at < d.day + interval '1 day'),"
	    " (SELECT count(DISTINCT h.ticket) FROM status_history h"
	    "  WHERE h.status = 'resolved' AND h.changed_at >= d.day"
	    "  AND h.changed_at < d.day + interval '1 day'),"
	    " (SELECT count(*) FROM tickets t"
	    "  WHERE t.created_at < d.day + interval '1 day' AND coalesce("
	    "  (SELECT h.status FROM status_history h WHERE h.ticket ="
	    "  t.number AND h.changed_at < d.day + interval '1 day'"
	    "  ORDER BY h.changed_at DESC, h.id DESC LIMIT 1), 'open')"
	    "  NOT IN ('resolved', 'closed'))"
	    " FROM d ORDER BY d.day)"
	    " UNION ALL SELECT 'first_response', NULL, count(*),"
	    " round(percentile_cont(0.5) WITHIN GROUP (ORDER BY s))::bigint,"
	    " round(percentile_cont(0.9) WITHIN GROUP (ORDER BY s))::bigint"
	    " FROM (SELECT extract(epoch FROM t.first_response_at -"
	    " t.created_at)::float8 AS s FROM tickets t, w"
	    " WHERE t.created_at >= w.since"
	    " AND t.first_response_at >= t.created_at) f"
	    " UNION ALL SELECT 'overdue', NULL, count(*), 0, 0 FROM tickets t"
	    " WHERE t.first_response_at IS NULL AND t.merged_into IS NULL"
	    " AND t.due_at < to_timestamp($1::bigint)"
	    " AND t.status NOT IN ('resolved', 'closed')"
	    " UNION ALL (SELECT 'redactions', e.key,"
	    " sum((e.value #>> '{}')::numeric)::bigint, 0, 0"
	    " FROM messages m, w, jsonb_each(m.redactions) e"
	    " WHERE m.created_at >= w.since AND m.redactions <> '{}'"
	    " AND jsonb_typeof(e.value) = 'number'"
	    " GROUP BY e.key ORDER BY e.key)" },
	[ST_STALE_COUNT] = { "pd_stale_count",
	    "SELECT (SELECT count(*) FROM tickets t WHERE "
	    STALE("waiting", "$1") "),"
	    " (SELECT count(*) FROM tickets t WHERE "
	    STALE("resolved", "$2") ")" },
	/* Both in one snapshot: a ticket resolved now is not also closed. */
	[ST_CLOSE_STALE] = { "pd_close_stale",
	    "WITH r AS (UPDATE tickets t SET status = 'resolved',"
	    " updated_at = now() WHERE " STALE("waiting", "$1")
	    " RETURNING number, 'waiting'::text AS old,"
	    " 'resolved'::text AS new),"
	    " c AS (UPDATE tickets t SET status = 'closed', updated_at = now()"
	    " WHERE " STALE("resolved", "$2")
	    " RETURNING number, 'resolved'::text AS old,"
	    " 'closed'::text AS new),"
	    " a AS (SELECT * FROM r UNION ALL SELECT * FROM c),"
	    " h AS (INSERT INTO status_history (ticket, old_status, status,"
	    " changed_by) SELECT number, old, new, $3 FROM a)"
	    " SELECT number, old, new FROM a ORDER BY number" },

	/* big contents in pieces (lob.c) */
	[ST_LO_NEW] = { "pd_lo_new", "SELECT lo_from_bytea(0, $1::bytea)" },
	[ST_LO_PUT] = { "pd_lo_put",
	    "SELECT lo_put($1::oid, $2::bigint, $3::bytea)" },
	[ST_LO_UNLINK] = { "pd_lo_unlink", "SELECT lo_unlink($1::oid)" },
	[ST_BLOB_HAS] = { "pd_blob_has",
	    "SELECT 1 FROM blobs WHERE sha256 = $1" },
	/* numbers taken ahead, and groups (store/group.c) */
	[ST_TICKET_NUMBERS] = { "pd_ticket_numbers",
	    "SELECT nextval('ticket_number_seq')"
	    " FROM generate_series(1, $1::int)" },
	/* A group looks rows up by key in tables that grow from empty during
	 * an import: a plan cached while they were small would scan them
	 * whole ever after.  Every lookup has its index; keep to them.  And
	 * the estimates for arrays of keys are high enough to have a group's
	 * statements compiled (JIT) on every run, at 30-50 ms a time; and
	 * planned again on every run (a custom plan for each array, about
	 * 0.3 ms a statement), where one plan serves any array. */
	[ST_G_PLANS] = { "pd_g_plans",
	    "SELECT set_config('enable_seqscan', 'off', true),"
	    " set_config('jit', 'off', true),"
	    " set_config('plan_cache_mode', 'force_generic_plan', true)" },
	/* per mail (key, sender, tag, cap, sure to open a ticket; references
	 * as (mail, id) pairs): the same answers as pd_message_seen,
	 * pd_ticket_by_refs, pd_is_participant, pd_contact_undeliverable,
	 * pd_autoreply_allow, and a ticket number taken for a new ticket */
	[ST_G_LOOKUP] = { "pd_g_lookup",
	    "WITH r AS MATERIALIZED (SELECT * FROM unnest($4::int4[],"
	    " $5::text[]) r(i, id))"
	    " SELECT q.i, s.seen,"
	    " CASE WHEN cardinality(v.ids) > 0 THEN"
	    " coalesce((SELECT max(x.ticket) FROM ("
	    "  SELECT m.ticket FROM messages m WHERE m.message_id = ANY(v.ids)"
	    "  UNION ALL SELECT o.ticket FROM outbox o"
	    "  WHERE o.message_id = ANY(v.ids) AND o.ticket IS NOT NULL) x),"
	    "  0) ELSE 0 END,"
	    " q.t > 0 AND q.a <> '' AND (EXISTS (SELECT 1 FROM tickets t"
	    "  WHERE t.number = q.t AND t.requester = lower(q.a))"
	    "  OR EXISTS (SELECT 1 FROM participants p WHERE p.ticket = q.t"
	    "  AND p.address = lower(q.a))),"
	    " (SELECT extract(epoch FROM c.undeliverable_until)::bigint"
	    "  FROM contacts c WHERE c.address = lower(q.a)"
	    "  AND c.undeliverable_until > now()),"
	    /* counted no further than the cap, as pd_autoreply_allow */
	    " (SELECT count(*) FROM (SELECT 1 FROM outbox o"
	    "  WHERE o.rcpt = lower(q.a) AND o.mail_from = ''"
	    "  AND o.created_at > now() - interval '1 hour'"
	    "  ORDER BY o.created_at DESC LIMIT q.c) n),"
	    /* the number of a ticket it is sure to open */
	    " CASE WHEN q.cr AND s.seen = 0 THEN"
	    "  nextval('ticket_number_seq') END"
	    " FROM unnest($1::text[], $2::text[], $3::int8[], $6::int4[],"
	    " $7::bool[]) WITH ORDINALITY q(k, a, t, c, cr, i)"
	    " CROSS JOIN LATERAL (SELECT coalesce((SELECT m.ticket"
	    "  FROM messages m WHERE m.message_key = q.k), 0) AS seen) s"
	    " CROSS JOIN LATERAL (SELECT ARRAY(SELECT r.id FROM r"
	    "  WHERE r.i = q.i) AS ids) v"
	    " ORDER BY q.i" },
	[ST_G_TICKETS_GET] = { "pd_g_tickets_get",
	    "SELECT number, status, priority, subject, requester,"
	    " coalesce(category, ''), coalesce(reply_to, ''), issue_type,"
	    " coalesce(language, ''), coalesce(merged_into, 0) FROM tickets"
	    " WHERE number = ANY($1::int8[]) ORDER BY number FOR UPDATE" },
	[ST_TICKETS_ADD] = { "pd_tickets_add",
	    "WITH t AS (INSERT INTO tickets (number, subject, requester,"
	    " requester_name, priority, category, due_at, quoted, order_ids,"
	    " links, issue_type, language, missing) SELECT n, s, lower(r),"
	    " rn, p, c, CASE WHEN d > 0 THEN to_timestamp(d) END,"
	    " nullif(q, 0), o::text[], l::text[], it, lg, mi::text[]"
	    ROWS("$1::int8[], $2::text[], $3::text[], $4::text[],"
	    " $5::text[], $6::text[], $7::int8[], $8::int8[], $9::text[],"
	    " $10::text[], $11::text[], $12::text[], $13::text[]",
	    "n, s, r, rn, p, c, d, q, o, l, it, lg, mi")
	    " ORDER BY i RETURNING number),"
	    " h AS (INSERT INTO status_history (ticket, status)"
	    " SELECT number, 'open' FROM t)"
	    " SELECT count(*) FROM t" },
	[ST_STATUS_ADD] = { "pd_status_add",
	    "WITH v AS (SELECT *" ROWS("$1::int8[], $2::text[], $3::text[]",
	    "n, st, who") "),"
	    " o AS (SELECT number, status FROM tickets"
	    " WHERE number IN (SELECT n FROM v) FOR UPDATE),"
	    " u AS (UPDATE tickets t SET status = v.st, updated_at = now()"
	    " FROM v, o WHERE t.number = v.n AND o.number = v.n"
	    " RETURNING v.n, o.status AS old, v.st, v.who, v.i)"
	    " INSERT INTO status_history (ticket, old_status, status,"
	    " changed_by) SELECT n, old, st, who FROM u ORDER BY i RETURNING id" },
	[ST_FACTS_ADD] = { "pd_facts_add",
	    "UPDATE tickets t SET order_ids = t.order_ids || "
	    UNIQ("o", "t.order_ids") ", links = t.links || "
	    UNIQ("l", "t.links") ", missing = " MINUS("t.missing", "f")
	    ROWS("$1::int8[], $2::text[], $3::text[], $4::text[]",
	    "n, o, l, f")
	    " WHERE t.number = u.n" },
	[ST_MESSAGES_ADD] = { "pd_messages_add",
	    "INSERT INTO messages (ticket, message_key, message_id,"
	    " direction, queue_id, from_addr, from_name, to_addrs, cc_addrs,"
	    " subject, body, new_text_len, raw, redactions, warnings, flags)"
	    " SELECT t, k, mi, d, q, lower(f), fn, ta::text[], ca::text[], s,"
	    " b, nl, " FROM_LO("r", "lo") ","
	    " coalesce(nullif(rd, ''), '{}')::jsonb, w, fl"
	    ROWS("$1::int8[], $2::text[], $3::text[], $4::text[], $5::text[],"
	    " $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],"
	    " $11::text[], $12::int4[], $13::bytea[], $14::int8[],"
	    " $15::text[], $16::text[], $17::int4[]",
	    "t, k, mi, d, q, f, fn, ta, ca, s, b, nl, r, lo, rd, w, fl")
	    " ORDER BY i" },
	[ST_PARTICIPANTS_ADD] = { "pd_participants_add",
	    "INSERT INTO participants AS p (ticket, address, name, customer)"
	    " SELECT DISTINCT ON (t, lower(a)) t, lower(a), n, c"
	    ROWS("$1::int4[], $2::int8[], $3::text[], $4::text[],"
	    " $5::bool[]", "m, t, a, n, c")
	    " WHERE a IS NOT NULL AND a <> '' ORDER BY t, lower(a), c DESC, m"
	    " ON CONFLICT (ticket, address) DO UPDATE SET customer = true"
	    " WHERE EXCLUDED.customer AND NOT p.customer" },
	[ST_CONTACTS_ADD] = { "pd_contacts_add",
	    "INSERT INTO contacts AS c (address, name) SELECT lower(a), n"
	    ROWS("$1::text[], $2::text[]", "a, n")
	    " ORDER BY i ON CONFLICT (address) DO NOTHING" },
	/* a ticket made in this transaction has updated_at = now() */
	[ST_TICKETS_TOUCH] = { "pd_tickets_touch",
	    "UPDATE tickets SET updated_at = now()"
	    " WHERE number = ANY($1::int8[]) AND updated_at <> now()" },
	[ST_BLOBS_ADD] = { "pd_blobs_add",
	    "INSERT INTO blobs (sha256, size, data) SELECT h, sz, "
	    FROM_LO("d", "lo")
	    ROWS("$1::text[], $2::int8[], $3::bytea[], $4::int8[]",
	    "h, sz, d, lo")
	    " ORDER BY i ON CONFLICT (sha256) DO NOTHING" },
	[ST_ATTACHMENTS_ADD] = { "pd_attachments_add",
	    "INSERT INTO attachments (message, position, filename,"
	    " content_type, content_id, size, sha256, is_inline)"
	    " SELECT m.id, u.p, u.f, coalesce(u.ct,"
	    " 'application/octet-stream'), u.cid, u.sz, u.h, u.inl"
	    ROWS("$1::text[], $2::int4[], $3::text[], $4::text[],"
	    " $5::text[], $6::int8[], $7::text[], $8::bool[]",
	    "k, p, f, ct, cid, sz, h, inl")
	    " JOIN messages m ON m.message_key = u.k ORDER BY u.i" },
	/* the row, and its message in a table of its own: claiming and
	 * marking a row rewrite the row, never the message */
	[ST_OUTBOX_ADD] = { "pd_outbox_add",
	    "WITH q AS (SELECT nextval('outbox_id_seq') AS id, o.* FROM"
	    " (SELECT t, k, mf, r, mi, " FROM_LO("d", "lo") " AS d, ch"
	    ROWS("$1::int8[], $2::text[], $3::text[], $4::text[],"
	    " $5::text[], $6::bytea[], $7::int8[], $8::text[]",
	    "t, k, mf, r, mi, d, lo, ch")
	    " ORDER BY i) o),"
	    " o AS (INSERT INTO outbox (id, ticket, kind, mail_from, rcpt,"
	    " message_id, channel) SELECT id, nullif(t, 0), k, mf, r,"
	    " nullif(mi, ''), ch FROM q)"
	    " INSERT INTO outbox_data (id, data) SELECT id, d FROM q"
	    " RETURNING id" },

	/* the Telegram door */
	[ST_TG_OFFSET] = { "pd_tg_offset",
	    "SELECT next_offset FROM telegram_bot WHERE id = 1" },
	/* update $1 is done, in the transaction of its effect: 1 when this
	 * transaction is the one that does it (another one doing it at the
	 * same time waits on the key, then finds it), 0 when it was done
	 * before; getUpdates goes on after it; ids far behind the offset
	 * cannot come again */
	[ST_TG_CLAIM] = { "pd_tg_claim",
	    "WITH d AS (INSERT INTO telegram_updates (update_id)"
	    " VALUES ($1::int8) ON CONFLICT DO NOTHING RETURNING 1),"
	    " p AS (DELETE FROM telegram_updates WHERE update_id <"
	    " $1::int8 - 100000),"
	    " o AS (INSERT INTO telegram_bot (id, next_offset)"
	    " VALUES (1, $1::int8 + 1) ON CONFLICT (id) DO UPDATE SET"
	    " next_offset = greatest(telegram_bot.next_offset,"
	    " EXCLUDED.next_offset))"
	    " SELECT count(*) FROM d" },
	[ST_TG_CONV_GET] = { "pd_tg_conv_get",
	    "SELECT chat_id, step, category, subject, order_id,"
	    " coalesce(ticket, 0), body, ntexts, name, language"
	    " FROM telegram_conversations WHERE user_id = $1 FOR UPDATE" },
	[ST_TG_CONV_PUT] = { "pd_tg_conv_put",
	    "INSERT INTO telegram_conversations AS c (user_id, chat_id, step,"
	    " category, subject, order_id, ticket, body, ntexts, name,"
	    " language) VALUES ($1, $2, $3, $4, $5, $6, nullif($7::int8, 0),"
	    " $8, $9, $10, $11) ON CONFLICT (user_id) DO UPDATE SET"
	    " chat_id = $2, step = $3, category = $4, subject = $5,"
	    " order_id = $6, ticket = nullif($7::int8, 0), body = $8,"
	    " ntexts = $9, name = $10, language = $11, updated_at = now()" },
	[ST_TG_CONV_DROP] = { "pd_tg_conv_drop",
	    "DELETE FROM telegram_conversations WHERE user_id = $1" },
	[ST_TG_FILE_ADD] = { "pd_tg_file_add",
	    "INSERT INTO telegram_files (user_id, position, file_id, filename,"
	    " content_type, size) SELECT $1, coalesce(max(position), 0) + 1,"
	    " $2, $3, $4, $5 FROM telegram_files WHERE user_id = $1" },
	[ST_TG_FILES] = { "pd_tg_files",
	    "SELECT file_id, filename, content_type, size FROM telegram_files"
	    " WHERE user_id = $1 ORDER BY position" },
	/* a requester's tickets still being worked on, newest first */
	[ST_TG_TICKETS] = { "pd_tg_tickets",
	    "SELECT number, subject, status FROM tickets WHERE requester = $1"
	    " AND status IN ('open', 'in_progress', 'waiting')"
	    " AND merged_into IS NULL ORDER BY number DESC LIMIT $2" },
	[ST_TG_TICKET_SET] = { "pd_tg_ticket_set",
	    "UPDATE tickets SET channel = $2, telegram_chat = $3"
	    " WHERE number = $1" },
	[ST_TG_TICKET_CHANNEL] = { "pd_tg_ticket_channel",
	    "SELECT channel, coalesce(telegram_chat, 0) FROM tickets"
	    " WHERE number = $1" },
	[ST_TG_BLOB] = { "pd_tg_blob",
	    "SELECT data FROM blobs WHERE sha256 = $1" },
};
