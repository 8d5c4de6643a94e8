/* English and Danish words of the text, Markdown, CSV and JUnit reports (words.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "words.h"

static const struct vc_report_words words_en = {
	.lang = "en",
	.status = {
		[VC_ST_PASS] = "passed", [VC_ST_FAIL] = "failed", [VC_ST_MANUAL] = "manual",
		[VC_ST_NA] = "not applicable", [VC_ST_ERROR] = "error", [VC_ST_WAIVED] = "waived",
	},
	.tag = {
		[VC_ST_PASS] = "PASS", [VC_ST_FAIL] = "FAIL", [VC_ST_MANUAL] = "MANUAL",
		[VC_ST_NA] = "N/A", [VC_ST_ERROR] = "ERROR", [VC_ST_WAIVED] = "WAIVED",
	},
	.sev = { "info", "low", "medium", "high", "critical" },
	.decimal = '.',
	.title = "vcaudit report", .target = "Target", .profile = "Profile",
	.generated = "Generated", .version = "Version", .rules = "Rules", .score = "Score",
	.results = "Results", .by_severity = "Failed, before waivers",
	.before = "before waivers", .after = "after waivers", .none = "none",
	.pseudo_note = "Note: pseudonyms change between runs unless a key is set "
		       "(VCAUDIT_PSEUDONYM_KEY or the organisation file).",
	.severity = "Severity", .failing_before = "failed, before waivers",
	.no_failures = "no failures",
	.top_five = "The five most important things to fix",
	.more_below = "more in the findings below.", .nothing_to_fix = "Nothing failed.",
	.by_article = "Findings by GDPR article", .no_article = "No GDPR article given",
	.no_findings = "No findings.",
	.product = "Product", .scope = "Scope", .gdpr = "GDPR", .detail = "Detail",
	.evidence = "Evidence", .remediation = "Remediation", .waiver = "Waiver",
	.justification = "Justification", .real = "Actual result", .approved_by = "approved by",
	.valid_until = "valid until", .expired = "expired", .absent = "(absent)",
	.diagnostics = "Diagnostics", .host = "Host system", .not_listed = "not listed",
	.csv_col = { "priority", "result", "severity", "rule", "title", "product", "scope",
		     "gdpr", "evidence", "remediation", "owner", "due_date", "status", NULL },
};

static const struct vc_report_words words_da = {
	.lang = "da",
	.status = {
		[VC_ST_PASS] = "bestået", [VC_ST_FAIL] = "ikke bestået",
		[VC_ST_MANUAL] = "manuel kontrol", [VC_ST_NA] = "ikke relevant",
		[VC_ST_ERROR] = "fejl", [VC_ST_WAIVED] = "dispenseret",
	},
	.tag = {
		[VC_ST_PASS] = "BESTÅET", [VC_ST_FAIL] = "IKKE BESTÅET",
		[VC_ST_MANUAL] = "MANUEL KONTROL", [VC_ST_NA] = "IKKE RELEVANT",
		[VC_ST_ERROR] = "FEJL", [VC_ST_WAIVED] = "DISPENSERET",
	},
	.sev = { "info", "lav", "middel", "høj", "kritisk" },
	.decimal = ',',
	.title = "vcaudit-rapport", .target = "Mål", .profile = "Profil",
	.generated = "Genereret", .version = "Version", .rules = "Regler", .score = "Score",
	.results = "Resultat", .by_severity = "Ikke bestået, før dispensationer",
	.before = "før dispensationer", .after = "efter dispensationer", .none = "ingen",
	.pseudo_note = "Bemærk: pseudonymerne skifter fra kørsel til kørsel, medmindre der er "
		       "sat en nøgle (VCAUDIT_PSEUDONYM_KEY eller organisationsfilen).",
	.severity = "Alvorlighed", .failing_before = "ikke bestået, før dispensationer",
	.no_failures = "ingen ikke beståede",
	.top_five = "De fem vigtigste ting at rette",
	.more_below = "flere i resultaterne nedenfor.",
	.nothing_to_fix = "Intet ikke bestået.",
	.by_article = "Resultater efter artikel i databeskyttelsesforordningen",
	.no_article = "Ingen artikel angivet",
	.no_findings = "Ingen resultater.",
	.product = "Produkt", .scope = "Omfang", .gdpr = "GDPR", .detail = "Detaljer",
	.evidence = "Dokumentation", .remediation = "Afhjælpning", .waiver = "Dispensation",
	.justification = "Begrundelse", .real = "Faktisk resultat", .approved_by = "godkendt af",
	.valid_until = "gyldig til", .expired = "udløbet", .absent = "(mangler)",
	.diagnostics = "Diagnostik", .host = "Værtssystem", .not_listed = "ikke vist",
	.csv_col = { "prioritet", "resultat", "alvorlighed", "regel", "titel", "produkt",
		     "omfang", "gdpr", "dokumentation", "afhjælpning", "ansvarlig", "frist",
		     "status", NULL },
};

/* Display names of the product ids in vc_products[] ("host" is a word above). */
static const struct {
	const char *id, *name;
} product_names[] = {
	{ "zoom", "Zoom" }, { "teams", "Microsoft Teams" }, { "jitsi", "Jitsi Meet" },
	{ "bigbluebutton", "BigBlueButton" }, { "google-meet", "Google Meet" },
	{ "webex", "Webex" }, { "goto", "GoTo Meeting" }, { "ringcentral", "RingCentral" },
	{ "clickmeeting", "ClickMeeting" }, { "bluejeans", "BlueJeans" },
	{ "lifesize", "Lifesize" }, { "umeeting", "uMeeting" },
};

/* Official article titles (English text of the Regulation; Danish per LEGAL.md §8). */
static const struct {
	int art;
	const char *en, *da;
} articles[] = {
	{ 25, "Data protection by design and by default",
	  "Databeskyttelse gennem design og databeskyttelse gennem standardindstillinger" },
	{ 30, "Records of processing activities", "Fortegnelser over behandlingsaktiviteter" },
	{ 32, "Security of processing", "Behandlingssikkerhed" },
	{ 33, "Notification of a personal data breach to the supervisory authority",
	  "Anmeldelse af brud på persondatasikkerheden til tilsynsmyndigheden" },
	{ 34, "Communication of a personal data breach to the data subject",
	  "Underretning af den registrerede om brud på persondatasikkerheden" },
	{ 35, "Data protection impact assessment", "Konsekvensanalyse vedrørende databeskyttelse" },
};

const struct vc_report_words *vc_report_words(const char *lang)
{
	return lang && !strcmp(lang, "da") ? &words_da : &words_en;
}

const char *vc_report_status_word(const struct vc_report_words *w, enum vc_status s)
{
	return (unsigned)s < VC_ST__COUNT ? w->status[s] : "?";
}

const char *vc_report_status_tag(const struct vc_report_words *w, enum vc_status s)
{
	return (unsigned)s < VC_ST__COUNT ? w->tag[s] : "?";
}

const char *vc_report_severity_word(const struct vc_report_words *w, enum vc_severity s)
{
	return (unsigned)s <= VC_SEV_CRITICAL ? w->sev[s] : "?";
}

void vc_report_put_score(FILE *f, const struct vc_report_words *w, double x)
{
	char num[64], *dot;

	snprintf(num, sizeof(num), "%.1f", isfinite(x) ? x : 0.0);
	dot = strchr(num, '.');
	if (dot)
		*dot = w->decimal;
	fputs(num, f);
}

const char *vc_report_product_name(const struct vc_report_words *w, const char *id)
{
	size_t i;

	if (!id)
		return NULL;
	if (!strcmp(id, "host"))
		return w->host;
	for (i = 0; i < sizeof(product_names) / sizeof(product_names[0]); i++)
		if (!strcmp(product_names[i].id, id))
			return product_names[i].name;
	return NULL;
}

int vc_report_gdpr_article(const char *ref)
{
	const char *p;
	char *end;
	long n;

	if (!ref || strncmp(ref, "Art.", 4))
		return 0;
	p = ref + 4;
	while (*p == ' ')
		p++;
	if (*p < '1' || *p > '9')
		return 0;
	n = strtol(p, &end, 10);
	if (n < 1 || n > 99 || end == p)
		return 0;
	return (int)n;
}

const char *vc_report_article_title(const struct vc_report_words *w, int article)
{
	size_t i;

	for (i = 0; i < sizeof(articles) / sizeof(articles[0]); i++)
		if (articles[i].art == article)
			return w == &words_da ? articles[i].da : articles[i].en;
	return NULL;
}
