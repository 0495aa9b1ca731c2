/* net.h - socket options libmilter offers no hook for, and what a
 * socket spec names.
 */
#ifndef PD_NET_H
#define PD_NET_H

/* Sets TCP_NODELAY on every listening TCP socket of the process (sockets
 * it accepts inherit it), so a milter reply written in two parts is not
 * held back by Nagle's algorithm.  Returns how many, or -1. */
int	net_nodelay_listeners(void);
/* The path of a "unix:PATH", "local:PATH" or "/PATH" socket spec (a
 * pointer into spec), or NULL for a TCP one. */
const char *net_unix_path(const char *spec);

#endif
