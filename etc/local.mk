# etc/ - sample configuration: postdesk.conf, the Postfix lines, the service
# unit.  Templates live in etc/templates and are listed by their own owner.
EXTRA_DIST += etc/postdesk.conf etc/postfix-main.cf.snippet \
	etc/postdesk.service etc/postdesk-escalate.service \
	etc/postdesk-escalate.timer etc/postdesk-digest.service \
	etc/postdesk-digest.timer etc/postdesk-telegram.service
