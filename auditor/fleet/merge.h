#ifndef VC_FLEET_MERGE_H
#define VC_FLEET_MERGE_H
/*
 * `vcaudit merge`: one fleet report (vcaudit.fleet/1, docs/fleet-schema.md)
 * from many host reports (vcaudit.report/1).
 *
 * Streaming: each report is parsed, reduced to a small struct
 * vc_fleet_host (scores, counts, the ids of its failing rules, its worst
 * findings, its product versions) and freed before the next one is read.
 * Strings that repeat across hosts (rule ids, products, versions, tool
 * versions) are interned once per fleet, so a host costs a few hundred
 * bytes whatever its report's size. Hosts are found through a hash table
 * keyed by target.name (and target.machine_id when known).
 *
 * Files: merge_table.c (interning, host table), merge_read.c (one report
 * to a summary; files, folders and archives through inputs/input.h),
 * merge_prev.c (--previous), merge_json.c (the fleet document and its
 * JSON), merge_text.c, merge_csv.c, merge_html.c (renderers of that
 * document, their words in merge_words.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <jansson.h>
#include "../core/err.h"

#define VC_FLEET_SCHEMA "vcaudit.fleet/1"
#define VC_FLEET_WORST 5                      /* worst findings kept per host */
#define VC_FLEET_REPORT_MAX ((size_t)256 << 20)   /* bytes of one host report */
#define VC_FLEET_HOSTS_MAX 1000000            /* hosts in one merge */
#define VC_FLEET_RULES_MAX 100000             /* distinct rule ids, products... */
#define VC_FLEET_NAME_MAX 1024                /* bytes of a host name */
#define VC_FLEET_NONE UINT32_MAX              /* "no string" in an interned slot */

/* Interned strings: each distinct string stored once, named by its index. */
struct vc_strtab {
	char **s;
	size_t n, cap;
	uint32_t *slots;     /* open addressing: index + 1, 0 = empty */
	size_t nslots;
};

/* Intern `s` (copied); *out is its index. 0, VC_ENOMEM or VC_ELIMIT. */
int vc_strtab_intern(struct vc_strtab *t, const char *s, uint32_t *out);
/* The index of `s`, or VC_FLEET_NONE. */
uint32_t vc_strtab_find(const struct vc_strtab *t, const char *s);
void vc_strtab_free(struct vc_strtab *t);

struct vc_fleet_worst {
	uint32_t rule;       /* rules index */
	uint32_t product;    /* products index */
	int severity;        /* enum vc_severity */
};

struct vc_fleet_pv {
	uint32_t product;    /* products index */
	uint32_t version;    /* versions index */
};

/* One host: what is left of its newest report. */
struct vc_fleet_host {
	char *name;              /* target.name */
	char *machine_id;        /* target.machine_id, NULL when unknown */
	char *report;            /* display path of the report kept */
	uint32_t kind;           /* kinds index ("host", "export") */
	uint32_t tool;           /* tools index: tool.version */
	int64_t seen;            /* generated_at, seconds since the epoch */
	double score_before, score_after;
	uint32_t counts[6];      /* findings by status: pass fail manual na error waived */
	int worst_sev;           /* highest severity of a failing finding, -1 none */
	uint32_t *failing;       /* rules index, sorted ascending by id, unique */
	size_t nfailing;
	struct vc_fleet_worst worst[VC_FLEET_WORST];
	size_t nworst;
	struct vc_fleet_pv *pv;  /* known product versions */
	size_t npv;
	int matched;             /* --previous: matched by a current host */
};

/* What the fleet knows of a rule: the title (from a report) and severity. */
struct vc_fleet_rule {
	char *title;
	int title_lang;          /* the title is in the fleet's language */
	int severity;            /* highest seen */
};

struct vc_fleet {
	const char *lang;                 /* "en" or "da": titles preferred in it */
	struct vc_fleet_host *hosts;
	size_t nhosts, caphosts;
	uint32_t *slots;                  /* host table: index + 1, 0 = empty */
	size_t nslots;
	struct vc_strtab rules, products, versions, tools, kinds;
	struct vc_fleet_rule *ruleinfo;   /* parallel to rules.s */
	size_t capruleinfo;
	/* what happened to the files read */
	size_t reports, duplicates, superseded, refused, malformed;
	struct vc_diags diags;            /* "path: problem", merge goes on */
	/* --previous: its generated_at and hosts, or NULL */
	char *prev_generated_at;
	struct vc_fleet *prev;
};

/* Zero `f` and set its language (borrowed). */
void vc_fleet_init(struct vc_fleet *f, const char *lang);
/* Free everything `f` holds (also f->prev); NULL is a no-op. */
void vc_fleet_free(struct vc_fleet *f);

/*
 * Add one host summary; takes ownership of h's pointers whatever happens.
 * A host already known (same name, machine ids equal or one unknown)
 * keeps the newer report: same generated_at counts as a duplicate, an
 * older one as superseded. 0, VC_ENOMEM or VC_ELIMIT.
 */
int vc_fleet_add(struct vc_fleet *f, struct vc_fleet_host *h);
/* The host with this name and machine id (NULL = unknown), or NULL. */
struct vc_fleet_host *vc_fleet_find(const struct vc_fleet *f, const char *name,
				    const char *machine_id);
void vc_fleet_host_free(struct vc_fleet_host *h);

/*
 * Summarise one parsed host report into the fleet. Problems with it
 * (not a report, unknown schema major, missing members) are diagnostics
 * naming `display`; returns 0, or VC_ENOMEM.
 */
int vc_fleet_add_report(struct vc_fleet *f, const json_t *report, const char *display);

/*
 * Read one command-line argument: a report file, a folder (walked), or
 * an archive (tar, tar.gz, zip... read in place). Every problem is a
 * diagnostic; returns 0, or VC_ENOMEM.
 */
int vc_fleet_read(struct vc_fleet *f, const char *path);

/*
 * Load a fleet report written earlier (--previous) into f->prev. Returns
 * 0, or a negative code with the message set ("path: problem").
 */
int vc_fleet_load_previous(struct vc_fleet *f, const char *path);

/* Highest failing severity over all hosts, -1 when no host fails. */
int vc_fleet_worst_severity(const struct vc_fleet *f);

/*
 * The fleet document (docs/fleet-schema.md), for the renderers. `doc`
 * holds every member but the hosts ("hosts" is an empty array there): a
 * host's object is made when it is written (vc_fleet_doc_host) and freed
 * right after, so that the document never holds 10,000 of them at once.
 */
struct vc_fleet_doc {
	json_t *doc;
	const struct vc_fleet *f;    /* borrowed */
	size_t *order;               /* f->hosts indexes in document order (by name) */
};

/* Build it; `generated_at` is the reference time. 0 or VC_ENOMEM. */
int vc_fleet_doc_build(struct vc_fleet_doc *out, const struct vc_fleet *f,
		       time_t generated_at);
/* The i-th host's object (i < f->nhosts); caller decrefs. NULL when out of memory. */
json_t *vc_fleet_doc_host(const struct vc_fleet_doc *d, size_t i);
void vc_fleet_doc_free(struct vc_fleet_doc *d);   /* NULL is a no-op */

#define VC_FLEET_JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

/*
 * Render the fleet document: JSON (as json_dumpf with VC_FLEET_JSON_FLAGS
 * plus a newline), text, CSV, HTML. Each returns 0, VC_ENOMEM, or VC_EIO
 * when writing failed. `lang` "en" or "da".
 */
int vc_fleet_json_write(FILE *out, const struct vc_fleet_doc *d);
int vc_fleet_text_write(FILE *out, const struct vc_fleet_doc *d, const char *lang);
int vc_fleet_csv_write(FILE *out, const struct vc_fleet_doc *d, const char *lang);
int vc_fleet_html_write(FILE *out, const struct vc_fleet_doc *d, const char *lang);

/* Parse "YYYY-MM-DDTHH:MM:SSZ"; 0 or VC_EPARSE. */
int vc_fleet_parse_time(int64_t *out, const char *s);

#endif
