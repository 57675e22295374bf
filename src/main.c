/* SPDX-License-Identifier: MIT */
/*
 * The command line: options, reading inputs, writing outputs and exit
 * codes. The library does the work; this is the only file that touches
 * argv, the standard streams and exit statuses.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/arena.h"
#include "dockharden/buf.h"
#include "dockharden/diag.h"
#include "dockharden/dump.h"
#include "dockharden/errors.h"
#include "dockharden/parse.h"
#include "dockharden/source.h"

#define DH_VERSION "0.1.0"

typedef struct opts {
	const char *command;
	const char *dump;
	const char *stdin_name;
	const char **paths;
	size_t npaths;
} opts;

static void put_out(const dh_buf *b)
{
	if (b->len)
		fwrite(b->data, 1, b->len, stdout);
}

static void put_err(const dh_buf *b)
{
	if (b->len)
		fwrite(b->data, 1, b->len, stderr);
}

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "dockharden: ");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\ntry 'dockharden --help'\n");
	return DH_EXIT_FAILURE;
}

static int read_input(dh_source **out, dh_arena *arena, const opts *o,
		      const char *path)
{
	int rc = dh_source_read(out, arena, path);
	if (rc == 0) {
		if (strcmp(path, "-") == 0 && o->stdin_name)
			(*out)->path = o->stdin_name;
		return 0;
	}
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	if (rc == DH_ETOOBIG)
		fprintf(stderr, "%s:1:1: error: input is larger than the %zu MiB limit [input-too-large]\n",
			name, DH_SOURCE_MAX >> 20);
	else
		fprintf(stderr, "%s:1:1: error: cannot read: %s [unreadable]\n",
			name, strerror(errno));
	return DH_EXIT_BADINPUT;
}

static int cmd_parse_one(const opts *o, const char *path)
{
	dh_arena *arena = dh_arena_new();
	dh_source *src;
	int status = read_input(&src, arena, o, path);
	if (status) {
		dh_arena_free(arena);
		return status;
	}
	dh_doc *doc;
	dh_parse(&doc, arena, src);
	dh_buf out = DH_BUF_INIT, err = DH_BUF_INIT;
	bool ok = dh_doc_ok(doc);
	const char *mode = o->dump ? o->dump : "reference";
	if (strcmp(mode, "source") == 0)
		dh_doc_render(&out, doc);
	else if (ok && strcmp(mode, "json") == 0)
		dh_dump_json(&out, doc);
	else if (ok && strcmp(mode, "cst") == 0)
		dh_dump_cst(&out, doc);
	else if (ok)
		dh_dump_reference(&out, doc);
	dh_diags_render(&err, &doc->diags, true);
	put_out(&out);
	put_err(&err);
	dh_buf_free(&out);
	dh_buf_free(&err);
	dh_arena_free(arena);
	return ok ? DH_EXIT_OK : DH_EXIT_BADINPUT;
}

static int cmd_parse(const opts *o)
{
	if (o->dump && strcmp(o->dump, "reference") && strcmp(o->dump, "source") &&
	    strcmp(o->dump, "json") && strcmp(o->dump, "cst"))
		return usage_error("unknown dump format '%s' (reference, source, json, cst)",
				   o->dump);
	int worst = 0;
	for (size_t i = 0; i < o->npaths; i++) {
		int rc = cmd_parse_one(o, o->paths[i]);
		if (rc > worst)
			worst = rc;
	}
	return worst;
}

static void print_help(void)
{
	fputs("usage: dockharden [COMMAND] [OPTIONS] [PATH...]\n"
	      "\n"
	      "commands:\n"
	      "  parse       print the parse: --dump=reference|source|json|cst\n"
	      "\n"
	      "PATH '-' or no PATH reads standard input.\n"
	      "exit status: 0 clean, 1 changes needed or findings, 2 bad input\n"
	      "(nothing written), 3 usage error or output failure.\n",
	      stdout);
}

static const char *opt_value(const char *arg, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(arg, name, n) == 0 && arg[n] == '=')
		return arg + n + 1;
	return NULL;
}

static int parse_args(opts *o, int argc, char **argv)
{
	static const char *const commands[] = {"parse"};
	int i = 1;
	o->command = "harden";
	if (i < argc) {
		for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
			if (strcmp(argv[i], commands[k]) == 0) {
				o->command = commands[k];
				i++;
				break;
			}
	}
	o->paths = calloc((size_t)argc + 1, sizeof(char *));
	if (!o->paths)
		abort();
	for (; i < argc; i++) {
		const char *a = argv[i], *v;
		if (strcmp(a, "-") == 0 || a[0] != '-') {
			o->paths[o->npaths++] = a;
		} else if ((v = opt_value(a, "--dump"))) {
			o->dump = v;
		} else if ((v = opt_value(a, "--stdin-filename"))) {
			o->stdin_name = v;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			print_help();
			return -1;
		} else if (strcmp(a, "--version") == 0) {
			printf("dockharden %s\n", DH_VERSION);
			return -1;
		} else {
			return usage_error("unknown option '%s'", a);
		}
	}
	if (!o->npaths)
		o->paths[o->npaths++] = "-";
	return 0;
}

int main(int argc, char **argv)
{
	opts o = {0};
	int rc = parse_args(&o, argc, argv);
	if (rc) {
		free(o.paths);
		return rc < 0 ? DH_EXIT_OK : rc;
	}
	if (strcmp(o.command, "parse") == 0)
		rc = cmd_parse(&o);
	else
		rc = usage_error("command '%s' is not available", o.command);
	free(o.paths);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "dockharden: cannot write output: %s\n",
			strerror(errno));
		return DH_EXIT_FAILURE;
	}
	return rc;
}
