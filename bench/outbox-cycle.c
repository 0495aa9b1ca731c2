/* outbox-cycle.c - one phase of the outbox's life for N rows, the way
 * postdesk goes through it, so bench/outbox-wal can measure what each
 * phase writes to the WAL and which statements it runs.
 *
 * Usage: outbox-cycle CONNINFO migrate
 *        outbox-cycle CONNINFO add N BYTES   queues N mails of BYTES
 *                                            bytes, one transaction each
 *        outbox-cycle CONNINFO claim N       claims due mail rows in
 *                                            the worker's batches (32)
 *        outbox-cycle CONNINFO sent          marks the claimed rows sent,
 *                                            a batch per statement
 * The claimed ids go from "claim" to "sent" on stdout/stdin.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "store/store.h"

#define CYCLE_BATCH	32	/* as the worker's WORKER_BATCH */

/* Prints why and exits. */
static void
cycle_die(struct store *s, const char *what)
{
	fprintf(stderr, "outbox-cycle: %s: %s\n", what,
	    s != NULL ? store_error(s) : "");
	exit(1);
}

/* Queues n mails of len bytes, each in a transaction of its own. */
static void
cycle_add(struct store *s, long n, size_t len)
{
	struct store_outbox ob;
	char *data = xmalloc(len + 1);
	long i;

	memset(data, 'x', len);
	memcpy(data, "Subject: a confirmation\r\n\r\n", 27);
	data[len] = '\0';
	for (i = 0; i < n; i++) {
		memset(&ob, 0, sizeof(ob));
		ob.ob_kind = "confirmation";
		ob.ob_mail_from = "";
		ob.ob_rcpt = "customer@example.test";
		ob.ob_message_id = "bench@example.test";
		ob.ob_data = data;
		ob.ob_len = len;
		if (store_begin(s) != STORE_ONE ||
		    store_outbox_add(s, &ob, NULL) != STORE_ONE ||
		    store_commit(s) != STORE_ONE)
			cycle_die(s, "add");
	}
	free(data);
}

/* Claims up to n rows in batches; prints their ids. */
static void
cycle_claim(struct store *s, long n)
{
	struct store_outbox *rows;
	size_t got, i;
	long done = 0;

	while (done < n) {
		switch (store_outbox_claim(s, STORE_CH_MAIL, CYCLE_BATCH,
		    &rows, &got)) {
		case STORE_ONE:
			break;
		case STORE_NONE:
			return;
		default:
			cycle_die(s, "claim");
		}
		for (i = 0; i < got; i++)
			printf("%ld\n", rows[i].ob_id);
		done += (long)got;
		store_outbox_free(rows, got);
	}
}

/* Marks the ids read from stdin sent, a batch per statement. */
static void
cycle_sent(struct store *s)
{
	long ids[CYCLE_BATCH];
	size_t n = 0;
	int more = 1;

	while (more) {
		more = scanf("%ld", &ids[n]) == 1;
		if (more)
			n++;
		if (n == CYCLE_BATCH || (!more && n > 0)) {
			if (store_outbox_sent_many(s, ids, n, NULL) < 0)
				cycle_die(s, "sent");
			n = 0;
		}
	}
}

/* Runs one phase. */
int
main(int argc, char **argv)
{
	struct store *s;
	char err[512];

	if (argc < 3) {
		fprintf(stderr, "usage: outbox-cycle CONNINFO "
		    "migrate|add N BYTES|claim N|sent\n");
		return 2;
	}
	if ((s = store_open(argv[1], err, sizeof(err))) == NULL) {
		fprintf(stderr, "outbox-cycle: %s\n", err);
		return 1;
	}
	if (strcmp(argv[2], "migrate") == 0 && store_migrate(s, NULL) < 0)
		cycle_die(s, "migrate");
	else if (strcmp(argv[2], "add") == 0 && argc == 5)
		cycle_add(s, atol(argv[3]), (size_t)atol(argv[4]));
	else if (strcmp(argv[2], "claim") == 0 && argc == 4)
		cycle_claim(s, atol(argv[3]));
	else if (strcmp(argv[2], "sent") == 0)
		cycle_sent(s);
	store_close(s);
	return 0;
}
