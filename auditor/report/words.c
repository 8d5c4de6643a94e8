/* English and Danish words of the text, Markdown, CSV and JUnit reports (words.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "words.h"
#include "../core/buf.h"
#include "../core/err.h"
#include "../engine/message.h"

/* The document for the authority (HTML report); Danish terms per LEGAL.md §8. */
static const struct vc_report_doc_words doc_en = {
	.doc_title = "Video meetings and recordings: GDPR compliance report",
	.sec_summary = "Summary", .sec_statement = "How we work with video meetings",
	.sec_map = "Data-flow map", .sec_art30 = "Record of processing activities (Art. 30)",
	.sec_breach = "Breach readiness (Art. 33 and 34)", .sec_appendix = "Appendix: sources",
	.scope_root = "Root", .time = "Time of audit",
	.yes = "yes", .no = "no",
	.days = "days", .never_deleted = "never deleted automatically",
	.topic = { "Where recordings go", "Who may record, and whether participants are told",
		   "Retention", "Storage and meeting regions", "Encryption", "Who can join",
		   "Third parties that receive data" },
	.no_products = "No video-meeting product was found in the audit.",
	.map_intro = "Where meeting data goes, as the audit found it. Whatever lies right of "
		     "the dashed line leaves the organisation. Red: a third country (outside "
		     "the EEA) or a region the audit cannot place; amber: a third party (the "
		     "meeting provider, a sync or storage provider, an external service).",
	.participants = "Meeting participants", .sync = "synchronised by",
	.third_country = "third country", .eea = "EEA", .region_unknown = "region unknown",
	.cloud_recording = "cloud recording allowed", .cloud_recording_off = "cloud recording off",
	.provider_servers = "provider's servers",
	.boundary_in = "Inside the organisation", .boundary_out = "Outside the organisation",
	.third_party = "third party", .encrypted = "encrypted", .not_encrypted = "not encrypted",
	.legend_red = "third country or unknown region", .legend_amber = "third party",
	.legend_plain = "inside the organisation",
	.map_empty = "The audit holds no facts about where meeting data goes.",
	.art30_intro = "Processing activity: video meetings and recordings. Filled from the "
		       "organisation file and the audit; gaps are marked.",
	.art30_item = { "(a) Controller, representative, data protection officer",
			"(b) Purposes of the processing",
			"(c) Categories of data subjects and of personal data",
			"(d) Categories of recipients", "(e) Transfers to third countries",
			"(f) Time limits for erasure", "(g) Technical and organisational "
			"security measures (Art. 32(1))" },
	.to_complete = "to be completed",
	.art30_c_hint = "meeting participants (employees, external guests); video, audio, "
			"chat, and where enabled transcripts",
	.art30_e_gap = "for each transfer, the country and the safeguard (adequacy decision, "
		       "Art. 45, or appropriate safeguards, Art. 46)",
	.contact_point = "Contact point (Art. 33(3)(b))",
	.contact_missing = "no contact point in the organisation file: to be completed",
	.enc_storage = "Recordings on encrypted storage (Art. 34(3)(a))",
	.enc_all = "every storage place found is encrypted: Art. 34(3)(a) may spare "
		   "communicating a breach to the data subjects, if the key was not compromised",
	.enc_some_not = "at least one storage place is not encrypted: Art. 34(3)(a) cannot be "
			"relied on for it",
	.enc_unknown = "unknown: the encryption of the storage could not be determined",
	.recordings_found = "Recordings found on disk",
	.rule_72h = "A personal data breach is notified to the supervisory authority "
		    "(Datatilsynet) without undue delay and where feasible within 72 hours "
		    "after the controller became aware of it (Art. 33(1)); information that is "
		    "not yet available may follow in phases (Art. 33(4)), and every breach is "
		    "documented (Art. 33(5)).",
	.procedure = "Breach procedure", .procedure_missing = "not named: to be completed",
	.sources = "Sources read", .path = "Path", .kind = "Kind", .bytes = "Bytes",
	.parameters = "Profile parameters", .products_versions = "Product",
	.no_sources = "No source files recorded.", .no_diagnostics = "No diagnostics.",
};

static const struct vc_report_doc_words doc_da = {
	.doc_title = "Videomøder og optagelser: rapport om overholdelse af "
		     "databeskyttelsesforordningen",
	.sec_summary = "Sammenfatning", .sec_statement = "Sådan arbejder vi med videomøder",
	.sec_map = "Dataflow", .sec_art30 = "Fortegnelse over behandlingsaktiviteter (art. 30)",
	.sec_breach = "Beredskab ved brud på persondatasikkerheden (art. 33 og 34)",
	.sec_appendix = "Bilag: kilder",
	.scope_root = "Rod", .time = "Tidspunkt",
	.yes = "ja", .no = "nej",
	.days = "dage", .never_deleted = "slettes aldrig automatisk",
	.topic = { "Hvor optagelser gemmes", "Hvem der må optage, og om deltagerne får besked",
		   "Opbevaring", "Lagrings- og mødeområder", "Kryptering", "Hvem der kan deltage",
		   "Tredjeparter, der modtager data" },
	.no_products = "Revisionen fandt intet videomødeprodukt.",
	.map_intro = "Hvor mødedata ender, som revisionen fandt det. Alt til højre for den "
		     "stiplede linje forlader organisationen. Rød: et tredjeland (uden for EØS) "
		     "eller et område, revisionen ikke kan placere; gul: en tredjepart "
		     "(mødeleverandøren, en synkroniserings- eller lagringstjeneste, en ekstern "
		     "tjeneste).",
	.participants = "Mødedeltagere", .sync = "synkroniseres af",
	.third_country = "tredjeland", .eea = "EØS", .region_unknown = "område ukendt",
	.cloud_recording = "skyoptagelse tilladt", .cloud_recording_off = "skyoptagelse slået fra",
	.provider_servers = "leverandørens servere",
	.boundary_in = "I organisationen", .boundary_out = "Uden for organisationen",
	.third_party = "tredjepart", .encrypted = "krypteret", .not_encrypted = "ikke krypteret",
	.legend_red = "tredjeland eller ukendt område", .legend_amber = "tredjepart",
	.legend_plain = "i organisationen",
	.map_empty = "Revisionen indeholder ingen oplysninger om, hvor mødedata ender.",
	.art30_intro = "Behandlingsaktivitet: videomøder og optagelser. Udfyldt fra "
		       "organisationsfilen og revisionen; mangler er markeret.",
	.art30_item = { "a) Den dataansvarlige, repræsentant, databeskyttelsesrådgiver",
			"b) Formålene med behandlingen",
			"c) Kategorier af registrerede og af personoplysninger",
			"d) Kategorier af modtagere", "e) Overførsler til tredjelande",
			"f) Tidsfrister for sletning", "g) Tekniske og organisatoriske "
			"sikkerhedsforanstaltninger (art. 32, stk. 1)" },
	.to_complete = "skal udfyldes",
	.art30_c_hint = "mødedeltagere (medarbejdere, eksterne gæster); video, lyd, chat og, "
			"hvor det er slået til, udskrifter",
	.art30_e_gap = "for hver overførsel landet og garantien (tilstrækkelighedsafgørelse, "
		       "art. 45, eller fornødne garantier, art. 46)",
	.contact_point = "Kontaktpunkt (art. 33, stk. 3, litra b)",
	.contact_missing = "intet kontaktpunkt i organisationsfilen: skal udfyldes",
	.enc_storage = "Optagelser på krypteret lager (art. 34, stk. 3, litra a)",
	.enc_all = "alle fundne lagringssteder er krypteret: art. 34, stk. 3, litra a, kan "
		   "fritage for underretning af den registrerede, hvis nøglen ikke er kompromitteret",
	.enc_some_not = "mindst ét lagringssted er ikke krypteret: art. 34, stk. 3, litra a, "
			"kan ikke anvendes for det",
	.enc_unknown = "ukendt: lagerets kryptering kunne ikke fastslås",
	.recordings_found = "Optagelser fundet på disk",
	.rule_72h = "Et brud på persondatasikkerheden anmeldes til tilsynsmyndigheden "
		    "(Datatilsynet) uden unødig forsinkelse og om muligt senest 72 timer efter, "
		    "at den dataansvarlige er blevet bekendt med det (art. 33, stk. 1); "
		    "oplysninger, der endnu ikke foreligger, kan gives trinvis (art. 33, stk. 4), "
		    "og ethvert brud dokumenteres (art. 33, stk. 5).",
	.procedure = "Procedure ved brud", .procedure_missing = "ikke angivet: skal udfyldes",
	.sources = "Læste kilder", .path = "Sti", .kind = "Art", .bytes = "Bytes",
	.parameters = "Profilparametre", .products_versions = "Produkt",
	.no_sources = "Ingen kildefiler registreret.", .no_diagnostics = "Ingen diagnostik.",
};

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
	.article = "Art.", .ref_sep = ", ",
	.by_article = "Findings by GDPR article", .no_article = "No GDPR article given",
	.no_findings = "No findings.",
	.product = "Product", .scope = "Scope", .gdpr = "GDPR", .detail = "Detail",
	.evidence = "Evidence", .remediation = "Remediation", .waiver = "Waiver",
	.justification = "Justification", .real = "Actual result", .approved_by = "approved by",
	.valid_until = "valid until", .expired = "expired", .absent = "(absent)",
	.diagnostics = "Diagnostics", .host = "Host system", .not_listed = "not listed",
	.csv_col = { "priority", "result", "severity", "rule", "title", "product", "scope",
		     "gdpr", "evidence", "remediation", "owner", "due_date", "status", NULL },
	.doc = &doc_en,
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
	.article = "Artikel", .ref_sep = "; ",
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
	.doc = &doc_da,
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

/* Display names of the sync and storage providers the scanners name (cloud_sync.c, inputs). */
static const struct {
	const char *id, *name;
} provider_names[] = {
	{ "onedrive", "OneDrive" }, { "dropbox", "Dropbox" }, { "gdrive", "Google Drive" },
	{ "icloud", "iCloud Drive" }, { "box", "Box" }, { "nextcloud", "Nextcloud" },
	{ "owncloud", "ownCloud" }, { "sharefile", "ShareFile" }, { "egnyte", "Egnyte" },
	{ "youtube", "YouTube" },
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

/* Plain-language names of facts for the HTML document (statement, Art. 30, breach). */
static const struct {
	const char *key, *en, *da;
} fact_labels[] = {
	{ "recording.local.path", "Local recording folder", "Lokal optagemappe" },
	{ "recording.local.path.cloud_sync", "Sync provider of the local folder",
	  "Synkroniseringstjeneste for den lokale mappe" },
	{ "recording.local.path.encrypted", "Local folder on encrypted storage",
	  "Lokal mappe på krypteret lager" },
	{ "recording.cloud.allowed", "Cloud or server recording allowed",
	  "Sky- eller serveroptagelse tilladt" },
	{ "recording.server.path", "Server recording store", "Optagelseslager på serveren" },
	{ "recording.server.path.cloud_sync", "Sync provider of the server store",
	  "Synkroniseringstjeneste for serverlageret" },
	{ "recording.server.path.encrypted", "Server store on encrypted storage",
	  "Serverlager på krypteret lager" },
	{ "recording.auto", "Automatic recording", "Automatisk optagelse" },
	{ "recording.local.allowed", "Local recording allowed", "Lokal optagelse tilladt" },
	{ "recording.local.notify", "Participants told of local recording",
	  "Deltagerne får besked om lokal optagelse" },
	{ "recording.consent", "Consent or notice before recording",
	  "Samtykke eller besked før optagelse" },
	{ "recording.retention_days", "Recordings deleted automatically after",
	  "Optagelser slettes automatisk efter" },
	{ "recording.storage_region", "Recording storage region", "Lagringsområde for optagelser" },
	{ "datacenter.regions", "Meeting traffic regions", "Områder for mødetrafik" },
	{ "encryption.e2ee", "End-to-end encryption", "End-to-end-kryptering" },
	{ "encryption.transport_required", "Encrypted transport required",
	  "Krypteret transport påkrævet" },
	{ "access.anonymous_join", "Anonymous users may join", "Anonyme brugere kan deltage" },
	{ "access.lobby", "Lobby or waiting room", "Lobby eller venterum" },
	{ "access.passcode", "Passcode required", "Adgangskode påkrævet" },
	{ "access.external", "External (federated) users", "Eksterne (fødererede) brugere" },
	{ "access.authentication", "Authentication", "Godkendelse" },
	{ "storage.thirdparty", "Third-party storage", "Lagring hos tredjepart" },
	{ "telemetry.thirdparty", "Third-party telemetry and services",
	  "Telemetri og tjenester hos tredjepart" },
	{ "update.auto", "Client updates itself", "Klienten opdaterer sig selv" },
	{ "chat.save_local", "Chat saved to disk", "Chat gemmes på disk" },
	{ "recording.transcription", "Automatic transcription", "Automatisk transskription" },
	{ "org.controller.name", "Controller", "Dataansvarlig" },
	{ "org.controller.cvr", "CVR number", "CVR-nummer" },
	{ "org.contact_point", "Contact point", "Kontaktpunkt" },
	{ "org.contact_point.kind", "Kind of contact point", "Type kontaktpunkt" },
	{ "org.breach_procedure", "Breach procedure", "Procedure ved brud" },
	{ "org.recording.purposes", "Purposes of recording", "Formål med optagelse" },
	{ "org.recording.legal_basis", "Legal basis", "Retsgrundlag" },
	{ "org.processors", "Processors with agreements", "Databehandlere med aftale" },
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

int vc_report_self_hosted(const char *id)
{
	return id && (!strcmp(id, "jitsi") || !strcmp(id, "bigbluebutton"));
}

const char *vc_report_provider_name(const char *id)
{
	size_t i;

	for (i = 0; id && i < sizeof(provider_names) / sizeof(provider_names[0]); i++)
		if (!strcmp(provider_names[i].id, id))
			return provider_names[i].name;
	return id;
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

const char *vc_report_fact_label(const struct vc_report_words *w, const char *key)
{
	size_t i;

	for (i = 0; key && i < sizeof(fact_labels) / sizeof(fact_labels[0]); i++)
		if (!strcmp(fact_labels[i].key, key))
			return w == &words_da ? fact_labels[i].da : fact_labels[i].en;
	return NULL;
}

/*
 * "Art. 5(1)(f)" as Danish law writes it: "art. 5, stk. 1, litra f". The
 * paragraph is a number, the point a letter; anything after them ("Art. 6(1)
 * and (4)") or a reference of another shape is left as it is.
 */
const char *vc_report_gdpr_ref(const struct vc_report_words *w, const char *ref, char *out,
			       size_t n)
{
	const char *p = ref ? ref : "?";
	char *end;
	long art, stk = 0;
	char litra = 0;
	int len;

	if (w != &words_da || !(art = vc_report_gdpr_article(p)))
		goto as_is;
	p = strchr(p, ' ') ? p + 4 : p;
	while (*p == ' ')
		p++;
	art = strtol(p, &end, 10);
	p = end;
	if (p[0] == '(' && p[1] >= '1' && p[1] <= '9') {
		stk = strtol(p + 1, &end, 10);
		if (*end != ')')
			goto as_is;
		p = end + 1;
		if (p[0] == '(' && p[1] >= 'a' && p[1] <= 'z' && p[2] == ')') {
			litra = p[1];
			p += 3;
		}
	}
	if (litra)
		len = snprintf(out, n, "art. %ld, stk. %ld, litra %c%s", art, stk, litra, p);
	else if (stk)
		len = snprintf(out, n, "art. %ld, stk. %ld%s", art, stk, p);
	else
		len = snprintf(out, n, "art. %ld%s", art, p);
	if (len >= 0 && (size_t)len < n)
		return out;
as_is:
	snprintf(out, n, "%s", ref ? ref : "?");
	return out;
}

/* The message phrases of eval.c (engine/message.h) in Danish. */
static const struct {
	const char *en, *da;
} msg_da[] = {
	{ VC_MSG_NA, "ikke relevant her" },
	{ VC_MSG_UNDETERMINED, "kan ikke afgøres ud fra det indsamlede" },
	{ VC_MSG_DOWNGRADED, "bestået på det, der kunne læses, men en kilde kunne ikke læses "
			     "helt (se diagnosticeringen)" },
	{ VC_MSG_UNREADABLE, "kunne ikke afgøres: en kilde kunne ikke læses" },
	{ VC_MSG_PASSED, "bestået" },
	{ VC_MSG_FAILED, "ikke bestået" },
}, count_da[] = {
	{ VC_MSG_ITEM VC_MSG_VIOLATION, " forekomst i strid med reglen" },
	{ VC_MSG_ITEMS VC_MSG_VIOLATION, " forekomster i strid med reglen" },
	{ VC_MSG_ITEM VC_MSG_FOUND, " forekomst fundet" },
	{ VC_MSG_ITEMS VC_MSG_FOUND, " forekomster fundet" },
};

/* Whether s starts with the phrase p, followed by the end or by "; ". */
static size_t phrase_at(const char *s, const char *p)
{
	size_t n = strlen(p);

	return !strncmp(s, p, n) && (!s[n] || s[n] == ';') ? n : 0;
}

char *vc_report_message(const struct vc_report_words *w, const char *msg)
{
	struct vc_buf b = VC_BUF_INIT(64 * 1024);
	const char *rest = NULL;
	size_t i, n, digits;
	int rc = 0;

	if (!msg)
		msg = "";
	if (w != &words_da)
		return vc_strdup(msg);
	for (i = 0; !rest && i < sizeof(msg_da) / sizeof(msg_da[0]); i++)
		if ((n = phrase_at(msg, msg_da[i].en))) {
			rc = vc_buf_puts(&b, msg_da[i].da);
			rest = msg + n;
		}
	digits = strspn(msg, "0123456789");
	for (i = 0; !rest && digits && i < sizeof(count_da) / sizeof(count_da[0]); i++)
		if ((n = phrase_at(msg + digits, count_da[i].en))) {
			rc = vc_buf_put(&b, msg, digits);
			if (rc == 0)
				rc = vc_buf_puts(&b, count_da[i].da);
			rest = msg + digits + n;
		}
	if (!rest)
		return vc_strdup(msg);       /* "fact = value": values are not words */
	if (rc == 0 && !strncmp(rest, VC_MSG_MISSING, strlen(VC_MSG_MISSING))) {
		rc = vc_buf_puts(&b, "; mangler: ");
		rest += strlen(VC_MSG_MISSING);
	}
	if (rc == 0)
		rc = vc_buf_puts(&b, rest);
	if (rc < 0) {
		vc_buf_free(&b);
		return NULL;
	}
	return vc_buf_detach(&b);
}
