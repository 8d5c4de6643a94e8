#ifndef VC_FLEET_MERGE_WORDS_H
#define VC_FLEET_MERGE_WORDS_H
/*
 * The fixed words of the fleet report in English and Danish, shared by
 * merge_text.c, merge_csv.c and merge_html.c, and small readers of the
 * fleet document they render. All strings are static.
 */
#include <stdio.h>
#include <jansson.h>

struct vc_fleet_words {
	const char *title, *generated, *hosts_word, *reports_line, *failing_line;
	const char *score_mean, *score_min, *sec_hosts, *sec_rules, *sec_products;
	const char *sec_changes, *sec_diags, *host, *machine_id, *last_seen, *score;
	const char *failing, *worst, *rule, *title_col, *severity, *hosts, *product;
	const char *version, *since, *new_failures, *fixed, *new_hosts, *stopped;
	const char *none, *no_previous, *tool_versions;
	/* after the counts of inputs.reports, duplicates, superseded, refused, malformed */
	const char *inputs[5];
	const char *csv_col[12];
};

/* Danish for "da", English for anything else. */
const struct vc_fleet_words *vc_fleet_words(const char *lang);

/* Member helpers for reading the fleet document (NULL/0 when absent). */
const char *vc_fleet_str(const json_t *o, const char *key);
long long vc_fleet_int(const json_t *o, const char *key);
/* A score with one decimal in the language's notation ("87.5", "87,5"); "-" for null. */
void vc_fleet_score(char out[16], const json_t *v, const char *lang);
/* "5 read, 1 duplicate, ..." from the document's inputs object (text, not escaped). */
void vc_fleet_inputs_line(FILE *out, const json_t *inputs, const struct vc_fleet_words *w);

#endif
