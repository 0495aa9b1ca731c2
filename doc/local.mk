# doc/ - manual pages.
dist_man_MANS += doc/postdesk.8 doc/postdesk.conf.5 doc/postdeskctl.1 \
	doc/postdesk-telegram.8
# The deployment guide (several MX hosts, replication and failover).
dist_doc_DATA += doc/deployment.md
