/*
 * Recordings left on disk in homes (artifacts.recordings): Zoom meeting
 * folders (PRODUCTS §1.5), GoTo .g2m files (§7.1) and Jibri session
 * folders (§3.8), wherever the user moved them.
 *
 * Every home is walked iteratively with an explicit stack of directory
 * descriptors opened with O_NOFOLLOW; entries are examined with fstatat
 * (AT_SYMLINK_NOFOLLOW), so FIFOs and devices are never opened. Limits:
 * depth, entries per home (10x with --deep); dot-directories, other file
 * systems and tool caches are skipped unless --deep. Hitting a limit is a
 * diagnostic.
 *
 * A symbolic link is resolved inside the root (vc_root_stat). A target in
 * the home is skipped (the walk reaches it); one elsewhere is followed, as
 * the user chose to keep recordings there (~/Documents/Zoom -> /data/zoom),
 * even onto another file system: at most REC_LINKS_MAX per home, never into
 * one already followed; directories once the walk that met them is done,
 * in the order of the links' paths. Each folder then has two paths: `rel`
 * as the user sees it, only for display, and `real`, where the bytes are,
 * for reading, sync folders and encryption. Links refused (escaping the
 * root, loops, dangling, to a device) are counted in one diagnostic a home.
 *
 * A walk that left something out (entry budget, unreadable directories,
 * depth, path length, other file systems, link loops, the link limit) still
 * lists what it found, and records a collection error on
 * artifacts.recordings for every product, so that no rule passes on it.
 *
 * A folder is claimed for Zoom only on Zoom's own file names: a strong
 * signature (double_click_to_convert_NN.zoom, zoom_N.mp4, audio_only*.m4a,
 * meeting_saved_chat.txt, meeting_saved_closed_caption.txt, a recording.conf
 * with "items"), or Zoom media names (video*.mp4, audio*.m4a) in a folder
 * named "YYYY-MM-DD HH.MM.SS Topic", or numbered Zoom media (video<N>.mp4,
 * audio<Name><N>.m4a) beside a Zoom companion file (chat.txt, playback.m3u,
 * zoomver.tag, a caption file, recording.conf). A folder holding only
 * "holiday.mp4" is never claimed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scanner.h"
#include "../core/buf.h"
#include "../core/jsonload.h"

#define REC_DEPTH_MAX 12
#define REC_BUDGET 200000UL          /* directory entries per home; x10 with --deep */
#define REC_LIST_MAX 10000           /* recordings listed per home and product */
#define REC_CONF_MAX ((size_t)1024 * 1024)
#define REC_DAY 86400
#define REC_LINKS_MAX 256            /* symlinks followed per home */
#define REC_KEYS "artifacts.recordings"

enum {
	F_ZVIDEO = 1u << 0,        /* video*.mp4 */
	F_ZVIDEO_NUM = 1u << 1,    /* video<digits>.mp4 */
	F_ZAUDIO = 1u << 2,        /* audio*.m4a */
	F_ZAUDIO_NUM = 1u << 3,    /* audio[Name]<digits>.m4a */
	F_LEGACY_MP4 = 1u << 4,    /* zoom_<digits>.mp4 */
	F_AUDIO_ONLY = 1u << 5,    /* audio_only[_N].m4a */
	F_PLAYBACK = 1u << 6,      /* playback*.m3u */
	F_CONVERT = 1u << 7,       /* double_click_to_convert_<digits>.zoom */
	F_RECCONF = 1u << 8,       /* recording.conf */
	F_SAVED_CHAT = 1u << 9,    /* meeting_saved_chat.txt */
	F_CHAT = 1u << 10,         /* chat.txt */
	F_CAPTION = 1u << 11,      /* *closed_caption*.txt */
	F_SAVED_CAPTION = 1u << 12, /* meeting_saved_closed_caption.txt */
	F_TMP = 1u << 13,          /* *.tmp (interrupted conversion) */
	F_ZOOMVER = 1u << 14,      /* zoomver.tag */
	F_MP4 = 1u << 15,          /* any *.mp4 */
	F_METADATA = 1u << 16,     /* metadata.json */
	F_MEDIA = 1u << 17,        /* *.mp4, *.m4a, *.zoom */
	F_ZOOMFILE = 1u << 18      /* in the Zoom glob set (§1.5) */
};

#define F_ZOOM_STRONG (F_CONVERT | F_LEGACY_MP4 | F_AUDIO_ONLY | F_SAVED_CHAT | F_SAVED_CAPTION)
#define F_ZOOM_COMPANION (F_CHAT | F_PLAYBACK | F_ZOOMVER | F_CAPTION | F_RECCONF)

/* Totals of a set of files. */
struct tot {
	uint64_t bytes;
	size_t files;
	int64_t newest;
	int any;
};

struct frame {
	DIR *dir;
	char *rel;              /* the path as the user sees it: for display only */
	char *real;             /* canonical root-relative path: where the bytes are */
	dev_t dev;              /* file system of this directory */
	int outside;            /* reached through a followed link: not in the home */
	int depth;
	int audio_record;       /* an "Audio Record" child of a meeting folder */
	unsigned flags;
	struct tot zoom;        /* files in the Zoom glob set */
	struct tot jibri;       /* *.mp4 and metadata.json */
};

/* A symlinked directory to follow once the walk in progress is done. */
struct pending {
	char *rel;              /* the link's path as the user sees it */
	char *real;             /* its target, canonical */
	dev_t dev;              /* of the target when resolved */
	int depth;
};

struct walk {
	struct vc_scan_ctx *ctx;
	const struct vc_home *home;
	char *home_disp;
	unsigned long entries, budget;
	unsigned long too_deep, unreadable, other_fs, too_long;
	/* symlinks not followed: out of the root, loop, dangling, to a device,
	 * FIFO or socket, to a folder holding the home, over REC_LINKS_MAX */
	unsigned long ln_escape, ln_loop, ln_dangling, ln_special, ln_above, ln_limit;
	char *followed[REC_LINKS_MAX];   /* canonical targets of the links followed */
	size_t nfollowed;
	/* Directory links are followed after the walk that met them, in the
	 * order of their paths: which of two links to one folder shows it
	 * must not depend on the order of directory entries. */
	struct pending pend[REC_LINKS_MAX], batch[REC_LINKS_MAX];
	size_t npend, nbatch;
	int stopped;            /* entry budget hit */
	json_t *list[3];        /* zoom, goto, jitsi */
	int full[3];
	struct frame *stack;    /* depth_max + 1 frames */
	int sp, depth_max;
};

enum { P_ZOOM, P_GOTO, P_JITSI };
static const char *const products[3] = { "zoom", "goto", "jitsi" };

/* Directory names never worth walking (tool caches and package trees). */
static const char *const skip_names[] = {
	"node_modules", "__pycache__", "site-packages", "bower_components",
};
/* Paths below the home skipped unless --deep. */
static const char *const skip_paths[] = { "Library/Caches" };

static void tot_add(struct tot *t, uint64_t bytes, int64_t mtime)
{
	t->bytes += bytes;
	t->files++;
	if (!t->any || mtime > t->newest)
		t->newest = mtime;
	t->any = 1;
}

static void tot_merge(struct tot *t, const struct tot *s)
{
	if (!s->any)
		return;
	t->bytes += s->bytes;
	t->files += s->files;
	if (!t->any || s->newest > t->newest)
		t->newest = s->newest;
	t->any = 1;
}

static int ends_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcasecmp(s + n - m, suffix);
}

static int all_digits(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* "prefix<digits>suffix" (case-insensitive); `opt` allows no digits. */
static int numbered(const char *name, const char *prefix, const char *suffix, int opt)
{
	size_t n = strlen(name), p = strlen(prefix), s = strlen(suffix);

	if (n < p + s || strncasecmp(name, prefix, p) || !ends_ci(name, suffix))
		return 0;
	if (n == p + s)
		return opt;
	return all_digits(name + p, n - p - s);
}

/* Flags for one regular file name. */
static unsigned classify(const char *name)
{
	unsigned f = 0;
	size_t n = strlen(name);

	if (ends_ci(name, ".mp4")) {
		f |= F_MP4 | F_MEDIA | F_ZOOMFILE;
		if (!strncasecmp(name, "video", 5)) {
			f |= F_ZVIDEO;
			if (numbered(name, "video", ".mp4", 0))
				f |= F_ZVIDEO_NUM;
		}
		if (numbered(name, "zoom_", ".mp4", 0))
			f |= F_LEGACY_MP4;
	} else if (ends_ci(name, ".m4a")) {
		f |= F_MEDIA | F_ZOOMFILE;
		if (numbered(name, "audio_only", ".m4a", 1) ||
		    numbered(name, "audio_only_", ".m4a", 0)) {
			f |= F_AUDIO_ONLY;
		} else if (!strncasecmp(name, "audio", 5)) {
			f |= F_ZAUDIO;
			/* audio<digits>.m4a or audio<Name><digits>.m4a */
			if (n > 9 && name[n - 5] >= '0' && name[n - 5] <= '9')
				f |= F_ZAUDIO_NUM;
		}
	} else if (ends_ci(name, ".zoom")) {
		f |= F_MEDIA | F_ZOOMFILE;
		if (numbered(name, "double_click_to_convert_", ".zoom", 0))
			f |= F_CONVERT;
	} else if (ends_ci(name, ".m3u")) {
		f |= F_ZOOMFILE;
		if (numbered(name, "playback", ".m3u", 1))
			f |= F_PLAYBACK;
	} else if (!strcasecmp(name, "meeting_saved_chat.txt")) {
		f |= F_SAVED_CHAT | F_ZOOMFILE;
	} else if (!strcasecmp(name, "chat.txt")) {
		f |= F_CHAT | F_ZOOMFILE;
	} else if (!strcasecmp(name, "meeting_saved_closed_caption.txt")) {
		f |= F_SAVED_CAPTION | F_CAPTION | F_ZOOMFILE;
	} else if (ends_ci(name, ".txt") && strcasestr(name, "closed_caption")) {
		f |= F_CAPTION | F_ZOOMFILE;
	} else if (ends_ci(name, ".vtt")) {
		f |= F_ZOOMFILE;
	} else if (!strcasecmp(name, "recording.conf")) {
		f |= F_RECCONF | F_ZOOMFILE;
	} else if (!strcasecmp(name, "zoomver.tag")) {
		f |= F_ZOOMVER | F_ZOOMFILE;
	} else if (!strcasecmp(name, "metadata.json")) {
		f |= F_METADATA;
	}
	if (ends_ci(name, ".tmp"))
		f |= F_TMP | F_ZOOMFILE;
	return f;
}

/* "YYYY-MM-DD HH.MM.SS" followed by a space or the end. */
static int meeting_name(const char *s)
{
	static const char pat[] = "dddd-dd-dd dd.dd.dd";
	size_t i;

	for (i = 0; i < sizeof(pat) - 1; i++) {
		if (pat[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != pat[i])
			return 0;
	}
	return s[i] == ' ' || s[i] == 0;
}

static const char *base_name(const char *rel)
{
	const char *s = strrchr(rel, '/');

	return s ? s + 1 : rel;
}

static int64_t age_days(const struct vc_scan_ctx *ctx, int64_t mtime)
{
	int64_t now = (int64_t)ctx->now;

	return now > mtime ? (now - mtime) / REC_DAY : 0;
}

/*
 * Add one entry for product `p`, shown at `rel` (as the user sees it), its
 * sync folder and encryption those of `real` (canonical). 0 or VC_ENOMEM.
 * Takes the reference to `extra` (fields to merge, may be NULL).
 */
static int add_entry(struct walk *w, int p, const char *rel, const char *real,
		     const struct tot *t, int converted, int has_media, int has_chat,
		     json_t *extra)
{
	struct vc_scan_ctx *ctx = w->ctx;
	const struct vc_sync_folder *sf;
	const char *how = NULL;
	char *disp = NULL;
	json_t *o = NULL;
	int enc, rc = VC_ENOMEM;

	if (json_array_size(w->list[p]) >= REC_LIST_MAX) {
		if (!w->full[p])
			vc_diag_add(&ctx->diags, products[p], w->home_disp, 0, 0,
				    "more than %d %s recordings, list truncated", REC_LIST_MAX,
				    products[p]);
		w->full[p] = 1;
		json_decref(extra);
		return 0;
	}
	if (!(disp = vc_scan_display(ctx, rel)))
		goto out;
	sf = vc_scan_sync_for(ctx, real);
	o = json_pack("{s:s, s:s, s:I, s:I, s:I, s:b, s:b, s:b, s:s}",
		      "product", products[p], "path", disp,
		      "bytes", (json_int_t)(t->bytes > INT64_MAX ? INT64_MAX : t->bytes),
		      "files", (json_int_t)t->files, "age_days", (json_int_t)age_days(ctx, t->newest),
		      "converted", converted, "has_media", has_media, "has_chat", has_chat,
		      "cloud_sync", sf && sf->provider ? sf->provider : "none");
	if (!o)
		goto out;
	enc = vc_scan_encrypted(ctx, real, &how);
	if (enc >= 0 && json_object_set_new(o, "encrypted", json_boolean(enc)))
		goto out;
	if (extra && json_object_update(o, extra))
		goto out;
	if (json_array_append_new(w->list[p], o)) {
		o = NULL;
		goto out;
	}
	o = NULL;
	rc = 0;
out:
	json_decref(o);
	json_decref(extra);
	free(disp);
	return rc;
}

/*
 * recording.conf: *unconverted = 1 when an item has process < 100.
 * Returns 1 when it has Zoom's shape, 0 when not, VC_ENOMEM; a malformed
 * file gets a diagnostic only when `report` is set (folder is Zoom's).
 */
static int read_recording_conf(int *unconverted, struct walk *w, const struct frame *f,
			       int report)
{
	struct vc_scan_ctx *ctx = w->ctx;
	struct vc_buf buf = VC_BUF_INIT(0);
	json_error_t jerr;
	json_t *root = NULL, *items, *it, *pr;
	char *real = vc_path_join(f->real, "recording.conf"), *rel = NULL, *disp = NULL;
	size_t i;
	int rc = VC_ENOMEM, rrc;

	if (!real || !(rel = vc_path_join(f->rel, "recording.conf")))
		goto out;
	rc = rrc = vc_root_read(&buf, &ctx->root, real, REC_CONF_MAX);
	if (rc == VC_ENOMEM)
		goto out;
	if (rc == 0) {
		/* out of memory is not "not Jibri's" */
		if (vc_json_loadb(&root, buf.ptr ? buf.ptr : "", buf.size, 0, &jerr) == VC_ENOMEM) {
			rc = VC_ENOMEM;
			goto out;
		}
		items = json_object_get(root, "items");
		if (json_is_array(items)) {
			json_array_foreach(items, i, it) {
				pr = json_object_get(it, "process");
				if (json_is_number(pr) && json_number_value(pr) < 100)
					*unconverted = 1;
			}
			rc = 1;
			goto out;
		}
	}
	rc = 0;
	if (!report)
		goto out;
	if (!(disp = vc_scan_display(ctx, rel))) {
		rc = VC_ENOMEM;
		goto out;
	}
	/* jansson's message may quote file content: only the position is shown */
	if (rrc < 0)
		vc_diag_add(&ctx->diags, "zoom", disp, 0, 0, "cannot read recording.conf: %s",
			    rrc == VC_ELIMIT ? "too large" : "not a readable regular file");
	else if (!root)
		vc_diag_add(&ctx->diags, "zoom", disp, jerr.line > 0 ? jerr.line : 0,
			    jerr.column > 0 ? jerr.column : 0,
			    "malformed recording.conf (not JSON); conversion state unknown");
	else
		vc_diag_add(&ctx->diags, "zoom", disp, 1, 0,
			    "recording.conf has no \"items\" list; conversion state unknown");
	vc_scan_error(ctx, "zoom", w->home->scope, disp);
out:
	json_decref(root);
	vc_buf_free(&buf);
	free(real);
	free(rel);
	free(disp);
	return rc;
}

/*
 * metadata.json of a Jibri session: participant count in *count (-1 when
 * the list is not an array). 1 when Jibri's, 0 when not, VC_ENOMEM.
 */
static int read_jibri_meta(json_int_t *count, struct walk *w, const struct frame *f)
{
	struct vc_scan_ctx *ctx = w->ctx;
	struct vc_buf buf = VC_BUF_INIT(0);
	json_error_t jerr;
	json_t *root = NULL, *parts;
	char *real = vc_path_join(f->real, "metadata.json"), *rel = NULL, *disp = NULL;
	int rc = VC_ENOMEM;

	if (!real || !(rel = vc_path_join(f->rel, "metadata.json")))
		goto out;
	rc = vc_root_read(&buf, &ctx->root, real, ctx->file_max);
	if (rc == VC_ENOMEM)
		goto out;
	if (rc == 0 &&
	    vc_json_loadb(&root, buf.ptr ? buf.ptr : "", buf.size, 0, &jerr) == VC_ENOMEM) {
		rc = VC_ENOMEM;   /* not "malformed" */
		goto out;
	}
	if (rc == 0 && root) {
		parts = json_object_get(root, "participants");
		rc = json_object_get(root, "meeting_url") && parts ? 1 : 0;
		*count = json_is_array(parts) ? (json_int_t)json_array_size(parts) : -1;
		goto out;
	}
	if (!(disp = vc_scan_display(ctx, rel))) {
		rc = VC_ENOMEM;
		goto out;
	}
	/* jansson's message may quote participant names: only the position is shown */
	if (rc < 0)
		vc_diag_add(&ctx->diags, "jitsi", disp, 0, 0,
			    "cannot read metadata.json beside a recording: %s",
			    rc == VC_ELIMIT ? "too large" : "not a readable regular file");
	else
		vc_diag_add(&ctx->diags, "jitsi", disp, jerr.line > 0 ? jerr.line : 0,
			    jerr.column > 0 ? jerr.column : 0,
			    "malformed metadata.json beside a recording (not JSON)");
	vc_scan_error(ctx, "jitsi", w->home->scope, disp);
	rc = 0;
out:
	json_decref(root);
	vc_buf_free(&buf);
	free(real);
	free(rel);
	free(disp);
	return rc;
}

/* Decide what a finished folder is. 0 or VC_ENOMEM. */
static int finish_folder(struct walk *w, struct frame *f)
{
	unsigned fl = f->flags;
	int named = f->depth > 0 && (meeting_name(base_name(f->rel)) ||
				     meeting_name(base_name(f->real)));
	int zoom, unconverted = 0, rc;
	json_int_t parts = -1;
	json_t *extra;

	if (f->audio_record && w->sp >= 2) {
		struct frame *parent = &w->stack[w->sp - 2];

		tot_merge(&parent->zoom, &f->zoom);
		parent->flags |= fl & F_MEDIA;
		return 0;
	}
	if ((fl & F_METADATA) && (fl & F_MP4)) {
		rc = read_jibri_meta(&parts, w, f);
		if (rc < 0)
			return rc;
		if (rc == 1) {
			extra = parts >= 0 ? json_pack("{s:I}", "participants", parts) : NULL;
			if (parts >= 0 && !extra)
				return VC_ENOMEM;
			return add_entry(w, P_JITSI, f->rel, f->real, &f->jibri, !(fl & F_TMP), 1,
					 0, extra);
		}
	}
	zoom = (fl & F_ZOOM_STRONG) ||
	       (named && (fl & (F_ZVIDEO | F_ZAUDIO | F_CHAT | F_CAPTION | F_PLAYBACK))) ||
	       ((fl & (F_ZVIDEO_NUM | F_ZAUDIO_NUM)) && (fl & F_ZOOM_COMPANION));
	if (fl & F_RECCONF) {
		rc = read_recording_conf(&unconverted, w, f, zoom);
		if (rc < 0)
			return rc;
		zoom |= rc == 1;
	}
	if (!zoom)
		return 0;
	if (fl & (F_CONVERT | F_TMP))
		unconverted = 1;
	return add_entry(w, P_ZOOM, f->rel, f->real, &f->zoom, !unconverted, !!(fl & F_MEDIA),
			 !!(fl & (F_CHAT | F_SAVED_CHAT)), NULL);
}

static void frame_close(struct frame *f)
{
	if (f->dir)
		closedir(f->dir);
	free(f->rel);
	free(f->real);
	memset(f, 0, sizeof(*f));
}

static int skipped_dir(const struct walk *w, const char *name, const char *rel)
{
	size_t i, hl = strlen(w->home->path);

	if (w->ctx->deep)
		return 0;
	if (name[0] == '.')
		return 1;
	for (i = 0; i < sizeof(skip_names) / sizeof(skip_names[0]); i++)
		if (!strcmp(name, skip_names[i]))
			return 1;
	if (strncmp(rel, w->home->path, hl))
		return 0;
	rel += hl;
	while (*rel == '/')
		rel++;
	for (i = 0; i < sizeof(skip_paths) / sizeof(skip_paths[0]); i++)
		if (!strcmp(rel, skip_paths[i]))
			return 1;
	return 0;
}

/*
 * Push a directory: `fd` is consumed, and so are tmpl->rel and tmpl->real
 * (tmpl also gives dev, depth and outside; the rest is zero). 0 or VC_ENOMEM.
 */
static int push(struct walk *w, int fd, const struct frame *tmpl)
{
	struct frame *f = &w->stack[w->sp];

	*f = *tmpl;
	f->dir = fdopendir(fd);
	if (!f->dir) {
		int e = errno;

		close(fd);
		frame_close(f);
		w->unreadable++;
		return e == ENOMEM ? VC_ENOMEM : 0;
	}
	f->audio_record = f->depth > 0 && !strcasecmp(base_name(f->rel), "Audio Record");
	w->sp++;
	return 0;
}

/* 1 when `rel` plus "/" and `name` would be longer than the root allows. */
static int path_too_long(const char *rel, const char *name)
{
	return strlen(rel) + strlen(name) + 2 > VC_ROOT_MAX_PATH;
}

/* 1 when `real` is the target of a link followed in this home, or below one. */
static int covered(const struct walk *w, const char *real)
{
	size_t i;

	for (i = 0; i < w->nfollowed; i++)
		if (vc_path_under(real, w->followed[i]))
			return 1;
	return 0;
}

/*
 * 1 when `real` is itself the target of a followed link: met again by a
 * walk outside the home (a link to /data after one to /data/zoom), it was
 * or will be walked through that link and is not counted twice.
 */
static int followed_target(const struct walk *w, const char *real)
{
	size_t i;

	for (i = 0; i < w->nfollowed; i++)
		if (!strcmp(real, w->followed[i]))
			return 1;
	return 0;
}

/*
 * 1 when a link to `real` is already waiting to be followed; it is then
 * shown at the smaller of the two paths: `*rel` (at `depth`) and the
 * waiting one swap when `*rel` is smaller, the larger is left in *rel.
 */
static int pending(struct walk *w, char **rel, const char *real, int depth)
{
	struct pending *p;
	char *keep;
	size_t i;

	for (i = 0; i < w->npend; i++) {
		p = &w->pend[i];
		if (strcmp(real, p->real))
			continue;
		if (strcmp(*rel, p->rel) < 0) {
			keep = p->rel;
			p->rel = *rel;
			p->depth = depth;
			*rel = keep;
		}
		return 1;
	}
	return 0;
}

/* Count a link that vc_root_stat() refused, by its reason. */
static void refused(struct walk *w, int rc)
{
	if (rc == VC_EUNSAFE && strstr(vc_error_problem(), "escapes the root"))
		w->ln_escape++;
	else if (rc == VC_EUNSAFE)
		w->ln_loop++;      /* a loop, or the tree changed while resolved */
	else if (rc == VC_ENOTFOUND)
		w->ln_dangling++;
	else if (rc == VC_ELIMIT)
		w->too_long++;
	else
		w->unreadable++;
}

/*
 * A regular file of the top frame, or a followed link to one (`target`, its
 * canonical path, else NULL). 0 or VC_ENOMEM.
 */
static int visit_file(struct walk *w, const char *name, const char *target, uint64_t size,
		      int64_t mtime)
{
	struct frame *f = &w->stack[w->sp - 1];
	unsigned fl = classify(name);
	int g2m = ends_ci(name, ".g2m"), rc = VC_ENOMEM;
	char *rel = NULL, *real = NULL;
	struct tot t = { 0 };

	if (!fl && !g2m)
		return 0;
	if (!(real = target ? vc_strdup(target) : vc_path_join(f->real, name)))
		goto out;
	rc = 0;
	if (!target && f->outside && followed_target(w, real))
		goto out;
	f->flags |= fl;
	if (fl & F_ZOOMFILE)
		tot_add(&f->zoom, size, mtime);
	if (fl & (F_MP4 | F_METADATA))
		tot_add(&f->jibri, size, mtime);
	if (!g2m)
		goto out;
	tot_add(&t, size, mtime);
	if (!(rel = vc_path_join(f->rel, name))) {
		rc = VC_ENOMEM;
		goto out;
	}
	rc = add_entry(w, P_GOTO, rel, real, &t, 0, 1, 0, NULL);
out:
	free(rel);
	free(real);
	return rc;
}

/* A directory (not a link) of the top frame; `st` from fstatat. 0 or VC_ENOMEM. */
static int visit_dir(struct walk *w, const char *name, unsigned char dtype,
		     const struct stat *st)
{
	struct frame *f = &w->stack[w->sp - 1], nf;
	struct stat st2;
	char *rel = NULL, *real = NULL;
	int fd, rc = VC_ENOMEM;

	if (path_too_long(f->rel, name) || path_too_long(f->real, name)) {
		w->too_long++;
		return 0;
	}
	if (!(rel = vc_path_join(f->rel, name)) || !(real = vc_path_join(f->real, name)))
		goto out;
	rc = 0;
	if (skipped_dir(w, name, rel) || (f->outside && followed_target(w, real)))
		goto out;
	if (f->depth + 1 > w->depth_max) {
		w->too_deep++;
		goto out;
	}
	/* O_NOFOLLOW|O_DIRECTORY: a directory swapped for a link is refused. */
	fd = openat(dirfd(f->dir), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		w->unreadable++;
		goto out;
	}
	if (fstat(fd, &st2) < 0 || (dtype != DT_DIR && (st2.st_dev != st->st_dev ||
							 st2.st_ino != st->st_ino))) {
		close(fd);   /* replaced while we looked */
		w->unreadable++;
		goto out;
	}
	if (st2.st_dev != f->dev && !w->ctx->deep) {
		close(fd);
		w->other_fs++;
		goto out;
	}
	memset(&nf, 0, sizeof(nf));
	nf.rel = rel;
	nf.real = real;
	nf.dev = st2.st_dev;
	nf.depth = f->depth + 1;
	nf.outside = f->outside;
	return push(w, fd, &nf);
out:
	free(rel);
	free(real);
	return rc;
}

/*
 * A symbolic link in the top frame, resolved inside the root. A target in
 * the home, or in what a link of this home already led to, is skipped: the
 * walk gets there anyway. Elsewhere a directory is kept for walk_links()
 * and a file counted as if it were in the folder of the link. 0 or VC_ENOMEM.
 */
static int visit_link(struct walk *w, const char *name)
{
	struct frame *f = &w->stack[w->sp - 1];
	int interesting = classify(name) || ends_ci(name, ".g2m");
	char *rel = NULL, *real = NULL;
	struct vc_stat vs;
	int rc = VC_ENOMEM;

	memset(&vs, 0, sizeof(vs));
	if (path_too_long(f->rel, name) || path_too_long(f->real, name)) {
		w->too_long++;
		return 0;
	}
	if (!(rel = vc_path_join(f->rel, name)) || !(real = vc_path_join(f->real, name)))
		goto out;
	rc = 0;
	/* neither a recording's name nor entered were it a directory */
	if (!interesting && skipped_dir(w, name, rel))
		goto out;
	rc = vc_root_stat(&vs, &w->ctx->root, real);
	if (rc < 0) {
		if (rc != VC_ENOMEM) {
			refused(w, rc);
			rc = 0;
		}
		goto out;
	}
	if (vs.type == VC_FT_OTHER) {
		w->ln_special++;
		goto out;
	}
	if (vc_path_under(vs.resolved, w->home->path) || covered(w, vs.resolved))
		goto out;
	if (vs.type == VC_FT_DIR && vc_path_under(w->home->path, vs.resolved)) {
		w->ln_above++;   /* "/" or "/home": the home again, and other people's */
		goto out;
	}
	if (vs.type == VC_FT_DIR && skipped_dir(w, name, rel))
		goto out;
	if (vs.type == VC_FT_FILE && !interesting)
		goto out;
	if (vs.type == VC_FT_DIR && f->depth + 1 > w->depth_max) {
		w->too_deep++;
		goto out;
	}
	if (vs.type == VC_FT_DIR && pending(w, &rel, vs.resolved, f->depth + 1))
		goto out;
	if (w->nfollowed + w->npend >= REC_LINKS_MAX) {
		w->ln_limit++;
		goto out;
	}
	if (vs.type == VC_FT_FILE) {
		w->followed[w->nfollowed++] = vs.resolved;
		vs.resolved = NULL;
		rc = visit_file(w, name, w->followed[w->nfollowed - 1], vs.bytes, vs.mtime);
		goto out;
	}
	w->pend[w->npend].rel = rel;
	w->pend[w->npend].real = vs.resolved;
	w->pend[w->npend].dev = vs.dev;
	w->pend[w->npend].depth = f->depth + 1;
	w->npend++;
	rel = NULL;
	vs.resolved = NULL;
out:
	free(rel);
	free(real);
	free(vs.resolved);
	return rc;
}

/*
 * Look at one directory entry of the top frame. 0 or VC_ENOMEM.
 * The entry's type from readdir() spares a stat for the many files that
 * are not recordings (most of a home); DT_UNKNOWN falls back to fstatat.
 */
static int visit(struct walk *w, const char *name, unsigned char dtype)
{
	struct frame *f = &w->stack[w->sp - 1];
	struct stat st;

	if (dtype == DT_REG && !classify(name) && !ends_ci(name, ".g2m"))
		return 0;
	if (dtype == DT_LNK)
		return visit_link(w, name);
	if (dtype != DT_UNKNOWN && dtype != DT_REG && dtype != DT_DIR)
		return 0;   /* FIFOs, sockets, devices: never opened */
	if (dtype == DT_DIR) {
		memset(&st, 0, sizeof(st));
		st.st_mode = S_IFDIR;
	} else if (fstatat(dirfd(f->dir), name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		return 0;
	}
	if (S_ISLNK(st.st_mode))
		return visit_link(w, name);
	if (S_ISREG(st.st_mode))
		return visit_file(w, name, NULL, st.st_size > 0 ? (uint64_t)st.st_size : 0,
				  (int64_t)st.st_mtime);
	if (!S_ISDIR(st.st_mode))
		return 0;   /* FIFOs, sockets, devices: never opened */
	return visit_dir(w, name, dtype, &st);
}

static int walk_run(struct walk *w)
{
	struct dirent *de;
	int rc = 0;

	while (w->sp > 0) {
		struct frame *f = &w->stack[w->sp - 1];

		errno = 0;
		de = readdir(f->dir);
		if (!de) {
			if (errno)
				w->unreadable++;
			rc = finish_folder(w, f);
			frame_close(f);
			w->sp--;
			if (rc < 0)
				break;
			continue;
		}
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (++w->entries > w->budget) {
			w->stopped = 1;
			break;
		}
		if ((rc = visit(w, de->d_name, de->d_type)) < 0)
			break;
	}
	while (w->sp > 0)
		frame_close(&w->stack[--w->sp]);
	return rc;
}

static void pending_free(struct pending *p)
{
	free(p->rel);
	free(p->real);
	memset(p, 0, sizeof(*p));
}

static int pending_cmp(const void *a, const void *b)
{
	return strcmp(((const struct pending *)a)->rel, ((const struct pending *)b)->rel);
}

/*
 * Open the target of a directory link and push it: a walk outside the home
 * (on any file system: the user chose to keep it there). 0 or VC_ENOMEM.
 */
static int follow(struct walk *w, struct pending *p)
{
	struct frame nf;
	struct stat st;
	int fd;

	if (covered(w, p->real))
		return 0;   /* a link followed before this one led there */
	fd = vc_root_opendir_fd(&w->ctx->root, p->real);
	if (fd < 0) {
		if (fd == VC_ENOMEM)
			return fd;
		refused(w, fd);   /* changed since it was resolved */
		return 0;
	}
	if (fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode) || st.st_dev != p->dev) {
		close(fd);
		w->unreadable++;
		return 0;
	}
	if (!(w->followed[w->nfollowed] = vc_strdup(p->real))) {
		close(fd);
		return VC_ENOMEM;
	}
	w->nfollowed++;
	memset(&nf, 0, sizeof(nf));
	nf.rel = p->rel;
	nf.real = p->real;
	nf.dev = st.st_dev;
	nf.depth = p->depth;
	nf.outside = 1;
	p->rel = p->real = NULL;
	return push(w, fd, &nf);
}

/*
 * Follow the directory links met, in the order of their paths, walking
 * each target in turn; links met there are followed in the next round.
 * 0 or VC_ENOMEM.
 */
static int walk_links(struct walk *w)
{
	size_t i;
	int rc = 0;

	while (w->npend && !w->stopped && rc == 0) {
		memcpy(w->batch, w->pend, w->npend * sizeof(w->pend[0]));
		w->nbatch = w->npend;
		w->npend = 0;
		qsort(w->batch, w->nbatch, sizeof(w->batch[0]), pending_cmp);
		for (i = 0; i < w->nbatch && !w->stopped && rc == 0; i++) {
			if ((rc = follow(w, &w->batch[i])) == 0)
				rc = walk_run(w);
			pending_free(&w->batch[i]);
		}
		for (; i < w->nbatch; i++)
			pending_free(&w->batch[i]);
		w->nbatch = 0;
	}
	return rc;
}

static int entry_cmp(const void *a, const void *b)
{
	const char *pa = json_string_value(json_object_get(*(json_t *const *)a, "path"));
	const char *pb = json_string_value(json_object_get(*(json_t *const *)b, "path"));

	return strcmp(pa ? pa : "", pb ? pb : "");
}

/* Sort a list by path so reports do not depend on directory order. */
static json_t *sorted(json_t *list)
{
	size_t n = json_array_size(list), i;
	json_t **v, *out;

	if (n < 2)
		return json_incref(list);
	if (!(v = malloc(n * sizeof(*v))))
		return NULL;
	for (i = 0; i < n; i++)
		v[i] = json_array_get(list, i);
	qsort(v, n, sizeof(*v), entry_cmp);
	out = json_array();
	for (i = 0; out && i < n; i++) {
		if (json_array_append(out, v[i])) {
			json_decref(out);
			out = NULL;
		}
	}
	free(v);
	return out;
}

static int zoom_installed(const struct vc_scan_ctx *ctx, const char *scope)
{
	const struct vc_fact *f = vc_fact_lookup(&ctx->facts, "zoom", scope, "product.installed");

	return f && json_is_true(f->value);
}

/* Append "N what" to a list being built in `b` ("1 loops, 2 dangling"). */
static void put_count(struct vc_buf *b, unsigned long n, const char *one, const char *many)
{
	if (n)
		vc_buf_printf(b, "%s%lu %s", b->size ? ", " : "", n, n == 1 ? one : many);
}

/* The symlinks not followed, in one diagnostic. */
static void links_report(struct walk *w)
{
	struct vc_buf b = VC_BUF_INIT(1024);
	unsigned long n = w->ln_escape + w->ln_loop + w->ln_dangling + w->ln_special + w->ln_above;

	if (!n)
		return;
	put_count(&b, w->ln_escape, "escapes the root", "escape the root");
	put_count(&b, w->ln_loop, "loops (recordings behind it may be missing)",
		  "loop (recordings behind them may be missing)");
	put_count(&b, w->ln_dangling, "is dangling", "are dangling");
	put_count(&b, w->ln_special, "points to a device, FIFO or socket",
		  "point to a device, FIFO or socket");
	put_count(&b, w->ln_above, "leads to a folder holding the home",
		  "lead to a folder holding the home");
	vc_diag_add(&w->ctx->diags, NULL, w->home_disp, 0, 0,
		    "%lu %s not followed while searching for recordings: %s", n,
		    n == 1 ? "symlink" : "symlinks", b.ptr ? b.ptr : "");
	vc_buf_free(&b);
}

/* Diagnostics for what the walk left out; 1 when it left out anything. */
static int walk_report(struct walk *w)
{
	struct vc_diags *d = &w->ctx->diags;

	if (w->stopped)
		vc_diag_add(d, NULL, w->home_disp, 0, 0,
			    "search for recordings stopped after %lu entries (limit)%s; "
			    "recordings may be missing", w->budget,
			    w->ctx->max_entries ? "" : w->ctx->deep ? ", --max-entries raises it" :
			    ", --deep or --max-entries raises it");
	if (w->too_deep)
		vc_diag_add(d, NULL, w->home_disp, 0, 0,
			    "%lu directories deeper than %d levels not searched for recordings"
			    "%s", w->too_deep, w->depth_max,
			    w->ctx->max_depth ? "" : " (--max-depth raises it)");
	if (w->other_fs)
		vc_diag_add(d, NULL, w->home_disp, 0, 0,
			    "%lu directories on other file systems not searched for recordings "
			    "(--deep searches them)", w->other_fs);
	if (w->unreadable)
		vc_diag_add(d, NULL, w->home_disp, 0, 0,
			    "%lu directories could not be read while searching for recordings",
			    w->unreadable);
	if (w->too_long)
		vc_diag_add(d, NULL, w->home_disp, 0, 0,
			    "%lu directories with paths longer than %d bytes not searched",
			    w->too_long, VC_ROOT_MAX_PATH);
	if (w->ln_limit)
		vc_diag_add(d, NULL, w->home_disp, 0, 0,
			    "%lu symlinks not followed while searching for recordings: more than "
			    "%d followed in this home; recordings may be missing", w->ln_limit,
			    REC_LINKS_MAX);
	links_report(w);
	/* escaping, dangling and device links hold nothing of this host's */
	return w->stopped || w->too_deep || w->other_fs || w->unreadable || w->too_long ||
	       w->ln_loop || w->ln_limit;
}

/* What was found in the home is not all there is: no recording rule may pass. */
static void walk_incomplete(struct vc_scan_ctx *ctx, const struct vc_home *home,
			    const char *home_disp)
{
	int p;

	for (p = 0; p < 3; p++)
		vc_scan_error_keys(ctx, products[p], home->scope, home_disp, REC_KEYS);
}

static int scan_home(struct vc_scan_ctx *ctx, const struct vc_home *home)
{
	struct walk *w = calloc(1, sizeof(*w));
	struct vc_prov prov = { NULL, NULL, 0 };
	struct frame nf;
	struct stat st;
	json_t *list;
	size_t i;
	int fd, rc = VC_ENOMEM, p;

	if (!w)
		return VC_ENOMEM;
	w->ctx = ctx;
	w->home = home;
	w->budget = ctx->max_entries ? (unsigned long)ctx->max_entries :
		    ctx->deep ? REC_BUDGET * 10 : REC_BUDGET;
	/* each level holds an open directory: --max-depth is capped (scan_cmd.c) */
	w->depth_max = ctx->max_depth ? (int)ctx->max_depth : REC_DEPTH_MAX;
	if (!(w->stack = calloc((size_t)w->depth_max + 1, sizeof(*w->stack))))
		goto out;
	if (!(w->home_disp = vc_scan_display(ctx, home->path)))
		goto out;
	for (p = 0; p < 3; p++)
		if (!(w->list[p] = json_array()))
			goto out;
	fd = vc_root_opendir_fd(&ctx->root, home->path);
	if (fd < 0 || fstat(fd, &st) < 0) {
		if (fd >= 0)
			close(fd);
		if (fd == VC_ENOMEM)
			goto out;
		vc_diag_add(&ctx->diags, NULL, w->home_disp, 0, 0,
			    "cannot open home directory to search for recordings");
		vc_scan_error(ctx, "zoom", home->scope, w->home_disp);
		walk_incomplete(ctx, home, w->home_disp);
		rc = 0;
		goto out;
	}
	memset(&nf, 0, sizeof(nf));
	nf.dev = st.st_dev;
	nf.rel = vc_strdup(home->path);
	nf.real = vc_strdup(home->path);
	if (!nf.rel || !nf.real) {
		free(nf.rel);
		free(nf.real);
		close(fd);
		goto out;
	}
	if ((rc = push(w, fd, &nf)) < 0 || (rc = walk_run(w)) < 0 || (rc = walk_links(w)) < 0)
		goto out;
	if (walk_report(w))
		walk_incomplete(ctx, home, w->home_disp);
	if (w->stopped)
		vc_scan_error(ctx, "zoom", home->scope, w->home_disp);

	prov.source = w->home_disp;
	for (p = 0; p < 3; p++) {
		size_t n = json_array_size(w->list[p]);

		if (!n && (p != P_ZOOM || w->stopped || !zoom_installed(ctx, home->scope)))
			continue;
		if (!(list = sorted(w->list[p]))) {
			rc = VC_ENOMEM;
			goto out;
		}
		rc = vc_fact_add(&ctx->facts, products[p], home->scope, REC_KEYS,
				 list, &prov);
		if (rc == VC_ENOMEM)
			goto out;
	}
	rc = 0;
out:
	while (w->sp > 0)
		frame_close(&w->stack[--w->sp]);
	for (p = 0; p < 3; p++)
		json_decref(w->list[p]);
	for (i = 0; i < w->nfollowed; i++)
		free(w->followed[i]);
	for (i = 0; i < w->npend; i++)
		pending_free(&w->pend[i]);
	for (i = 0; i < w->nbatch; i++)
		pending_free(&w->batch[i]);
	free(w->home_disp);
	free(w->stack);
	free(w);
	return rc;
}

static int recordings_scan(struct vc_scan_ctx *ctx)
{
	size_t i;
	int rc;

	for (i = 0; i < ctx->nhomes; i++)
		if ((rc = scan_home(ctx, &ctx->homes[i])) == VC_ENOMEM)
			return rc;
	return 0;
}

const struct vc_scanner_entry vc_scanner_recordings = {
	.name = "recordings",
	.product = "zoom,goto,jitsi",
	.description = "Recordings left in homes: Zoom meeting folders, GoTo .g2m, Jibri sessions",
	.scan = recordings_scan,
};
