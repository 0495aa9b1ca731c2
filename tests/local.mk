# tests/ - the harness that brings up PostgreSQL, Postfix, postdesk and an
# SMTP sink on loopback, and the end-to-end tests that use it.  Unit tests
# are listed by each module in its own local.mk.
TESTS += tests/integration/e2e.test tests/integration/e2e-outage.test
# The agents' side: reply addresses, merge, queue report, escalation.
TESTS += tests/integration/e2e-agents.test
EXTRA_DIST += tests/integration/e2e-agents.test tests/lib/pngcheck.py
# Secrets of the redaction corpus through Postfix and postdesk.
TESTS += tests/integration/e2e-redact.test
EXTRA_DIST += tests/integration/e2e-redact.test tests/lib/leakcheck.py
# Which module may include and call which library (one each).
TESTS += tests/isolation.test
EXTRA_DIST += tests/isolation.test
EXTRA_DIST += tests/lib/pg.sh tests/lib/harness.sh tests/lib/sink.py \
	tests/lib/bigmail.py \
	tests/lib/setup.sh tests/lib/fakebot.py \
	tests/lib/lsan.supp tests/run-all tests/demo \
	tests/integration/e2e.test tests/integration/e2e-outage.test

# What postdesk sends: Reply-To, mail clients' shapes, participants,
# HTML and attachments, the console's reply.
TESTS += tests/integration/e2e-relay.test
EXTRA_DIST += tests/integration/e2e-relay.test tests/lib/agentmail.py \
	tests/lib/relaycheck.py

# What reaches a Telegram chat: replies, attachments, notices, 429, 5xx,
# a daemon killed while sending (the fake Bot API).
TESTS += tests/integration/e2e-telegram-out.test
EXTRA_DIST += tests/integration/e2e-telegram-out.test

# The long tests: faults under load through the edge Postfix; a database
# failover to a standby; two MX hosts on one database.
LONG_TESTS += tests/integration/faults.test
EXTRA_DIST += tests/integration/faults.test tests/lib/exactonce.sh
LONG_TESTS += tests/integration/failover.test
EXTRA_DIST += tests/integration/failover.test
LONG_TESTS += tests/integration/multimx.test
EXTRA_DIST += tests/integration/multimx.test

# The Debian package built, installed, used and purged (root; a stage of
# tests/run-all, "make check-deb").
DEB_TESTS = tests/integration/deb.test
EXTRA_DIST += tests/integration/deb.test
check-deb: all
	$(MAKE) $(AM_MAKEFLAGS) check TESTS='$(DEB_TESTS)'
.PHONY: check-deb

# "make check-long": the tests that take minutes (milter faults, outages,
# fault injection under load), with POSTDESK_LONG_TESTS set.  tests/run-all
# runs it after "make check".
check-long: all
	POSTDESK_LONG_TESTS=1 $(MAKE) $(AM_MAKEFLAGS) check TESTS='$(LONG_TESTS)'
.PHONY: check-long

# The unit tests alone, for the sanitizer run of tests/run-all.
print-unit-tests:
	@echo $(filter tests/unit/%,$(TESTS))
.PHONY: print-unit-tests

# The customer's side end to end: subject from the first line, #close,
# +tickets lists, the customer's language.
TESTS += tests/integration/e2e-customer.test
EXTRA_DIST += tests/integration/e2e-customer.test

# The Telegram door: the Bot API client against the fake Bot API
# (tests/lib/fakebot.py), and postdesk-telegram end to end against it with
# a real PostgreSQL.
TESTS += tests/integration/telegram-api.test \
	tests/integration/e2e-telegram.test
EXTRA_DIST += tests/integration/telegram-api.test \
	tests/integration/e2e-telegram.test
