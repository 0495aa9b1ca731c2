/* confirm-cost.c - what postdesk does to make one confirmation (render
 * its template, compose the MIME message), N times, for a profiler:
 *   valgrind --tool=callgrind bench/confirm-cost TEMPLATE_DIR 200
 * With -p it prints the one confirmation instead (Date fixed at 1700000000,
 * its Message-ID random), so a change can show that its bytes are the same.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/conf.h"
#include "common/xalloc.h"
#include "intake/intake_int.h"

#define CONFIRM_NOW	1700000000

/* Makes and composes one confirmation into og. */
static void
confirm_one(struct intake_job *j, const struct store_new_ticket *nt,
    struct intake_out *og)
{
	struct intake_confirm c;
	char err[256];

	if (intake_confirm_make(j, 10042, nt, &c, err, sizeof(err)) < 0 ||
	    intake_out_compose(j->j_in->in_conf, &c.cm_mo, 10042, 0,
	    CONFIRM_NOW, og) < 0) {
		fprintf(stderr, "confirm-cost: %s\n", err);
		exit(1);
	}
	intake_confirm_free(&c);
}

/* Runs it. */
int
main(int argc, char **argv)
{
	static char *refs[] = { "older.1@customer.example" };
	struct store_new_ticket nt = { .nt_subject = "Where is my order?",
	    .nt_priority = TP_HIGH, .nt_due = CONFIRM_NOW + 4 * 3600 };
	struct mail m = { .m_message_id = "first.1@customer.example",
	    .m_references = refs, .m_nreferences = 1 };
	struct intake_result r;
	struct intake_job j;
	struct intake_out og;
	struct intake *in;
	struct conf *cf;
	char text[4096], err[256];
	int print = argc > 1 && strcmp(argv[1], "-p") == 0;
	long n, i;

	if (argc - print < 2) {
		fprintf(stderr, "usage: confirm-cost [-p] TEMPLATE_DIR [N]\n");
		return 2;
	}
	parser_init();
	snprintf(text, sizeof(text), "template_dir = %s\n"
	    "from_address = support@desk.example\n", argv[1 + print]);
	if ((cf = conf_load_string(text, "confirm-cost", err,
	    sizeof(err))) == NULL ||
	    (cf->cf_hmac_secret = xstrdup("a secret of the benchmark"),
	    (in = intake_new(cf, NULL, err, sizeof(err))) == NULL)) {
		fprintf(stderr, "confirm-cost: %s\n", err);
		return 1;
	}
	n = print ? 1 : argc > 2 ? atol(argv[2]) : 100;
	intake_job_bare(&j, &r, in, "rita@customer.example");
	j.j_mail = &m;
	j.j_from_name = "Rita Customer";
	j.j_lang = "en";
	j.j_issue = IT_ORDER;
	j.j_missing = 1u << DT_ORDER_ID;
	r.ir_counts.rc_n[RK_PASSWORD] = 1;
	for (i = 0; i < n; i++) {
		confirm_one(&j, &nt, &og);
		if (print)
			fwrite(og.og_data.b_data, 1, og.og_len, stdout);
		intake_out_free(&og);
	}
	intake_free(in);
	conf_unref(cf);
	return 0;
}
