#ifndef VC_JITSI_INTERNAL_H
#define VC_JITSI_INTERNAL_H
/*
 * Shared by the parts of the Jitsi server scanner (PRODUCTS §3):
 * jitsi_server.c (discovery of deployments, provenance, facts that combine
 * several files, the scanner entry), jitsi_meet.c (config.js,
 * custom-config.js and docker's web variables), jitsi_prosody.c (Prosody
 * and docker's authentication variables), jitsi_jibri.c (Jicofo, JVB,
 * Jibri, the finalize script, the recordings directory).
 *
 * One deployment (struct vc_jitsi_dep) is one Jitsi site: a Debian
 * /etc/jitsi/meet/<host>-config.js, or a docker-jitsi-meet CONFIG folder.
 * Its facts go to the scope "site:<name>".
 */
#include <jansson.h>

#include "scanner.h"
#include "../core/buf.h"
#include "../core/hash.h"

#define VC_JITSI "jitsi"

/* The facts a file supplies: left uncertain when it cannot be used. */
#define VC_JITSI_JICOFO_KEYS "encryption.*,secrets.*"
#define VC_JITSI_JVB_KEYS "telemetry.*,secrets.*"
#define VC_JITSI_JIBRI_KEYS "recording.server.*,recording.retention_days,storage.*," \
	"telemetry.*,secrets.*,artifacts.recordings,streaming.*"

/* The files of a deployment. */
enum vc_jitsi_file {
	VC_JF_CONFIG,        /* config.js: Debian <host>-config.js, docker web/config.js */
	VC_JF_CUSTOM,        /* docker web/custom-config.js (appended, later wins) */
	VC_JF_ENV,           /* docker .env beside docker-compose.yml */
	VC_JF_PROSODY_MAIN,  /* prosody.cfg.lua */
	VC_JF_PROSODY_HOST,  /* conf.d/<host>.cfg.lua, docker conf.d/jitsi-meet.cfg.lua */
	VC_JF_JICOFO,        /* jicofo.conf */
	VC_JF_JICOFO_ENV,    /* Debian /etc/jitsi/jicofo/config (shell variables) */
	VC_JF_JVB,           /* jvb.conf */
	VC_JF_JVB_PROPS,     /* JVB sip-communicator.properties (legacy) */
	VC_JF_JIBRI,         /* jibri.conf */
	VC_JF_FINALIZE,      /* Jibri's finalize script */
	VC_JF_CRON,          /* a cron file that deletes recordings */
	VC_JF_N
};

/* One file: where it is, how it is shown, and what came out of it. */
struct vc_jitsi_src {
	char *rel;                   /* root-relative path as looked up */
	char *display;               /* vc_scan_display form (pseudonymised) */
	char sha[VC_SHA256_HEX];
	int state;                   /* 0 absent, 1 read and parsed, -1 unusable */
	const char *keys;            /* facts an unusable file leaves uncertain */
	json_t *doc, *lines;         /* parser output (owned); the finalize script:
				      * days it keeps files (-1 none) and that line */
};

/* A value and where it was set (line 0: a default where `src` says nothing). */
struct vc_jitsi_val {
	const json_t *v;             /* borrowed; NULL when absent */
	const struct vc_jitsi_src *src;
	int line;
};

/* A list fact built from several files: provenance of its first entry. */
struct vc_jitsi_list {
	json_t *v;                   /* strings, no duplicates */
	const struct vc_jitsi_src *src;
	int line;
	int known;                   /* a source decided it (it may stay empty) */
};

/* A boolean decided by the first "true" seen, else by any "false". */
struct vc_jitsi_flag {
	int state;                   /* -1 unknown, 0 false, 1 true */
	const struct vc_jitsi_src *src;
	int line;
};

struct vc_jitsi_dep {
	struct vc_scan_ctx *ctx;
	int docker;
	char *name;                  /* the site: domain, docker PUBLIC_URL host */
	char *scope;                 /* "site:<name>" */
	char *xmpp;                  /* the meetings' Prosody VirtualHost */
	char *public_host;           /* docker PUBLIC_URL host, or NULL */
	char *cfgdir;                /* docker: the CONFIG folder (root-relative) */
	struct vc_jitsi_src *f[VC_JF_N];   /* files (own or shared; NULL = none) */
	struct vc_jitsi_src own[VC_JF_N];  /* storage of the deployment's own files */
	const struct vc_jitsi_src *anchor; /* the file that shows the deployment exists */
	const char *anchor_display;        /* or a folder, when no file was read */

	/* config.js evaluation: text index -> file (NULL: the stub) */
	json_t *cfg, *cfglines;
	const struct vc_jitsi_src *cfg_text[2];
	int cfg_ok;                  /* cfg holds an evaluation */
	int web_env;                 /* docker without a host config.js: .env applies */

	/* inputs one part leaves for another */
	const char *anonymousdomain; /* config.js hosts.anonymousdomain (in cfg) */
	struct vc_jitsi_val anondomain_at;
	struct vc_jitsi_flag hide_lobby;
	int has_jibri;

	/* facts that combine several files */
	struct vc_jitsi_list storage;      /* storage.thirdparty */
	struct vc_jitsi_list telemetry;    /* telemetry.thirdparty */
	struct vc_jitsi_list analytics;    /* telemetry.analytics */
	struct vc_jitsi_list stun;         /* telemetry.stun_external (hosts) */
	struct vc_jitsi_list published;    /* secrets.published_values */
	struct vc_jitsi_flag weak_transport;  /* 1 weakened, 0 required */
	struct vc_jitsi_flag anonymous;       /* access.anonymous_join */
	struct vc_jitsi_flag pw_missing;      /* 1 a service password empty, 0 all set */
};

/* ---- jitsi_server.c ---- */

/*
 * Read file `id` of `d` at `rel` into `buf` (recorded in the sources as
 * `kind`). 0, VC_ENOTFOUND (absent, quietly), VC_ENOMEM, or another
 * negative code after a diagnostic (the file is then unusable, leaving
 * `keys` uncertain).
 */
int vc_jitsi_read(struct vc_buf *buf, struct vc_jitsi_dep *d, enum vc_jitsi_file id,
		  const char *kind, const char *rel, const char *keys);
/* Mark a file unusable with a diagnostic at `line`; `fmt` never quotes content. */
void vc_jitsi_broken(struct vc_jitsi_dep *d, struct vc_jitsi_src *s, int line,
		     const char *fmt, ...) VC_PRINTF(4, 5);
/* "text I, line N: problem" -> problem, *text (or -1), *line (or 0). */
const char *vc_jitsi_msg_line(const char *msg, int *text, int *line);

/* Add a fact to the deployment's scope; steals `v`. 0 or VC_ENOMEM. */
int vc_jitsi_fact(struct vc_jitsi_dep *d, const char *key, json_t *v,
		  const struct vc_jitsi_src *src, int line);
int vc_jitsi_fact_path(struct vc_jitsi_dep *d, const char *key, json_t *v,
		       const struct vc_jitsi_src *src, int line, const char *local_path);

int vc_jitsi_list_add(struct vc_jitsi_list *l, const char *item,
		      const struct vc_jitsi_src *src, int line);
/* The list is decided (perhaps empty) by `src`, unless decided already. */
void vc_jitsi_list_known(struct vc_jitsi_list *l, const struct vc_jitsi_src *src);
void vc_jitsi_flag_set(struct vc_jitsi_flag *f, int v, const struct vc_jitsi_src *src,
		       int line);

/* Host name in a URL or "host:port" ("stun:h:p", "wss://h/x"), lower case; caller frees. */
char *vc_jitsi_url_host(const char *s);
/* 1 when `host` is the deployment's own (its domains, their subdomains, loopback). */
int vc_jitsi_own_host(const struct vc_jitsi_dep *d, const char *host);

/* JavaScript truthiness of a JSON value (NULL: false). */
int vc_jitsi_truthy(const json_t *v);

/* .env variable: the value (borrowed) or NULL, its line in *line (0 if absent). */
const char *vc_jitsi_env(const struct vc_jitsi_dep *d, const char *name, int *line);
/*
 * .env boolean with the template default `def` when unset or empty; a value
 * that is no boolean is a diagnostic and gives `def`. *line as above.
 */
int vc_jitsi_env_bool(struct vc_jitsi_dep *d, const char *name, int def, int *line);

/* A container path (/storage/..., /config/...) of docker's Jibri as a host path. */
char *vc_jitsi_docker_jibri_path(const struct vc_jitsi_dep *d, const char *path);

/* ---- jitsi_meet.c ---- */

/*
 * Read and evaluate config.js at `config_rel` and, for docker,
 * custom-config.js at `custom_rel` (NULL: none). 0 or VC_ENOMEM.
 */
int vc_jitsi_meet_load(struct vc_jitsi_dep *d, const char *config_rel, const char *custom_rel);
/* hosts.domain from the evaluation, or NULL (borrowed). */
const char *vc_jitsi_meet_domain(const struct vc_jitsi_dep *d);
/* Facts of the web client; 0 or VC_ENOMEM. */
int vc_jitsi_meet_facts(struct vc_jitsi_dep *d);

/* ---- jitsi_prosody.c ---- */

/* Read and run the Prosody files at `main_rel`, `host_rel` (either NULL). */
int vc_jitsi_prosody_load(struct vc_jitsi_dep *d, const char *main_rel, const char *host_rel);
/* Authentication, anonymous join, lobby, XMPP encryption, JWT; 0 or VC_ENOMEM. */
int vc_jitsi_prosody_facts(struct vc_jitsi_dep *d);

/* ---- jitsi_jibri.c ---- */

/* Read jicofo.conf, jvb.conf (+ legacy files) and jibri.conf of `d`. */
int vc_jitsi_hocon_load(struct vc_jitsi_dep *d, enum vc_jitsi_file id, const char *rel,
			const char *kind, const char *keys);
/* Jicofo, JVB and Jibri facts, the recordings directory; 0 or VC_ENOMEM. */
int vc_jitsi_jibri_facts(struct vc_jitsi_dep *d);

#endif
