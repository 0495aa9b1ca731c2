/* check_common.c - the config table, addresses, buffers, header encoding,
 * spill buffers. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/addr.h"
#include "common/buf.h"
#include "common/conf.h"
#include "common/digest.h"
#include "common/msgbuf.h"

/* --- config ------------------------------------------------------------ */

static const struct {
	const char	*text;
	const char	*err;		/* substring of the error, NULL: ok */
} conf_cases[] = {
	{ "", NULL },
	{ "# only a comment\n\n   \n", NULL },
	{ "support_addresses = support@example.com", NULL },
	{ "support_addresses = support@example.com, @help.example.com",
	    NULL },
	{ "bogus_key = 1", "unknown key \"bogus_key\"" },
	{ "support_addresses", "expected \"key = value\"" },
	{ "support_addresses = nodomain", "neither an address nor @domain" },
	{ "max_message_size = 10M", NULL },
	{ "max_message_size = 10X", "is not a size" },
	{ "max_message_size = 12", "out of range" },
	{ "db_pool_size = 0", "out of range" },
	{ "db_pool_size = 300", "out of range" },
	{ "db_pool_size = eight", "is not a number" },
	{ "redact_delivered = maybe", "want yes or no" },
	{ "agent_trust = auth, telepathy", "want a list of auth, dkim, from" },
	{ "on_error = explode", "want tempfail or accept" },
	{ "log = file", "want syslog or stderr" },
	{ "tag_prefix = Tick et", "tag_prefix" },
	{ "hmac_secret_file = /nonexistent/secret", "hmac_secret_file" },
	{ "socket_mode = 0999", "is not a number" },
	{ "sla_urgent = 2\nsla_low = 96", NULL },
	{ "line one = x", "unknown key" },
};

/* Each text loads or fails with the expected reason. */
START_TEST(test_conf_table)
{
	char err[512] = "";
	struct conf *c;

	c = conf_load_string(conf_cases[_i].text, "t.conf", err, sizeof(err));
	if (conf_cases[_i].err == NULL)
		ck_assert_msg(c != NULL, "case %d: got error %s, want ok", _i,
		    err);
	else {
		ck_assert_msg(c == NULL, "case %d: got ok, want %s", _i,
		    conf_cases[_i].err);
		ck_assert_msg(strstr(err, conf_cases[_i].err) != NULL,
		    "case %d: got %s, want %s", _i, err, conf_cases[_i].err);
		ck_assert_msg(strncmp(err, "t.conf:", 7) == 0,
		    "case %d: got %s, want the file name first", _i, err);
	}
	conf_unref(c);
}
END_TEST

/* Defaults, values and derived keys. */
START_TEST(test_conf_values)
{
	char err[256];
	struct conf *c;

	unsetenv("POSTDESK_DATABASE");
	c = conf_load_string("support_addresses = @x.test, Help@Example.com\n"
	    "max_message_size = 2M   # two\nagent_trust = dkim\n"
	    "redact_rule = site foo[0-9]+\nredact_rule = site bar, baz\n",
	    "t", err, sizeof(err));
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->cf_max_message_size, 2 * 1024 * 1024);
	ck_assert_int_eq(c->cf_agent_trust, CONF_TRUST_DKIM);
	ck_assert_str_eq(c->cf_from_address, "Help@Example.com");
	ck_assert_str_eq(c->cf_tag_prefix, "Ticket");
	ck_assert_int_eq(c->cf_redact_delivered, 1);
	ck_assert_int_eq(c->cf_sla_hours[1], 24);
	ck_assert_uint_eq(c->cf_redact_rules.sl_n, 2);
	ck_assert_str_eq(c->cf_redact_rules.sl_v[1], "site bar, baz");
	ck_assert_str_eq(c->cf_database, "postgresql:///postdesk");
	conf_unref(c);

	setenv("POSTDESK_DATABASE", "postgresql://db.test/pd", 1);
	c = conf_load_string("database = postgresql:///other\n", "t", err,
	    sizeof(err));
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->cf_database, "postgresql://db.test/pd");
	unsetenv("POSTDESK_DATABASE");
	ck_assert_ptr_eq(conf_ref(c), c);
	conf_unref(c);
	conf_unref(c);
}
END_TEST

/* What conf_dump() writes loads again to the same values (found by
 * fuzzing: an unset hmac_secret_file was dumped as an empty path). */
START_TEST(test_conf_dump_roundtrip)
{
	char err[256], *a = NULL, *b = NULL;
	size_t alen, blen;
	struct conf *c, *d;
	FILE *f;

	c = conf_load_string("support_addresses = s@x.test\n"
	    "hmac_secret_file =\n", "t", err, sizeof(err));
	ck_assert_msg(c != NULL, "got %s, want ok", err);
	f = open_memstream(&a, &alen);
	conf_dump(c, f);
	fclose(f);
	d = conf_load_string(a, "dump", err, sizeof(err));
	ck_assert_msg(d != NULL, "got %s, want the dump to load", err);
	f = open_memstream(&b, &blen);
	conf_dump(d, f);
	fclose(f);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	conf_unref(c);
	conf_unref(d);
}
END_TEST

/* --- addresses --------------------------------------------------------- */

static const struct {
	const char	*addr;
	int		 match;
} addr_cases[] = {
	{ "support@example.com", 1 },
	{ "SUPPORT@Example.COM", 1 },
	{ "support+billing@example.com", 1 },
	{ "supportx@example.com", 0 },
	{ "support@example.org", 0 },
	{ "anyone@help.test", 1 },
	{ "anyone@sub.help.test", 0 },
	{ "nobody", 0 },
};

/* List entries "a@b" and "@domain", with plus-addressing. */
START_TEST(test_addr_match)
{
	char *v[] = { "support@example.com", "@help.test", NULL };
	struct strlist l = { v, 2 };

	ck_assert_msg(addr_match_list(&l, addr_cases[_i].addr) ==
	    addr_cases[_i].match, "%s: got %d, want %d", addr_cases[_i].addr,
	    !addr_cases[_i].match, addr_cases[_i].match);
}
END_TEST

/* Normalising and the detail of plus-addresses. */
START_TEST(test_addr_helpers)
{
	char d[32], *a;

	a = addr_normalize(" <Bob@Example.COM> ");
	ck_assert_str_eq(a, "bob@example.com");
	free(a);
	ck_assert_ptr_null(addr_normalize("no-at-sign"));
	a = addr_from_envelope("<>");
	ck_assert_str_eq(a, "");
	free(a);
	ck_assert_int_eq(addr_detail("support+billing@x.test", d, sizeof(d)),
	    1);
	ck_assert_str_eq(d, "billing");
	ck_assert_int_eq(addr_detail("support@x.test", d, sizeof(d)), 0);
	ck_assert_str_eq(addr_domain("a@b.test"), "b.test");
}
END_TEST

/* --- buffers, digests, header encoding --------------------------------- */

/* A formatted append, then the buffer handed over. */
START_TEST(test_buf_addf)
{
	struct buf b = BUF_INIT;
	char *s;

	buf_addf(&b, "%d-%s", 7, "x");
	s = buf_steal(&b);
	ck_assert_str_eq(s, "7-x");
	free(s);
	ck_assert_ptr_null(b.b_data);
}
END_TEST

/* Known SHA-256 and HMAC-SHA-256 values (RFC 4231 case 2). */
START_TEST(test_digest)
{
	char h[DIGEST_HEX_LEN];

	digest_sha256_hex("abc", 3, h);
	ck_assert_str_eq(h, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	digest_hmac_hex("Jefe", "what do ya want for nothing?", 28, h);
	ck_assert_str_eq(h, "5bdcc146bf60754e6a042426089575c7"
	    "5a003f089d2739839dec58b964ec3843");
	ck_assert_int_eq(digest_equal("abc", "abc"), 1);
	ck_assert_int_eq(digest_equal("abc", "abd"), 0);
	ck_assert_int_eq(digest_equal("abc", "ab"), 0);
}
END_TEST

/* --- spill buffer ------------------------------------------------------ */

static const struct {
	size_t	threshold;
	size_t	chunk;
	int	nchunks;
	int	spilled;
} spill_cases[] = {
	{ 1024, 100, 5, 0 },
	{ 1024, 100, 11, 1 },
	{ 1024, 1024, 1, 0 },
	{ 1024, 1025, 1, 1 },
	{ 0, 10, 3, 1 },
	{ 65536, 4000, 100, 1 },
};

/* Bytes come back whole from memory or from the unlinked temp file. */
START_TEST(test_spill)
{
	char dir[] = "/tmp/check_common.XXXXXX";
	struct msgbuf mb;
	struct stat st;
	size_t total = spill_cases[_i].chunk * (size_t)spill_cases[_i].nchunks;
	char *chunk, *back;
	int i, fd;

	ck_assert(mkdtemp(dir) != NULL);
	chunk = malloc(spill_cases[_i].chunk);
	msgbuf_init(&mb, spill_cases[_i].threshold, dir);
	for (i = 0; i < spill_cases[_i].nchunks; i++) {
		memset(chunk, 'a' + i % 26, spill_cases[_i].chunk);
		ck_assert_int_eq(msgbuf_add(&mb, chunk,
		    spill_cases[_i].chunk), 0);
	}
	ck_assert_msg(msgbuf_spilled(&mb) == spill_cases[_i].spilled,
	    "case %d: got spilled %d, want %d", _i, msgbuf_spilled(&mb),
	    spill_cases[_i].spilled);
	ck_assert_msg(mb.mb_len == total, "case %d: got %zu bytes, want %zu",
	    _i, mb.mb_len, total);
	back = malloc(total);
	if (msgbuf_spilled(&mb)) {
		fd = msgbuf_fd(&mb);
		ck_assert(fd >= 0);
		ck_assert(fstat(fd, &st) == 0);
		ck_assert_msg((st.st_mode & 0777) == 0600,
		    "case %d: got mode %o, want 600", _i, st.st_mode & 0777);
		ck_assert_msg(st.st_nlink == 0, "case %d: got %lu links, "
		    "want 0", _i, (unsigned long)st.st_nlink);
		ck_assert(read(fd, back, total) == (ssize_t)total);
	} else
		memcpy(back, mb.mb_mem.b_data, total);
	for (i = 0; i < spill_cases[_i].nchunks; i++)
		ck_assert_msg(back[(size_t)i * spill_cases[_i].chunk] ==
		    'a' + i % 26, "case %d: chunk %d corrupted", _i, i);
	msgbuf_free(&mb);
	ck_assert_msg(rmdir(dir) == 0, "case %d: temp dir not empty", _i);
	free(back);
	free(chunk);
}
END_TEST

/* A spill into a directory that does not exist fails cleanly. */
START_TEST(test_spill_fails)
{
	struct msgbuf mb;

	msgbuf_init(&mb, 4, "/nonexistent/dir");
	ck_assert_int_eq(msgbuf_add(&mb, "abc", 3), 0);
	ck_assert_int_eq(msgbuf_add(&mb, "defg", 4), -1);
	msgbuf_free(&mb);
}
END_TEST

/* A temp file has no name from the start and mode 0600. */
START_TEST(test_tmpfile)
{
	char dir[] = "/tmp/check_common.XXXXXX";
	struct stat st;
	int fd;

	ck_assert(mkdtemp(dir) != NULL);
	fd = msgbuf_tmpfile(dir);
	ck_assert_msg(fd >= 0, "got fd %d, want >= 0", fd);
	ck_assert(fstat(fd, &st) == 0);
	ck_assert_msg(st.st_nlink == 0 && (st.st_mode & 0777) == 0600,
	    "got %lu links mode %o, want 0 links mode 600",
	    (unsigned long)st.st_nlink, st.st_mode & 0777);
	close(fd);
	ck_assert_msg(rmdir(dir) == 0, "temp dir not empty");
	errno = 0;
	ck_assert_int_eq(msgbuf_tmpfile("/nonexistent/dir"), -1);
	ck_assert_msg(errno == ENOENT, "got errno %d, want ENOENT", errno);
}
END_TEST

/* The suite of common/. */
static Suite *
common_suite(void)
{
	Suite *s = suite_create("common");
	TCase *tc = tcase_create("conf");

	tcase_add_loop_test(tc, test_conf_table, 0,
	    sizeof(conf_cases) / sizeof(conf_cases[0]));
	tcase_add_test(tc, test_conf_values);
	tcase_add_test(tc, test_conf_dump_roundtrip);
	suite_add_tcase(s, tc);
	tc = tcase_create("addr");
	tcase_add_loop_test(tc, test_addr_match, 0,
	    sizeof(addr_cases) / sizeof(addr_cases[0]));
	tcase_add_test(tc, test_addr_helpers);
	suite_add_tcase(s, tc);
	tc = tcase_create("buf");
	tcase_add_test(tc, test_buf_addf);
	tcase_add_test(tc, test_digest);
	suite_add_tcase(s, tc);
	tc = tcase_create("msgbuf");
	tcase_add_loop_test(tc, test_spill, 0,
	    sizeof(spill_cases) / sizeof(spill_cases[0]));
	tcase_add_test(tc, test_spill_fails);
	tcase_add_test(tc, test_tmpfile);
	suite_add_tcase(s, tc);
	return s;
}

/* Runs the suite; exit status 0 when everything passed. */
int
main(void)
{
	SRunner *sr = srunner_create(common_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
