# setup.sh - what tests/run-all and tests/demo share: installing the Debian
# packages when they are missing, and an out-of-tree build.
#
#   pd_install_packages    apt-get install what is missing (root only)
#   pd_bootstrap SRCDIR    autoreconf -fi when configure is missing or older
#                          than configure.ac (or PD_AUTORECONF=1)
#   pd_build SRC BUILD [configure args]   configure (once) and make -j

PD_PACKAGES="build-essential autoconf automake libtool pkg-config \
libmilter-dev libgmime-3.0-dev libpq-dev libpcre2-dev libcurl4-openssl-dev \
libjansson-dev libxml2-dev \
check postgresql postfix miltertest swaks python3-aiosmtpd \
libpython3.11-testsuite libmime-explode-perl clang libclang-rt-14-dev \
debhelper dpkg-dev fakeroot lintian chromium"

# Prints the packages of PD_PACKAGES that are not installed.
pd_missing_packages() {
	local p
	for p in $PD_PACKAGES; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		    grep -q 'install ok installed' || echo "$p"
	done
}

# Installs the missing packages without asking anything.
pd_install_packages() {
	local missing
	command -v dpkg-query >/dev/null || return 0
	missing=$(pd_missing_packages | tr '\n' ' ')
	[ -n "${missing// /}" ] || return 0
	if [ "$(id -u)" != 0 ]; then
		echo "missing packages (install them as root): $missing" >&2
		return 1
	fi
	echo "== installing: $missing"
	export DEBIAN_FRONTEND=noninteractive
	echo "postfix postfix/main_mailer_type select No configuration" |
	    debconf-set-selections
	apt-get update -q >/dev/null || return 1
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing </dev/null ||
	    return 1
}

# Generates configure in SRCDIR when needed.
pd_bootstrap() {
	local src=$1
	if [ -n "${PD_AUTORECONF:-}" ] || [ ! -x "$src/configure" ] ||
	    [ "$src/configure.ac" -nt "$src/configure" ]; then
		echo "== autoreconf -fi"
		(cd "$src" && autoreconf -fi) || return 1
	fi
}

# Configures (once) and builds in BUILD; extra args go to configure.
pd_build() {
	local src=$1 build=$2
	shift 2
	mkdir -p "$build" || return 1
	if [ ! -f "$build/Makefile" ]; then
		echo "== configure in ${build##*/} $*"
		(cd "$build" && "$src/configure" -q "$@") || return 1
	fi
	echo "== make in ${build##*/} (output in ${build##*/}/make.log)"
	make -C "$build" -j"${PD_JOBS:-2}" >"$build/make.log" 2>&1 ||
	    { tail -n 40 "$build/make.log"; return 1; }
}
