# tests/ - the harness that brings up PostgreSQL, Postfix, postdesk and an
# SMTP sink on loopback, and the end-to-end tests that use it.  Unit tests
# are listed by each module in its own local.mk.
TESTS += tests/integration/e2e.test tests/integration/e2e-outage.test
EXTRA_DIST += tests/lib/pg.sh tests/lib/harness.sh tests/lib/sink.py \
	tests/lib/bigmail.py \
	tests/lib/setup.sh \
	tests/lib/lsan.supp tests/run-all tests/demo \
	tests/integration/e2e.test tests/integration/e2e-outage.test

# The unit tests alone, for the sanitizer run of tests/run-all.
print-unit-tests:
	@echo $(filter tests/unit/%,$(TESTS))
.PHONY: print-unit-tests
