/* SPDX-License-Identifier: MIT */
/*
 * The command line: options, reading inputs, writing outputs and exit
 * codes. The library does the work; this is the only file that touches
 * argv, the standard streams and exit statuses.
 */
#include <assert.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dockharden/arena.h"
#include "dockharden/atomic.h"
#include "dockharden/buf.h"
#include "dockharden/config.h"
#include "dockharden/diag.h"
#include "dockharden/diff.h"
#include "dockharden/doctor.h"
#include "dockharden/dump.h"
#include "dockharden/emit.h"
#include "dockharden/errors.h"
#include "dockharden/format.h"
#include "dockharden/interrupt.h"
#include "dockharden/lsp.h"
#include "dockharden/migrate.h"
#include "dockharden/parse.h"
#include "dockharden/pass.h"
#include "dockharden/patch.h"
#include "dockharden/report.h"
#include "dockharden/sniff.h"
#include "dockharden/source.h"
#include "explain_internal.h"
#include "lint_dir_internal.h"

#define DH_VERSION "0.1.0"

typedef enum out_mode {
	OUT_PRINT, /* result on stdout */
	OUT_WRITE, /* -w: replace the file */
	OUT_DIFF,  /* -d: unified diff */
	OUT_LIST,  /* -l: names of files that would change */
	OUT_CHECK, /* --check: status only */
} out_mode;

typedef struct opts {
	const char *command;
	out_mode mode;
	const char *dump;
	const char *stdin_name;
	const char *as;
	const char *format;
	const char *name;
	const char *image;
	const char *container;
	bool quiet;
	dh_harden_opts harden;
	const char **paths;
	size_t npaths;
	const char **disabled;
	size_t ndisabled;
	const char *current;	/* the path being worked on */
	const char *dockerfile; /* patch: facts from this Dockerfile */
	bool override;
	bool stdio;  /* lsp --stdio: accepted, the only transport */
	bool strict; /* patch, migrate: --level=strict */
	const dh_patch_image *images; /* patch: .dockharden.yaml images: */
	size_t nimages;
	const char *const *mirrors; /* patch: Docker Hub mirrors, pairs */
	size_t nmirrors;
	const dh_facts *facts;	 /* patch: facts read from dockerfile */
	const char *facts_image; /* patch: the image name they belong to */
	const char *report_path; /* migrate: Markdown report */
	uint32_t jobs;		 /* migrate: worker threads */
	bool dry_run;		 /* migrate: write nothing */
	bool uid_set;		 /* --uid given: it wins over configuration */
	bool level_set;		 /* --level given: it wins too */
	bool gid_set;
	dh_report *report;	     /* lint: the report being built */
	const dh__lint_item *walked; /* lint: the file being worked on */
	/* The configuration look-ups of this run, shared by its files. */
	dh_config_cache *configs;
	dh_interrupt *interrupt; /* writing runs: SIGINT/SIGTERM/SIGHUP */
} opts;

/* What one input produced, for the output stage. */
typedef struct result {
	dh_buf out;	       /* new text (transforms) or report (emitters) */
	dh_buf err;	       /* rendered diagnostics */
	bool bad_input;	       /* syntax errors: nothing is written */
	bool findings;	       /* warnings were reported */
	const dh_source *view; /* print this source as is instead of out */
	const dh_diags *diags; /* the findings, for --check's reason */
} result;

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt,
							     ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "dockharden: ");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\ntry 'dockharden --help'\n");
	return DH_EXIT_FAILURE;
}

static void put(FILE *f, const dh_buf *b)
{
	if (b->len)
		fwrite(b->data, 1, b->len, f);
}

/* The command's output: its buffer, or the input itself (no copy). */
static void put_result(const result *r)
{
	if (r->view)
		fwrite(r->view->data, 1, r->view->len, stdout);
	else
		put(stdout, &r->out);
}

/* "-" names standard input. */
static bool is_stdin(const char *path)
{
	return path && strcmp(path, "-") == 0;
}

static const char *display_name(const opts *o, const char *path)
{
	if (is_stdin(path))
		return o->stdin_name ? o->stdin_name : "<stdin>";
	return path;
}

static int read_input(dh_source **out, dh_arena *arena, const opts *o,
		      const char *path)
{
	int rc = dh_source_read(out, arena, path);
	if (rc == 0) {
		(*out)->path = dh_arena_strdup(arena, display_name(o, path));
		return 0;
	}
	const char *name = display_name(o, path);
	if (rc == DH_ETOOBIG)
		fprintf(stderr,
			"%s:1:1: error: input is larger than the %zu MiB limit "
			"[input-too-large]\n",
			name, DH_SOURCE_MAX >> 20);
	else
		fprintf(stderr, "%s:1:1: error: cannot read: %s [unreadable]\n",
			name, strerror(errno));
	return DH_EXIT_BADINPUT;
}

/* ---- per-command work: source in, result out ---- */

static void render_diags(result *r, const dh_doc *doc, const opts *o)
{
	for (const dh_diag *d = doc->diags.first; d; d = d->next) {
		if (d->severity == DH_SEV_WARNING)
			r->findings = true;
		if ((o->quiet || o->mode == OUT_CHECK) &&
		    d->severity == DH_SEV_NOTE)
			continue;
		dh_diag_render(&r->err, d, d->severity == DH_SEV_ERROR);
	}
}

static dh_doc *parse_checked(result *r, dh_arena *arena, dh_source *src,
			     const opts *o)
{
	dh_doc *doc;
	dh_parse(&doc, arena, src);
	dh_doc_check_instructions(&doc->diags, doc);
	if (dh_doc_ok(doc))
		return doc;
	r->bad_input = true;
	render_diags(r, doc, o);
	return NULL;
}

/*
 * The folder of the input, so passes can read scripts the Dockerfile
 * copies; for stdin, the folder of --stdin-filename (as editors pass it).
 */
static const char *folder_of(dh_arena *arena, const opts *o, const char *path)
{
	if (is_stdin(path))
		path = o->stdin_name;
	if (!path)
		return NULL;
	const char *slash = strrchr(path, '/');
	return slash ? dh_arena_strndup(arena, path, (size_t)(slash - path) + 1)
		     : ".";
}

static void harden_doc(result *r, dh_doc *doc, const opts *o)
{
	size_t changes;
	dh_harden_opts h = o->harden;
	h.base_dir = folder_of(doc->arena, o, o->current);
	int rc = dh_harden(doc, &h, &changes);
	if (rc < 0) {
		dh_buf_printf(&r->err, "%s: error: hardening failed: %s\n",
			      doc->src->path, dh_strerror(rc));
		r->bad_input = true;
		return;
	}
}

static void work_harden(result *r, dh_arena *arena, dh_source *src,
			const opts *o)
{
	dh_doc *doc = parse_checked(r, arena, src, o);
	if (!doc)
		return;
	harden_doc(r, doc, o);
	dh_doc_render(&r->out, doc);
	render_diags(r, doc, o);
	r->diags = &doc->diags;
}

/*
 * fmt keeps unknown instructions byte for byte; one warning says that
 * docker build will reject them, however many there are.
 */
static void warn_unknown(result *r, dh_arena *arena, dh_doc *doc)
{
	dh_diags unknown;
	dh_diags_init(&unknown, arena);
	size_t n = dh_doc_check_instructions(&unknown, doc);
	if (!n)
		return;
	const dh_span at = unknown.first->span;
	dh_diags warn;
	dh_diags_init(&warn, arena);
	dh_diag_add(&warn, DH_SEV_WARNING, "unknown-instruction", doc->src, at,
		    "unknown instruction '%.*s' kept as written (%zu in the "
		    "file): docker build rejects the file",
		    (int)(at.end - at.start), doc->src->data + at.start, n);
	dh_diags_render(&r->err, &warn, true);
	r->findings = true;
}

/* Lenient: lines that do not parse are kept as they are and reported. */
static void work_fmt(result *r, dh_arena *arena, dh_source *src, const opts *o)
{
	dh_doc *doc;
	dh_parse(&doc, arena, src);
	size_t changes;
	dh_format_render(&r->out, doc, &changes);
	r->diags = &doc->diags;
	warn_unknown(r, arena, doc);
	for (const dh_diag *d = doc->diags.first; d; d = d->next) {
		/* Lenient about syntax, not about the size limits. */
		if (!strcmp(d->code, "line-too-long")) {
			r->bad_input = true;
			dh_buf_clear(&r->out);
			dh_diag_render(&r->err, d, true);
			return;
		}
		if (d->severity != DH_SEV_ERROR ||
		    !strcmp(d->code, "no-instructions"))
			continue;
		r->findings = true;
		if (!o->quiet)
			dh_diag_render(&r->err, d, true);
	}
}

static void work_parse(result *r, dh_arena *arena, dh_source *src,
		       const opts *o)
{
	dh_doc *doc;
	dh_parse(&doc, arena, src);
	const char *mode = o->dump ? o->dump : "reference";
	r->bad_input = !dh_doc_ok(doc);
	if (strcmp(mode, "source") == 0)
		r->view = src; /* an unedited tree prints as its input */
	else if (!r->bad_input && strcmp(mode, "json") == 0)
		dh_dump_json(&r->out, doc);
	else if (!r->bad_input && strcmp(mode, "cst") == 0)
		dh_dump_cst(&r->out, doc);
	else if (!r->bad_input)
		dh_dump_reference(&r->out, doc);
	render_diags(r, doc, o);
}

static void work_emit(result *r, dh_arena *arena, dh_source *src, const opts *o)
{
	dh_doc *doc = parse_checked(r, arena, src, o);
	if (!doc)
		return;
	dh_facts before;
	dh_facts_before(&before, doc, &o->harden);
	harden_doc(r, doc, o);
	dh_facts facts;
	dh_facts_from_doc(&facts, doc, &o->harden);
	dh_facts_set_moves(&facts, arena, &before);
	int rc = 0;
	if (strcmp(o->command, "docker-run") == 0) {
		if (o->format && strcmp(o->format, "compose") == 0)
			rc = dh_emit_compose(&r->out, &facts, o->name,
					     o->image);
		else
			dh_emit_docker_run(&r->out, &facts, o->image);
	} else {
		dh_k8s_opts k = {.name = o->name,
				 .image = o->image,
				 .container = o->container,
				 .form = DH_K8S_FRAGMENT};
		if (o->as && strcmp(o->as, "patch") == 0)
			k.form = DH_K8S_PATCH;
		else if (o->as && strcmp(o->as, "pod") == 0)
			k.form = DH_K8S_POD;
		rc = dh_emit_k8s(&r->out, &facts, &k);
	}
	if (rc < 0)
		dh_buf_printf(&r->err, "%s: error: cannot write YAML: %s\n",
			      src->path, dh_strerror(rc));
	if (!o->quiet)
		for (const dh_diag *d = doc->diags.first; d; d = d->next)
			if (d->severity != DH_SEV_NOTE)
				dh_diag_render(&r->err, d, false);
}

static void work_patch(result *r, dh_arena *arena, dh_source *src,
		       const opts *o)
{
	dh_diags *diags = dh_arena_alloc(arena, sizeof(*diags));
	dh_diags_init(diags, arena);
	r->diags = diags;
	dh_patch_opts p = {.facts = o->facts,
			   .override = o->override,
			   .container = o->container,
			   .strict = o->strict,
			   .images = o->images,
			   .nimages = o->nimages,
			   .mirrors = o->mirrors,
			   .nmirrors = o->nmirrors,
			   .facts_image = o->facts_image};
	int rc = dh_patch_yaml(&r->out, diags, src, &p);
	if (rc == DH_EINPUT)
		r->bad_input = true;
	else if (rc < 0)
		dh_buf_printf(&r->err, "%s: error: %s\n", src->path,
			      dh_strerror(rc));
	for (const dh_diag *d = diags->first; d; d = d->next) {
		if (d->severity == DH_SEV_WARNING)
			r->findings = true;
		if ((o->quiet || o->mode == OUT_CHECK) &&
		    d->severity == DH_SEV_NOTE)
			continue;
		dh_diag_render(&r->err, d, d->severity == DH_SEV_ERROR);
	}
}

static int apply_config(opts *local, dh_arena *arena, const char *path,
			result *r, bool *skip);

/*
 * The image name a Dockerfile's facts belong to, as migrate pairs by
 * image name: --image's repository name, else the name the file carries
 * (Dockerfile.api, api.Dockerfile), else its folder's name.
 */
static const char *facts_image_name(dh_arena *arena, const opts *o)
{
	if (o->image) {
		const char *img = o->image;
		size_t n = strcspn(img, "@");
		const char *start = img;
		for (const char *c = img; c < img + n; c++)
			if (*c == '/')
				start = c + 1;
		return dh_arena_strndup(arena, start, strcspn(start, ":@"));
	}
	const char *path =
		is_stdin(o->dockerfile) ? o->stdin_name : o->dockerfile;
	if (!path)
		return NULL;
	const char *p = path;
	char cwd[4096];
	/* "Dockerfile" or "./Dockerfile": the folder is the current one */
	if ((!strchr(p, '/') || !strncmp(p, "./", 2)) &&
	    getcwd(cwd, sizeof(cwd)))
		p = dh_arena_printf(arena, "%s/%s", cwd,
				    p + 2 * !strncmp(p, "./", 2));
	const char *slash = strrchr(p, '/');
	const char *base = slash ? slash + 1 : p;
	const char *dot = strchr(base, '.');
	if (!strncmp(base, "Dockerfile.", 11) ||
	    !strncmp(base, "Containerfile.", 14))
		return dot[1] ? dot + 1 : NULL;
	if (dot && (!strcmp(dot, ".Dockerfile") || !strcmp(dot, ".dockerfile")))
		return dh_arena_strndup(arena, base, (size_t)(dot - base));
	if (!slash || slash == p)
		return NULL;
	const char *start = slash;
	while (start > p && start[-1] != '/')
		start--;
	return dh_arena_strndup(arena, start, (size_t)(slash - start));
}

/* The Dockerfile's paths left out of the mounts (a variable no default
 * sets): the manifest's findings do not name them. */
static void say_unresolved(dh_buf *err, const dh_doc *doc)
{
	for (const dh_diag *d = doc->diags.first; d; d = d->next)
		if (d->code && !strcmp(d->code, "unresolved-path"))
			dh_diag_render(err, d, false);
}

/*
 * patch --dockerfile F: the facts of F once hardened. Returns an exit
 * status (0 when the facts are ready); they live in arena.
 */
static int load_facts(opts *o, dh_arena *arena, dh_facts *facts)
{
	dh_source *src;
	int status = read_input(&src, arena, o, o->dockerfile);
	if (status)
		return status;
	result r = {DH_BUF_INIT, DH_BUF_INIT, false, false, NULL, NULL};
	/* The Dockerfile's own .dockharden.yaml (level, writable, mirrors)
	 * decides its facts, as it does for `harden` of that file. */
	opts local = *o;
	dh_config_cache configs = DH_CONFIG_CACHE_INIT;
	local.configs = &configs;
	bool skip;
	status = apply_config(&local, arena, o->dockerfile, &r, &skip);
	dh_doc *doc = status ? NULL : parse_checked(&r, arena, src, &local);
	if (doc) {
		dh_harden_opts h = local.harden;
		h.base_dir = folder_of(arena, o, o->dockerfile);
		dh_facts before;
		dh_facts_before(&before, doc, &h);
		dh_harden(doc, &h, NULL);
		dh_facts_from_doc(facts, doc, &h);
		dh_facts_set_moves(facts, arena, &before);
		say_unresolved(&r.err, doc);
		o->facts = facts;
		o->facts_image = facts_image_name(arena, o);
	}
	dh_config_cache_free(&configs);
	put(stderr, &r.err);
	dh_buf_free(&r.out);
	dh_buf_free(&r.err);
	if (status)
		return status;
	return doc ? 0 : DH_EXIT_BADINPUT;
}

/* Whether f changed src, or findings remain; lint's status. */
static void lint_status(result *r, const dh_source *src, const dh_diags *diags,
			const char *fixed, size_t fixed_len)
{
	for (const dh_diag *d = diags->first; d; d = d->next)
		if (d->severity != DH_SEV_NOTE)
			r->findings = true;
	bool changed = fixed && (fixed_len != src->len ||
				 memcmp(fixed, src->data, src->len) != 0);
	r->findings |= changed;
}

/* lint on a manifest or compose file: what patch would change. */
static void lint_yaml(result *r, dh_arena *arena, dh_source *src, const opts *o)
{
	dh_diags diags;
	dh_diags_init(&diags, arena);
	dh_patch_opts p = {.facts = o->facts,
			   .override = o->override,
			   .container = o->container,
			   .strict = o->strict,
			   .images = o->images,
			   .nimages = o->nimages,
			   .mirrors = o->mirrors,
			   .nmirrors = o->nmirrors,
			   .facts_image = o->facts_image};
	const dh__lint_item *w = o->walked;
	if (w && w->patch)
		p = *w->patch; /* found in a folder: as migrate patches it */
	int rc = dh_patch_yaml(&r->out, &diags, src, &p);
	for (size_t i = 0; w && i < w->nnotes; i++)
		dh_diag_add(&diags, DH_SEV_NOTE, "pairing", src,
			    (dh_span){0, 0}, "%s", w->notes[i]);
	r->bad_input = rc == DH_EINPUT;
	bool fixed = rc == 0;
	dh_report_file f = {.src = src,
			    .diags = &diags,
			    .fixed = fixed && r->out.data ? r->out.data : "",
			    .fixed_len = fixed ? r->out.len : 0};
	if (!fixed)
		f.fixed = NULL;
	dh_report_add(o->report, arena, &f);
	lint_status(r, src, &diags, f.fixed, f.fixed_len);
	dh_buf_clear(&r->out);
}

/* lint: findings and the fix, added to the report; nothing rewritten. */
static void work_lint(result *r, dh_arena *arena, dh_source *src, const opts *o)
{
	const char *name = is_stdin(o->current) ? o->stdin_name : o->current;
	if (!dh_sniff_is_dockerfile(src, name)) {
		lint_yaml(r, arena, src, o);
		return;
	}
	dh_doc *doc;
	dh_parse(&doc, arena, src);
	dh_doc_check_instructions(&doc->diags, doc);
	const char *fixed = NULL;
	size_t fixed_len = 0;
	/* The scripts it copies decide the user, as for harden. */
	dh_harden_opts h = o->harden;
	h.base_dir = folder_of(arena, o, o->current);
	if (dh_doc_ok(doc) && dh_harden(doc, &h, NULL) == 0) {
		dh_doc_render(&r->out, doc);
		fixed = r->out.data ? r->out.data : "";
		fixed_len = r->out.len;
	} else {
		r->bad_input = !dh_doc_ok(doc);
	}
	dh_report_file f = {.src = src,
			    .diags = &doc->diags,
			    .fixed = fixed,
			    .fixed_len = fixed_len};
	dh_report_add(o->report, arena, &f);
	lint_status(r, src, &doc->diags, fixed, fixed_len);
	dh_buf_clear(&r->out);
}

/* ---- output: print, write, diff, list, check ---- */

static int write_back(const opts *o, const char *path, const dh_buf *out,
		      const dh_file_stamp *stamp)
{
	dh_write_hooks hooks = {.interrupt = o->interrupt};
	int rc = dh_write_atomic(path, out->data ? out->data : "", out->len,
				 stamp, NULL, &hooks);
	if (rc == 0)
		return DH_EXIT_OK;
	fprintf(stderr, "%s: error: cannot write: %s [write-failed]\n", path,
		rc == DH_ECHANGED ? "the file changed on disk meanwhile"
				  : strerror(errno));
	return DH_EXIT_FAILURE;
}

static int emit_transform(const opts *o, const char *path, const dh_source *src,
			  result *r, const dh_file_stamp *stamp)
{
	bool changed =
		r->out.len != src->len || memcmp(r->out.data ? r->out.data : "",
						 src->data, src->len) != 0;
	int status = changed || r->findings ? DH_EXIT_CHANGES : DH_EXIT_OK;
	switch (o->mode) {
	case OUT_PRINT:
		put(stdout, &r->out);
		break;
	case OUT_LIST:
		if (changed)
			printf("%s\n", src->path);
		break;
	case OUT_DIFF: {
		dh_buf d = DH_BUF_INIT;
		dh_diff_unified(&d, src->path, src->path, src->data, src->len,
				r->out.data ? r->out.data : "", r->out.len);
		put(stdout, &d);
		dh_buf_free(&d);
		break;
	}
	case OUT_WRITE:
		if (changed && write_back(o, path, &r->out, stamp))
			status = DH_EXIT_FAILURE;
		break;
	case OUT_CHECK:
		if (status != DH_EXIT_OK)
			dh__cli_check_line(&r->err, o->command, src->path,
					   r->diags, changed);
		break;
	}
	return status;
}

typedef void (*work_fn)(result *, dh_arena *, dh_source *, const opts *);

/* What the command line set itself, which no .dockharden.yaml changes. */
static dh_config_given given_of(const opts *o)
{
	return (dh_config_given){
		.uid = o->uid_set, .gid = o->gid_set, .level = o->level_set};
}

/*
 * The .dockharden.yaml that applies to path, merged under the command
 * line (which wins). Returns 0 or an exit status; *skip when the
 * configuration's ignore globs name the file.
 */
static int apply_config(opts *local, dh_arena *arena, const char *path,
			result *r, bool *skip)
{
	dh_config cfg;
	dh_diags cd;
	dh_diags_init(&cd, arena);
	const char *for_path = is_stdin(path) ? local->stdin_name : path;
	int rc = dh_config_find_cached(&cfg, local->configs, &cd, for_path);
	*skip = false;
	if (rc < 0) {
		dh_config_render_error(&r->err, &cd, rc, for_path);
		return DH_EXIT_BADINPUT;
	}
	if (!cfg.path)
		return 0;
	/* the same settings the language server applies (config_apply.c) */
	dh_config_given given = given_of(local);
	dh_patch_opts p = {.strict = local->strict};
	dh_config_apply(&local->harden, &p, arena, &cfg, &given);
	local->strict = p.strict;
	local->images = p.images;
	local->nimages = p.nimages;
	local->mirrors = p.mirrors;
	local->nmirrors = p.nmirrors;
	*skip = for_path && dh_config_ignores_given(&cfg, for_path);
	return 0;
}

/*
 * The wrong kind of file (a manifest given to fmt, a Dockerfile to patch)
 * is bad input: one error, nothing printed on stdout, nothing written;
 * lint puts the error in its report, so a SARIF log still covers it.
 */
static bool refuse(result *r, dh_arena *arena, dh_source *src, const opts *o,
		   const char *path)
{
	const char *why = dh__cli_refusal(
		arena, o->command, src, is_stdin(path) ? o->stdin_name : path);
	if (!why)
		return false;
	dh_diags *diags = dh_arena_alloc(arena, sizeof(*diags));
	dh_diags_init(diags, arena);
	dh_diag_add(diags, DH_SEV_ERROR, "wrong-kind", src, (dh_span){0, 0},
		    "%s", why);
	r->bad_input = true;
	if (o->report) {
		dh_report_file f = {.src = src, .diags = diags};
		dh_report_add(o->report, arena, &f);
	} else {
		dh_diags_render(&r->err, diags, false);
	}
	return true;
}

/* The file a -w or -l run manages: one name in one folder. */
typedef struct stale_file {
	const char *dir;  /* as given, "" when path has no folder */
	const char *name; /* base name */
} stale_file;

static bool stale_manages(void *ctx, const char *target)
{
	const stale_file *f = ctx;
	return strcmp(target, f->name) == 0;
}

static void stale_print(void *ctx, const char *temp, bool removed)
{
	const stale_file *f = ctx;
	fprintf(stderr, "%s%s%s: %s\n", f->dir, *f->dir ? "/" : "", temp,
		removed ? "removed stale temporary file of an interrupted run"
			: "stale temporary file of an interrupted run "
			  "(a writing run removes it)");
}

/* Stale temps of killed runs beside path: removed by -w, listed by -l. */
static void stale_temps(const char *path, bool remove)
{
	const char *slash = strrchr(path, '/');
	size_t dlen = slash ? (size_t)(slash - path) + (slash == path) : 0;
	char *dir = malloc(dlen + 1);
	if (!dir)
		abort();
	memcpy(dir, path, dlen);
	dir[dlen] = '\0';
	stale_file f = {dir, slash ? slash + 1 : path};
	dh_stale_opts so = {.remove = remove,
			    .manages = stale_manages,
			    .found = stale_print,
			    .ctx = &f};
	size_t n;
	if (dh_atomic_stale(&n, dlen ? dir : ".", &so) == 0 && n && remove)
		fprintf(stderr,
			"dockharden: removed %zu stale temporary file%s "
			"beside '%s'\n",
			n, n == 1 ? "" : "s", path);
	free(dir);
}

static int run_one(const opts *o, const char *path, work_fn work,
		   bool transform)
{
	dh_arena *arena = dh_arena_new();
	result r = {DH_BUF_INIT, DH_BUF_INIT, false, false, NULL, NULL};
	opts local = *o;
	bool skip;
	int status = apply_config(&local, arena, path, &r, &skip);
	if (status || (skip && !is_stdin(path))) {
		put(stderr, &r.err);
		dh_buf_free(&r.err);
		dh_arena_free(arena);
		return status;
	}
	o = &local;
	if ((o->mode == OUT_WRITE || o->mode == OUT_LIST) && !is_stdin(path))
		stale_temps(path, o->mode == OUT_WRITE);
	dh_file_stamp stamp = {0};
	if (o->mode == OUT_WRITE)
		dh_file_stamp_get(&stamp, path);
	dh_source *src;
	status = read_input(&src, arena, o, path);
	if (status) {
		dh_arena_free(arena);
		return status;
	}
	if (refuse(&r, arena, src, o, path))
		work = NULL;
	else
		work(&r, arena, src, o);
	if (work == work_lint || (!work && o->report)) {
		status = r.bad_input  ? DH_EXIT_BADINPUT
			 : r.findings ? DH_EXIT_CHANGES
				      : DH_EXIT_OK;
	} else if (r.bad_input) {
		/* Bad input: nothing on stdout (except the source dump). */
		if (o->dump && strcmp(o->dump, "source") == 0)
			put_result(&r);
		status = DH_EXIT_BADINPUT;
	} else if (transform) {
		status = emit_transform(o, path, src, &r, &stamp);
	} else {
		put_result(&r);
		status = r.findings ? DH_EXIT_CHANGES : DH_EXIT_OK;
	}
	put(stderr, &r.err);
	dh_buf_free(&r.out);
	dh_buf_free(&r.err);
	dh_arena_free(arena);
	return status;
}

/* ---- argument parsing ---- */

static const struct command {
	const char *name;
	work_fn work;
	bool transform;
	const char *help;
} commands[] = {
	{"harden", work_harden, true,
	 "rewrite Dockerfiles into hardened form (the default)"},
	{"fmt", work_fmt, true,
	 "whitespace-only canonical formatting (format-on-save)"},
	{"patch", work_patch, true,
	 "harden Kubernetes manifests and compose files in place: "
	 "--override, --dockerfile=F, --container=NAME, --level=strict"},
	{"parse", work_parse, false,
	 "print the parse: --dump=reference|source|json|cst"},
	{"lint", work_lint, false,
	 "report findings without rewriting: "
	 "--format=text|json|sarif|github|checkstyle"},
	{"k8s", work_emit, false,
	 "Kubernetes securityContext YAML: --as=fragment|patch|pod"},
	{"docker-run", work_emit, false,
	 "matching docker run flags, or --format=compose"},
	{"migrate", NULL, false,
	 "harden a whole repository: [--dry-run] [--report FILE] [--jobs N] "
	 "[--format=json] DIR"},
	{"doctor", NULL, false,
	 "check the host: virtualization, user namespaces, seccomp"},
	{"lsp", NULL, false,
	 "language server (LSP 3.17) on stdin and stdout for editors: "
	 "[--stdio]"},
};

static void print_help(void)
{
	fputs("usage: dockharden [COMMAND] [OPTIONS] [PATH...]\n\ncommands:\n",
	      stdout);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %-11s %s\n", commands[i].name, commands[i].help);
	fputs("\noptions:\n"
	      "  -w               write the result back to the file (atomic)\n"
	      "  -d               print a unified diff instead of the result\n"
	      "  -l               list the files whose result differs\n"
	      "  --check          exit 1 when a change is needed, one line a file "
	      "on stderr\n"
	      "  --uid=N --gid=N  the non-root user to use (default 10001)\n"
	      "  --disable=DHnnn  turn a rule off (repeatable)\n"
	      "  --level=strict   also apply changes without evidence that "
	      "the image\n"
	      "                   still runs, in harden, patch and migrate\n"
	      "                   (default: proven, suggest them)\n"
	      "  --stdin-filename=NAME  the name of standard input in messages\n"
	      "  -q, --quiet      report warnings and errors only\n"
	      "  --name=N --image=I --container=C  names in emitted YAML\n"
	      "  --dockerfile=F   patch: take user, ports and paths from F\n"
	      "  --override       patch: replace explicit insecure values\n"
	      "  --dry-run --report=FILE --jobs=N  migrate: write nothing; "
	      "Markdown report; threads\n"
	      "  --list-passes    print the passes in the order they run\n"
	      "  --stdio          lsp: talk over stdin and stdout (the "
	      "default, accepted\n"
	      "                   for editors that pass it)\n"
	      "  --version, --help\n"
	      "\nPATH '-' or no PATH reads standard input.\n"
	      "exit status: 0 clean, 1 changes needed or findings, 2 bad input\n"
	      "(nothing written), 3 usage error or output failure, 4 another\n"
	      "run is writing the tree (migrate), 128+N stopped by signal N\n"
	      "(130 Ctrl-C: files being written are finished, none is left "
	      "partial).\n",
	      stdout);
}

static void list_passes(void)
{
	for (size_t i = 0; i < dh_pass_count(); i++) {
		const dh_pass *p = dh_pass_at(i);
		printf("%-16s %s  %s\n", p->name, p->rule, p->summary);
	}
}

static int parse_id(const char *v, uint32_t *out, const char *what)
{
	char *end;
	errno = 0;
	unsigned long n = strtoul(v, &end, 10);
	if (errno || end == v || *end || n == 0 || n > 2147483647UL)
		return usage_error("%s must be a number from 1 to 2147483647, "
				   "not '%s'",
				   what, v);
	*out = (uint32_t)n;
	return 0;
}

static int set_mode(opts *o, out_mode m)
{
	if (o->mode != OUT_PRINT && o->mode != m)
		return usage_error("choose one of -w, -d, -l and --check");
	o->mode = m;
	return 0;
}

/* Options that take a value, as --name=VALUE or --name VALUE. */
static const char *const valued[] = {
	"--dump",	"--stdin-filename", "--as",   "--format", "--name",
	"--image",	"--container",	    "--uid",  "--gid",	  "--disable",
	"--dockerfile", "--report",	    "--jobs", "--level",
};

static int set_value(opts *o, const char *name, const char *v)
{
	if (!strcmp(name, "--dump"))
		o->dump = v;
	else if (!strcmp(name, "--stdin-filename"))
		o->stdin_name = v;
	else if (!strcmp(name, "--as"))
		o->as = v;
	else if (!strcmp(name, "--format"))
		o->format = v;
	else if (!strcmp(name, "--name"))
		o->name = v;
	else if (!strcmp(name, "--image"))
		o->image = v;
	else if (!strcmp(name, "--container"))
		o->container = v;
	else if (!strcmp(name, "--dockerfile"))
		o->dockerfile = v;
	else if (!strcmp(name, "--report"))
		o->report_path = v;
	else if (!strcmp(name, "--jobs"))
		return parse_id(v, &o->jobs, "--jobs");
	else if (!strcmp(name, "--level")) {
		if (strcmp(v, "strict") != 0 && strcmp(v, "proven") != 0)
			return usage_error("--level must be 'proven' or "
					   "'strict', not '%s'",
					   v);
		o->harden.strict = !strcmp(v, "strict");
		o->strict = o->harden.strict;
		o->level_set = true;
	} else if (!strcmp(name, "--uid")) {
		o->uid_set = true;
		o->harden.explicit_user = true;
		int rc = parse_id(v, &o->harden.uid, "--uid");
		/* A group of the same number, unless --gid says otherwise. */
		if (rc == 0 && !o->gid_set)
			o->harden.gid = o->harden.uid;
		return rc;
	} else if (!strcmp(name, "--gid")) {
		o->gid_set = true;
		o->harden.explicit_user = true;
		return parse_id(v, &o->harden.gid, "--gid");
	} else
		o->disabled[o->ndisabled++] = v;
	return 0;
}

/* A flag without a value; returns 0, a usage status, or -1 to stop. */
static int set_flag(opts *o, const char *a)
{
	if (!strcmp(a, "-w"))
		return set_mode(o, OUT_WRITE);
	if (!strcmp(a, "-d"))
		return set_mode(o, OUT_DIFF);
	if (!strcmp(a, "-l"))
		return set_mode(o, OUT_LIST);
	if (!strcmp(a, "--check"))
		return set_mode(o, OUT_CHECK);
	if (!strcmp(a, "-q") || !strcmp(a, "--quiet"))
		return o->quiet = true, 0;
	if (!strcmp(a, "--override"))
		return o->override = true, 0;
	if (!strcmp(a, "--dry-run"))
		return o->dry_run = true, 0;
	if (!strcmp(a, "--stdio"))
		return o->stdio = true, 0;
	if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
		print_help();
		return -1;
	}
	if (!strcmp(a, "--version")) {
		printf("dockharden %s\n", DH_VERSION);
		return -1;
	}
	if (!strcmp(a, "--list-passes")) {
		list_passes();
		return -1;
	}
	return usage_error("unknown option '%s'", a);
}

/* Option argv[*i]; consumes the next argument for a separate value. */
static int parse_option(opts *o, int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	for (size_t k = 0; k < sizeof(valued) / sizeof(valued[0]); k++) {
		size_t n = strlen(valued[k]);
		if (strncmp(a, valued[k], n) != 0)
			continue;
		if (a[n] == '=')
			return set_value(o, valued[k], a + n + 1);
		if (a[n])
			continue;
		if (*i + 1 >= argc)
			return usage_error("option '%s' needs a value", a);
		return set_value(o, valued[k], argv[++*i]);
	}
	return set_flag(o, a);
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* Options that only make sense for some commands are refused elsewhere. */
static int check_fit(const opts *o)
{
	const char *c = o->command;
	bool transform = !strcmp(c, "harden") || !strcmp(c, "fmt") ||
			 !strcmp(c, "patch");
	if (o->mode != OUT_PRINT && !transform)
		return usage_error(
			"-w, -d, -l and --check work with harden, fmt "
			"and patch, not '%s'",
			c);
	if (o->format && strcmp(c, "lint") && strcmp(c, "docker-run") &&
	    strcmp(c, "migrate"))
		return usage_error("--format works with lint, docker-run and "
				   "migrate, not '%s'",
				   c);
	if (o->format && !strcmp(c, "docker-run") &&
	    strcmp(o->format, "compose") && strcmp(o->format, "flags"))
		return usage_error("unknown --format '%s' for docker-run "
				   "(flags, compose)",
				   o->format);
	if (o->as && strcmp(c, "k8s"))
		return usage_error("--as works with k8s, not '%s'", c);
	if (o->dump && strcmp(c, "parse"))
		return usage_error("--dump works with parse, not '%s'", c);
	if (!strcmp(c, "doctor") && o->npaths)
		return usage_error("doctor takes no paths");
	if (!strcmp(c, "lsp") && o->npaths)
		return usage_error("lsp takes no paths: the editor sends "
				   "the documents");
	if (o->stdio && strcmp(c, "lsp"))
		return usage_error("--stdio works with lsp, not '%s'", c);
	for (size_t i = 0; i < o->ndisabled; i++) {
		const char *r = o->disabled[i];
		if (!r || strncmp(r, "DH", 2) || strlen(r) != 5 ||
		    strspn(r + 2, "0123456789") != 3)
			return usage_error(
				"--disable takes a rule ID like DH107, "
				"not '%s'",
				r);
	}
	return 0;
}

static int check_values(const opts *o)
{
	int rc = check_fit(o);
	if (rc)
		return rc;
	if (o->dump && strcmp(o->dump, "reference") &&
	    strcmp(o->dump, "source") && strcmp(o->dump, "json") &&
	    strcmp(o->dump, "cst"))
		return usage_error(
			"unknown dump format '%s' (reference, source, "
			"json, cst)",
			o->dump);
	if (o->as && strcmp(o->as, "fragment") && strcmp(o->as, "patch") &&
	    strcmp(o->as, "pod"))
		return usage_error("unknown --as '%s' (fragment, patch, pod)",
				   o->as);
	if (o->name && !dh__cli_is_dns_label(o->name))
		return usage_error("--name must be a DNS-1123 label (a-z, 0-9 "
				   "and '-', at most 63, starting and ending "
				   "with a letter or digit), not '%s'",
				   o->name);
	if (o->mode == OUT_WRITE && !o->npaths)
		return usage_error("-w needs a file, not standard input");
	if (o->mode == OUT_WRITE)
		for (size_t i = 0; i < o->npaths; i++)
			if (is_stdin(o->paths[i]))
				return usage_error(
					"-w needs a file, not standard input");
	return 0;
}

static int parse_args(opts *o, const struct command **cmd, int argc,
		      char **argv)
{
	int i = 1;
	*cmd = find_command("harden");
	if (i < argc && find_command(argv[i]))
		*cmd = find_command(argv[i++]);
	o->command = (*cmd)->name;
	o->paths = calloc((size_t)argc + 1, sizeof(char *));
	o->disabled = calloc((size_t)argc + 1, sizeof(char *));
	if (!o->paths || !o->disabled)
		abort();
	bool only_paths = false;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (only_paths || !strcmp(a, "-") || a[0] != '-') {
			o->paths[o->npaths++] = a;
		} else if (!strcmp(a, "--")) {
			only_paths = true;
		} else {
			int rc = parse_option(o, argc, argv, &i);
			if (rc)
				return rc;
		}
	}
	o->harden.disabled = o->disabled;
	o->harden.ndisabled = o->ndisabled;
	int rc = check_values(o);
	if (!o->npaths && strcmp(o->command, "doctor") &&
	    strcmp(o->command, "lsp"))
		o->paths[o->npaths++] = "-";
	return rc;
}

static int run_doctor(void)
{
	dh_buf out = DH_BUF_INIT;
	int rc = dh_doctor(&out, "/proc", "/sys");
	put(stdout, &out);
	dh_buf_free(&out);
	return rc ? DH_EXIT_CHANGES : DH_EXIT_OK;
}

/*
 * lsp: the protocol owns stdin and stdout. A client that goes away must
 * end the session through a failed write, not kill us with SIGPIPE.
 */
static int run_lsp(void)
{
	signal(SIGPIPE, SIG_IGN);
	dh_lsp_opts lo = {.version = DH_VERSION};
	return dh_lsp_serve(0, 1, &lo);
}

static void migrate_progress(void *ctx, size_t done, size_t total)
{
	(void)ctx;
	fprintf(stderr, "\rmigrate: %zu/%zu files", done, total);
	if (done == total)
		fputc('\n', stderr);
}

static int write_report(const char *path, const dh_buf *report)
{
	FILE *f = fopen(path, "wb");
	if (!f ||
	    fwrite(report->data ? report->data : "", 1, report->len, f) !=
		    report->len ||
	    fclose(f) != 0) {
		fprintf(stderr, "dockharden: cannot write report '%s': %s\n",
			path, strerror(errno));
		return DH_EXIT_FAILURE;
	}
	return 0;
}

/* The stale temps a migration removed (or, dry, found), one a line. */
static void migrate_stale(const opts *o, const dh_buf *list, size_t n)
{
	if (!n)
		return;
	put(stderr, list);
	fprintf(stderr,
		"dockharden: %s %zu stale temporary file%s of an interrupted "
		"run\n",
		o->dry_run ? "found (a writing run removes them)" : "removed",
		n, n == 1 ? "" : "s");
}

static void migrate_busy(const char *dir, long pid)
{
	if (pid)
		fprintf(stderr,
			"dockharden: another dockharden run is writing %s "
			"(pid %ld); try again when it has finished\n",
			dir, pid);
	else
		fprintf(stderr,
			"dockharden: another dockharden run is writing %s; "
			"try again when it has finished\n",
			dir);
}

static int run_migrate(const opts *o)
{
	if (o->npaths != 1 || !o->paths[0] || is_stdin(o->paths[0]))
		return usage_error("migrate takes one folder");
	if (o->format && strcmp(o->format, "json") && strcmp(o->format, "text"))
		return usage_error(
			"unknown --format '%s' for migrate (text, json)",
			o->format);
	dh_migrate_opts mo = {
		.dry_run = o->dry_run,
		.jobs = o->jobs ? o->jobs : 1,
		.json = o->format && !strcmp(o->format, "json"),
		.progress = isatty(2) != 0,
		.on_progress = migrate_progress,
		.harden = &o->harden,
		.interrupt = o->interrupt,
		.strict = o->strict,
		.given = given_of(o),
	};
	dh_buf summary = DH_BUF_INIT, report = DH_BUF_INIT, stale = DH_BUF_INIT;
	mo.stale = &stale;
	dh_migrate_totals t = {0};
	int rc = dh_migrate(&summary, o->report_path ? &report : NULL, &t,
			    o->paths[0], &mo);
	migrate_stale(o, &stale, t.stale);
	put(stdout, &summary);
	int status = rc == DH_EBUSY	       ? DH_EXIT_BUSY
		     : rc		       ? DH_EXIT_FAILURE
		     : t.errors		       ? DH_EXIT_BADINPUT
		     : t.changed || t.findings ? DH_EXIT_CHANGES
					       : DH_EXIT_OK;
	if (rc == DH_EBUSY)
		migrate_busy(o->paths[0], t.busy_pid);
	else if (rc)
		fprintf(stderr, "dockharden: %s: %s\n", o->paths[0],
			dh_strerror(rc));
	else if (o->report_path && write_report(o->report_path, &report))
		status = DH_EXIT_FAILURE;
	dh_buf_free(&summary);
	dh_buf_free(&report);
	dh_buf_free(&stale);
	return status;
}

/*
 * lint DIR: the folder's Dockerfiles, manifests and compose files, read and
 * paired as `migrate` does with the command line's settings.
 */
static int expand_dirs(dh__lint_set *set, dh_arena *arena, const opts *o)
{
	const char *bad = NULL;
	dh_migrate_opts mo = {.dry_run = true,
			      .jobs = 1,
			      .harden = &o->harden,
			      .strict = o->strict,
			      .given = given_of(o)};
	if (dh__lint_expand(set, &bad, arena, o->paths, o->npaths, &mo)) {
		fprintf(stderr, "%s:1:1: error: cannot read: %s [unreadable]\n",
			bad, strerror(errno));
		return DH_EXIT_BADINPUT;
	}
	return 0;
}

/* Runs cmd over the paths (lint: set, folders expanded); the worst status. */
static int run_list(opts *o, const struct command *cmd, const dh__lint_set *set)
{
	int worst = 0;
	size_t n = o->report ? set->n : o->npaths;
	size_t done = 0;
	for (; done < n && !dh_interrupt_caught(o->interrupt); done++) {
		o->walked = o->report ? &set->items[done] : NULL;
		const char *path = o->walked ? o->walked->path : o->paths[done];
		assert(path);
		o->current = path;
		int s = run_one(o, path, cmd->work, cmd->transform);
		if (s > worst)
			worst = s;
	}
	o->walked = NULL;
	(void)dh_interrupt_close(o->interrupt);
	if (done < n)
		fprintf(stderr,
			"dockharden: interrupted: %zu of %zu files done, the "
			"other %zu left as they were\n",
			done, n, n - done);
	return worst;
}

static int run_paths(opts *o, const struct command *cmd)
{
	dh_report_format fmt = DH_REPORT_TEXT;
	if (cmd->work == work_lint) {
		if (o->format && dh_report_format_parse(&fmt, o->format))
			return usage_error("unknown --format '%s' (text, json, "
					   "sarif, github, checkstyle)",
					   o->format);
		o->report = dh_report_new(fmt, DH_VERSION);
	}
	dh_config_cache configs = DH_CONFIG_CACHE_INIT;
	/* Reset to NULL below, before configs goes out of scope. */
	/* cppcheck-suppress autoVariables */
	o->configs = &configs;
	dh_arena *walked = dh_arena_new();
	dh__lint_set set = {0};
	int worst = o->report ? expand_dirs(&set, walked, o) : 0;
	int s = run_list(o, cmd, &set);
	dh__lint_set_free(&set);
	dh_arena_free(walked);
	o->configs = NULL;
	dh_config_cache_free(&configs);
	if (o->report) {
		dh_buf out = DH_BUF_INIT;
		dh_report_finish(o->report, &out);
		put(stdout, &out);
		dh_buf_free(&out);
		dh_report_free(o->report);
	}
	return s > worst ? s : worst;
}

/* Commands that replace files: these finish cleanly on a signal. */
static bool writes(const opts *o)
{
	return o->mode == OUT_WRITE ||
	       (!strcmp(o->command, "migrate") && !o->dry_run);
}

static const char *signal_name(int signo)
{
	return signo == SIGINT	  ? "SIGINT"
	       : signo == SIGTERM ? "SIGTERM"
	       : signo == SIGHUP  ? "SIGHUP"
				  : "signal";
}

/*
 * Runs on the signal watcher thread, not in a handler. The first signal:
 * say so; the run stops starting files and exits 128 + signo at the end.
 * The next: every temp file is gone already, so exit at once.
 */
static void on_signal(void *ctx, int signo, bool again)
{
	(void)ctx;
	if (!again) {
		fprintf(stderr,
			"\ndockharden: %s: finishing the files being "
			"written, then stopping (again to stop at once)\n",
			signal_name(signo));
		return;
	}
	static const char msg[] =
		"\ndockharden: stopped at once; files not written are as "
		"they were\n";
	(void)!write(2, msg, sizeof(msg) - 1);
	_exit(DH_EXIT_SIGNAL + signo);
}

int main(int argc, char **argv)
{
	opts o = {0};
	dh_harden_opts_init(&o.harden);
	const struct command *cmd;
	int rc = parse_args(&o, &cmd, argc, argv);
	dh_arena *facts_arena = dh_arena_new();
	dh_facts facts;
	if (rc == 0 && o.dockerfile)
		rc = load_facts(&o, facts_arena, &facts);
	int worst = 0;
	if (rc == 0 && writes(&o) &&
	    dh_interrupt_start(&o.interrupt, on_signal, NULL) != 0)
		fprintf(stderr, "dockharden: cannot watch for signals: a "
				"signal now stops the run at once\n");
	if (rc == 0)
		worst = cmd->work			? run_paths(&o, cmd)
			: !strcmp(cmd->name, "migrate") ? run_migrate(&o)
			: !strcmp(cmd->name, "lsp")	? run_lsp()
							: run_doctor();
	int signo = dh_interrupt_close(o.interrupt);
	dh_interrupt_stop(o.interrupt);
	free(o.paths);
	free(o.disabled);
	dh_arena_free(facts_arena);
	if (rc)
		return rc < 0 ? DH_EXIT_OK : rc;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "dockharden: cannot write output: %s\n",
			strerror(errno));
		return DH_EXIT_FAILURE;
	}
	return signo ? DH_EXIT_SIGNAL + signo : worst;
}
