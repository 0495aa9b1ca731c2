/* check_tg_format.c - unit tests of telegram/format.c: HTML into
 * Telegram's subset, plain text escaped, long texts split. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "telegram/format.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* --- HTML --------------------------------------------------------------- */

static const struct {
	const char	*html;
	const char	*want;
} html_rows[] = {
	{ "<p>Hello</p>", "Hello" },
	{ "<b>bold</b> <strong>strong</strong>",
	    "<b>bold</b> <b>strong</b>" },
	{ "<i>a</i><em>b</em><u>c</u><ins>d</ins><s>e</s><del>f</del>"
	    "<strike>g</strike>",
	    "<i>a</i><i>b</i><u>c</u><u>d</u><s>e</s><s>f</s><s>g</s>" },
	{ "<a href=\"https://x.test/?a=1&amp;b=2\">link</a>",
	    "<a href=\"https://x.test/?a=1&amp;b=2\">link</a>" },
	{ "<a href=\"javascript:alert(1)\">js</a>", "js" },
	{ "<a href=\"HTTP://x.test/\">up</a>",
	    "<a href=\"HTTP://x.test/\">up</a>" },
	{ "<a href='https://x.test/\"q'>q</a>",
	    "<a href=\"https://x.test/&quot;q\">q</a>" },
	{ "<a>no target</a>", "no target" },
	{ "<a href=\"https://a.test/\"><a href=\"https://b.test/\">x</a></a>",
	    "<a href=\"https://b.test/\">x</a>" },
	{ "<code>a &lt; b</code>", "<code>a &lt; b</code>" },
	{ "<pre>line 1\n  line 2</pre>", "<pre>line 1\n  line 2</pre>" },
	{ "<pre><b>no</b> tags</pre>", "<pre>no tags</pre>" },
	{ "<code><i>x</i></code>", "<code>x</code>" },
	{ "<blockquote>quoted</blockquote>after",
	    "<blockquote>quoted</blockquote>\nafter" },
	{ "<blockquote>a<blockquote>b</blockquote></blockquote>",
	    "<blockquote>ab</blockquote>" },
	{ "<span style=\"color:red\">red</span> <font>f</font>", "red f" },
	{ "<script>alert(1)</script>ok<style>p{}</style>", "ok" },
	{ "<html><head><title>T</title></head><body>B</body></html>", "B" },
	{ "a &amp; b &lt;c&gt; \"d\"", "a &amp; b &lt;c&gt; &quot;d&quot;" },
	{ "5 &lt; 6 &amp;&amp; 7 &gt; 6", "5 &lt; 6 &amp;&amp; 7 &gt; 6" },
	{ "caf&eacute; &#128512;", "caf\xc3\xa9 \xf0\x9f\x98\x80" },
	{ "one<br>two<br><br><br>three", "one\ntwo\n\nthree" },
	{ "<div>a</div><div>b</div>", "a\nb" },
	{ "<p>a</p><p>b</p>", "a\n\nb" },
	{ "  lots   of\n\n  blanks  ", "lots of blanks" },
	{ "<ul><li>one</li><li>two</li></ul>",
	    "\xe2\x80\xa2 one\n\xe2\x80\xa2 two" },
	{ "<ol><li>one</li><li>two</li></ol>", "1. one\n2. two" },
	{ "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>",
	    "a b\nc" },
	{ "<h1>Title</h1>text", "<b>Title</b>\n\ntext" },
	{ "<b></b>x<i> </i>y", "x y" },
	{ "a<br><b></b>b", "a\nb" },
	{ "a<p><i></i></p>b", "a\n\nb" },
	{ "<b>bold <i>both</i></b>", "<b>bold <i>both</i></b>" },
	{ "<img src=\"cid:x\" alt=\"pic\">text", "text" },
	{ "<p>unclosed <b>bold", "unclosed <b>bold</b>" },
	{ "<p>a</p><!-- comment --><p>b</p>", "a\n\nb" },
	{ "", "" },
	{ "<p> </p>", "" },
	{ "x<unknown-tag>y</unknown-tag>", "xy" },
	{ "<b>b</b><u>u</u>", "<b>b</b><u>u</u>" },
	{ "it's", "it's" },
};

START_TEST(test_html)
{
	char *got = tg_format_html(html_rows[_i].html,
	    strlen(html_rows[_i].html));

	ck_assert_msg(strcmp(got, html_rows[_i].want) == 0,
	    "html %s: got \"%s\", want \"%s\"", html_rows[_i].html, got,
	    html_rows[_i].want);
	free(got);
}
END_TEST

static const struct {
	const char	*text;
	const char	*want;
} text_rows[] = {
	{ "plain", "plain" },
	{ "a < b & c > d", "a &lt; b &amp; c &gt; d" },
	{ "<b>not bold</b>", "&lt;b&gt;not bold&lt;/b&gt;" },
	{ "\"q\" 'a'", "&quot;q&quot; 'a'" },
	{ "line 1\nline 2\n", "line 1\nline 2\n" },
	{ "", "" },
};

START_TEST(test_text)
{
	char *got = tg_format_text(text_rows[_i].text);

	ck_assert_msg(strcmp(got, text_rows[_i].want) == 0,
	    "text %s: got \"%s\", want \"%s\"", text_rows[_i].text, got,
	    text_rows[_i].want);
	free(got);
}
END_TEST

/* --- splitting ----------------------------------------------------------- */

static const struct {
	const char	*text;
	size_t		 max;
	const char	*want;		/* pieces joined by "|" */
} split_rows[] = {
	{ "short", 10, "short" },
	{ "", 10, "" },
	{ "aaaa\nbbbb\ncccc\n", 10, "aaaa\nbbbb\n|cccc\n" },
	{ "aaaa\nbbbb\ncccc", 9, "aaaa\n|bbbb\ncccc" },
	{ "aaaa\nbbbb\ncccc", 8, "aaaa\n|bbbb\n|cccc" },
	{ "abcdefghij", 4, "abcd|efgh|ij" },
	{ "ab\ncdefghij", 4, "ab\n|cdef|ghij" },
	{ "<b>aaa\nbbb</b>", 5, "<b>aaa\n</b>|<b>bbb</b>" },
	{ "<b>a<i>bc\nde</i>f</b>", 5,
	    "<b>a<i>bc\n</i></b>|<b><i>de</i>f</b>" },
	{ "<a href=\"https://x.test/\">abc\ndef</a>", 4,
	    "<a href=\"https://x.test/\">abc\n</a>|"
	    "<a href=\"https://x.test/\">def</a>" },
	{ "&amp;&amp;&amp;\n&lt;", 4, "&amp;&amp;&amp;\n|&lt;" },
	{ "\xc3\xa9\xc3\xa9\xc3\xa9\n\xc3\xa9", 4,
	    "\xc3\xa9\xc3\xa9\xc3\xa9\n|\xc3\xa9" },
	/* outside the BMP: two UTF-16 units each */
	{ "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 4,
	    "\xf0\x9f\x98\x80\xf0\x9f\x98\x80|\xf0\x9f\x98\x80" },
	{ "aaa\n\n\n\nbbb", 4, "aaa\n|bbb" },
	{ "<pre>aaa\nbbb</pre>", 4, "<pre>aaa\n</pre>|<pre>bbb</pre>" },
};

START_TEST(test_split)
{
	struct buf got = BUF_INIT;
	char **v;
	size_t n, i;

	n = tg_format_split(split_rows[_i].text, split_rows[_i].max, &v);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(&got, '|');
		buf_adds(&got, v[i]);
	}
	ck_assert_msg(strcmp(got.b_data != NULL ? got.b_data : "",
	    split_rows[_i].want) == 0, "split %s by %zu: got \"%s\", "
	    "want \"%s\"", split_rows[_i].text, split_rows[_i].max,
	    got.b_data != NULL ? got.b_data : "", split_rows[_i].want);
	tg_format_free(v, n);
	buf_free(&got);
}
END_TEST

/* A long text of many lines: every piece within the limit, all of the
 * text kept, in order, cut only at line ends. */
START_TEST(test_split_long)
{
	struct buf text = BUF_INIT, joined = BUF_INIT;
	char **v;
	size_t n, i;
	int k;

	for (k = 0; k < 1000; k++)
		buf_addf(&text, "line %d of a long reply &amp; more\n", k);
	n = tg_format_split(text.b_data, TG_TEXT_MAX, &v);
	ck_assert_msg(n > 1, "got %zu pieces, want several", n);
	for (i = 0; i < n; i++) {
		ck_assert_msg(strlen(v[i]) <= TG_TEXT_MAX + 4 * 1000,
		    "piece %zu: got %zu bytes", i, strlen(v[i]));
		ck_assert_msg(v[i][strlen(v[i]) - 1] == '\n',
		    "piece %zu: got no line end at its end", i);
		buf_adds(&joined, v[i]);
	}
	ck_assert_msg(strcmp(joined.b_data, text.b_data) == 0,
	    "got the pieces joined different from the text");
	tg_format_free(v, n);
	buf_free(&text);
	buf_free(&joined);
}
END_TEST

/* The suite. */
static Suite *
format_suite(void)
{
	Suite *s = suite_create("tg_format");
	TCase *tc = tcase_create("format");

	tcase_add_loop_test(tc, test_html, 0, NELEM(html_rows));
	tcase_add_loop_test(tc, test_text, 0, NELEM(text_rows));
	tcase_add_loop_test(tc, test_split, 0, NELEM(split_rows));
	tcase_add_test(tc, test_split_long);
	suite_add_tcase(s, tc);
	return s;
}

/* Runs the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(format_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
