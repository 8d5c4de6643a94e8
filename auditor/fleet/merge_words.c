/* merge: fixed words of the fleet report in English and Danish. */
#include <string.h>

#include "merge_words.h"

static const struct vc_fleet_words en = {
	.title = "vcaudit fleet report",
	.generated = "Generated",
	.hosts_word = "hosts",
	.reports_line = "Reports",
	.failing_line = "Hosts with failing rules",
	.score_mean = "mean score",
	.score_min = "lowest",
	.sec_hosts = "Hosts",
	.sec_rules = "Rules failing on most hosts",
	.sec_products = "Product versions in use",
	.sec_changes = "Changes since the previous report",
	.sec_diags = "Diagnostics",
	.host = "host",
	.machine_id = "machine id",
	.last_seen = "last seen",
	.score = "score",
	.failing = "failing",
	.worst = "worst findings",
	.rule = "rule",
	.title_col = "title",
	.severity = "severity",
	.hosts = "hosts",
	.product = "product",
	.version = "version",
	.since = "previous report of",
	.new_failures = "New failures",
	.fixed = "Fixed",
	.new_hosts = "New hosts",
	.stopped = "Stopped reporting (last seen)",
	.none = "none",
	.no_previous = "no previous report given (--previous)",
	.tool_versions = "vcaudit versions",
	.inputs = { "read", "duplicates", "superseded by newer reports", "refused",
		    "malformed" },
	.csv_col = { "host", "machine_id", "kind", "last_seen", "score_before_waivers",
		     "score_after_waivers", "worst_severity", "failing", "errors", "manual",
		     "failing_rules", "report" },
};

static const struct vc_fleet_words da = {
	.title = "vcaudit flåderapport",
	.generated = "Dannet",
	.hosts_word = "værter",
	.reports_line = "Rapporter",
	.failing_line = "Værter med ikke beståede regler",
	.score_mean = "gennemsnitlig score",
	.score_min = "laveste",
	.sec_hosts = "Værter",
	.sec_rules = "Regler, der ikke er bestået på flest værter",
	.sec_products = "Produktversioner i brug",
	.sec_changes = "Ændringer siden sidste rapport",
	.sec_diags = "Diagnostik",
	.host = "vært",
	.machine_id = "maskine-id",
	.last_seen = "sidst set",
	.score = "score",
	.failing = "ikke bestået",
	.worst = "værste fund",
	.rule = "regel",
	.title_col = "titel",
	.severity = "alvor",
	.hosts = "værter",
	.product = "produkt",
	.version = "version",
	.since = "sidste rapport fra",
	.new_failures = "Nye fejl",
	.fixed = "Rettet",
	.new_hosts = "Nye værter",
	.stopped = "Holdt op med at rapportere (sidst set)",
	.none = "ingen",
	.no_previous = "ingen tidligere rapport angivet (--previous)",
	.tool_versions = "vcaudit-versioner",
	.inputs = { "læst", "dubletter", "erstattet af nyere", "afvist", "fejlformede" },
	.csv_col = { "vært", "maskine_id", "art", "sidst_set", "score_før_dispensationer",
		     "score_efter_dispensationer", "værste_alvor", "ikke_bestået", "fejl",
		     "manuelle", "ikke_beståede_regler", "rapport" },
};

const struct vc_fleet_words *vc_fleet_words(const char *lang)
{
	return lang && !strcmp(lang, "da") ? &da : &en;
}

const char *vc_fleet_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

long long vc_fleet_int(const json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

void vc_fleet_score(char out[16], const json_t *v, const char *lang)
{
	char *dot;

	if (!json_is_number(v)) {
		snprintf(out, 16, "-");
		return;
	}
	snprintf(out, 16, "%.1f", json_number_value(v));
	dot = strchr(out, '.');
	if (dot && lang && !strcmp(lang, "da"))
		*dot = ',';
}

void vc_fleet_inputs_line(FILE *out, const json_t *inputs, const struct vc_fleet_words *w)
{
	static const char *const keys[5] = {
		"reports", "duplicates", "superseded", "refused", "malformed"
	};
	size_t i;

	for (i = 0; i < 5; i++)
		fprintf(out, "%s%lld %s", i ? ", " : "", vc_fleet_int(inputs, keys[i]),
			w->inputs[i]);
}
