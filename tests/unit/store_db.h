/* store_db.h - what the store tests share: the test database
 * (POSTDESK_TEST_DATABASE), a migrated connection to it, and a side
 * connection for administrative SQL. */
#ifndef PD_STORE_DB_H
#define PD_STORE_DB_H

#include <check.h>
#include <stddef.h>

#include "store/store.h"

extern const char *dburl;

/* A migrated connection to the test database. */
struct store	*db(void);
/* The first value of an administrative query as a long (-1: no row). */
long		 admin_long(const char *sql);
/* The same on another database (a standby, say). */
long		 admin_long_at(const char *url, const char *sql);
/* Runs administrative SQL; asserts that it worked. */
void		 admin_exec(const char *sql);
/* The same on another database. */
void		 admin_exec_at(const char *url, const char *sql);
/* Creates a database of its own (NAME_PID) on the test server: its URL
 * into url. */
void		 admin_fresh_db(const char *name, char *url, size_t urllen);
/* The plan (text, malloc'd) of sql prepared and run with args ("'a',
 * 3") by EXPLAIN ANALYZE on url, with a generic plan or a custom one. */
char		*admin_plan(const char *url, const char *sql, const char *args,
		    int generic);
/* The most rows a scan node of such a plan gave. */
int		 admin_plan_rows(const char *plan);
/* Runs a Check suite against the test database; exit 77 without one. */
int		 store_db_main(Suite *(*suite)(void));

#endif
