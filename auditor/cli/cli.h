#ifndef VC_CLI_H
#define VC_CLI_H
/* Sub-commands of the vcaudit binary, one const entry each (main.c). */
#include <stdio.h>
#include <time.h>

/* Exit codes (DESIGN §3.2, as OpenSCAP). */
enum {
	VC_EXIT_OK = 0,
	VC_EXIT_ERROR = 1,    /* the audit could not be carried out */
	VC_EXIT_FAIL = 2,     /* a rule failed at or above --fail-on */
	VC_EXIT_USAGE = 64
};

struct vc_cmd_entry {
	const char *name;
	const char *usage;      /* one line, after "vcaudit " */
	const char *summary;
	int (*exec)(int argc, char **argv);
};

int vc_cmd_scan(int argc, char **argv);
int vc_cmd_facts(int argc, char **argv);
int vc_cmd_rules(int argc, char **argv);
int vc_cmd_profiles(int argc, char **argv);
int vc_cmd_breach(int argc, char **argv);   /* breach_cmd.c */
int vc_cmd_verify(int argc, char **argv);   /* verify_cmd.c */
int vc_cmd_fetch(int argc, char **argv);    /* fetch_cmd.c */
int vc_cmd_merge(int argc, char **argv);    /* merge_cmd.c */

/* Where shipped data lives: $VCAUDIT_<WHAT>, next to the binary (../<what>
 * from build/), or /usr/share/vcaudit/<what>. Caller frees. */
char *vc_data_dir(const char *what);

/*
 * Write `len` bytes to `path` atomically: a temporary file in the same
 * directory, fsync, rename. "-" or NULL writes to stdout.
 */
int vc_write_output(const char *path, const char *data, size_t len);

/*
 * "Now" for a command: $SOURCE_DATE_EPOCH when it is a positive integer (so
 * that reproducible runs and golden tests fix it the standard way), else the
 * clock.
 */
time_t vc_cli_now(void);

/* Print the diagnostics list to stderr as "path:line:col: message". */
struct vc_diags;
void vc_print_diags(const struct vc_diags *d);

#endif
