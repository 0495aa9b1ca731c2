/* schema.c - the database schema as a list of versioned migrations.
 *
 * Each migration is applied in its own transaction, after taking a
 * transaction-scoped advisory lock, so that several instances migrating
 * at once take turns and each step is applied exactly once.  The version
 * reached is kept in schema_version.  Migrations are only ever appended.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

/* pg_advisory_xact_lock key: "pdsk" */
#define SCHEMA_LOCK	"1885629291"
/* how often one step may lose a deadlock before migrate gives up */
#define SCHEMA_TRIES	5

static const char *const migrations[] = {
	/* 1: the whole model */
	"CREATE TABLE contacts ("
	"  address text PRIMARY KEY,"
	"  name text,"
	"  first_seen timestamptz NOT NULL DEFAULT now(),"
	"  last_seen timestamptz NOT NULL DEFAULT now(),"
	"  undeliverable_until timestamptz,"
	"  undeliverable_reason text);"
	"CREATE SEQUENCE ticket_number_seq START 10001;"
	"CREATE TABLE tickets ("
	"  number bigint PRIMARY KEY DEFAULT nextval('ticket_number_seq'),"
	"  subject text NOT NULL,"
	"  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open',"
	"    'in_progress', 'waiting', 'resolved', 'closed')),"
	"  priority text NOT NULL DEFAULT 'medium' CHECK (priority IN"
	"    ('low', 'medium', 'high', 'urgent')),"
	"  category text,"
	"  requester text NOT NULL,"
	"  requester_name text,"
	"  assignee text,"
	"  quoted bigint,"
	"  order_ids text[] NOT NULL DEFAULT '{}',"
	"  links text[] NOT NULL DEFAULT '{}',"
	"  due_at timestamptz,"
	"  first_response_at timestamptz,"
	"  created_at timestamptz NOT NULL DEFAULT now(),"
	"  updated_at timestamptz NOT NULL DEFAULT now());"
	"ALTER SEQUENCE ticket_number_seq OWNED BY tickets.number;"
	"CREATE INDEX tickets_status_idx ON tickets (status, updated_at);"
	"CREATE INDEX tickets_requester_idx ON tickets (requester);"
	"CREATE TABLE participants ("
	"  ticket bigint NOT NULL REFERENCES tickets ON DELETE CASCADE,"
	"  address text NOT NULL,"
	"  name text,"
	"  added_at timestamptz NOT NULL DEFAULT now(),"
	"  PRIMARY KEY (ticket, address));"
	"CREATE TABLE status_history ("
	"  id bigserial PRIMARY KEY,"
	"  ticket bigint NOT NULL REFERENCES tickets ON DELETE CASCADE,"
	"  old_status text,"
	"  status text NOT NULL,"
	"  changed_by text,"
	"  changed_at timestamptz NOT NULL DEFAULT now());"
	"CREATE INDEX status_history_ticket_idx ON status_history (ticket);"
	"CREATE TABLE messages ("
	"  id bigserial PRIMARY KEY,"
	"  ticket bigint NOT NULL REFERENCES tickets ON DELETE CASCADE,"
	"  message_key text NOT NULL UNIQUE,"
	"  message_id text,"
	"  direction text NOT NULL CHECK (direction IN ('customer', 'agent',"
	"    'note', 'auto')),"
	"  queue_id text,"
	"  from_addr text NOT NULL,"
	"  from_name text,"
	"  to_addrs text[] NOT NULL DEFAULT '{}',"
	"  cc_addrs text[] NOT NULL DEFAULT '{}',"
	"  subject text NOT NULL,"
	"  body text NOT NULL,"
	"  new_text_len integer,"
	"  raw bytea,"
	"  redactions jsonb NOT NULL DEFAULT '{}',"
	"  warnings text,"
	"  flags integer NOT NULL DEFAULT 0,"
	"  created_at timestamptz NOT NULL DEFAULT now());"
	"CREATE INDEX messages_ticket_idx ON messages (ticket, id);"
	"CREATE INDEX messages_message_id_idx ON messages (message_id);"
	"CREATE TABLE blobs ("
	"  sha256 text PRIMARY KEY,"
	"  size bigint NOT NULL,"
	"  data bytea NOT NULL,"
	"  created_at timestamptz NOT NULL DEFAULT now());"
	"CREATE TABLE attachments ("
	"  id bigserial PRIMARY KEY,"
	"  message bigint NOT NULL REFERENCES messages ON DELETE CASCADE,"
	"  position integer NOT NULL,"
	"  filename text,"
	"  content_type text NOT NULL,"
	"  content_id text,"
	"  size bigint NOT NULL,"
	"  sha256 text NOT NULL REFERENCES blobs,"
	"  is_inline boolean NOT NULL DEFAULT false);"
	"CREATE INDEX attachments_message_idx ON attachments (message);"
	"CREATE INDEX attachments_sha256_idx ON attachments (sha256);"
	"CREATE TABLE outbox ("
	"  id bigserial PRIMARY KEY,"
	"  ticket bigint REFERENCES tickets ON DELETE SET NULL,"
	"  kind text NOT NULL,"
	"  mail_from text NOT NULL,"
	"  rcpt text NOT NULL,"
	"  message_id text,"
	"  data bytea NOT NULL,"
	"  state text NOT NULL DEFAULT 'pending' CHECK (state IN"
	"    ('pending', 'sent', 'failed')),"
	"  attempts integer NOT NULL DEFAULT 0,"
	"  next_attempt_at timestamptz NOT NULL DEFAULT now(),"
	"  last_error text,"
	"  created_at timestamptz NOT NULL DEFAULT now(),"
	"  sent_at timestamptz);"
	"CREATE INDEX outbox_due_idx ON outbox (next_attempt_at)"
	"  WHERE state = 'pending';"
	"CREATE INDEX outbox_message_id_idx ON outbox (message_id);"
	"CREATE INDEX outbox_ticket_idx ON outbox (ticket);"
	"CREATE TABLE autoreply_rate ("
	"  address text PRIMARY KEY,"
	"  window_start timestamptz NOT NULL DEFAULT now(),"
	"  sent integer NOT NULL DEFAULT 0);",

	/* 2: the cap on automatic mail counts the outbox itself, so no row
	 * is shared (and locked until commit) by every mail of a sender */
	"DROP TABLE autoreply_rate;"
	"CREATE INDEX outbox_auto_rcpt_idx ON outbox (rcpt, created_at)"
	"  WHERE mail_from = '';",

	/* 3: mail contents compressed with lz4 where the server has it
	 * (PostgreSQL 14 or newer, built with lz4): the same rows, written
	 * with a fraction of pglz's CPU; older values stay as they are */
	"DO $$ BEGIN"
	"  IF current_setting('server_version_num')::int >= 140000 THEN"
	"    EXECUTE 'ALTER TABLE messages"
	"      ALTER COLUMN raw SET COMPRESSION lz4,"
	"      ALTER COLUMN body SET COMPRESSION lz4';"
	"    EXECUTE 'ALTER TABLE outbox"
	"      ALTER COLUMN data SET COMPRESSION lz4';"
	"    EXECUTE 'ALTER TABLE blobs"
	"      ALTER COLUMN data SET COMPRESSION lz4';"
	"  END IF;"
	"EXCEPTION WHEN feature_not_supported THEN NULL;"
	"END $$;",

	/* 4: customer participants (whom an agent's reply goes to): the
	 * people customers' mail names, not support addresses or agents;
	 * before this, the requesters and the senders of customer mail.
	 * Outgoing mail is read back in pieces by the worker, so it is
	 * stored uncompressed (a piece of a compressed value costs
	 * decompressing everything before it). */
	"ALTER TABLE participants ADD COLUMN customer boolean NOT NULL"
	"  DEFAULT false;"
	"UPDATE participants p SET customer = true FROM tickets t"
	"  WHERE t.number = p.ticket AND t.requester = p.address;"
	"UPDATE participants p SET customer = true WHERE NOT p.customer"
	"  AND EXISTS (SELECT 1 FROM messages m WHERE m.ticket = p.ticket"
	"  AND m.direction = 'customer' AND m.from_addr = p.address);"
	"ALTER TABLE outbox ALTER COLUMN data SET STORAGE EXTERNAL;"
	/* the requester's own Reply-To: where replies to them go */
	"ALTER TABLE tickets ADD COLUMN reply_to text;",

	/* 5: the customer's side: each ticket's issue type, the language
	 * its customer is written to in, and the details its type needs
	 * that the customer has not given yet */
	"ALTER TABLE tickets"
	"  ADD COLUMN issue_type text NOT NULL DEFAULT 'other' CHECK"
	"    (issue_type IN ('order', 'refill', 'cancel', 'speed', 'drop',"
	"    'payment', 'account', 'other')),"
	"  ADD COLUMN language text,"
	"  ADD COLUMN missing text[] NOT NULL DEFAULT '{}';"
	"CREATE INDEX tickets_issue_type_idx ON tickets (issue_type, number);",

	/* 6: agents' tools: a merged ticket points at the one it went into;
	 * when a ticket's first and second escalation were claimed */
	"ALTER TABLE tickets ADD COLUMN merged_into bigint"
	"  REFERENCES tickets ON DELETE SET NULL,"
	"  ADD COLUMN escalated1_at timestamptz,"
	"  ADD COLUMN escalated2_at timestamptz;"
	"CREATE INDEX tickets_merged_into_idx ON tickets (merged_into)"
	"  WHERE merged_into IS NOT NULL;",

	/* 7: the Telegram door: the channel a ticket came by and its chat;
	 * the bot's getUpdates offset, the updates whose effect is stored,
	 * and each user's conversation (a ticket being made, a reply being
	 * written) with the files it gathered */
	"ALTER TABLE tickets"
	"  ADD COLUMN channel text NOT NULL DEFAULT 'mail' CHECK"
	"    (channel IN ('mail', 'telegram')),"
	"  ADD COLUMN telegram_chat bigint;"
	"CREATE TABLE telegram_bot ("
	"  id integer PRIMARY KEY CHECK (id = 1),"
	"  next_offset bigint NOT NULL);"
	"CREATE TABLE telegram_updates ("
	"  update_id bigint PRIMARY KEY,"
	"  done_at timestamptz NOT NULL DEFAULT now());"
	"CREATE TABLE telegram_conversations ("
	"  user_id bigint PRIMARY KEY,"
	"  chat_id bigint NOT NULL,"
	"  step text NOT NULL,"
	"  category text,"
	"  subject text,"
	"  order_id text,"
	"  ticket bigint,"
	"  body text NOT NULL DEFAULT '',"
	"  ntexts integer NOT NULL DEFAULT 0,"
	"  name text,"
	"  language text,"
	"  updated_at timestamptz NOT NULL DEFAULT now());"
	"CREATE TABLE telegram_files ("
	"  user_id bigint NOT NULL REFERENCES telegram_conversations"
	"    ON DELETE CASCADE,"
	"  position integer NOT NULL,"
	"  file_id text NOT NULL,"
	"  filename text NOT NULL,"
	"  content_type text NOT NULL,"
	"  size bigint NOT NULL,"
	"  PRIMARY KEY (user_id, position));",

	/* 8: where an outbox row goes: mail (SMTP) or a Telegram chat (the
	 * rcpt a pseudo address of ticket/chat.h); each sender claims its
	 * own channel's due rows by the index; sent_parts counts the pieces
	 * of a row a chat has already accepted (text, then attachments), so
	 * a retry after a partial send repeats none of them */
	"ALTER TABLE outbox ADD COLUMN channel text NOT NULL DEFAULT 'mail'"
	"  CHECK (channel IN ('mail', 'telegram')),"
	"  ADD COLUMN sent_parts integer NOT NULL DEFAULT 0;"
	"DROP INDEX outbox_due_idx;"
	"CREATE INDEX outbox_channel_due_idx ON outbox (channel,"
	"  next_attempt_at) WHERE state = 'pending';",

	/* 9: an outbox row's message in a table of its own: claiming a row
	 * and marking it sent write a new version of the row, which held
	 * the whole message (a confirmation is below the size PostgreSQL
	 * moves out of line, so it was copied, and logged, twice more);
	 * stored uncompressed, as in 4.  Queued with its row in one
	 * statement and deleted with it (pd_outbox_drop), so it has no
	 * foreign key: its check would cost every row queued a lookup and
	 * a lock of the row just inserted.  The due rows are indexed in
	 * the claim's order (the id breaks ties), so a claim reads its
	 * batch, not every due row to sort them */
	"CREATE TABLE outbox_data ("
	"  id bigint PRIMARY KEY,"
	"  data bytea NOT NULL);"
	"ALTER TABLE outbox_data ALTER COLUMN data SET STORAGE EXTERNAL;"
	"INSERT INTO outbox_data (id, data) SELECT id, data FROM outbox;"
	"ALTER TABLE outbox DROP COLUMN data;"
	"DROP INDEX outbox_channel_due_idx;"
	"CREATE INDEX outbox_channel_due_idx ON outbox (channel,"
	"  next_attempt_at, id) WHERE state = 'pending';",
};

#define NMIGRATIONS	((int)(sizeof(migrations) / sizeof(migrations[0])))

/* Runs sql (several statements) with PQexec; the migrations only. */
static enum store_status
schema_exec(struct store *s, const char *sql, const char *what)
{
	PGresult *r;
	enum store_status st;
	char step[32];

	snprintf(step, sizeof(step), "migrate %s", what);
	r = PQexec(s->s_conn, sql);
	st = st_check(s, r, step);
	PQclear(r);
	return st;
}

/* The version of the schema, 0 when there is none (lock held). */
static enum store_status
schema_version(struct store *s, int *version)
{
	PGresult *r;
	enum store_status st;

	st = schema_exec(s, "CREATE TABLE IF NOT EXISTS schema_version ("
	    "  version integer PRIMARY KEY,"
	    "  applied_at timestamptz NOT NULL DEFAULT now())", "version");
	if (st != STORE_ONE)
		return st;
	if ((st = st_exec(s, ST_SCHEMA_VERSION, NULL, &r)) != STORE_ONE)
		return st;
	*version = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	return STORE_ONE;
}

/* Applies the next migration unless all are; *done set when none left. */
static enum store_status
schema_step(struct store *s, int *version, int *done)
{
	enum store_status st;
	char sql[128];

	if ((st = store_begin(s)) != STORE_ONE)
		return st;
	st = schema_exec(s, "SELECT pg_advisory_xact_lock(" SCHEMA_LOCK ")",
	    "lock");
	if (st == STORE_ONE)
		st = schema_version(s, version);
	if (st == STORE_ONE && *version >= NMIGRATIONS) {
		*done = 1;
		return store_commit(s);
	}
	if (st == STORE_ONE)
		st = schema_exec(s, migrations[*version], "step");
	if (st == STORE_ONE) {
		snprintf(sql, sizeof(sql), "INSERT INTO schema_version "
		    "(version) VALUES (%d)", *version + 1);
		st = schema_exec(s, sql, "record");
	}
	if (st == STORE_ONE && (st = store_commit(s)) == STORE_ONE)
		(*version)++;
	if (st != STORE_ONE)
		store_rollback(s);
	return st;
}

/* Whether the step failed only because another session's locks were
 * taken in the other order (one preparing its statements, a daemon at
 * work): the step was rolled back whole and can simply run again. */
static int
schema_conflict(const struct store *s)
{
	return strcmp(s->s_state, "40P01") == 0 ||	/* deadlock_detected */
	    strcmp(s->s_state, "40001") == 0;	/* serialization_failure */
}

/* Creates or upgrades the schema, one migration per transaction. */
enum store_status
store_migrate(struct store *s, int *version)
{
	enum store_status st;
	int v = 0, done = 0, conflicts = 0;

	while (!done) {
		st = schema_step(s, &v, &done);
		if (st == STORE_SOFT && schema_conflict(s) &&
		    ++conflicts < SCHEMA_TRIES)
			continue;
		if (st != STORE_ONE)
			return st;
		conflicts = 0;
	}
	/* statements that failed to prepare before the tables existed */
	memset(s->s_prepared, 0, sizeof(s->s_prepared));
	PQclear(PQexec(s->s_conn, "DEALLOCATE ALL"));
	if (version != NULL)
		*version = v;
	return STORE_ONE;
}

/* The version of the schema in the database (0: none), changing
 * nothing. */
enum store_status
store_schema_version(struct store *s, int *version)
{
	enum store_status st;
	PGresult *r;
	int exists;

	*version = 0;
	if ((st = st_exec(s, ST_SCHEMA_EXISTS, NULL, &r)) != STORE_ONE)
		return st;
	exists = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (!exists)
		return STORE_ONE;
	if ((st = st_exec(s, ST_SCHEMA_VERSION, NULL, &r)) != STORE_ONE)
		return st;
	*version = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	return STORE_ONE;
}

/* The number of the newest migration this build knows. */
int
store_schema_latest(void)
{
	return NMIGRATIONS;
}
