/* Disk encryption: mountinfo parsing, the device-mapper walk, encrypted look-ups. */
#include "testtree.h"

#include "scanners/disk_encryption.h"

extern const struct vc_scanner_entry vc_scanner_disk_encryption;

/* ---- mountinfo ---- */

static const char mountinfo[] =
	"22 1 253:1 / / rw,relatime shared:1 - ext4 /dev/mapper/vg-root rw,errors=remount-ro\n"
	"35 22 0:32 / /home/alice/My\\040Drive rw,nosuid shared:20 master:3 - fuse.rclone "
	"gdrive: rw,user_id=1000\n"
	"\n"
	"40 22 0:45 / /run/user/1000 rw,nosuid - tmpfs tmpfs rw,size=1620424k,mode=700\n"
	"this is not a mount\n"
	"41 22 8:2 /export\\011x /mnt/back\\134slash rw - xfs /dev/sda2 rw\n"
	"42 22 8:3 / /mnt/no-separator rw shared:4 ext4 /dev/sda3 rw\n"
	"43 22 8:x / /mnt/bad-dev rw - ext4 /dev/sda4 rw\n"
	"44 22 259:7 / /mnt/last rw - btrfs /dev/nvme0n1p7 rw";

static void test_mountinfo_parse(void **state)
{
	struct vc_mountinfo mi = { 0 };
	int err_line = 0;

	(void)state;
	assert_int_equal(vc_mountinfo_parse(&mi, mountinfo, strlen(mountinfo), &err_line),
			 VC_EPARSE);
	assert_int_equal(err_line, 5);   /* the first bad line; the good ones are kept */
	assert_int_equal(mi.n, 5);

	assert_string_equal(mi.v[0].mount_point, "/");
	assert_string_equal(mi.v[0].fstype, "ext4");
	assert_string_equal(mi.v[0].source, "/dev/mapper/vg-root");
	assert_int_equal(mi.v[0].major, 253);
	assert_int_equal(mi.v[0].minor, 1);
	assert_int_equal(mi.v[0].line, 1);

	/* escaped space, two optional fields */
	assert_string_equal(mi.v[1].mount_point, "/home/alice/My Drive");
	assert_string_equal(mi.v[1].fstype, "fuse.rclone");
	assert_string_equal(mi.v[1].source, "gdrive:");
	assert_int_equal(mi.v[1].major, 0);
	assert_int_equal(mi.v[1].minor, 32);

	assert_string_equal(mi.v[2].mount_point, "/run/user/1000");
	assert_int_equal(mi.v[2].line, 4);

	assert_string_equal(mi.v[3].root, "/export\tx");
	assert_string_equal(mi.v[3].mount_point, "/mnt/back\\slash");

	/* the last line has no newline */
	assert_string_equal(mi.v[4].mount_point, "/mnt/last");
	assert_int_equal(mi.v[4].major, 259);
	assert_int_equal(mi.v[4].line, 9);
	vc_mountinfo_free(&mi);
	vc_mountinfo_free(NULL);

	/* clean input is 0; nothing is nothing */
	assert_int_equal(vc_mountinfo_parse(&mi, mountinfo, strcspn(mountinfo, "\n"), NULL), 0);
	assert_int_equal(mi.n, 1);
	vc_mountinfo_free(&mi);
	assert_int_equal(vc_mountinfo_parse(&mi, "", 0, NULL), 0);
	assert_int_equal(mi.n, 0);
}

/* Hostile input: NUL bytes, huge field counts, too many lines. */
static void test_mountinfo_hostile(void **state)
{
	struct vc_mountinfo mi = { 0 };
	static const char nul[] = "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
				  "23 1 8:1 / /x\0y rw - ext4 /dev/sda1 rw\n";
	size_t cap = (VC_MOUNTINFO_MAX + 10) * 64, n = 0, i;
	char *big = malloc(cap), *wide = malloc(4096);
	int err_line = 0;

	(void)state;
	assert_non_null(big);
	assert_non_null(wide);
	assert_int_equal(vc_mountinfo_parse(&mi, nul, sizeof(nul) - 1, &err_line), VC_EPARSE);
	assert_int_equal(err_line, 2);
	assert_int_equal(mi.n, 1);
	vc_mountinfo_free(&mi);

	/* 200 optional fields: refused, no overflow */
	n = (size_t)snprintf(wide, 4096, "22 1 8:1 / / rw");
	for (i = 0; i < 200; i++)
		n += (size_t)snprintf(wide + n, 4096 - n, " o:%zu", i);
	snprintf(wide + n, 4096 - n, " - ext4 /dev/sda1 rw\n");
	assert_int_equal(vc_mountinfo_parse(&mi, wide, strlen(wide), &err_line), VC_EPARSE);
	assert_int_equal(mi.n, 0);
	vc_mountinfo_free(&mi);

	for (n = 0, i = 0; i < VC_MOUNTINFO_MAX + 10; i++)
		n += (size_t)snprintf(big + n, cap - n, "%zu 1 8:1 / /m/%zu rw - ext4 /dev/sda1 rw\n",
				      i, i);
	assert_int_equal(vc_mountinfo_parse(&mi, big, n, NULL), VC_ELIMIT);
	assert_int_equal(mi.n, VC_MOUNTINFO_MAX);
	vc_mountinfo_free(&mi);
	free(big);
	free(wide);
}

/* ---- a fabricated sysfs ---- */

/* The tree stands for /sys; its context is not used. */
static int sys_setup(void **state)
{
	*state = tt_new("/tmp", "vc-sysfs");
	return 0;
}

static void dev(struct tt_fx *s, const char *majmin, const char *uuid)
{
	char rel[256], text[256];

	snprintf(rel, sizeof(rel), "/dev/block/%s", majmin);
	tt_mkdir(s, rel);
	if (!uuid)
		return;
	snprintf(rel, sizeof(rel), "/dev/block/%s/dm/uuid", majmin);
	snprintf(text, sizeof(text), "%s\n", uuid);
	tt_put(s, rel, text);
}

/* `upper` sits on `lower` (sysfs: upper/slaves/NAME -> lower's directory). */
static void slave(struct tt_fx *s, const char *upper, const char *name, const char *lower)
{
	char rel[256], target[4096];

	snprintf(rel, sizeof(rel), "/dev/block/%s/slaves/%s", upper, name);
	snprintf(target, sizeof(target), "%s/dev/block/%s", s->dir, lower);
	tt_link(s, rel, target);
}

static void assert_dev(struct tt_fx *s, unsigned maj, unsigned min, int want, const char *how)
{
	const char *got = NULL;

	assert_int_equal(vc_blockdev_encrypted(&got, s->dir, maj, min), want);
	assert_non_null(got);
	assert_string_equal(got, how);
}

static void test_device_mapper(void **state)
{
	struct tt_fx *s = *state;

	dev(s, "8:2", NULL);                                       /* plain partition */
	dev(s, "8:3", NULL);
	dev(s, "253:0", "CRYPT-LUKS2-0a1b2c3d4e5f-luks-0a1b2c3d");   /* LUKS on sda3 */
	slave(s, "253:0", "sda3", "8:3");
	dev(s, "253:1", "LVM-Xk2vQ9rootlv");                       /* LVM on LUKS */
	slave(s, "253:1", "dm-0", "253:0");
	dev(s, "253:2", "LVM-Xk2vQ9homelv");                       /* LVM on plain sda2 */
	slave(s, "253:2", "sda2", "8:2");
	dev(s, "253:3", "CRYPT-PLAIN-swap");
	dev(s, "253:4", "CRYPT-BITLK-d1d2d3");
	dev(s, "9:0", NULL);                                       /* RAID1: one LVM-on-LUKS */
	slave(s, "9:0", "sdb1", "8:2");
	slave(s, "9:0", "dm-1", "253:1");
	dev(s, "7:0", NULL);                                       /* loop */
	tt_mkdir(s, "/dev/block/7:0/loop");
	dev(s, "253:9", "LVM-loopy");                              /* a cycle */
	slave(s, "253:9", "self", "253:9");

	assert_dev(s, 8, 2, 0, "none");
	assert_dev(s, 253, 0, 1, "luks");
	assert_dev(s, 253, 1, 1, "luks");
	assert_dev(s, 253, 2, 0, "none");
	assert_dev(s, 253, 3, 1, "dm-crypt");
	assert_dev(s, 253, 4, 1, "bitlocker");
	assert_dev(s, 9, 0, 1, "luks");
	assert_dev(s, 7, 0, -1, "loop");
	assert_dev(s, 253, 9, -1, "unknown");   /* depth limit, no hang */
	assert_dev(s, 8, 99, -1, "unknown");    /* not in sysfs */

	/* by filesystem type first, then the device */
	assert_int_equal(vc_mount_encrypted(NULL, s->dir, "ext4", 253, 1), 1);
	assert_int_equal(vc_mount_encrypted(NULL, s->dir, "xfs", 8, 2), 0);
}

static void test_mount_types(void **state)
{
	struct tt_fx *s = *state;
	static const struct {
		const char *fstype;
		int want;
		const char *how;
	} cases[] = {
		{ "ecryptfs", 1, "ecryptfs" }, { "fuse.gocryptfs", 1, "gocryptfs" },
		{ "tmpfs", -1, "tmpfs" }, { "proc", -1, "virtual" }, { "sysfs", -1, "virtual" },
		{ "cgroup2", -1, "virtual" }, { "overlay", -1, "overlay" },
		{ "squashfs", -1, "image" },
		{ "nfs4", -1, "network" }, { "fuse.rclone", -1, "fuse" }, { "zfs", -1, "zfs" },
		{ "ext4", 0, "none" }, { NULL, 0, NULL }
	};
	const char *how;
	size_t i;

	dev(s, "8:1", NULL);
	for (i = 0; cases[i].fstype; i++) {
		how = NULL;
		assert_int_equal(vc_mount_encrypted(&how, s->dir, cases[i].fstype, 8, 1),
				 cases[i].want);
		assert_string_equal(how, cases[i].how);
	}
	/* a disk filesystem without a known device */
	assert_int_equal(vc_mount_encrypted(&how, s->dir, "btrfs", 0, 31), -1);
}

/* ---- vc_scan_encrypted: attestations first, then the longest mount ---- */

static void test_encrypted_lookup(void **state)
{
	struct vc_scan_ctx ctx = { 0 };
	const char *how;
	static char no1[] = "/home/bob/Shared", yes1[] = "/srv/rec",
		    yes2[] = "/home/bob/Shared/Vault", tie[] = "/data/tie";

	(void)state;
	ctx.root.fd = -1;
	ctx.root.live = 1;
	assert_int_equal(vc_scan_add_mount(&ctx, "/", "ext4", 0, "none"), 0);
	assert_int_equal(vc_scan_add_mount(&ctx, "/home", "ext4", 0, "none"), 0);
	/* mounted again on the same point: the later one counts */
	assert_int_equal(vc_scan_add_mount(&ctx, "/home", "ext4", 1, "luks"), 0);
	assert_int_equal(vc_scan_add_mount(&ctx, "/home/alice", NULL, 1, "fscrypt"), 0);
	assert_int_equal(vc_scan_add_mount(&ctx, "/tmp", "tmpfs", -1, "tmpfs"), 0);
	assert_int_equal(ctx.nmounts, 4);
	ctx.enc_no = calloc(2, sizeof(char *));
	ctx.enc_yes = calloc(3, sizeof(char *));
	assert_non_null(ctx.enc_no);
	assert_non_null(ctx.enc_yes);
	ctx.enc_no[ctx.nenc_no++] = no1;
	ctx.enc_no[ctx.nenc_no++] = tie;
	ctx.enc_yes[ctx.nenc_yes++] = yes1;
	ctx.enc_yes[ctx.nenc_yes++] = yes2;
	ctx.enc_yes[ctx.nenc_yes++] = tie;

	assert_int_equal(vc_scan_encrypted(&ctx, "/home/alice/Documents/Zoom", &how), 1);
	assert_string_equal(how, "fscrypt");
	assert_int_equal(vc_scan_encrypted(&ctx, "/home/bob/Documents", &how), 1);
	assert_string_equal(how, "luks");
	assert_int_equal(vc_scan_encrypted(&ctx, "/home/bob/Shared/x.mp4", &how), 0);
	assert_string_equal(how, "attested");
	assert_int_equal(vc_scan_encrypted(&ctx, "/home/bob/Shared/Vault/x.mp4", &how), 1);
	assert_string_equal(how, "attested");
	assert_int_equal(vc_scan_encrypted(&ctx, "/srv/rec", &how), 1);
	assert_string_equal(how, "attested");
	assert_int_equal(vc_scan_encrypted(&ctx, "/data/tie/x", &how), 0);   /* "no" wins */
	assert_int_equal(vc_scan_encrypted(&ctx, "/homework/x", &how), 0);   /* not /home */
	assert_string_equal(how, "none");
	assert_int_equal(vc_scan_encrypted(&ctx, "/tmp/x", &how), -1);
	assert_string_equal(how, "tmpfs");
	assert_int_equal(vc_scan_encrypted(&ctx, NULL, &how), -1);

	/* an image (not live): only attestations speak */
	ctx.root.live = 0;
	assert_int_equal(vc_scan_encrypted(&ctx, "/home/bob/Documents", &how), -1);
	assert_null(how);
	assert_int_equal(vc_scan_encrypted(&ctx, "/home/bob/Shared/x.mp4", &how), 0);
	assert_string_equal(how, "attested");
	vc_scan_ctx_free(&ctx);
	assert_int_equal(ctx.root.fd, -1);
	vc_scan_ctx_free(NULL);
}

/* ---- the scanner ---- */

/* On an image nothing is said about encryption: facts absent, rules go manual. */
static void test_scanner_image(void **state)
{
	struct vc_scan_ctx ctx = { 0 };
	char dir[] = "/tmp/vc-image-XXXXXX";

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(vc_root_open(&ctx.root, dir), 0);
	assert_int_equal(ctx.root.live, 0);
	assert_int_equal(vc_pseudo_init(&ctx.pseudo, "k", 0), 0);
	assert_int_equal(vc_scanner_disk_encryption.scan(&ctx), 0);
	assert_int_equal(ctx.facts.n, 0);
	assert_int_equal(ctx.nmounts, 0);
	assert_int_equal(ctx.diags.n, 0);
	vc_scan_ctx_free(&ctx);
	rmdir(dir);
}

/* On this machine: the kernel's mount table, with /proc virtual and the fact set. */
static void test_scanner_live(void **state)
{
	struct vc_scan_ctx ctx = { 0 };
	const struct vc_fact *x;
	const char *how = NULL;
	size_t i;
	json_t *src;
	int found_root = 0;

	(void)state;
	assert_int_equal(vc_root_open(&ctx.root, "/"), 0);
	assert_int_equal(ctx.root.live, 1);
	assert_int_equal(vc_pseudo_init(&ctx.pseudo, "k", 0), 0);
	ctx.sources = json_array();
	assert_int_equal(vc_scanner_disk_encryption.scan(&ctx), 0);

	x = vc_fact_find(&ctx.facts, "host", "host", "host.disk_encryption.known");
	assert_non_null(x);
	assert_true(json_is_true(x->value));
	assert_string_equal(x->source, "/proc/self/mountinfo");
	assert_true(ctx.nmounts > 0);
	for (i = 0; i < ctx.nmounts; i++)
		found_root |= !strcmp(ctx.mounts[i].path, "/");
	assert_true(found_root);
	assert_int_equal(vc_scan_encrypted(&ctx, "/proc/self/status", &how), -1);
	assert_string_equal(how, "virtual");
	src = json_array_get(ctx.sources, 0);
	assert_string_equal(json_string_value(json_object_get(src, "path")),
			    "/proc/self/mountinfo");
	assert_int_equal(strlen(json_string_value(json_object_get(src, "sha256"))), 64);
	vc_scan_ctx_free(&ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mountinfo_parse),
		cmocka_unit_test(test_mountinfo_hostile),
		cmocka_unit_test_setup_teardown(test_device_mapper, sys_setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_mount_types, sys_setup, tt_teardown),
		cmocka_unit_test(test_encrypted_lookup),
		cmocka_unit_test(test_scanner_image),
		cmocka_unit_test(test_scanner_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
