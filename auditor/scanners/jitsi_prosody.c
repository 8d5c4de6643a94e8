/*
 * Prosody, Jitsi's XMPP server (PRODUCTS §3.4): prosody.cfg.lua and the
 * site's conf.d/<host>.cfg.lua, each run in the sandboxed Lua state
 * (parsers/luaconfig.h). An option of the meetings' VirtualHost (the
 * site's XMPP domain) is looked up in its section (the site's file first),
 * then in the global sections (the site's file first: it is included after
 * the main file's globals).
 *
 * docker-jitsi-meet renders these files inside the container on current
 * images; without them on the host, .env decides (§3.4, §3.7): ENABLE_AUTH,
 * AUTH_TYPE, ENABLE_GUESTS, JWT_*, ENABLE_LOBBY,
 * PROSODY_C2S_REQUIRE_ENCRYPTION, LDAP_*.
 *
 * Values chosen here (documented for rule authors):
 *  - access.authentication: anonymous (anonymous, jitsi-anonymous),
 *    internal (internal_hashed, internal_plain), jwt (token), ldap (cyrus,
 *    ldap, ldap2), matrix (matrix_user_verification, hybrid_matrix_token),
 *    else the module name as written; a VirtualHost without `authentication`
 *    uses Prosody's default internal_hashed (prosody.im/doc/authentication);
 *  - access.virtualhosts: [{host, authentication, enabled}] for every
 *    VirtualHost of the files read;
 *  - access.anonymous_join: the main VirtualHost is anonymous, or the guest
 *    domain of config.js hosts.anonymousdomain is a VirtualHost here, or
 *    JWT with allow_empty_token;
 *  - access.lobby: the muc_lobby_rooms module is enabled for the main
 *    VirtualHost (or globally), and config.js does not hide the button;
 *  - secrets.api_secret_set (JWT only): app_secret is non-empty, or tokens
 *    are checked against asap_key_server's public keys;
 *  - secrets.published_values: app_secret or external_service_secret still
 *    holding the value of a published example ("__turnSecret__",
 *    "example_app_secret", "my_jitsi_app_secret").
 */
#include <stdlib.h>
#include <string.h>

#include "jitsi_internal.h"
#include "../parsers/luaconfig.h"

#define JITSI VC_JITSI
#define PROSODY_KEYS "access.*,encryption.transport_required,secrets.*,telemetry.*"

static const char *const published[] = {
	"__turnSecret__", "example_app_secret", "my_jitsi_app_secret", NULL
};

static int load_one(struct vc_jitsi_dep *d, enum vc_jitsi_file id, const char *rel)
{
	struct vc_buf buf = VC_BUF_INIT(0);
	struct vc_jitsi_src *s = d->f[id];
	int rc, ti, line;
	const char *msg;

	rc = vc_jitsi_read(&buf, d, id, "jitsi-prosody", rel, PROSODY_KEYS);
	if (rc < 0)
		goto out;
	rc = vc_luaconfig_eval(&s->doc, &s->lines, buf.ptr ? buf.ptr : "", buf.size);
	if (rc < 0 && rc != VC_ENOMEM) {
		msg = vc_jitsi_msg_line(vc_error_last(), &ti, &line);
		vc_jitsi_broken(d, s, line, "Prosody configuration could not be run: %s", msg);
	}
out:
	vc_buf_free(&buf);
	return rc == VC_ENOMEM ? rc : 0;
}

int vc_jitsi_prosody_load(struct vc_jitsi_dep *d, const char *main_rel, const char *host_rel)
{
	int rc;

	if (main_rel && !d->f[VC_JF_PROSODY_MAIN]->rel &&
	    (rc = load_one(d, VC_JF_PROSODY_MAIN, main_rel)) < 0)
		return rc;
	if (host_rel && !d->f[VC_JF_PROSODY_HOST]->rel &&
	    (rc = load_one(d, VC_JF_PROSODY_HOST, host_rel)) < 0)
		return rc;
	return 0;
}

static const int order[2] = { VC_JF_PROSODY_HOST, VC_JF_PROSODY_MAIN };

/* Line of `key` in section `sec` ("global", "virtualhosts") of a file. */
static int line_of(const struct vc_jitsi_src *s, const char *sec, const char *host,
		   const char *key)
{
	const json_t *l = json_object_get(s->lines, sec);

	if (host)
		l = json_object_get(l, host);
	return (int)json_integer_value(json_object_get(l, key));
}

/* Where VirtualHost `host` is declared: 1 with *out (v = its section). */
static int vhost(struct vc_jitsi_val *out, const struct vc_jitsi_dep *d, const char *host)
{
	const struct vc_jitsi_src *s;
	const json_t *v;
	int i;

	for (i = 0; i < 2; i++) {
		s = d->f[order[i]];
		if (!s || !s->doc)
			continue;
		v = json_object_get(json_object_get(s->doc, "virtualhosts"), host);
		if (v) {
			out->v = v;
			out->src = s;
			out->line = line_of(s, "virtualhosts", host, "");
			return 1;
		}
	}
	return 0;
}

/* Option `key` for VirtualHost `host` (NULL: global only): 1 with *out. */
static int opt(struct vc_jitsi_val *out, const struct vc_jitsi_dep *d, const char *host,
	       const char *key)
{
	const struct vc_jitsi_src *s;
	const json_t *v;
	int i, pass;

	for (pass = host ? 0 : 1; pass < 2; pass++) {
		for (i = 0; i < 2; i++) {
			s = d->f[order[i]];
			if (!s || !s->doc)
				continue;
			v = pass == 0 ?
				json_object_get(json_object_get(json_object_get(s->doc,
						"virtualhosts"), host), key) :
				json_object_get(json_object_get(s->doc, "global"), key);
			if (!v || json_is_null(v))
				continue;
			out->v = v;
			out->src = s;
			out->line = pass == 0 ? line_of(s, "virtualhosts", host, key) :
				line_of(s, "global", NULL, key);
			return 1;
		}
	}
	return 0;
}

static const char *map_auth(const char *a)
{
	static const struct {
		const char *module, *fact;
	} m[] = {
		{ "anonymous", "anonymous" }, { "jitsi-anonymous", "anonymous" },
		{ "internal_hashed", "internal" }, { "internal_plain", "internal" },
		{ "internal", "internal" }, { "token", "jwt" }, { "jwt", "jwt" },
		{ "cyrus", "ldap" }, { "ldap", "ldap" }, { "ldap2", "ldap" },
		{ "matrix_user_verification", "matrix" }, { "hybrid_matrix_token", "matrix" },
	};
	size_t i;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (!strcmp(a, m[i].module))
			return m[i].fact;
	return a;
}

/* The authentication of VirtualHost `host` (declared at *decl), mapped. */
static const char *auth_of(struct vc_jitsi_val *at, const struct vc_jitsi_dep *d,
			   const char *host, const struct vc_jitsi_val *decl)
{
	if (opt(at, d, host, "authentication") && json_is_string(at->v))
		return map_auth(json_string_value(at->v));
	*at = *decl;
	return "internal";   /* Prosody's default, internal_hashed */
}

static int is_published(const json_t *v)
{
	size_t i;

	for (i = 0; json_is_string(v) && published[i]; i++)
		if (!strcmp(json_string_value(v), published[i]))
			return 1;
	return 0;
}

/* access.virtualhosts: every VirtualHost of the files read. */
static int virtualhosts(struct vc_jitsi_dep *d)
{
	json_t *list = json_array(), *o;
	const struct vc_jitsi_src *first = NULL, *s;
	struct vc_jitsi_val decl, at;
	const char *name;
	json_t *vh;
	size_t k;
	int i, dup;

	if (!list)
		return VC_ENOMEM;
	for (i = 0; i < 2; i++) {
		s = d->f[order[i]];
		if (!s || !s->doc)
			continue;
		json_object_foreach(json_object_get(s->doc, "virtualhosts"), name, vh) {
			dup = 0;
			for (k = 0; k < json_array_size(list); k++)
				dup |= !strcmp(name, json_string_value(json_object_get(
					json_array_get(list, k), "host")));
			if (dup || !vhost(&decl, d, name))
				continue;
			if (!first)
				first = s;
			o = json_pack("{s:s, s:s, s:b}", "host", name,
				      "authentication", auth_of(&at, d, name, &decl),
				      "enabled", !json_is_false(json_object_get(vh, "enabled")));
			if (!o || json_array_append_new(list, o)) {
				json_decref(list);
				return VC_ENOMEM;
			}
		}
	}
	if (!first) {
		json_decref(list);
		return 0;
	}
	return vc_jitsi_fact(d, "access.virtualhosts", list, first, 0);
}

/* external_services handed to clients: STUN/TURN hosts of other domains. */
static int external_services(struct vc_jitsi_dep *d)
{
	struct vc_jitsi_val at;
	const json_t *e, *h, *t;
	char *host, *item;
	size_t i;
	int rc = 0;

	if (!opt(&at, d, d->xmpp, "external_services") || !json_is_array(at.v))
		return 0;
	json_array_foreach(at.v, i, e) {
		h = json_object_get(e, "host");
		t = json_object_get(e, "type");
		if (!json_is_string(h) || !(host = vc_jitsi_url_host(json_string_value(h))))
			continue;
		item = NULL;
		if (!vc_jitsi_own_host(d, host) &&
		    !(item = vc_asprintf("%s:%s", json_is_string(t) &&
					 !strncmp(json_string_value(t), "turn", 4) ?
					 "turn" : "stun", host)))
			rc = VC_ENOMEM;
		if (item && (rc = vc_jitsi_list_add(&d->stun, host, at.src, at.line)) == 0)
			rc = vc_jitsi_list_add(&d->telemetry, item, at.src, at.line);
		free(item);
		free(host);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* docker without rendered Prosody files: .env with the template defaults. */
static int env_auth(struct vc_jitsi_dep *d)
{
	const struct vc_jitsi_src *es = d->f[VC_JF_ENV]->doc ? d->f[VC_JF_ENV] : NULL;
	const char *type, *auth, *v;
	int aline, tline, line, enable, jwt, b, rc;

	enable = vc_jitsi_env_bool(d, "ENABLE_AUTH", 0, &aline);
	type = vc_jitsi_env(d, "AUTH_TYPE", &tline);
	if (!type || !*type)
		type = "internal";   /* template default */
	auth = enable ? map_auth(type) : "anonymous";
	if ((rc = vc_jitsi_fact(d, "access.authentication", json_string(auth), es,
				enable && tline ? tline : aline)) < 0)
		return rc;
	jwt = enable && !strcmp(auth, "jwt");
	vc_jitsi_flag_set(&d->anonymous, !enable, es, aline);
	if (enable && vc_jitsi_env_bool(d, "ENABLE_GUESTS", 0, &line))
		vc_jitsi_flag_set(&d->anonymous, 1, es, line);
	if (jwt) {
		b = vc_jitsi_env_bool(d, "JWT_ALLOW_EMPTY", 0, &line);
		if ((rc = vc_jitsi_fact(d, "access.jwt_allow_empty", json_boolean(b), es,
					line)) < 0)
			return rc;
		if (b)
			vc_jitsi_flag_set(&d->anonymous, 1, es, line);
		v = vc_jitsi_env(d, "JWT_APP_SECRET", &line);
		if ((rc = vc_jitsi_fact(d, "secrets.api_secret_set", json_boolean(v && *v), es,
					line)) < 0)
			return rc;
		b = v && !strcmp(v, "my_jitsi_app_secret");   /* env.example's example */
		if (v && *v && (rc = vc_jitsi_fact(d, "secrets.api_secret_public", json_boolean(b),
						   es, line)) < 0)
			return rc;
		if (b && (rc = vc_jitsi_list_add(&d->published, "JWT_APP_SECRET", es, line)) < 0)
			return rc;
	}
	vc_jitsi_flag_set(&d->anonymous, 0, es, aline);
	b = vc_jitsi_env_bool(d, "ENABLE_LOBBY", 1, &line);
	if (d->hide_lobby.state == 1)
		rc = vc_jitsi_fact(d, "access.lobby", json_false(), d->hide_lobby.src,
				   d->hide_lobby.line);
	else
		rc = vc_jitsi_fact(d, "access.lobby", json_boolean(b), es, line);
	if (rc < 0)
		return rc;
	b = vc_jitsi_env_bool(d, "PROSODY_C2S_REQUIRE_ENCRYPTION", 1, &line);
	vc_jitsi_flag_set(&d->weak_transport, !b, es, line);
	if (enable && !strcmp(auth, "ldap") &&
	    !vc_jitsi_env_bool(d, "LDAP_USE_TLS", 0, &line) &&
	    !vc_jitsi_env_bool(d, "LDAP_START_TLS", 0, &tline) &&
	    !((v = vc_jitsi_env(d, "LDAP_URL", &tline)) && !strncmp(v, "ldaps://", 8)))
		vc_jitsi_flag_set(&d->weak_transport, 1, es, tline ? tline : line);
	if (es)
		vc_jitsi_list_known(&d->published, es);
	return 0;
}

int vc_jitsi_prosody_facts(struct vc_jitsi_dep *d)
{
	const struct vc_jitsi_src *h = d->f[VC_JF_PROSODY_HOST], *m = d->f[VC_JF_PROSODY_MAIN];
	struct vc_jitsi_val decl, at, g;
	const char *auth;
	size_t i;
	int rc, b, lobby = 0;

	if (!h->doc && !m->doc) {
		if (d->docker && h->state == 0 && m->state == 0)
			return env_auth(d);
		return 0;
	}
	vc_jitsi_list_known(&d->published, h->doc ? h : m);
	if ((rc = virtualhosts(d)) < 0 || (rc = external_services(d)) < 0)
		return rc;
	if (opt(&at, d, NULL, "external_service_secret") && is_published(at.v) &&
	    (rc = vc_jitsi_list_add(&d->published, "external_service_secret", at.src,
				    at.line)) < 0)
		return rc;
	/* XMPP client connections: the VirtualHost's setting, else the global one */
	if (opt(&at, d, d->xmpp, "c2s_require_encryption") && json_is_boolean(at.v))
		vc_jitsi_flag_set(&d->weak_transport, json_is_false(at.v), at.src, at.line);
	if (opt(&at, d, d->xmpp, "allow_unencrypted_plain_auth") && vc_jitsi_truthy(at.v))
		vc_jitsi_flag_set(&d->weak_transport, 1, at.src, at.line);

	if (!vhost(&decl, d, d->xmpp)) {
		vc_diag_add(&d->ctx->diags, JITSI, (h->doc ? h : m)->display, 0, 0,
			    "no VirtualHost for the site's domain %s: authentication unknown",
			    d->xmpp);
		return 0;
	}
	auth = auth_of(&at, d, d->xmpp, &decl);
	if ((rc = vc_jitsi_fact(d, "access.authentication", json_string(auth), at.src,
				at.line)) < 0)
		return rc;
	if (!strcmp(auth, "anonymous"))
		vc_jitsi_flag_set(&d->anonymous, 1, at.src, at.line);
	if (d->anonymousdomain && vhost(&g, d, d->anonymousdomain) &&
	    !json_is_false(json_object_get(g.v, "enabled")))
		vc_jitsi_flag_set(&d->anonymous, 1, g.src, g.line);
	if (!strcmp(auth, "jwt")) {
		struct vc_jitsi_val sec, ks, em;
		int set = 0, empty_ok;

		if (opt(&sec, d, d->xmpp, "app_secret") && json_is_string(sec.v) &&
		    json_string_length(sec.v))
			set = 1;
		else if (!opt(&sec, d, d->xmpp, "app_secret"))
			sec = at;
		if (opt(&ks, d, d->xmpp, "asap_key_server") && json_is_string(ks.v) &&
		    json_string_length(ks.v) && !set) {
			set = 1;
			sec = ks;
		}
		if ((rc = vc_jitsi_fact(d, "secrets.api_secret_set", json_boolean(set), sec.src,
					sec.line)) < 0)
			return rc;
		if (opt(&sec, d, d->xmpp, "app_secret")) {
			b = is_published(sec.v);
			if ((rc = vc_jitsi_fact(d, "secrets.api_secret_public", json_boolean(b),
						sec.src, sec.line)) < 0)
				return rc;
			if (b && (rc = vc_jitsi_list_add(&d->published, "app_secret", sec.src,
							 sec.line)) < 0)
				return rc;
		}
		if (opt(&em, d, d->xmpp, "allow_empty_token")) {
			empty_ok = vc_jitsi_truthy(em.v);
		} else {
			em = at;   /* Prosody's token module refuses empty tokens by default */
			empty_ok = 0;
		}
		if ((rc = vc_jitsi_fact(d, "access.jwt_allow_empty", json_boolean(empty_ok),
					em.src, em.line)) < 0)
			return rc;
		if (empty_ok)
			vc_jitsi_flag_set(&d->anonymous, 1, em.src, em.line);
	}
	vc_jitsi_flag_set(&d->anonymous, 0, at.src, at.line);

	/* modules_enabled of the VirtualHost adds to the global list */
	if (opt(&g, d, d->xmpp, "modules_enabled")) {
		const json_t *e;

		json_array_foreach(g.v, i, e)
			lobby |= json_is_string(e) && !strcmp(json_string_value(e), "muc_lobby_rooms");
	}
	if (!lobby && opt(&at, d, NULL, "modules_enabled")) {
		const json_t *e;

		json_array_foreach(at.v, i, e)
			if (json_is_string(e) && !strcmp(json_string_value(e), "muc_lobby_rooms")) {
				lobby = 1;
				g = at;
			}
	}
	if (!lobby && !opt(&g, d, d->xmpp, "modules_enabled"))
		g = decl;
	if (lobby && d->hide_lobby.state == 1)
		return vc_jitsi_fact(d, "access.lobby", json_false(), d->hide_lobby.src,
				     d->hide_lobby.line);
	return vc_jitsi_fact(d, "access.lobby", json_boolean(lobby), g.src, g.line);
}
