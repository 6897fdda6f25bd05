#ifndef OBJECTION_DESK_CLIBPQ_SHIM_H
#define OBJECTION_DESK_CLIBPQ_SHIM_H
// libpq, PostgreSQL's own client library (Debian's libpq-dev), linked like ncurses and libcrypto
// through a system-library target: no package to build, and the same connection strings, PG*
// environment, ~/.pgpass, PGSERVICE and sslmode handling as psql.
//
// Debian installs the headers in /usr/include/postgresql (pkg-config's -I). A system-library
// target cannot add an include path without pkgConfig, and pkgConfig warns on every build where
// pkg-config itself is missing, so the header is named through that directory instead: its own
// quoted includes (postgres_ext.h, pg_config_ext.h) resolve next to it.
#include <postgresql/libpq-fe.h>

// The diagnostic field codes are character macros ('C', 'M', ...), which Swift does not import.
static const int desk_pg_diag_severity = PG_DIAG_SEVERITY_NONLOCALIZED;
static const int desk_pg_diag_sqlstate = PG_DIAG_SQLSTATE;
static const int desk_pg_diag_message_primary = PG_DIAG_MESSAGE_PRIMARY;
static const int desk_pg_diag_message_detail = PG_DIAG_MESSAGE_DETAIL;
static const int desk_pg_diag_message_hint = PG_DIAG_MESSAGE_HINT;
static const int desk_pg_diag_context = PG_DIAG_CONTEXT;
static const int desk_pg_diag_constraint_name = PG_DIAG_CONSTRAINT_NAME;

#endif
