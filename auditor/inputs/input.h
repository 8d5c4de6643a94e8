#ifndef VC_INPUT_H
#define VC_INPUT_H
/*
 * Offline inputs (--input [PRODUCT:]PATH): admin exports and configuration
 * files handed to vcaudit, as files, directories or archives (zip, tar,
 * tar.gz/bz2/xz) read in place through libarchive, never extracted.
 *
 * Every regular file met becomes a struct vc_input: a stream with its
 * first bytes available for detection. Each input handler (one const
 * entry per export kind, vc_input_handlers[] in inputs/registry.c) says
 * how sure it is that an input is its kind; the surest reads it. A file
 * nobody recognises is a diagnostic, never a silent skip.
 */
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "../core/buf.h"
#include "../scanners/scanner.h"

#define VC_INPUT_HEAD 4096                          /* bytes kept for detection */
#define VC_INPUT_DIR_DEPTH 16                       /* directory recursion */
#define VC_INPUT_ENTRIES_MAX 100000                 /* files per --input */
#define VC_INPUT_ARCHIVE_MAX ((uint64_t)4 << 30)    /* bytes unpacked per archive */
#define VC_INPUT_RATIO_MAX 200                      /* unpacked/packed, bomb guard */

struct vc_input {
	const char *display;    /* "exports.zip:teams/policy.json" (as given by the user) */
	const char *name;       /* base name of the file or entry */
	const char *product;    /* from "PRODUCT:" or NULL */
	int64_t size;           /* -1 when unknown */
	const unsigned char *head;   /* the first nhead bytes, NUL-terminated */
	size_t nhead;
	/* private: the stream and how much of the head was handed out */
	ssize_t (*read_fn)(void *h, void *buf, size_t n);
	void *h;
	size_t head_pos;
	uint64_t consumed;
	uint64_t limit;         /* bytes this input may yield before VC_ELIMIT */
};

/*
 * Read up to n bytes (the head first, then the rest of the stream).
 * Returns the count, 0 at the end, or a negative VC_E* code (VC_ELIMIT when
 * the archive's unpacked budget is spent).
 */
ssize_t vc_input_read(struct vc_input *in, void *buf, size_t n);

/* Read the whole input into `out`, refusing more than `max` bytes. */
int vc_input_slurp(struct vc_buf *out, struct vc_input *in, size_t max);

struct vc_input_handler_entry {
	const char *name;         /* "teams-powershell" */
	const char *product;      /* product id it reports under */
	const char *description;
	/* 0 = not mine, 1..100 = how sure (content first, names second). */
	int (*detect)(const struct vc_input *in);
	/* Read it and add facts. 0, or a negative code only when fatal (ENOMEM);
	 * bad content is a diagnostic plus vc_scan_error(_keys). */
	int (*scan)(struct vc_scan_ctx *ctx, struct vc_input *in);
};

extern const struct vc_input_handler_entry *const vc_input_handlers[];

/*
 * Audit one --input argument with the given handler table (NULL-terminated).
 * Problems with the path itself (absent, unreadable, a broken archive) are
 * diagnostics; returns 0, or a negative code when fatal.
 */
int vc_inputs_scan(struct vc_scan_ctx *ctx, const char *spec,
		   const struct vc_input_handler_entry *const *handlers);

#endif
