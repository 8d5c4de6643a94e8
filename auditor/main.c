/* vcaudit: entry point and the table of sub-commands. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#ifndef VC_VERSION
#define VC_VERSION "0.0.0"
#endif

static int cmd_version(int argc, char **argv);
static int cmd_help(int argc, char **argv);

static const struct vc_cmd_entry cmd_scan = {
	.name = "scan",
	.usage = "scan [--root DIR] [--input [PRODUCT:]PATH]... [--profile NAME|FILE] "
		 "[--org FILE] [--waivers FILE] "
		 "[--format text|json|md|csv|junit|html|pdf] [-o FILE] [--lang en|da] "
		 "[--fail-on SEVERITY] "
		 "[--reveal-identities] [--deep] [--product LIST] [--encrypted PATH] "
		 "[--not-encrypted PATH] [--max-file-size SIZE] [--max-depth N] [--max-entries N] "
		 "[--rules DIR] [--profiles DIR] "
		 "[--bundle FILE.tar.gz|FILE.zip] "
		 "[--upload URL [--upload-token-file FILE] [--upload-ca-file FILE] "
		 "[--upload-timeout SECONDS] [--upload-retries N] [--spool DIR] [--spool-max SIZE]]",
	.summary = "audit a machine or host image and report",
	.exec = vc_cmd_scan,
};
static const struct vc_cmd_entry cmd_facts = {
	.name = "facts",
	.usage = "facts [same inputs as scan] [-o FILE]",
	.summary = "print the collected facts as JSON",
	.exec = vc_cmd_facts,
};
static const struct vc_cmd_entry cmd_rules = {
	.name = "rules",
	.usage = "rules list [DIR] | show ID | lint [DIR] | test [DIR] [-v]",
	.summary = "list, show, check and test the rule set",
	.exec = vc_cmd_rules,
};
static const struct vc_cmd_entry cmd_profiles = {
	.name = "profiles",
	.usage = "profiles list | show NAME",
	.summary = "list or show profiles",
	.exec = vc_cmd_profiles,
};
static const struct vc_cmd_entry cmd_breach = {
	.name = "breach",
	.usage = "breach --report REPORT.json --incident FILE [--org FILE] [--lang da|en] "
		 "[-o FILE] [--register FILE]",
	.summary = "draft the breach notification to the authority (Art. 33/34)",
	.exec = vc_cmd_breach,
};
static const struct vc_cmd_entry cmd_verify = {
	.name = "verify",
	.usage = "verify BUNDLE",
	.summary = "re-check an evidence bundle against its manifest (0 intact, 2 not)",
	.exec = vc_cmd_verify,
};
static const struct vc_cmd_entry cmd_merge = {
	.name = "merge",
	.usage = "merge REPORT|DIR|ARCHIVE... [--format text|json|csv|html] [--lang en|da] "
		 "[-o FILE] [--previous FLEET.json] [--fail-on SEVERITY]",
	.summary = "merge host reports into one fleet report",
	.exec = vc_cmd_merge,
};
static const struct vc_cmd_entry cmd_fetch = {
	.name = "fetch",
	.usage = "fetch zoom --account-id ID --client-id ID [--client-secret-file FILE] -o EXPORT "
		 "| fetch bbb --url URL [--secret-file FILE] -o EXPORT",
	.summary = "pull tenant settings or server recordings live into an export",
	.exec = vc_cmd_fetch,
};
static const struct vc_cmd_entry cmd_ver = {
	.name = "version",
	.usage = "version",
	.summary = "print the version",
	.exec = cmd_version,
};
static const struct vc_cmd_entry cmd_hlp = {
	.name = "help",
	.usage = "help",
	.summary = "this text",
	.exec = cmd_help,
};

static const struct vc_cmd_entry *const commands[] = {
	&cmd_scan, &cmd_facts, &cmd_rules, &cmd_profiles, &cmd_breach, &cmd_verify, &cmd_merge,
	&cmd_fetch,
	&cmd_ver, &cmd_hlp, NULL
};

static int cmd_version(int argc, char **argv)
{
	printf("vcaudit %s\n", VC_VERSION);
	return VC_EXIT_OK;
}

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: vcaudit COMMAND [OPTIONS]\n\n");
	for (i = 0; commands[i]; i++)
		fprintf(out, "  %-9s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(out, "\n");
	for (i = 0; commands[i]; i++)
		fprintf(out, "  vcaudit %s\n", commands[i]->usage);
	fprintf(out, "\nExit codes: 0 all passed, 2 a rule failed, 1 audit not possible, "
		     "64 usage error.\n");
}

static int cmd_help(int argc, char **argv)
{
	usage(stdout);
	return VC_EXIT_OK;
}

int main(int argc, char **argv)
{
	size_t i;

	/* `vcaudit` alone audits this machine (DESIGN §3.1). */
	if (argc < 2 || argv[1][0] == '-') {
		if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
			return cmd_help(argc, argv);
		if (argc >= 2 && !strcmp(argv[1], "--version"))
			return cmd_version(argc, argv);
		return vc_cmd_scan(argc, argv);
	}
	for (i = 0; commands[i]; i++)
		if (!strcmp(commands[i]->name, argv[1]))
			return commands[i]->exec(argc - 1, argv + 1);
	fprintf(stderr, "vcaudit: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return VC_EXIT_USAGE;
}
