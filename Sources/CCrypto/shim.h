// The system's libcrypto (OpenSSL 3, Debian's libssl-dev) for SHA-256: a real, audited
// implementation with SHA-NI, linked like ncurses through a system-library target.
#include <openssl/evp.h>
