/*
 * `vcaudit verify BUNDLE`: re-read an evidence bundle in place (libarchive,
 * nothing written to disk), hash every member and compare with
 * MANIFEST.sha256. One line per problem on stdout, naming the member.
 * Exit 0 intact, 2 integrity failed, 1 unreadable, 64 usage (docs/bundle.md).
 */
#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../core/buf.h"
#include "../report/bundle.h"

#define VERIFY_MANIFEST_MAX ((size_t)64 * 1024 * 1024)

struct member {
	char *name;
	char sha[65];
	int odd;          /* not hashed: odd type or too large (already reported) */
	int seen;         /* listed in the manifest */
};

struct members {
	struct member *v;
	size_t n, cap;
};

static void members_free(struct members *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->v[i].name);
	free(m->v);
}

static struct member *member_new(struct members *m, const char *name)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 32;
		struct member *nv = realloc(m->v, cap * sizeof(*nv));

		if (!nv)
			return NULL;
		m->v = nv;
		m->cap = cap;
	}
	memset(&m->v[m->n], 0, sizeof(m->v[m->n]));
	if (!(m->v[m->n].name = strdup(name)))
		return NULL;
	return &m->v[m->n++];
}

static struct member *member_find(struct members *m, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strlen(m->v[i].name) == len && !memcmp(m->v[i].name, name, len))
			return &m->v[i];
	return NULL;
}

/* Hash the current entry's data; the manifest's bytes are kept in `keep`. */
static int hash_entry(struct archive *a, char hex[65], struct vc_buf *keep)
{
	static const char digits[] = "0123456789abcdef";
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char buf[65536], out[EVP_MAX_MD_SIZE];
	unsigned outlen = 0, i;
	la_ssize_t r;
	int rc = 0;

	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(md);
		return VC_ENOMEM;
	}
	while ((r = archive_read_data(a, buf, sizeof(buf))) > 0) {
		EVP_DigestUpdate(md, buf, (size_t)r);
		if (keep && rc == 0)
			rc = vc_buf_put(keep, buf, (size_t)r);
	}
	if (r < 0)
		rc = VC_EIO;
	EVP_DigestFinal_ex(md, out, &outlen);
	EVP_MD_CTX_free(md);
	for (i = 0; i < outlen && i < 32; i++) {
		hex[2 * i] = digits[out[i] >> 4];
		hex[2 * i + 1] = digits[out[i] & 15];
	}
	hex[64] = 0;
	return rc;
}

/* Read every member; 0, or VC_EIO (unreadable) / VC_ENOMEM. *problems counts odd members. */
static int read_members(struct members *m, struct vc_buf *manifest, int *have_manifest,
			int *problems, const char *path)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	int rc = 0, r;

	if (!a)
		return VC_ENOMEM;
	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_zip(a);
	if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
		fprintf(stderr, "vcaudit verify: %s: %s\n", path, archive_error_string(a));
		archive_read_free(a);
		return VC_EIO;
	}
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		const char *name = archive_entry_pathname(e);
		struct member *mb;
		int is_man;

		if (!name) {
			printf("(a member without a name): odd member, not checked\n");
			(*problems)++;
			continue;
		}
		/* a folder entry (an archive rebuilt with tar) holds no data */
		if (archive_entry_filetype(e) == AE_IFDIR)
			continue;
		if (member_find(m, name, strlen(name))) {
			printf("%s: added (a second member of that name)\n", name);
			(*problems)++;
			continue;
		}
		if (m->n >= VC_BUNDLE_MEMBERS_MAX) {
			fprintf(stderr, "vcaudit verify: %s: more than %d members\n", path,
				VC_BUNDLE_MEMBERS_MAX);
			rc = VC_EIO;
			break;
		}
		if (!(mb = member_new(m, name))) {
			rc = VC_ENOMEM;
			break;
		}
		if (archive_entry_filetype(e) != AE_IFREG) {
			printf("%s: odd member (not a regular file), not checked\n", name);
			mb->odd = 1;
			(*problems)++;
			continue;
		}
		if (archive_entry_size_is_set(e) &&
		    archive_entry_size(e) > (la_int64_t)VC_BUNDLE_MEMBER_MAX) {
			printf("%s: larger than %zu MiB, not checked\n", name,
			       VC_BUNDLE_MEMBER_MAX >> 20);
			mb->odd = 1;
			(*problems)++;
			continue;
		}
		is_man = !strcmp(name, VC_BUNDLE_MANIFEST);
		if ((rc = hash_entry(a, mb->sha, is_man ? manifest : NULL)) < 0) {
			if (rc == VC_ELIMIT || (is_man && manifest->size >= VERIFY_MANIFEST_MAX)) {
				printf("%s: manifest damaged (too large)\n", name);
				(*problems)++;
				rc = 0;
				continue;
			}
			fprintf(stderr, "vcaudit verify: %s: %s: %s\n", path, name,
				rc == VC_ENOMEM ? "out of memory" : archive_error_string(a));
			break;
		}
		*have_manifest |= is_man;
	}
	if (rc == 0 && r != ARCHIVE_EOF) {
		fprintf(stderr, "vcaudit verify: %s: %s\n", path, archive_error_string(a));
		rc = VC_EIO;
	}
	archive_read_free(a);
	return rc;
}

int vc_cmd_verify(int argc, char **argv)
{
	struct members m = { 0 };
	struct vc_buf manifest = VC_BUF_INIT(VERIFY_MANIFEST_MAX);
	struct vc_manifest_entry *ent = NULL;
	size_t nent = 0, bad_line = 0, i;
	int have_manifest = 0, problems = 0, rc;

	if (argc == 2 && !strcmp(argv[1], "--help")) {
		printf("usage: vcaudit verify BUNDLE\n");
		return VC_EXIT_OK;
	}
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "vcaudit verify: takes one bundle (FILE.tar.gz or FILE.zip)\n"
				"see 'vcaudit help'\n");
		return VC_EXIT_USAGE;
	}
	rc = read_members(&m, &manifest, &have_manifest, &problems, argv[1]);
	if (rc < 0) {
		if (rc == VC_ENOMEM)
			fprintf(stderr, "vcaudit verify: out of memory\n");
		rc = VC_EXIT_ERROR;
		goto out;
	}
	if (!have_manifest) {
		printf("%s: missing, nothing can be checked\n", VC_BUNDLE_MANIFEST);
		rc = VC_EXIT_FAIL;
		goto out;
	}
	rc = vc_manifest_parse(&ent, &nent, manifest.ptr ? manifest.ptr : "", manifest.size,
			       &bad_line);
	if (rc == VC_ENOMEM) {
		fprintf(stderr, "vcaudit verify: out of memory\n");
		rc = VC_EXIT_ERROR;
		goto out;
	}
	if (rc == VC_EPARSE) {
		printf("%s:%zu: manifest damaged\n", VC_BUNDLE_MANIFEST, bad_line);
		problems++;
	}
	/* manifest -> bundle: changed, missing */
	for (i = 0; i < nent; i++) {
		struct member *mb = member_find(&m, ent[i].name, strlen(ent[i].name));

		if (!mb || !strcmp(ent[i].name, VC_BUNDLE_MANIFEST)) {
			printf("%s: %s\n", ent[i].name, mb ? "manifest damaged (lists itself)" :
			       "missing (in the manifest, not in the bundle)");
			problems++;
			continue;
		}
		mb->seen = 1;
		if (!mb->odd && strcmp(mb->sha, ent[i].sha)) {
			printf("%s: changed (sha256 %s, manifest says %s)\n", mb->name, mb->sha,
			       ent[i].sha);
			problems++;
		}
	}
	/* bundle -> manifest: added */
	for (i = 0; i < m.n; i++) {
		if (m.v[i].seen || m.v[i].odd || !strcmp(m.v[i].name, VC_BUNDLE_MANIFEST))
			continue;
		/* a damaged manifest may have lost the line: still "added" */
		printf("%s: added (in the bundle, not in the manifest)\n", m.v[i].name);
		problems++;
	}
	if (problems) {
		printf("%s: integrity check failed, %d problem(s)\n", argv[1], problems);
		rc = VC_EXIT_FAIL;
	} else {
		printf("%s: intact, %zu members match %s\n", argv[1], nent, VC_BUNDLE_MANIFEST);
		rc = VC_EXIT_OK;
	}
out:
	vc_manifest_free(ent, nent);
	vc_buf_free(&manifest);
	members_free(&m);
	return rc;
}
