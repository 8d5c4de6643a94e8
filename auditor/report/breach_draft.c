/* The breach notification draft (Art. 33/34), its deadline and register line. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "breach_draft.h"
#include "../core/buf.h"
#include "../core/err.h"
#include "../core/hash.h"

/* ---- times ---- */

static int digits(const char *s, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int vc_rfc3339_parse(time_t *out, const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
	struct tm tm;
	const char *p;
	time_t t;

	if (!s || strlen(s) < 20)
		return VC_EPARSE;
	if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
	    digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' ||
	    digits(s + 17, 2, &sec))
		return VC_EPARSE;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 ||
	    sec > 60)
		return VC_EPARSE;
	if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return VC_EPARSE;
	p = s + 19;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return VC_EPARSE;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if ((*p == 'Z' || *p == 'z') && !p[1]) {
		sign = 0;
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6 && !digits(p + 1, 2, &oh) &&
		   p[3] == ':' && !digits(p + 4, 2, &om) && oh <= 23 && om <= 59) {
		sign = *p == '+' ? 1 : -1;
	} else {
		return VC_EPARSE;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec == 60 ? 59 : sec;
	t = timegm(&tm);
	if (t == (time_t)-1)
		return VC_EPARSE;
	*out = t - (time_t)sign * (oh * 3600 + om * 60);
	return 0;
}

void vc_breach_fmt_utc(char *out, size_t n, time_t t)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(out, n, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(out, n, "?");
}

int vc_breach_fmt_local(char *out, size_t n, time_t t, const char *zone)
{
	const char *dir = getenv("TZDIR"), *old;
	char *saved = NULL, *file, off[8] = "";
	struct tm tm;
	int rc = VC_ENOTFOUND, ok;

	out[0] = 0;
	file = vc_asprintf("%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", zone);
	if (!file)
		return VC_ENOMEM;
	ok = access(file, R_OK) == 0;
	free(file);
	if (!ok)
		return vc_error_set(VC_ENOTFOUND, "time zone %s is not installed (tzdata)", zone);
	old = getenv("TZ");
	if (old) {
		saved = vc_strdup(old);
		if (!saved)
			return VC_ENOMEM;
	}
	if (setenv("TZ", zone, 1) < 0) {
		free(saved);
		return VC_ENOMEM;
	}
	tzset();
	if (localtime_r(&t, &tm) && strftime(off, sizeof(off), "%z", &tm) == 5) {
		char stamp[48];

		if (strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M %Z", &tm)) {
			snprintf(out, n, "%s (UTC%.3s:%s)", stamp, off, off + 3);
			rc = 0;
		}
	}
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
	return rc;
}

/* ---- the incident file ---- */

/* Line and column (1-based) of the first `"key"` in text, else 1:1. */
static void locate_key(int *line, int *col, const char *text, size_t len, const char *key)
{
	char pat[64];
	size_t plen, i;
	int l = 1, c = 1;

	*line = 1;
	*col = 1;
	snprintf(pat, sizeof(pat), "\"%s\"", key);
	plen = strlen(pat);
	for (i = 0; i + plen <= len; i++) {
		if (!memcmp(text + i, pat, plen)) {
			*line = l;
			*col = c;
			return;
		}
		if (text[i] == '\n') {
			l++;
			c = 1;
		} else {
			c++;
		}
	}
}

enum ftype { F_STRING, F_TEXTS, F_COUNT, F_BOOL, F_TIME, F_CONTACT, F_AFFECTED };

static const struct {
	const char *key;
	enum ftype type;
} incident_fields[] = {
	{ "aware_at", F_TIME },
	{ "occurred_at", F_TIME },
	{ "description", F_STRING },
	{ "categories_of_data", F_TEXTS },
	{ "categories_of_data_subjects", F_TEXTS },
	{ "approx_data_subjects", F_COUNT },
	{ "approx_records", F_COUNT },
	{ "affected", F_AFFECTED },
	{ "likely_consequences", F_STRING },
	{ "measures_before", F_STRING },
	{ "measures_taken", F_STRING },
	{ "measures_proposed", F_STRING },
	{ "mitigation", F_STRING },
	{ "keys_compromised", F_BOOL },
	{ "high_risk", F_BOOL },
	{ "data_subjects_informed", F_STRING },
	{ "delay_reasons", F_STRING },
	{ "follow_up_by", F_STRING },
	{ "contact", F_CONTACT },
};

static int texts_ok(json_t *v)
{
	size_t i;
	json_t *e;

	if (json_is_string(v))
		return 1;
	if (!json_is_array(v))
		return 0;
	json_array_foreach(v, i, e)
		if (!json_is_string(e))
			return 0;
	return 1;
}

static const char *field_problem(json_t *v, enum ftype t)
{
	time_t tt;
	size_t i;
	json_t *e;

	switch (t) {
	case F_STRING:
		return json_is_string(v) ? NULL : "must be a string";
	case F_TEXTS:
		return texts_ok(v) ? NULL : "must be a string or a list of strings";
	case F_COUNT:
		if (json_is_integer(v) && json_integer_value(v) >= 0)
			return NULL;
		return json_is_string(v) ? NULL : "must be a number (0 or more) or an estimate as text";
	case F_BOOL:
		return json_is_boolean(v) ? NULL : "must be true or false";
	case F_TIME:
		if (!json_is_string(v) || vc_rfc3339_parse(&tt, json_string_value(v)) < 0)
			return "must be an RFC 3339 time such as \"2026-10-23T12:00:00Z\"";
		return NULL;
	case F_CONTACT:
		if (json_is_string(v))
			return NULL;
		if (!json_is_object(v))
			return "must be a string or an object {name, email, phone}";
		return NULL;
	case F_AFFECTED:
		if (json_is_string(v) && !strcmp(json_string_value(v), "all"))
			return NULL;
		if (!json_is_array(v))
			return "must be \"all\" or a list of {product, scope?, path?}";
		json_array_foreach(v, i, e) {
			json_t *sc = json_object_get(e, "scope"), *pa = json_object_get(e, "path");

			if (json_is_string(e) && !strcmp(json_string_value(e), "all"))
				continue;
			if (!json_is_object(e) || !json_is_string(json_object_get(e, "product")) ||
			    (sc && !json_is_string(sc)) || (pa && !json_is_string(pa)))
				return "entries must be \"all\" or {\"product\": string, "
				       "\"scope\"?: string, \"path\"?: string}";
		}
		return NULL;
	}
	return NULL;
}

int vc_incident_parse(json_t **out, const char *name, const char *text, size_t len)
{
	json_error_t jerr;
	json_t *root;
	size_t i;
	int line, col;

	*out = NULL;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return vc_error_set(VC_EPARSE, "%s:%d:%d: %s", name, jerr.line, jerr.column,
				    vc_error_cut_excerpt(jerr.text));
	if (!json_is_object(root)) {
		json_decref(root);
		return vc_error_set(VC_EPARSE, "%s:1:1: the incident must be a JSON object", name);
	}
	if (!json_object_get(root, "aware_at")) {
		json_decref(root);
		return vc_error_set(VC_EPARSE, "%s:1:1: aware_at is missing (required: when the "
				    "controller became aware, RFC 3339)", name);
	}
	for (i = 0; i < sizeof(incident_fields) / sizeof(incident_fields[0]); i++) {
		json_t *v = json_object_get(root, incident_fields[i].key);
		const char *why;

		if (!v || json_is_null(v))
			continue;
		why = field_problem(v, incident_fields[i].type);
		if (why) {
			locate_key(&line, &col, text, len, incident_fields[i].key);
			json_decref(root);
			return vc_error_set(VC_EPARSE, "%s:%d:%d: %s %s", name, line, col,
					    incident_fields[i].key, why);
		}
	}
	*out = root;
	return 0;
}

int vc_incident_load(json_t **out, const char *path)
{
	struct vc_buf b = VC_BUF_INIT(VC_INCIDENT_MAX);
	char chunk[8192];
	FILE *f;
	size_t n;
	int rc = 0;

	*out = NULL;
	f = fopen(path, "rb");
	if (!f)
		return vc_error_set(VC_EIO, "%s: cannot open: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		rc = vc_buf_put(&b, chunk, n);
		if (rc < 0)
			break;
	}
	if (rc == VC_ELIMIT)
		vc_error_set(rc, "%s: larger than %d bytes", path, VC_INCIDENT_MAX);
	else if (rc == 0 && ferror(f))
		rc = vc_error_set(VC_EIO, "%s: read failed: %s", path, strerror(errno));
	fclose(f);
	if (rc == 0)
		rc = vc_incident_parse(out, path, b.ptr ? b.ptr : "", b.size);
	vc_buf_free(&b);
	return rc;
}

/* ---- Art. 34 assessment ---- */

const char *vc_art34_name(enum vc_art34 a)
{
	switch (a) {
	case VC_ART34_EXEMPT_MAY_APPLY: return "34(3)(a)-may-apply";
	case VC_ART34_REQUIRED: return "required";
	case VC_ART34_IF_HIGH_RISK: return "required-if-high-risk";
	case VC_ART34_NO_HIGH_RISK: return "not-required-no-high-risk";
	}
	return "?";
}

static const char *sget(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static int path_under(const char *p, const char *sel)
{
	size_t n;

	if (!sel)
		return 1;
	if (!p)
		return 0;
	n = strlen(sel);
	while (n > 1 && sel[n - 1] == '/')
		n--;
	return !strncmp(p, sel, n) && (p[n] == 0 || p[n] == '/');
}

static int sel_matches(json_t *sel, const char *product, const char *scope, const char *path)
{
	const char *sp = sget(sel, "scope");

	if (json_is_string(sel))   /* "all" */
		return 1;
	if (!product || strcmp(product, sget(sel, "product")))
		return 0;
	if (sp && (!scope || strcmp(sp, scope)))
		return 0;
	return path_under(path, sget(sel, "path"));
}

static void count_enc(struct vc_breach_stores *s, json_t *enc)
{
	s->stores++;
	if (json_is_true(enc))
		s->encrypted++;
	else if (json_is_false(enc))
		s->unencrypted++;
	else
		s->unknown++;
}

/* Value of the fact (product, scope, key), or NULL. */
static json_t *fact_value(json_t *facts, const char *product, const char *scope, const char *key)
{
	size_t i;
	json_t *f;

	json_array_foreach(facts, i, f) {
		const char *k = sget(f, "key"), *p = sget(f, "product"), *s = sget(f, "scope");

		if (k && p && s && !strcmp(k, key) && !strcmp(p, product) && !strcmp(s, scope))
			return json_object_get(f, "value");
	}
	return NULL;
}

/* Count the stores one selector matches. */
static void match_selector(struct vc_breach_stores *s, json_t *facts, json_t *sel)
{
	size_t i, j, before = s->stores;
	json_t *f, *e;

	json_array_foreach(facts, i, f) {
		const char *key = sget(f, "key"), *prod = sget(f, "product"), *scope = sget(f, "scope");
		json_t *v = json_object_get(f, "value");
		size_t kl;

		if (!key || !prod || !scope)
			continue;
		if (!strcmp(key, "artifacts.recordings") && json_is_array(v)) {
			json_array_foreach(v, j, e) {
				const char *ep = sget(e, "product");

				if (!sel_matches(sel, ep ? ep : prod, scope, sget(e, "path")))
					continue;
				s->recordings++;
				s->files += json_integer_value(json_object_get(e, "files"));
				s->bytes += json_integer_value(json_object_get(e, "bytes"));
				count_enc(s, json_object_get(e, "encrypted"));
			}
			continue;
		}
		/* a configured storage location: recording.local.path, recording.server.path */
		kl = strlen(key);
		if (strncmp(key, "recording.", 10) || kl < 5 || strcmp(key + kl - 5, ".path") ||
		    !json_is_string(v))
			continue;
		if (!sel_matches(sel, prod, scope, json_string_value(v))) {
			continue;
		} else {
			char ek[160];

			snprintf(ek, sizeof(ek), "%s.encrypted", key);
			count_enc(s, fact_value(facts, prod, scope, ek));
		}
	}
	if (s->stores == before) {
		s->unmatched++;
		count_enc(s, NULL);
	}
}

void vc_breach_assess(struct vc_breach_assessment *out, json_t *report, json_t *incident)
{
	json_t *facts = json_object_get(report, "facts"), *aff = json_object_get(incident, "affected");
	json_t *kc = json_object_get(incident, "keys_compromised");
	json_t *hr = json_object_get(incident, "high_risk"), *e;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->keys_compromised = json_is_boolean(kc) ? json_is_true(kc) : -1;
	out->high_risk = json_is_boolean(hr) ? json_is_true(hr) : -1;
	if (json_is_string(aff)) {
		out->s.selectors = 1;
		match_selector(&out->s, facts, aff);
	} else if (json_is_array(aff)) {
		json_array_foreach(aff, i, e) {
			out->s.selectors++;
			match_selector(&out->s, facts, e);
		}
	}
	if (out->s.stores && out->s.encrypted == out->s.stores && out->keys_compromised == 0)
		out->result = VC_ART34_EXEMPT_MAY_APPLY;
	else if (out->high_risk == 1)
		out->result = VC_ART34_REQUIRED;
	else if (out->high_risk == 0)
		out->result = VC_ART34_NO_HIGH_RISK;
	else
		out->result = VC_ART34_IF_HIGH_RISK;
}

/* ---- the draft ---- */

struct draft {
	struct vc_buf b;
	const struct vc_breach_in *in;
	int da;
	size_t missing;
	struct vc_buf missing_list;
};

#define T(d, en, da_) ((d)->da ? (da_) : (en))

static void add_missing(struct draft *d, const char *item)
{
	vc_buf_printf(&d->missing_list, "- %s\n", item);
	d->missing++;
}

static void to_follow(struct draft *d, const char *item)
{
	vc_buf_printf(&d->b, "%s\n\n", T(d, "*To follow (Art. 33(4)).*",
					 "*Følger (art. 33, stk. 4).*"));
	add_missing(d, item);
}

/* A string or list of strings from the incident as a paragraph; 0 when absent. */
static int put_texts(struct draft *d, json_t *v)
{
	size_t i;
	json_t *e;

	if (json_is_string(v) && *json_string_value(v)) {
		vc_buf_printf(&d->b, "%s\n\n", json_string_value(v));
		return 1;
	}
	if (json_is_array(v) && json_array_size(v)) {
		json_array_foreach(v, i, e)
			vc_buf_printf(&d->b, "- %s\n", json_string_value(e));
		vc_buf_puts(&d->b, "\n");
		return 1;
	}
	return 0;
}

static void item_text(struct draft *d, const char *key, const char *item)
{
	if (!put_texts(d, json_object_get(d->in->incident, key)))
		to_follow(d, item);
}

static void heading(struct draft *d, int n, const char *en, const char *da)
{
	vc_buf_printf(&d->b, "## %d. %s\n\n", n, T(d, en, da));
}

/* The value of an org.* fact in the report, or NULL. */
static const char *report_org(json_t *report, const char *key)
{
	return json_string_value(fact_value(json_object_get(report, "facts"), "host", "host", key));
}

static void put_contact(struct draft *d)
{
	json_t *org = d->in->org, *inc = d->in->incident, *c = json_object_get(inc, "contact");
	json_t *ctl = json_object_get(org, "controller"), *dpo = json_object_get(org, "dpo");
	const char *name = sget(ctl, "name"), *cvr = sget(ctl, "cvr"), *addr = sget(ctl, "address");
	const char *cp = NULL, *mail = NULL, *phone = NULL;

	if (!org) {
		name = report_org(d->in->report, "org.controller.name");
		cvr = report_org(d->in->report, "org.controller.cvr");
		cp = report_org(d->in->report, "org.contact_point");
	} else if (dpo) {
		cp = sget(dpo, "name");
		mail = sget(dpo, "email");
		phone = sget(dpo, "phone");
	} else {
		cp = sget(org, "contact_point");
	}
	if (json_is_string(c)) {
		cp = json_string_value(c);
		mail = phone = NULL;
	} else if (json_is_object(c)) {
		cp = sget(c, "name") ? sget(c, "name") : cp;
		mail = sget(c, "email");
		phone = sget(c, "phone");
	}
	vc_buf_printf(&d->b, "- %s: %s\n", T(d, "Controller", "Den dataansvarlige"),
		      name ? name : T(d, "*to follow (Art. 33(4))*", "*følger (art. 33, stk. 4)*"));
	if (addr)
		vc_buf_printf(&d->b, "- %s: %s\n", T(d, "Address", "Adresse"), addr);
	vc_buf_printf(&d->b, "- %s: %s\n", T(d, "CVR number", "CVR-nummer"),
		      cvr ? cvr : T(d, "*to follow (Art. 33(4))*", "*følger (art. 33, stk. 4)*"));
	vc_buf_printf(&d->b, "- %s: %s\n",
		      T(d, "Data protection officer or other contact point (Art. 33(3)(b))",
			"Databeskyttelsesrådgiver eller andet kontaktpunkt (art. 33, stk. 3, litra b)"),
		      cp ? cp : T(d, "*to follow (Art. 33(4))*", "*følger (art. 33, stk. 4)*"));
	if (mail)
		vc_buf_printf(&d->b, "- %s: %s\n", T(d, "E-mail", "E-mail"), mail);
	if (phone)
		vc_buf_printf(&d->b, "- %s: %s\n", T(d, "Telephone", "Telefon"), phone);
	vc_buf_puts(&d->b, "\n");
	if (!name || !cvr || !cp) {
		add_missing(d, T(d, "contact information", "kontaktoplysninger"));
	}
}

static void put_count(struct draft *d, const char *key, const char *en, const char *da,
		      const char *missing)
{
	json_t *v = json_object_get(d->in->incident, key);

	if (json_is_integer(v))
		vc_buf_printf(&d->b, "- %s: %s %lld\n", T(d, en, da), T(d, "approx.", "ca."),
			      (long long)json_integer_value(v));
	else if (json_is_string(v))
		vc_buf_printf(&d->b, "- %s: %s\n", T(d, en, da), json_string_value(v));
	else
		vc_buf_printf(&d->b, "- %s: %s\n", T(d, en, da),
			      T(d, "*to follow (Art. 33(4))*", "*følger (art. 33, stk. 4)*"));
	if (!v || json_is_null(v)) {
		add_missing(d, missing);
	}
}

static void put_affected_list(struct draft *d)
{
	json_t *aff = json_object_get(d->in->incident, "affected"), *e;
	size_t i;

	if (json_is_string(aff)) {
		vc_buf_printf(&d->b, "- %s\n", T(d, "all recordings", "alle optagelser"));
		return;
	}
	json_array_foreach(aff, i, e) {
		if (json_is_string(e)) {
			vc_buf_printf(&d->b, "- %s\n", T(d, "all recordings", "alle optagelser"));
			continue;
		}
		vc_buf_printf(&d->b, "- %s `%s`", T(d, "product", "produkt"), sget(e, "product"));
		if (sget(e, "scope"))
			vc_buf_printf(&d->b, ", scope `%s`", sget(e, "scope"));
		if (sget(e, "path"))
			vc_buf_printf(&d->b, ", %s `%s`", T(d, "path", "sti"), sget(e, "path"));
		vc_buf_puts(&d->b, "\n");
	}
}

static void put_art34(struct draft *d, const struct vc_breach_assessment *a)
{
	const struct vc_breach_stores *s = &a->s;

	vc_buf_printf(&d->b, "%s %zu; %s %zu, %s %zu, %s %zu.\n\n",
		      T(d, "Affected stores assessed:", "Berørte lagre vurderet:"), s->stores,
		      T(d, "encrypted", "krypteret"), s->encrypted,
		      T(d, "not encrypted", "ikke krypteret"), s->unencrypted,
		      T(d, "encryption unknown", "kryptering ukendt"), s->unknown);
	if (s->unmatched)
		vc_buf_printf(&d->b, "%s\n\n",
			      T(d, "At least one affected store named in the incident is not in the "
				"audit report: its encryption is unknown and is not treated as "
				"encrypted.",
				"Mindst ét berørt lager i hændelsen findes ikke i revisionsrapporten: "
				"dets kryptering er ukendt og behandles ikke som krypteret."));
	if (s->unknown && !s->unmatched)
		vc_buf_printf(&d->b, "%s\n\n",
			      T(d, "Unknown encryption is never treated as encrypted.",
				"Ukendt kryptering behandles aldrig som krypteret."));
	switch (a->result) {
	case VC_ART34_EXEMPT_MAY_APPLY:
		vc_buf_printf(&d->b, "**%s**\n\n",
			      T(d, "Art. 34(3)(a) may apply: communication to the data subjects may "
				"not be required, because every affected store was encrypted and the "
				"keys were not compromised. Document why (Art. 33(5)): the encryption "
				"method, that it is state of the art, who holds the keys and that the "
				"data is intact and under the controller's control.",
				"Art. 34, stk. 3, litra a, kan finde anvendelse: underretning af den "
				"registrerede er muligvis ikke påkrævet, fordi alle berørte lagre var "
				"krypteret, og nøglerne ikke er kompromitteret. Dokumentér hvorfor "
				"(art. 33, stk. 5): krypteringsmetoden, at den er tidssvarende, hvem "
				"der har nøglerne, og at oplysningerne er intakte og under den "
				"dataansvarliges kontrol."));
		break;
	case VC_ART34_REQUIRED:
		vc_buf_printf(&d->b, "**%s**\n\n",
			      T(d, "Communication to the data subjects is required (Art. 34(1)): "
				"high risk is stated and the encryption exemption of Art. 34(3)(a) "
				"is not established.",
				"Underretning af den registrerede er påkrævet (art. 34, stk. 1): der "
				"er angivet høj risiko, og undtagelsen for kryptering i art. 34, "
				"stk. 3, litra a, er ikke godtgjort."));
		break;
	case VC_ART34_IF_HIGH_RISK:
		vc_buf_printf(&d->b, "**%s**\n\n",
			      T(d, "Communication to the data subjects is likely required if the "
				"breach is likely to result in a high risk (Art. 34(1)): the "
				"encryption exemption of Art. 34(3)(a) is not established. The "
				"high-risk assessment is to follow.",
				"Underretning af den registrerede er sandsynligvis påkrævet, hvis "
				"bruddet sandsynligvis indebærer en høj risiko (art. 34, stk. 1): "
				"undtagelsen for kryptering i art. 34, stk. 3, litra a, er ikke "
				"godtgjort. Vurderingen af høj risiko følger."));
		break;
	case VC_ART34_NO_HIGH_RISK:
		vc_buf_printf(&d->b, "**%s**\n\n",
			      T(d, "The controller assesses that the breach is not likely to result "
				"in a high risk, so Art. 34(1) does not require communication; the "
				"encryption exemption of Art. 34(3)(a) is not established. Document "
				"the reasoning (Art. 33(5)).",
				"Den dataansvarlige vurderer, at bruddet ikke sandsynligvis "
				"indebærer en høj risiko, så art. 34, stk. 1, kræver ikke "
				"underretning; undtagelsen for kryptering i art. 34, stk. 3, litra a, "
				"er ikke godtgjort. Dokumentér begrundelsen (art. 33, stk. 5)."));
		break;
	}
	if (a->high_risk < 0 && a->result != VC_ART34_EXEMPT_MAY_APPLY)
		add_missing(d, T(d, "assessment of high risk (Art. 34(1))",
				 "vurdering af høj risiko (art. 34, stk. 1)"));
	if (a->keys_compromised < 0 && s->stores && s->encrypted == s->stores) {
		add_missing(d, T(d, "whether the encryption keys were compromised",
				 "om krypteringsnøglerne er kompromitteret"));
		vc_buf_printf(&d->b, "%s\n\n",
			      T(d, "Whether the keys were compromised is not stated (to follow, "
				"Art. 33(4)); until then the exemption is not assumed.",
				"Det er ikke oplyst, om nøglerne er kompromitteret (følger, art. 33, "
				"stk. 4); indtil da lægges undtagelsen ikke til grund."));
	}
}

int vc_breach_draft(char **out, struct vc_breach_assessment *a, const struct vc_breach_in *in)
{
	struct draft d;
	json_t *inc = in->incident, *rep = in->report;
	char aware_s[40], dl_s[40], dl_local[80], now_s[40], occ_s[40];
	time_t aware, dl, occ;
	int late, rc = 0;

	*out = NULL;
	memset(&d, 0, sizeof(d));
	d.b.cap = 4 * 1024 * 1024;
	d.missing_list.cap = 64 * 1024;
	d.in = in;
	d.da = in->lang && !strcmp(in->lang, "da");
	if (vc_rfc3339_parse(&aware, sget(inc, "aware_at")) < 0)
		return vc_error_set(VC_EPARSE, "aware_at is not an RFC 3339 time");
	vc_breach_assess(a, rep, inc);
	dl = aware + VC_BREACH_HOURS * 3600;
	late = in->now > dl;
	vc_breach_fmt_utc(aware_s, sizeof(aware_s), aware);
	vc_breach_fmt_utc(dl_s, sizeof(dl_s), dl);
	vc_breach_fmt_utc(now_s, sizeof(now_s), in->now);
	if (vc_breach_fmt_local(dl_local, sizeof(dl_local), dl, VC_BREACH_TZ) < 0)
		snprintf(dl_local, sizeof(dl_local), "%s",
			 T(&d, "(time zone data not installed)", "(tidszonedata mangler)"));

	vc_buf_printf(&d.b, "# %s\n\n", T(&d, "Notification of a personal data breach to "
					  "Datatilsynet (draft)",
					  "Anmeldelse af brud på persondatasikkerheden til "
					  "Datatilsynet (udkast)"));
	vc_buf_printf(&d.b, "%s\n\n",
		      T(&d, "Draft for the supervisory authority under GDPR Art. 33, written by "
			"vcaudit from the incident file, the organisation file and the audit "
			"report. Submit it through the e-form on Virk.dk (or by e-mail to "
			"dt@datatilsynet.dk) without undue delay. Do not add personal data about the "
			"affected persons: use categories and numbers.",
			"Udkast til tilsynsmyndigheden efter databeskyttelsesforordningens art. 33, "
			"skrevet af vcaudit ud fra hændelsesfilen, organisationsfilen og "
			"revisionsrapporten. Anmeld uden unødig forsinkelse via blanketten på "
			"Virk.dk (eller pr. e-mail til dt@datatilsynet.dk). Tilføj ikke "
			"personoplysninger om de berørte personer: brug kategorier og antal."));

	vc_buf_printf(&d.b, "## %s\n\n", T(&d, "Deadline (Art. 33(1))", "Frist (art. 33, stk. 1)"));
	vc_buf_printf(&d.b, "- %s: %s\n", T(&d, "Controller became aware",
					      "Den dataansvarlige fik kendskab"), aware_s);
	if (vc_rfc3339_parse(&occ, sget(inc, "occurred_at")) == 0) {
		vc_breach_fmt_utc(occ_s, sizeof(occ_s), occ);
		vc_buf_printf(&d.b, "- %s: %s\n", T(&d, "Breach occurred", "Bruddet skete"), occ_s);
	} else {
		vc_buf_printf(&d.b, "- %s: %s\n", T(&d, "Breach occurred", "Bruddet skete"),
			      T(&d, "*to follow (Art. 33(4))*", "*følger (art. 33, stk. 4)*"));
		add_missing(&d, T(&d, "time of the breach", "tidspunkt for bruddet"));
	}
	vc_buf_printf(&d.b, "- %s: %s; %s: %s\n",
		      T(&d, "Deadline (72 hours after awareness)",
			"Frist (72 timer efter kendskab)"), dl_s,
		      T(&d, "local time Europe/Copenhagen", "lokal tid Europe/Copenhagen"), dl_local);
	vc_buf_printf(&d.b, "- %s: %s%s\n\n", T(&d, "Draft produced", "Udkast udarbejdet"),
		      now_s, late ? T(&d, " — **after the deadline**", " — **efter fristen**") : "");

	heading(&d, 1, "Contact information", "Kontaktoplysninger");
	put_contact(&d);

	heading(&d, 2, "Description of the breach (Art. 33(3)(a))",
		"Beskrivelse af bruddet (art. 33, stk. 3, litra a)");
	item_text(&d, "description", T(&d, "description", "beskrivelse"));
	vc_buf_printf(&d.b, "%s\n\n", T(&d, "Affected stores:", "Berørte lagre:"));
	if (json_object_get(inc, "affected")) {
		put_affected_list(&d);
		vc_buf_puts(&d.b, "\n");
	} else {
		to_follow(&d, T(&d, "affected stores", "berørte lagre"));
	}

	heading(&d, 3, "Categories and approximate number of data subjects",
		"Kategorier og omtrentligt antal registrerede");
	if (!put_texts(&d, json_object_get(inc, "categories_of_data_subjects")))
		to_follow(&d, T(&d, "categories of data subjects", "kategorier af registrerede"));
	put_count(&d, "approx_data_subjects", "Data subjects", "Registrerede",
		  T(&d, "number of data subjects", "antal registrerede"));
	vc_buf_puts(&d.b, "\n");

	heading(&d, 4, "Categories and approximate number of personal data records",
		"Kategorier og omtrentligt antal registreringer af personoplysninger");
	if (!put_texts(&d, json_object_get(inc, "categories_of_data")))
		to_follow(&d, T(&d, "categories of data", "kategorier af oplysninger"));
	put_count(&d, "approx_records", "Records", "Registreringer",
		  T(&d, "number of records", "antal registreringer"));
	vc_buf_printf(&d.b, "- %s: %zu (%lld %s, %lld bytes)\n\n",
		      T(&d, "Recordings found in the affected stores by the audit",
			"Optagelser fundet i de berørte lagre ved revisionen"),
		      a->s.recordings, a->s.files, T(&d, "files", "filer"), a->s.bytes);

	heading(&d, 5, "Likely consequences for the data subjects (Art. 33(3)(c))",
		"Sandsynlige konsekvenser for de registrerede (art. 33, stk. 3, litra c)");
	item_text(&d, "likely_consequences",
		  T(&d, "likely consequences", "sandsynlige konsekvenser"));

	heading(&d, 6, "Measures taken or proposed (Art. 33(3)(d))",
		"Foranstaltninger, der er truffet eller foreslået (art. 33, stk. 3, litra d)");
	vc_buf_printf(&d.b, "%s\n\n", T(&d, "Taken:", "Truffet:"));
	item_text(&d, "measures_taken", T(&d, "measures taken", "trufne foranstaltninger"));
	vc_buf_printf(&d.b, "%s\n\n", T(&d, "Proposed:", "Foreslået:"));
	item_text(&d, "measures_proposed",
		  T(&d, "measures proposed", "foreslåede foranstaltninger"));

	heading(&d, 7, "Measures in place before the breach",
		"Foranstaltninger, der var på plads før bruddet");
	put_texts(&d, json_object_get(inc, "measures_before"));
	vc_buf_printf(&d.b, "%s %s (%s `%s`): %zu %s, %zu %s, %zu %s.\n\n",
		      T(&d, "Audit report", "Revisionsrapport"),
		      sget(rep, "generated_at") ? sget(rep, "generated_at") : "?",
		      T(&d, "profile", "profil"),
		      sget(json_object_get(rep, "profile"), "id") ?
		      sget(json_object_get(rep, "profile"), "id") : "?",
		      a->s.encrypted, T(&d, "affected stores encrypted", "berørte lagre krypteret"),
		      a->s.unencrypted, T(&d, "not encrypted", "ikke krypteret"),
		      a->s.unknown, T(&d, "with unknown encryption", "med ukendt kryptering"));

	heading(&d, 8, "Measures to limit the effects", "Foranstaltninger til at begrænse virkningerne");
	item_text(&d, "mitigation", T(&d, "measures to limit the effects",
				       "foranstaltninger til at begrænse virkningerne"));

	heading(&d, 9, "Communication to the data subjects (Art. 34)",
		"Underretning af de registrerede (art. 34)");
	put_art34(&d, a);
	vc_buf_printf(&d.b, "%s\n\n", T(&d, "Whether, how and when the data subjects were "
					"informed, or why not:",
					"Om, hvordan og hvornår de registrerede er underrettet, "
					"eller hvorfor ikke:"));
	item_text(&d, "data_subjects_informed",
		  T(&d, "communication to the data subjects", "underretning af de registrerede"));

	heading(&d, 10, "Reasons for the delay (Art. 33(1))",
		"Begrundelse for forsinkelsen (art. 33, stk. 1)");
	if (late) {
		vc_buf_printf(&d.b, "**%s**\n\n",
			      T(&d, "Required: this notification is made more than 72 hours after "
				"the controller became aware of the breach.",
				"Påkrævet: anmeldelsen sker mere end 72 timer efter, at den "
				"dataansvarlige fik kendskab til bruddet."));
		item_text(&d, "delay_reasons",
			  T(&d, "reasons for the delay", "begrundelse for forsinkelsen"));
	} else if (!put_texts(&d, json_object_get(inc, "delay_reasons"))) {
		vc_buf_printf(&d.b, "%s\n\n",
			      T(&d, "Not required if submitted before the deadline above.",
				"Ikke påkrævet, hvis anmeldelsen indsendes før fristen ovenfor."));
	}

	heading(&d, 11, "Information to follow (Art. 33(4))",
		"Oplysninger, der følger (art. 33, stk. 4)");
	if (d.missing) {
		vc_buf_printf(&d.b, "%s\n\n%s\n",
			      T(&d, "Notification in phases: the information below is not yet "
				"available and will follow without further undue delay:",
				"Anmeldelse i faser: nedenstående oplysninger foreligger endnu ikke "
				"og følger uden yderligere unødig forsinkelse:"),
			      d.missing_list.ptr);
		if (sget(inc, "follow_up_by"))
			vc_buf_printf(&d.b, "%s: %s\n\n", T(&d, "Expected by", "Forventes senest"),
				      sget(inc, "follow_up_by"));
	} else {
		vc_buf_printf(&d.b, "%s\n\n", T(&d, "None: the notification is complete.",
						"Ingen: anmeldelsen er fuldstændig."));
	}
	vc_buf_printf(&d.b, "---\n%s\n",
		      T(&d, "Keep this draft, the submitted form and the breach register entry "
			"as documentation (Art. 33(5)).",
			"Gem dette udkast, den indsendte blanket og registreringen af bruddet som "
			"dokumentation (art. 33, stk. 5)."));
	if (!d.b.ptr) {
		rc = VC_ENOMEM;
		goto out;
	}
	*out = vc_buf_detach(&d.b);
	if (!*out)
		rc = VC_ENOMEM;
out:
	vc_buf_free(&d.b);
	vc_buf_free(&d.missing_list);
	return rc;
}

/* ---- the register (Art. 33(5)) ---- */

char *vc_breach_register_line(const struct vc_breach_in *in,
			      const struct vc_breach_assessment *a,
			      const char *draft, size_t draft_len)
{
	char rec[32], aw[32], dls[32], sha[VC_SHA256_HEX];
	const char *desc = sget(in->incident, "description");
	time_t aware = 0, dl;
	struct tm tm;
	json_t *o;
	char *line = NULL, *summary = NULL;

	if (vc_rfc3339_parse(&aware, sget(in->incident, "aware_at")) < 0)
		return NULL;
	dl = aware + VC_BREACH_HOURS * 3600;
	gmtime_r(&in->now, &tm);
	strftime(rec, sizeof(rec), "%Y-%m-%dT%H:%M:%SZ", &tm);
	gmtime_r(&aware, &tm);
	strftime(aw, sizeof(aw), "%Y-%m-%dT%H:%M:%SZ", &tm);
	gmtime_r(&dl, &tm);
	strftime(dls, sizeof(dls), "%Y-%m-%dT%H:%M:%SZ", &tm);
	vc_sha256_hex(sha, draft, draft_len);
	if (desc) {
		size_t n = strlen(desc);

		/* at most 200 bytes, not cutting a UTF-8 sequence */
		if (n > 200) {
			n = 200;
			while (n && ((unsigned char)desc[n] & 0xC0) == 0x80)
				n--;
		}
		summary = vc_strndup(desc, n);
	}
	o = json_pack("{s:s, s:s, s:s, s:s?, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I}, s:s, s:s}",
		      "recorded_at", rec, "aware_at", aw, "deadline_utc", dls,
		      "summary", summary,
		      "affected", "stores", (json_int_t)a->s.stores,
		      "recordings", (json_int_t)a->s.recordings, "files", (json_int_t)a->s.files,
		      "bytes", (json_int_t)a->s.bytes, "encrypted", (json_int_t)a->s.encrypted,
		      "unencrypted", (json_int_t)a->s.unencrypted,
		      "unknown", (json_int_t)a->s.unknown,
		      "art34_assessment", vc_art34_name(a->result), "draft_sha256", sha);
	if (o)
		line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	free(summary);
	return line;
}

int vc_breach_register_append(const char *path, const char *line)
{
	struct stat st;
	char last = '\n', *rec;
	size_t len, done;
	ssize_t w;
	off_t before = -1;
	int fd, rc = 0;

	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return vc_error_set(VC_EIO, "%s: cannot open the register: %s", path,
				    strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		before = st.st_size;
	if (before > 0) {
		int rfd = open(path, O_RDONLY | O_CLOEXEC);

		if (rfd >= 0) {
			if (pread(rfd, &last, 1, st.st_size - 1) != 1)
				last = '\n';
			close(rfd);
		}
	}
	rec = vc_asprintf("%s%s\n", last == '\n' ? "" : "\n", line);
	if (!rec) {
		close(fd);
		return VC_ENOMEM;
	}
	len = strlen(rec);
	/* A short write is retried for the rest: the second write says why. */
	for (done = 0, w = 0; done < len; done += (size_t)w) {
		do {
			w = write(fd, rec + done, len - done);
		} while (w < 0 && errno == EINTR);
		if (w <= 0)
			break;
	}
	if (done < len)
		rc = vc_error_set(VC_EIO, "%s: register append failed: %s", path,
				  w < 0 ? strerror(errno) : "nothing written");
	else if (fsync(fd) < 0)
		rc = vc_error_set(VC_EIO, "%s: register fsync failed: %s", path, strerror(errno));
	/* A partial record (a full disk) is cut off again: the register keeps
	 * exactly its earlier lines. */
	if (rc < 0 && before >= 0 && ftruncate(fd, before) < 0)
		rc = vc_error_set(VC_EIO, "%s: register append failed and the partial record "
				  "could not be removed: %s", path, strerror(errno));
	if (close(fd) < 0 && rc == 0)
		rc = vc_error_set(VC_EIO, "%s: register close failed: %s", path, strerror(errno));
	free(rec);
	return rc;
}
