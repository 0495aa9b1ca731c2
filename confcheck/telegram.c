/* telegram.c - the configuration check of the Telegram door's keys
 * (postdesk-telegram -n). */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/conf.h"
#include "confcheck/confcheck.h"
#include "ticket/chat.h"

/* The token file: set, readable, a token on its first line. */
static void
tg_check_token(struct confcheck *cc, const struct conf *cf,
    const struct cc_user *run)
{
	const char *f = cf->cf_tg_token_file;
	char err[512], why[512], *token;

	if (f == NULL || *f == '\0') {
		confcheck_add(cc, CC_ERROR, "telegram_token_file", "put the "
		    "token BotFather gave on the first line of a file (mode "
		    "0600) and set telegram_token_file = FILE", "unset: the "
		    "bot cannot talk to Telegram");
		return;
	}
	if (cc_user_can(run, f, R_OK, why, sizeof(why)) < 0) {
		confcheck_add(cc, CC_ERROR, "telegram_token_file", "make it "
		    "readable by the daemon's user, or fix the path",
		    "cannot read %s (%s)", f, why);
		return;
	}
	if (conf_read_secret(f, &token, err, sizeof(err)) < 0) {
		confcheck_add(cc, CC_ERROR, "telegram_token_file", "write the "
		    "token (\"123456:ABC...\") on its first line", "%s", err);
		return;
	}
	if (strchr(token, ':') == NULL || strpbrk(token, "/?#% \t") != NULL)
		confcheck_add(cc, CC_ERROR, "telegram_token_file", "write the "
		    "token BotFather gave (\"123456:ABC...\") on its first "
		    "line", "%s does not hold a bot token", f);
	free(token);
}

/* One "Label=category" of telegram_departments; 0 when well formed. */
static int
tg_department_ok(const char *d)
{
	const char *eq = strchr(d, '='), *p;

	if (eq == NULL || eq == d || eq[1] == '\0' || strlen(eq) > 40)
		return -1;
	for (p = eq + 1; *p != '\0'; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) &&
		    *p != '_' && *p != '-')
			return -1;
	return 0;
}

/* The Telegram door's keys. */
void
confcheck_telegram(struct confcheck *cc, const struct conf *cf,
    const struct cc_user *run)
{
	const char *url = cf->cf_tg_api_url;
	size_t i;

	tg_check_token(cc, cf, run);
	if (strncmp(url, "https://", 8) != 0 &&
	    strncmp(url, "http://", 7) != 0)
		confcheck_add(cc, CC_ERROR, "telegram_api_url", "use an "
		    "https:// URL (https://api.telegram.org)", "%s is not an "
		    "HTTP URL", url);
	else if (strncmp(url, "http://", 7) != 0)
		;
	else if (strncmp(url + 7, "127.", 4) != 0 &&
	    strncmp(url + 7, "localhost", 9) != 0)
		confcheck_add(cc, CC_WARN, "telegram_api_url", "use https://",
		    "%s sends the bot's token in clear", url);
	for (i = 0; i < cf->cf_tg_departments.sl_n; i++)
		if (tg_department_ok(cf->cf_tg_departments.sl_v[i]) < 0)
			confcheck_add(cc, CC_ERROR, "telegram_departments",
			    "write Label=category (a category of lower-case "
			    "letters, digits, - and _)", "\"%s\" is not "
			    "Label=category", cf->cf_tg_departments.sl_v[i]);
	if (chat_support_address(cf) == NULL)
		confcheck_add(cc, CC_ERROR, "support_addresses", "list the "
		    "support address tickets are filed to (support@DOMAIN)",
		    "no whole address: a ticket made in Telegram has nowhere "
		    "to go");
}
