/*
 * Section 2 of the document (document.h): per product, the configuration
 * statement ("how we work with video meetings") in plain sentences, in
 * English or Danish, generated from the facts alone.
 *
 * Seven topics, one paragraph each: where recordings go, who may record
 * and whether participants are told, retention, regions, encryption, who
 * can join, third parties. A fact set the same way in every scope gives one
 * sentence; one that differs gives a sentence per value, each saying where
 * it is set ("for 2 users", "in the policy Global"). A fact the audit did
 * not find is named in one "Unknown: ... Confirm ..." sentence per topic.
 * A local folder is one sentence with its sync provider and encryption,
 * however many scopes name it.
 */
#include <stdlib.h>
#include <string.h>

#include "document.h"

#define ST_GROUPS 16     /* different values of one fact per product */
#define ST_SCOPES 64     /* scopes named per value */
#define ST_UNKNOWN 8     /* unknown facts per topic */
#define ST_LIST 16       /* entries of a list value in a sentence */
#define ST_WHO 12        /* parts of "set for 1 user and in the policy X" */

enum topic { T_WHERE, T_WHO, T_RETENTION, T_REGIONS, T_ENCRYPTION, T_JOIN, T_THIRD, T__COUNT };

/* Which products a sentence is for: all, hosted services, self-hosted servers, local clients. */
enum kind { K_ANY, K_HOSTED, K_SELF, K_LOCAL };

/* The phrases for one fact in one language. Templates: {0} the value, {1} the product. */
struct phrases {
	const char *unknown;     /* "whether ...", for "Unknown: ..." */
	const char *yes, *no;    /* booleans */
	const char *val[4][2];   /* an exact value (string; integer; "" = empty list) and its sentence */
	const char *any;         /* every other value */
	const char *one;         /* a list of one entry (else `any`) */
};

static const struct say {
	const char *key;
	enum topic topic;
	enum kind kind;
	struct phrases l[2];     /* en, da */
} says[] = {
	{ "recording.cloud.allowed", T_WHERE, K_HOSTED, { {
		.unknown = "whether recordings can be saved in the cloud of {1}",
		.yes = "Recording in the cloud of {1} is allowed: {1} then stores the recordings "
		       "as processor for the controller",
		.no = "Recording in the cloud of {1} is turned off",
	}, {
		.unknown = "om optagelser kan gemmes i skyen hos {1}",
		.yes = "Optagelse i skyen hos {1} er tilladt: {1} opbevarer så optagelserne som "
		       "databehandler for den dataansvarlige",
		.no = "Optagelse i skyen hos {1} er slået fra",
	} } },
	{ "recording.cloud.allowed", T_WHERE, K_SELF, { {
		.unknown = "whether meetings can be recorded on the server",
		.yes = "Meetings can be recorded on the organisation's own server",
		.no = "Recording on the server is turned off",
	}, {
		.unknown = "om møder kan optages på serveren",
		.yes = "Møder kan optages på organisationens egen server",
		.no = "Optagelse på serveren er slået fra",
	} } },
	{ "recording.auto", T_WHERE, K_ANY, { {
		.unknown = "whether meetings are recorded automatically",
		.val = { { "none", "Meetings are not recorded automatically" },
			 { "local", "Meetings are recorded automatically to the computer: every "
				    "meeting needs a legal basis for it" },
			 { "cloud", "Meetings are recorded automatically in the cloud: every "
				    "meeting needs a legal basis for it" } },
		.any = "Automatic recording is set to {0}",
	}, {
		.unknown = "om møder optages automatisk",
		.val = { { "none", "Møder optages ikke automatisk" },
			 { "local", "Møder optages automatisk på computeren: hvert møde kræver "
				    "et retsgrundlag for det" },
			 { "cloud", "Møder optages automatisk i skyen: hvert møde kræver et "
				    "retsgrundlag for det" } },
		.any = "Automatisk optagelse er sat til {0}",
	} } },
	{ "recording.local.allowed", T_WHO, K_LOCAL, { {
		.unknown = "whether participants may record to their own computer",
		.yes = "Participants may record meetings to their own computer",
		.no = "Recording to one's own computer is turned off",
	}, {
		.unknown = "om deltagerne må optage til deres egen computer",
		.yes = "Deltagerne må optage møder til deres egen computer",
		.no = "Optagelse til egen computer er slået fra",
	} } },
	{ "recording.local.notify", T_WHO, K_LOCAL, { {
		.unknown = "whether the other participants are told about a local recording",
		.yes = "The other participants are told when someone records locally",
		.no = "The other participants are not told when someone records locally",
	}, {
		.unknown = "om de øvrige deltagere får besked om en lokal optagelse",
		.yes = "De øvrige deltagere får besked, når nogen optager lokalt",
		.no = "De øvrige deltagere får ikke besked, når nogen optager lokalt",
	} } },
	{ "recording.consent", T_WHO, K_ANY, { {
		.unknown = "whether participants are told or asked before a recording starts",
		.val = { { "none", "Participants are neither told nor asked before a recording "
				   "starts" },
			 { "notice", "Participants are told before a recording starts, but not "
				     "asked for consent" },
			 { "explicit", "Participants are asked for consent before a recording "
				       "starts" } },
		.any = "Before a recording starts, participants get: {0}",
	}, {
		.unknown = "om deltagerne får besked eller bliver spurgt, før en optagelse starter",
		.val = { { "none", "Deltagerne får hverken besked eller bliver spurgt, før en "
				   "optagelse starter" },
			 { "notice", "Deltagerne får besked, før en optagelse starter, men bliver "
				     "ikke bedt om samtykke" },
			 { "explicit", "Deltagerne bliver bedt om samtykke, før en optagelse "
				       "starter" } },
		.any = "Før en optagelse starter, får deltagerne: {0}",
	} } },
	{ "recording.retention_days", T_RETENTION, K_ANY, { {
		.unknown = "how long recordings are kept",
		.val = { { "-1", "Recordings are never deleted automatically" },
			 { "1", "Recordings are deleted automatically after 1 day" } },
		.any = "Recordings are deleted automatically after {0} days",
	}, {
		.unknown = "hvor længe optagelser opbevares",
		.val = { { "-1", "Optagelser slettes aldrig automatisk" },
			 { "1", "Optagelser slettes automatisk efter 1 dag" } },
		.any = "Optagelser slettes automatisk efter {0} dage",
	} } },
	{ "recording.storage_region", T_REGIONS, K_ANY, { {
		.unknown = "where recordings are stored",
		.any = "Recordings are stored in {0}",
	}, {
		.unknown = "hvor optagelser lagres",
		.any = "Optagelser lagres i {0}",
	} } },
	{ "datacenter.regions", T_REGIONS, K_HOSTED, { {
		.unknown = "which data centres carry the meeting traffic",
		.any = "Meeting traffic runs through data centres in {0}",
	}, {
		.unknown = "hvilke datacentre mødetrafikken går igennem",
		.any = "Mødetrafikken går gennem datacentre i {0}",
	} } },
	{ "encryption.e2ee", T_ENCRYPTION, K_ANY, { {
		.unknown = "whether end-to-end encryption is used",
		.val = { { "unavailable", "End-to-end encryption is not available: the service "
					  "can in principle read meeting content" },
			 { "available", "End-to-end encryption is available but not on by "
					"default" },
			 { "default", "End-to-end encryption is on by default" },
			 { "enforced", "End-to-end encryption is required for every meeting" } },
		.any = "End-to-end encryption is set to {0}",
	}, {
		.unknown = "om der bruges end-to-end-kryptering",
		.val = { { "unavailable", "End-to-end-kryptering findes ikke: tjenesten kan i "
					  "princippet læse mødernes indhold" },
			 { "available", "End-to-end-kryptering kan slås til, men er ikke slået "
					"til som standard" },
			 { "default", "End-to-end-kryptering er slået til som standard" },
			 { "enforced", "End-to-end-kryptering er påkrævet i alle møder" } },
		.any = "End-to-end-kryptering er sat til {0}",
	} } },
	{ "encryption.transport_required", T_ENCRYPTION, K_ANY, { {
		.unknown = "whether encrypted transport is required",
		.yes = "Encrypted transport is required for signalling and media",
		.no = "Encrypted transport is not required: meeting traffic may travel unencrypted",
	}, {
		.unknown = "om krypteret transport er påkrævet",
		.yes = "Krypteret transport er påkrævet for signalering og medier",
		.no = "Krypteret transport er ikke påkrævet: mødetrafik kan sendes ukrypteret",
	} } },
	{ "access.anonymous_join", T_JOIN, K_ANY, { {
		.unknown = "whether anonymous users can join",
		.yes = "Anonymous users, without an account, can join meetings",
		.no = "Only users with an account can join meetings",
	}, {
		.unknown = "om anonyme brugere kan deltage",
		.yes = "Anonyme brugere uden konto kan deltage i møder",
		.no = "Kun brugere med en konto kan deltage i møder",
	} } },
	{ "access.lobby", T_JOIN, K_ANY, { {
		.unknown = "whether participants wait in a lobby",
		.yes = "Participants wait in a lobby until they are let in",
		.no = "There is no lobby: whoever has the link comes straight in",
	}, {
		.unknown = "om deltagerne venter i en lobby",
		.yes = "Deltagerne venter i en lobby, til de bliver lukket ind",
		.no = "Der er ingen lobby: den, der har linket, kommer direkte ind",
	} } },
	{ "access.passcode", T_JOIN, K_ANY, { {
		.unknown = "whether a passcode is required",
		.yes = "A passcode is required to join",
		.no = "No passcode is required to join",
	}, {
		.unknown = "om der kræves en adgangskode",
		.yes = "Der kræves en adgangskode for at deltage",
		.no = "Der kræves ingen adgangskode for at deltage",
	} } },
	{ "access.external", T_JOIN, K_ANY, { {
		.unknown = "whether users of other organisations can join",
		.val = { { "any", "Users of any other organisation can join" },
			 { "trusted", "Only users of trusted organisations can join from outside" },
			 { "none", "Users of other organisations cannot join" } },
		.any = "Users of other organisations: {0}",
	}, {
		.unknown = "om brugere fra andre organisationer kan deltage",
		.val = { { "any", "Brugere fra alle andre organisationer kan deltage" },
			 { "trusted", "Kun brugere fra betroede organisationer kan deltage udefra" },
			 { "none", "Brugere fra andre organisationer kan ikke deltage" } },
		.any = "Brugere fra andre organisationer: {0}",
	} } },
	{ "access.authentication", T_JOIN, K_ANY, { {
		.unknown = "how users sign in",
		.val = { { "anonymous", "Users do not sign in" },
			 { "internal", "Users sign in with accounts on the server itself" },
			 { "jwt", "Users sign in with a token (JWT) that the organisation issues" },
			 { "sso", "Users sign in through the organisation's single sign-on (SSO)" } },
		.any = "Users sign in with: {0}",
	}, {
		.unknown = "hvordan brugerne logger ind",
		.val = { { "anonymous", "Brugerne logger ikke ind" },
			 { "internal", "Brugerne logger ind med konti på selve serveren" },
			 { "jwt", "Brugerne logger ind med et token (JWT), som organisationen "
				  "udsteder" },
			 { "sso", "Brugerne logger ind via organisationens single sign-on (SSO)" } },
		.any = "Brugerne logger ind med: {0}",
	} } },
	{ "storage.thirdparty", T_THIRD, K_ANY, { {
		.unknown = "whether recordings can be stored with third parties",
		.val = { { "", "No third-party storage is connected" } },
		.any = "Recordings can be sent to {0}, third parties that each need a data "
		       "processing agreement",
		.one = "Recordings can be sent to {0}, a third party that needs a data processing "
		       "agreement",
	}, {
		.unknown = "om optagelser kan lagres hos tredjeparter",
		.val = { { "", "Ingen lagring hos tredjeparter er tilsluttet" } },
		.any = "Optagelser kan sendes til {0}, tredjeparter, der hver kræver en "
		       "databehandleraftale",
		.one = "Optagelser kan sendes til {0}, en tredjepart, der kræver en "
		       "databehandleraftale",
	} } },
	{ "telemetry.thirdparty", T_THIRD, K_ANY, { {
		.unknown = "whether data goes to third-party services (telemetry, statistics, "
			   "external servers)",
		.val = { { "", "No third-party services for telemetry or statistics were found" } },
		.any = "Meeting data or metadata goes to these third-party services: {0}",
		.one = "Meeting data or metadata goes to a third-party service: {0}",
	}, {
		.unknown = "om data sendes til tjenester hos tredjeparter (telemetri, statistik, "
			   "eksterne servere)",
		.val = { { "", "Der blev ikke fundet tjenester hos tredjeparter til telemetri "
			       "eller statistik" } },
		.any = "Mødedata eller metadata sendes til disse tjenester hos tredjeparter: {0}",
		.one = "Mødedata eller metadata sendes til en tjeneste hos en tredjepart: {0}",
	} } },
};

/* The fixed words of the statement that are not about one fact. */
static const struct stmt_words {
	const char *and_, *set, *users, *one_user, *machine, *account, *policy, *policies;
	const char *site, *sites, *in, *unknown, *confirm_hosted, *confirm_self;
	const char *folder, *server_folder, *synced, *synced_user_has, *not_synced;
	const char *sync_unknown, *encrypted, *not_encrypted, *enc_unknown;
	const char *no_folder, *no_server_folder, *found_none, *found_one, *found_many;
	/* recordings found inside sync folders: {0} how many, {2} the services */
	const char *found_synced_one, *found_synced_all, *found_synced_some, *found_synced_1_of;
	const char *provider, *self_run, *eea, *third_country, *region_unknown, *regions_unknown;
} stmt_words[2] = { {
	.and_ = " and ", .set = "set", .users = "for {0} users", .one_user = "for 1 user",
	.machine = "for the whole computer", .account = "for the account",
	.policy = "in the policy {0}", .policies = "in the policies {0}",
	.site = "on the site {0}", .sites = "on the sites {0}", .in = "in {0}",
	.unknown = "Unknown: ",
	.confirm_hosted = "Confirm it in the administration settings of {1} and complete this "
			  "statement.",
	.confirm_self = "Confirm it in the server's configuration and complete this statement.",
	.folder = "Local recordings are saved in the folder {0}",
	.server_folder = "Recordings on the server are saved in {0}",
	.synced = "It lies inside a folder that {0} synchronises, so the recordings are also "
		  "copied to {0}, a third party outside the organisation.",
	.synced_user_has = "It lies inside no sync folder, although {0} is in use on this "
			   "computer.",
	.not_synced = "It lies inside no sync folder.",
	.sync_unknown = "Unknown: whether the folder lies inside a sync folder. Confirm that no "
			"sync client (OneDrive, Dropbox, Google Drive, iCloud Drive) watches it.",
	.encrypted = "It is on encrypted storage.",
	.not_encrypted = "It is not on encrypted storage: whoever gets hold of the disk can play "
			 "the recordings.",
	.enc_unknown = "Unknown: whether the folder is on encrypted storage. Confirm that the "
		       "disk is encrypted (BitLocker, FileVault or LUKS).",
	.no_folder = "where local recordings are saved",
	.no_server_folder = "where the server saves recordings",
	.found_none = "The audit found no recordings of {1} on disk.",
	.found_one = "The audit found 1 recording of {1} on disk.",
	.found_many = "The audit found {0} recordings of {1} on disk.",
	.found_synced_one = "It lies in a folder that {2} synchronises, so {2} may already "
			    "hold a copy.",
	.found_synced_all = "All of them lie in folders synchronised by {2}, so {2} may "
			    "already hold copies.",
	.found_synced_some = "{0} of them lie in folders synchronised by {2}, so {2} may "
			     "already hold copies.",
	.found_synced_1_of = "1 of them lies in a folder synchronised by {2}, so {2} may "
			     "already hold a copy.",
	.provider = "{1} runs the service and receives meeting data as processor for the "
		    "controller.",
	.self_run = "The organisation runs the server itself.",
	.eea = ", inside the EEA",
	.third_country = ", which includes a third country outside the EEA: the transfer needs "
			 "an adequacy decision (Art. 45) or appropriate safeguards (Art. 46)",
	.region_unknown = "Unknown: which country {0} lies in. Confirm it with {1}.",
	.regions_unknown = "Unknown: which countries {0} lie in. Confirm them with {1}.",
}, {
	.and_ = " og ", .set = "indstillet", .users = "for {0} brugere", .one_user = "for 1 bruger",
	.machine = "for hele computeren", .account = "for kontoen",
	.policy = "i politikken {0}", .policies = "i politikkerne {0}",
	.site = "på webstedet {0}", .sites = "på webstederne {0}", .in = "i {0}",
	.unknown = "Ukendt: ",
	.confirm_hosted = "Bekræft det i administrationsindstillingerne for {1}, og udfyld denne "
			  "erklæring.",
	.confirm_self = "Bekræft det i serverens konfiguration, og udfyld denne erklæring.",
	.folder = "Lokale optagelser gemmes i mappen {0}",
	.server_folder = "Optagelser på serveren gemmes i {0}",
	.synced = "Den ligger i en mappe, som {0} synkroniserer, så optagelserne kopieres også "
		  "til {0}, en tredjepart uden for organisationen.",
	.synced_user_has = "Den ligger ikke i en synkroniseret mappe, selv om {0} bruges på "
			   "denne computer.",
	.not_synced = "Den ligger ikke i en synkroniseret mappe.",
	.sync_unknown = "Ukendt: om mappen ligger i en synkroniseret mappe. Bekræft, at ingen "
			"synkroniseringsklient (OneDrive, Dropbox, Google Drive, iCloud Drive) "
			"overvåger den.",
	.encrypted = "Den ligger på krypteret lager.",
	.not_encrypted = "Den ligger ikke på krypteret lager: den, der får fat i disken, kan "
			 "afspille optagelserne.",
	.enc_unknown = "Ukendt: om mappen ligger på krypteret lager. Bekræft, at disken er "
		       "krypteret (BitLocker, FileVault eller LUKS).",
	.no_folder = "hvor lokale optagelser gemmes",
	.no_server_folder = "hvor serveren gemmer optagelser",
	.found_none = "Revisionen fandt ingen optagelser fra {1} på disken.",
	.found_one = "Revisionen fandt 1 optagelse fra {1} på disken.",
	.found_many = "Revisionen fandt {0} optagelser fra {1} på disken.",
	.found_synced_one = "Den ligger i en mappe, som {2} synkroniserer, så {2} kan allerede "
			    "have en kopi.",
	.found_synced_all = "De ligger alle i mapper, der synkroniseres af {2}, så {2} kan "
			    "allerede have kopier.",
	.found_synced_some = "{0} af dem ligger i mapper, der synkroniseres af {2}, så {2} "
			     "kan allerede have kopier.",
	.found_synced_1_of = "1 af dem ligger i en mappe, der synkroniseres af {2}, så {2} "
			     "kan allerede have en kopi.",
	.provider = "{1} driver tjenesten og modtager mødedata som databehandler for den "
		    "dataansvarlige.",
	.self_run = "Organisationen driver selv serveren.",
	.eea = ", inden for EØS",
	.third_country = ", hvilket omfatter et tredjeland uden for EØS: overførslen kræver en "
			 "tilstrækkelighedsafgørelse (art. 45) eller fornødne garantier (art. 46)",
	.region_unknown = "Ukendt: hvilket land {0} ligger i. Bekræft det hos {1}.",
	.regions_unknown = "Ukendt: hvilke lande {0} ligger i. Bekræft dem hos {1}.",
} };

/* Products without a recording feature in a local client (PRODUCTS.md). */
static const char *const no_local_recording[] = { "teams", "google-meet" };

struct st {
	struct vc_doc *d;
	const struct vc_audit *a;
	const struct stmt_words *sw;
	int l;                       /* 0 en, 1 da */
	const char *id, *pname;      /* the product */
	int self;                    /* self-hosted */
	const char *unk[ST_UNKNOWN];
	size_t nunk;
	int any;                     /* the topic's paragraph is started */
};

/* One value of a fact and the scopes that set it. */
struct group {
	const json_t *v;
	const struct vc_fact *first;
	const char *scope[ST_SCOPES];   /* the first ST_SCOPES scopes */
	size_t n;
	size_t users;                   /* user scopes, all of them */
	size_t more;                    /* other scopes past ST_SCOPES */
};

/* ---- words ---- */

static void tpl(struct st *s, enum vc_doc_style style, const char *t, const char *arg0)
{
	const char *args[2] = { arg0 ? arg0 : "", s->pname };

	vc_doc_tpl(s->d, style, t, style, args, 2);
}

/* Start the topic's paragraph, headed by its name, once. */
static void topic_start(struct st *s, enum topic t)
{
	if (s->any)
		return;
	vc_doc_block(s->d, VC_DOC_PARA);
	vc_doc_fmt(s->d, VC_DOC_STRONG, "%s.", s->d->w->doc->topic[t]);
	s->any = 1;
}

/* A sentence: " " before it (the topic's name is first). */
static void sentence(struct st *s, enum topic t, enum vc_doc_style style, const char *text,
		     const char *arg0)
{
	topic_start(s, t);
	vc_doc_put(s->d, VC_DOC_TEXT, " ", 0);
	tpl(s, style, text, arg0);
}

/* "a, b and c" of n strings into buf (cut to fit); NULL entries skipped. */
static void join(char *buf, size_t cap, const char *const *v, size_t n, const char *and_)
{
	size_t i, k = 0, len;

	buf[0] = 0;
	for (i = 0; i < n; i++) {
		if (!v[i])
			continue;
		len = strlen(buf);
		snprintf(buf + len, cap - len, "%s%s", !k ? "" : i == n - 1 ? and_ : ", ", v[i]);
		k++;
	}
}

/* ---- where a value is set ---- */

static int has_scope(const struct group *g, const char *scope)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (!strcmp(g->scope[i], scope))
			return 1;
	return 0;
}

/* Facts are unique per scope: a scope past ST_SCOPES is counted, not compared. */
static void add_scope(struct group *g, const char *scope)
{
	if (!scope || has_scope(g, scope))
		return;
	if (!strncmp(scope, "user:", 5))
		g->users++;
	if (g->n < ST_SCOPES)
		g->scope[g->n++] = scope;
	else if (strncmp(scope, "user:", 5))
		g->more++;
}

/* `t` with "{0}" replaced by arg, into buf (cut to fit). */
static void expand(char *buf, size_t cap, const char *t, const char *arg)
{
	const char *p = strstr(t, "{0}");

	if (p)
		snprintf(buf, cap, "%.*s%s%s", (int)(p - t), t, arg, p + 3);
	else
		snprintf(buf, cap, "%s", t);
}

/* part[*n] = buf[*n] = t with arg; *n counted up. */
static void add_part(const char **part, char (*buf)[1100], size_t *n, const char *t,
		     const char *arg)
{
	expand(buf[*n], sizeof(buf[*n]), t, arg);
	part[*n] = buf[*n];
	(*n)++;
}

/* " (set for 2 users and for the whole computer)" */
static void who(struct st *s, const struct group *g)
{
	const struct stmt_words *w = s->sw;
	const char *pol[ST_SCOPES], *sit[ST_SCOPES], *part[ST_WHO];
	char num[32], list[1024], buf[ST_WHO][1100], all[4096];
	size_t i, nu = 0, np = 0, ns = 0, n = 0;
	int host = 0, account = 0;
	const char *sc;

	for (i = 0; i < g->n; i++) {
		sc = g->scope[i];
		if (!strncmp(sc, "user:", 5))
			continue;
		if (!strcmp(sc, "host"))
			host = 1;
		else if (!strcmp(sc, "account"))
			account = 1;
		else if (!strncmp(sc, "policy:", 7))
			pol[np++] = sc + 7;
		else if (!strncmp(sc, "site:", 5))
			sit[ns++] = sc + 5;
		else if (n < ST_WHO - 6)
			add_part(part, buf, &n, w->in, sc);
	}
	nu = g->users;
	snprintf(num, sizeof(num), "%zu", nu);
	if (nu)
		add_part(part, buf, &n, nu == 1 ? w->one_user : w->users, num);
	if (host)
		part[n++] = w->machine;
	if (account)
		part[n++] = w->account;
	if (np) {
		join(list, sizeof(list), pol, np, w->and_);
		add_part(part, buf, &n, np > 1 ? w->policies : w->policy, list);
	}
	if (ns) {
		join(list, sizeof(list), sit, ns, w->and_);
		add_part(part, buf, &n, ns > 1 ? w->sites : w->site, list);
	}
	if (g->more)
		part[n++] = "…";
	join(all, sizeof(all), part, n, w->and_);
	vc_doc_put(s->d, VC_DOC_TEXT, " (", 0);
	vc_doc_put(s->d, VC_DOC_TEXT, w->set, 0);
	vc_doc_put(s->d, VC_DOC_TEXT, " ", 0);
	vc_doc_put(s->d, VC_DOC_TEXT, all, 0);
	vc_doc_put(s->d, VC_DOC_TEXT, ")", 0);
}

/* ---- facts ---- */

static int of_product(const struct st *s, const struct vc_fact *f, const char *key)
{
	return f->product && f->key && !strcmp(f->product, s->id) && !strcmp(f->key, key);
}

/* The different values of `key` for the product, with their scopes; returns the count. */
static size_t groups(const struct st *s, const char *key, struct group *g, size_t cap)
{
	const struct vc_factset *fs = s->a->facts;
	size_t i, k, n = 0;

	for (i = 0; fs && i < fs->n; i++) {
		const struct vc_fact *f = &fs->v[i];

		if (!of_product(s, f, key))
			continue;
		for (k = 0; k < n && !json_equal(g[k].v, f->value); k++)
			;
		if (k == n) {
			if (n == cap)
				continue;
			memset(&g[n], 0, sizeof(g[n]));
			g[n].v = f->value;
			g[n].first = f;
			n++;
		}
		add_scope(&g[k], f->scope);
	}
	return n;
}

/* The display form of a value: "true", "365", "Dropbox and Box", "" for an empty list. */
static void value_text(const struct st *s, const json_t *v, int providers, char *buf, size_t cap)
{
	const char *items[ST_LIST];
	const json_t *it;
	size_t i, n = 0;

	buf[0] = 0;
	if (json_is_boolean(v)) {
		snprintf(buf, cap, "%s", json_is_true(v) ? "true" : "false");
	} else if (json_is_integer(v)) {
		snprintf(buf, cap, "%lld", (long long)json_integer_value(v));
	} else if (json_is_string(v)) {
		snprintf(buf, cap, "%s", json_string_value(v));
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, it)
			if (json_is_string(it) && n < ST_LIST)
				items[n++] = providers ? vc_report_provider_name(json_string_value(it)) :
					     json_string_value(it);
		join(buf, cap, items, n, s->sw->and_);
		if (json_array_size(v) > ST_LIST)   /* the rest: Art. 30 lists them all */
			snprintf(buf + strlen(buf), cap - strlen(buf), ", …");
	} else {
		snprintf(buf, cap, "?");
	}
}

/* The sentence of `say` for the value of g; the region keys add whether it is in the EEA. */
static void say_value(struct st *s, const struct say *say, const struct group *g, int many)
{
	const struct phrases *ph = &say->l[s->l];
	const char *t = NULL;
	char val[1024];
	size_t i;
	int outside = 0, unknown = 0, regions = say->topic == T_REGIONS;

	value_text(s, g->v, say->topic == T_THIRD, val, sizeof(val));
	if (json_is_boolean(g->v))
		t = json_is_true(g->v) ? ph->yes : ph->no;
	for (i = 0; !t && i < 4 && ph->val[i][0]; i++)
		if (!strcmp(ph->val[i][0], val))
			t = ph->val[i][1];
	if (!t && ph->one && json_is_array(g->v) && json_array_size(g->v) == 1)
		t = ph->one;
	if (!t)
		t = ph->any;
	if (!t)
		return;
	sentence(s, say->topic, VC_DOC_TEXT, t, val);
	if (regions)
		vc_report_regions_classify(g->v, &outside, &unknown);
	if (regions && outside)
		vc_doc_put(s->d, VC_DOC_TEXT, s->sw->third_country, 0);
	else if (regions && !unknown && *val)
		vc_doc_put(s->d, VC_DOC_TEXT, s->sw->eea, 0);
	if (many)
		who(s, g);
	vc_doc_put(s->d, VC_DOC_TEXT, ".", 0);
	if (regions && unknown)
		sentence(s, say->topic, VC_DOC_UNKNOWN, json_array_size(g->v) > 1 ?
			 s->sw->regions_unknown : s->sw->region_unknown, val);
}

static int local_client(const struct st *s)
{
	size_t i;

	for (i = 0; i < sizeof(no_local_recording) / sizeof(no_local_recording[0]); i++)
		if (!strcmp(s->id, no_local_recording[i]))
			return 0;
	return 1;
}

static int applies(const struct st *s, const struct say *say)
{
	switch (say->kind) {
	case K_HOSTED: return !s->self;
	case K_SELF: return s->self;
	case K_LOCAL: return local_client(s);
	default: return 1;
	}
}

/* Every fact of the topic in the table: its sentences, or its name among the unknown. */
static void say_topic(struct st *s, enum topic t)
{
	struct group g[ST_GROUPS];
	size_t i, k, n;

	for (i = 0; i < sizeof(says) / sizeof(says[0]); i++) {
		if (says[i].topic != t || !applies(s, &says[i]))
			continue;
		n = groups(s, says[i].key, g, ST_GROUPS);
		if (!n && s->nunk < ST_UNKNOWN)
			s->unk[s->nunk++] = says[i].l[s->l].unknown;
		for (k = 0; k < n; k++)
			say_value(s, &says[i], &g[k], n > 1);
	}
}

/* "Unknown: whether a, whether b and whether c. Confirm it in ..." */
static void say_unknown(struct st *s, enum topic t)
{
	size_t i;

	if (!s->nunk)
		return;
	sentence(s, t, VC_DOC_UNKNOWN, s->sw->unknown, NULL);
	for (i = 0; i < s->nunk; i++) {
		if (i)
			vc_doc_put(s->d, VC_DOC_UNKNOWN, i == s->nunk - 1 ? s->sw->and_ : ", ", 0);
		tpl(s, VC_DOC_UNKNOWN, s->unk[i], NULL);
	}
	vc_doc_put(s->d, VC_DOC_UNKNOWN, ". ", 0);
	tpl(s, VC_DOC_UNKNOWN, s->self ? s->sw->confirm_self : s->sw->confirm_hosted, NULL);
	s->nunk = 0;
}

/* ---- folders ---- */

/* The providers in use in `g`'s user scopes (host.sync.providers), joined. */
static void user_providers(const struct st *s, const struct group *g, char *buf, size_t cap)
{
	const char *names[ST_LIST];
	const struct vc_fact *f;
	const json_t *it;
	size_t i, k, j, n = 0;

	for (i = 0; i < g->n; i++) {
		f = vc_fact_find(s->a->facts, "host", g->scope[i], "sync.providers");
		if (!f)
			continue;
		json_array_foreach(f->value, k, it) {
			const char *p = json_string_value(it);

			for (j = 0; p && j < n && strcmp(names[j], vc_report_provider_name(p)); j++)
				;
			if (p && j == n && n < ST_LIST)
				names[n++] = vc_report_provider_name(p);
		}
	}
	join(buf, cap, names, n, s->sw->and_);
}

/* The derived fact `suffix` of the path fact f ("recording.local.path.cloud_sync"). */
static const struct vc_fact *derived(const struct st *s, const struct vc_fact *f,
				     const char *suffix)
{
	char key[128];

	snprintf(key, sizeof(key), "%s%s", f->key, suffix);
	return vc_fact_find(s->a->facts, f->product, f->scope, key);
}

/* 1 when a and b (either NULL) hold the same value. */
static int same(const struct vc_fact *a, const struct vc_fact *b)
{
	return a && b ? json_equal(a->value, b->value) : a == b;
}

/* One sentence per folder of `key`, however many scopes set it; 0 when there is none. */
static size_t say_folders(struct st *s, const char *key, const char *lead)
{
	const struct vc_fact *sync, *enc;
	struct group g[ST_GROUPS];
	const struct vc_factset *fs = s->a->facts;
	const char *prov;
	char using[512];
	size_t i, k, n = 0;

	/* group by path, sync provider and encryption together */
	for (i = 0; fs && i < fs->n; i++) {
		const struct vc_fact *f = &fs->v[i];

		if (!of_product(s, f, key) || !json_is_string(f->value))
			continue;
		for (k = 0; k < n; k++)
			if (json_equal(g[k].v, f->value) &&
			    same(derived(s, g[k].first, ".cloud_sync"), derived(s, f, ".cloud_sync")) &&
			    same(derived(s, g[k].first, ".encrypted"), derived(s, f, ".encrypted")))
				break;
		if (k == n) {
			if (n == ST_GROUPS)
				continue;
			memset(&g[n], 0, sizeof(g[n]));
			g[n].v = f->value;
			g[n].first = f;
			n++;
		}
		add_scope(&g[k], f->scope);
	}
	for (k = 0; k < n; k++) {
		sentence(s, T_WHERE, VC_DOC_TEXT, lead, NULL);
		vc_doc_put(s->d, VC_DOC_CODE, json_string_value(g[k].v), 0);
		who(s, &g[k]);
		vc_doc_put(s->d, VC_DOC_TEXT, ".", 0);
		sync = derived(s, g[k].first, ".cloud_sync");
		enc = derived(s, g[k].first, ".encrypted");
		prov = sync ? json_string_value(sync->value) : NULL;
		user_providers(s, &g[k], using, sizeof(using));
		if (prov && strcmp(prov, "none"))
			sentence(s, T_WHERE, VC_DOC_TEXT, s->sw->synced, vc_report_provider_name(prov));
		else if (prov && *using)
			sentence(s, T_WHERE, VC_DOC_TEXT, s->sw->synced_user_has, using);
		else if (prov)
			sentence(s, T_WHERE, VC_DOC_TEXT, s->sw->not_synced, NULL);
		else
			sentence(s, T_WHERE, VC_DOC_UNKNOWN, s->sw->sync_unknown, NULL);
		if (enc && json_is_boolean(enc->value))
			sentence(s, T_WHERE, VC_DOC_TEXT, json_is_true(enc->value) ?
				 s->sw->encrypted : s->sw->not_encrypted, NULL);
		else
			sentence(s, T_WHERE, VC_DOC_UNKNOWN, s->sw->enc_unknown, NULL);
	}
	return n;
}

/*
 * "The audit found 2 recordings of Zoom on disk." when the audit looked, and
 * how many of them lie in sync folders, wherever the client saves new ones.
 */
static void say_found(struct st *s)
{
	const struct vc_factset *fs = s->a->facts;
	const char *prod, *prov, *names[ST_LIST], *args[3];
	const json_t *r;
	char num[32], synced_num[32], provs[256];
	size_t i, k, j, n = 0, synced = 0, nnames = 0;
	int looked = 0;

	for (i = 0; fs && i < fs->n; i++) {
		const struct vc_fact *f = &fs->v[i];

		if (!f->key || strcmp(f->key, "artifacts.recordings"))
			continue;
		if (f->product && !strcmp(f->product, s->id))
			looked = 1;
		json_array_foreach(f->value, k, r) {
			prod = json_string_value(json_object_get(r, "product"));
			if (!prod)
				prod = f->product;
			if (!prod || strcmp(prod, s->id))
				continue;
			n++;
			prov = json_string_value(json_object_get(r, "cloud_sync"));
			if (!prov || !strcmp(prov, "none"))
				continue;
			synced++;
			prov = vc_report_provider_name(prov);
			for (j = 0; j < nnames && strcmp(names[j], prov); j++)
				;
			if (j == nnames && nnames < ST_LIST)
				names[nnames++] = prov;
		}
	}
	if (!n && !looked)
		return;
	snprintf(num, sizeof(num), "%zu", n);
	sentence(s, T_WHERE, VC_DOC_TEXT, !n ? s->sw->found_none : n == 1 ? s->sw->found_one :
		 s->sw->found_many, num);
	if (!synced)
		return;
	snprintf(synced_num, sizeof(synced_num), "%zu", synced);
	join(provs, sizeof(provs), names, nnames, s->sw->and_);
	args[0] = synced_num;
	args[1] = s->pname;
	args[2] = provs;
	vc_doc_put(s->d, VC_DOC_TEXT, " ", 0);
	vc_doc_tpl(s->d, VC_DOC_TEXT, n == 1 ? s->sw->found_synced_one : synced == n ?
		   s->sw->found_synced_all : synced == 1 ? s->sw->found_synced_1_of :
		   s->sw->found_synced_some, VC_DOC_TEXT, args, 3);
}

static void say_where(struct st *s)
{
	/* a server cannot say where its users' own computers save recordings */
	if (!say_folders(s, "recording.local.path", s->sw->folder) && local_client(s) &&
	    !s->self && s->nunk < ST_UNKNOWN)
		s->unk[s->nunk++] = s->sw->no_folder;
	if (s->self && !say_folders(s, "recording.server.path", s->sw->server_folder) &&
	    s->nunk < ST_UNKNOWN)
		s->unk[s->nunk++] = s->sw->no_server_folder;
	say_topic(s, T_WHERE);
	say_found(s);
}

static void product(struct st *s)
{
	enum topic t;

	vc_doc_para(s->d, VC_DOC_HEADING, VC_DOC_TEXT, s->pname);
	for (t = 0; t < T__COUNT; t++) {
		s->any = 0;
		s->nunk = 0;
		if (t == T_WHERE)
			say_where(s);
		else
			say_topic(s, t);
		if (t == T_THIRD)
			sentence(s, t, VC_DOC_TEXT, s->self ? s->sw->self_run : s->sw->provider,
				 NULL);
		say_unknown(s, t);
	}
}

void vc_doc_statement(struct vc_doc *d, const struct vc_audit *a)
{
	const char *ids[32];
	size_t n = vc_report_products_present(a, ids, 32), i;
	struct st s = { 0 };

	s.d = d;
	s.a = a;
	s.l = !strcmp(d->lang, "da");
	s.sw = &stmt_words[s.l];
	if (!n)
		vc_doc_para(d, VC_DOC_PARA, VC_DOC_TEXT, d->w->doc->no_products);
	for (i = 0; i < n; i++) {
		s.id = ids[i];
		s.pname = vc_doc_product(d, ids[i]);
		s.self = vc_report_self_hosted(ids[i]);
		product(&s);
	}
}
