/* agent.c - who is an agent, and whether this mail proves it.
 *
 * An agent is an address or a domain in "agents".  Agent privileges need
 * one of the proofs enabled in agent_trust:
 *  - auth: SMTP AUTH ({auth_authen} non-empty).  When the login name is an
 *    address it must be the sender's or another agent's.
 *  - dkim: an Authentication-Results header (RFC 8601) whose authserv-id
 *    (its first token) equals authserv_id, case-insensitively, saying
 *    dkim=pass with header.d= (or header.i=) the sender's domain, or
 *    dmarc=pass with header.from= the sender's domain.  Every header of
 *    our authserv-id counts (OpenDKIM, OpenDMARC, OpenARC each add their
 *    own), so, as RFC 8601 section 5 asks, the MTA must remove incoming
 *    headers that claim our authserv-id.  Headers of other authserv-ids
 *    are ignored, and with no authserv_id configured none is trusted.
 *    The domains must be equal (no relaxed alignment to a parent); a
 *    header.i= or header.from= with a local part must be the sender.
 *  - from: the From address alone (for test setups only).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/addr.h"
#include "common/xalloc.h"
#include "ticket/ticket.h"
#include "ticket/ticket_int.h"

/* Placeholders for characters inside quoted strings. */
#define Q_SEMI	'\x01'
#define Q_BLANK	'\x02'
#define Q_EQ	'\x03'

/* 1 when addr is covered by the agents list. */
int
ticket_is_agent(const char *addr, const struct conf *cf)
{
	char *n;
	int r;

	if (cf == NULL || addr == NULL || (n = addr_normalize(addr)) == NULL)
		return 0;
	r = addr_match_list(&cf->cf_agents, n);
	free(n);
	return r;
}

/* A copy of an Authentication-Results value with comments blanked out,
 * folding turned into blanks, and ';', blanks and '=' inside quoted
 * strings hidden; blanks around '=', '/' and '.' between words removed. */
static char *
ar_clean(const char *v)
{
	char *r = xmalloc(strlen(v) + 1), *o = r;
	int depth = 0, quoted = 0;

	for (; *v != '\0'; v++) {
		char c = *v;

		if (c == '\\' && (depth > 0 || quoted) && v[1] != '\0') {
			v++;
			if (quoted)
				*o++ = (*v == ';') ? Q_SEMI : (*v == ' ' ?
				    Q_BLANK : (*v == '=' ? Q_EQ : *v));
			continue;
		}
		if (quoted) {
			if (c == '"')
				quoted = 0;
			*o++ = c == ';' ? Q_SEMI : c == ' ' || c == '\t' ?
			    Q_BLANK : c == '=' ? Q_EQ : c;
			continue;
		}
		if (c == '(')
			depth++;
		else if (c == ')' && depth > 0) {
			depth--;
			c = ' ';
		} else if (depth == 0 && c == '"')
			quoted = 1;
		if (depth > 0 || c == '(' || c == '\t' || c == '\r' ||
		    c == '\n')
			c = ' ';
		if ((c == '=' || c == '/' || c == '.') && o > r)
			while (o > r && o[-1] == ' ')
				o--;
		if (c == ' ' && o > r && (o[-1] == '=' || o[-1] == '/' ||
		    o[-1] == '.'))
			continue;
		*o++ = c;
	}
	*o = '\0';
	return r;
}

/* Does pvalue v (possibly quoted, maybe "local@domain") name the domain
 * of from?  With addr_ok a value with a local part must be from itself. */
static int
value_is_domain(const char *v, size_t n, const char *from, int addr_ok)
{
	const char *domain = addr_domain(from), *at;

	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v++;
		n -= 2;
	}
	at = memchr(v, '@', n);
	if (at != NULL) {
		if (!addr_ok)
			return 0;
		if (at > v)
			return n == strlen(from) && strncasecmp(v, from, n) == 0;
		n -= (size_t)(at + 1 - v);
		v = at + 1;
	}
	return n == strlen(domain) && n > 0 && strncasecmp(v, domain, n) == 0;
}

/* One resinfo ("dkim=pass header.d=example.com ..."): does it vouch for
 * the sender from? */
static int
ar_resinfo_ok(char *ri, const char *from)
{
	char *tok, *save = NULL, *eq, *slash;
	int dkim = 0, dmarc = 0, first = 1;

	for (tok = strtok_r(ri, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save), first = 0) {
		eq = strchr(tok, '=');
		if (eq == NULL)
			return 0;
		if (first) {
			*eq = '\0';
			if ((slash = strchr(tok, '/')) != NULL)
				*slash = '\0';
			if (strcasecmp(eq + 1, "pass") != 0)
				return 0;
			dkim = strcasecmp(tok, "dkim") == 0;
			dmarc = strcasecmp(tok, "dmarc") == 0;
			if (!dkim && !dmarc)
				return 0;
			continue;
		}
		*eq = '\0';
		if (dkim && strcasecmp(tok, "header.d") == 0 &&
		    value_is_domain(eq + 1, strlen(eq + 1), from, 0))
			return 1;
		if (dkim && strcasecmp(tok, "header.i") == 0 &&
		    value_is_domain(eq + 1, strlen(eq + 1), from, 1))
			return 1;
		if (dmarc && strcasecmp(tok, "header.from") == 0 &&
		    value_is_domain(eq + 1, strlen(eq + 1), from, 1))
			return 1;
	}
	return 0;
}

/* -1: header of another authserv-id; 0: ours, no pass for from; 1: ours
 * with a pass for from. */
static int
ar_header(const char *value, const char *authserv_id, const char *from)
{
	char *c = ar_clean(value), *p, *semi, *id;
	size_t n;
	int r = 0;

	id = (char *)tk_skip_blank(c);
	n = strcspn(id, " ;");
	if (n != strlen(authserv_id) ||
	    strncasecmp(id, authserv_id, n) != 0) {
		free(c);
		return -1;
	}
	for (p = strchr(id, ';'); p != NULL && !r; p = semi) {
		p++;
		semi = strchr(p, ';');
		if (semi != NULL)
			*semi = '\0';
		r = ar_resinfo_ok((char *)tk_skip_blank(p), from);
		if (semi != NULL)
			*semi = ';';
	}
	free(c);
	return r;
}

/* 1 when an Authentication-Results of our authserv-id vouches for the
 * domain of from. */
static int
dkim_trusted(const struct mail *m, const char *from, const struct conf *cf)
{
	const char *domain = addr_domain(from);
	size_t i;
	int r;

	if (m == NULL || domain == NULL || *domain == '\0' ||
	    cf->cf_authserv_id == NULL || *cf->cf_authserv_id == '\0')
		return 0;
	for (i = 0; i < m->m_nauth_results; i++) {
		if (m->m_auth_results[i] == NULL)
			continue;
		r = ar_header(m->m_auth_results[i], cf->cf_authserv_id,
		    from);
		if (r > 0)
			return r;
	}
	return 0;
}

/* SMTP AUTH: any login, but a login that is an address must be the
 * sender's or an agent's. */
static int
auth_trusted(const char *auth, const char *from, const struct conf *cf)
{
	char *n;
	int r;

	if (auth == NULL || *auth == '\0')
		return 0;
	if (strchr(auth, '@') == NULL || (n = addr_normalize(auth)) == NULL)
		return 1;
	r = strcasecmp(n, from) == 0 || addr_match_list(&cf->cf_agents, n);
	free(n);
	return r;
}

/* 1 when from (NULL: the From of m) is an agent proven by agent_trust. */
int
ticket_agent_trusted(const struct mail *m, const char *from,
    const char *auth_authen, const struct conf *cf)
{
	char *n;
	int r = 0;

	if (from == NULL && m != NULL)
		from = m->m_from.a_addr;
	if (cf == NULL || from == NULL || (n = addr_normalize(from)) == NULL)
		return 0;
	if (addr_match_list(&cf->cf_agents, n)) {
		if ((cf->cf_agent_trust & CONF_TRUST_AUTH) &&
		    auth_trusted(auth_authen, n, cf))
			r = 1;
		else if ((cf->cf_agent_trust & CONF_TRUST_DKIM) &&
		    dkim_trusted(m, n, cf))
			r = 1;
		else if (cf->cf_agent_trust & CONF_TRUST_FROM)
			r = 1;
	}
	free(n);
	return r;
}
