/* SPDX-License-Identifier: MIT */
/*
 * dh_migrate(): walks a repository, hardens every Dockerfile and patches
 * every manifest with the facts of the Dockerfile paired with each of its
 * containers, writing changed files atomically. Two phases run over a
 * pool of threads: Dockerfiles (and YAML sniffing), then manifests, once
 * every Dockerfile's facts are known. Each worker owns a scratch arena
 * reset after every file and a keep arena for what outlives the file, and
 * results land in the file's slot, so the output is the same for any
 * number of workers.
 */
#include "dockharden/migrate.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/alloc.h"
#include "dockharden/arena.h"
#include "dockharden/atomic.h"
#include "dockharden/cst.h"
#include "dockharden/errors.h"
#include "dockharden/parse.h"
#include "dockharden/patch.h"
#include "dockharden/source.h"
#include "dockharden/treelock.h"
#include "dockharden/walk.h"
#include "migrate_internal.h"

/* Files between two progress calls. */
#define PROGRESS_EVERY 64
/* More threads than this only add contention. */
#define MAX_JOBS 256
/*
 * Writes wait on fsync, not on the CPU, and the file system commits
 * concurrent fsyncs together: the write phase runs this many threads per
 * job, up to MAX_IO.
 */
#define IO_PER_JOB 8
#define MAX_IO 64

typedef struct run run;

typedef struct worker {
	run *r;
	dh_arena *scratch; /* the current file; reset after it */
	dh_arena *keep;	   /* facts, refs, manifest text: the whole run */
	dh_buf out;	   /* new text of the current file */
	pthread_t thread;
	bool running;
} worker;

/* Works on one file; returns true when the file is finished. */
typedef bool (*work_fn)(worker *w, dh__mig_file *f);

struct run {
	dh__mig_file *files;
	size_t n;
	const char *root;
	const dh_migrate_opts *opts;
	const dh_harden_opts *harden;
	const size_t *todo;
	size_t ntodo;
	work_fn work;
	/* workloads whose ports moved, for the Services of every manifest */
	dh_patch_moved *moved;
	size_t nmoved;
	atomic_size_t next;
	size_t done; /* under lock */
	pthread_mutex_t lock;
};

/* ---- one file ---- */

static const char *full_path(worker *w, const dh__mig_file *f)
{
	return dh_arena_printf(w->scratch, "%s/%s", w->r->root, f->path);
}

static const char *errno_text(worker *w, int err)
{
	char buf[256];
	if (strerror_r(err, buf, sizeof(buf)) != 0)
		return dh_arena_printf(w->scratch, "error %d", err);
	return dh_arena_strdup(w->scratch, buf);
}

/* An operational failure: the file is reported and left alone. */
static void fail(worker *w, dh__mig_file *f, const dh__mig_diags *sets,
		 size_t nsets, const char *msg)
{
	f->status = DH__MIG_ERROR;
	dh__mig_render(f, w->r->files, sets, nsets, msg);
}

/*
 * Compares w->out with the input and reports; a changed file's text is
 * kept for the write phase. Returns true when nothing is left to do.
 */
static bool finish(worker *w, dh__mig_file *f, const char *orig, size_t len,
		   const dh__mig_diags *sets, size_t nsets)
{
	const char *data = w->out.data ? w->out.data : "";
	bool changed = w->out.len != len || memcmp(data, orig, len) != 0;

	f->status = changed ? DH__MIG_CHANGED : DH__MIG_UNCHANGED;
	dh__mig_render(f, w->r->files, sets, nsets, NULL);
	if (!changed || w->r->opts->dry_run)
		return true;
	char *text = dh_arena_alloc(w->keep, w->out.len + 1);
	memcpy(text, data, w->out.len);
	f->out_text = text;
	f->out_len = w->out.len;
	return false;
}

/* Phase three: replaces a changed file, unless it changed meanwhile. */
static bool work_write(worker *w, dh__mig_file *f)
{
	const run *r = w->r;
	dh_write_hooks hooks = {.interrupt = r->opts->interrupt};
	int rc = dh_write_atomic(full_path(w, f), f->out_text, f->out_len,
				 &f->stamp, r->root, &hooks);
	if (rc == 0) {
		f->written = true;
		return true;
	}
	f->status = DH__MIG_ERROR;
	f->write_error = dh_arena_printf(
		w->keep, "cannot write: %s [write-failed]",
		rc == DH_ECHANGED ? "the file changed on disk meanwhile"
				  : errno_text(w, errno));
	return true;
}

/* The folder of a Dockerfile, with its slash, for scripts it copies. */
static const char *base_dir(worker *w, const char *full)
{
	const char *slash = strrchr(full, '/');
	return dh_arena_strndup(w->scratch, full, (size_t)(slash - full) + 1);
}

static bool harden_file(worker *w, dh__mig_file *f, dh_source *src)
{
	dh_doc *doc;
	dh_parse(&doc, w->scratch, src);
	/* BuildKit rejects unknown instructions: bad input, as for harden. */
	dh_doc_check_instructions(&doc->diags, doc);
	dh__mig_diags set = {&doc->diags, true, true};
	if (!dh_doc_ok(doc)) {
		fail(w, f, &set, 1, NULL);
		return true;
	}
	dh_harden_opts h = *w->r->harden;
	h.base_dir = base_dir(w, full_path(w, f));
	if (f->config)
		dh_config_apply(&h, NULL, w->scratch, f->config,
				&w->r->opts->given);
	dh_facts before;
	dh_facts_before(&before, doc, &h);
	int rc = dh_harden(doc, &h, NULL);
	if (rc < 0) {
		fail(w, f, &set, 1,
		     dh_arena_printf(w->scratch, "%s: hardening failed: %s",
				     f->path, dh_strerror(rc)));
		return true;
	}
	dh_doc_render(&w->out, doc);
	dh_facts facts;
	dh_facts_from_doc(&facts, doc, &h);
	dh_facts_set_moves(&facts, w->scratch, &before);
	dh__mig_facts_copy(&f->facts, &facts, w->keep);
	f->has_facts = true;
	return finish(w, f, src->data, src->len, &set, 1);
}

/* Phase one: read, then harden a Dockerfile or sniff a YAML file. */
static bool work_read(worker *w, dh__mig_file *f)
{
	const char *path = full_path(w, f);
	dh_source *src;

	f->kind = f->found == DH_FILE_DOCKERFILE ? DH__MIG_DOCKERFILE
						 : DH__MIG_OTHER;
	if (f->config_error) {
		fail(w, f, NULL, 0, f->config_error);
		return true;
	}
	dh_file_stamp_get(&f->stamp, path);
	int rc = dh_source_read(&src, w->scratch, path);
	if (rc) {
		fail(w, f, NULL, 0,
		     dh_arena_printf(w->scratch, "%s: cannot read: %s", f->path,
				     rc == DH_ETOOBIG ? dh_strerror(rc)
						      : errno_text(w, errno)));
		return true;
	}
	src->path = f->path;
	if (f->kind == DH__MIG_DOCKERFILE)
		return harden_file(w, f, src);
	dh__mig_sniff(f, w->keep, src);
	if (f->kind != DH__MIG_K8S && f->kind != DH__MIG_COMPOSE)
		return true;
	char *text = dh_arena_alloc(w->keep, (size_t)src->len + 1);
	memcpy(text, src->data, src->len);
	f->text = text;
	f->len = src->len;
	return false;
}

/*
 * Phase two: patch a manifest once, each paired container with the facts
 * of its own Dockerfile; the others on their own evidence.
 */
/* The patch options of manifest f: its pairs' facts, in arena. */
static dh_patch_opts patch_opts(const run *r, const dh__mig_file *f,
				dh_arena *arena)
{
	dh_patch_opts po;
	dh__mig_patch_opts(&po, arena, f, r->files, r->opts->strict, r->moved,
			   r->nmoved);
	/* only its patch settings: the facts came with the pairs */
	if (f->config)
		dh_config_apply(NULL, &po, arena, f->config, &r->opts->given);
	return po;
}

static bool work_patch(worker *w, dh__mig_file *f)
{
	dh__mig_diags *sets = dh_arena_alloc(w->scratch, sizeof(*sets));
	dh_diags *list = dh_arena_alloc(w->scratch, sizeof(*list));
	dh_source *cur = dh_source_new(w->scratch, f->path, f->text, f->len);
	dh_patch_opts po = patch_opts(w->r, f, w->scratch);

	dh_diags_init(list, w->scratch);
	sets[0] = (dh__mig_diags){list, true, true};
	dh_buf_clear(&w->out);
	int rc = cur ? dh_patch_yaml(&w->out, list, cur, &po) : DH_ETOOBIG;
	if (rc == DH_EINPUT) {
		fail(w, f, sets, 1, NULL);
		return true;
	}
	if (rc < 0) {
		fail(w, f, sets, 1,
		     dh_arena_printf(w->scratch, "%s: cannot patch: %s",
				     f->path, dh_strerror(rc)));
		return true;
	}
	return finish(w, f, f->text, f->len, sets, 1);
}

/* ---- the pool ---- */

static void progress_step(run *r)
{
	const dh_migrate_opts *o = r->opts;
	if (!o->progress || !o->on_progress)
		return;
	pthread_mutex_lock(&r->lock);
	size_t done = ++r->done;
	if (done % PROGRESS_EVERY == 0 || done == r->n)
		o->on_progress(o->progress_ctx, done, r->n);
	pthread_mutex_unlock(&r->lock);
}

static void *worker_main(void *arg)
{
	worker *w = arg;
	run *r = w->r;
	for (;;) {
		size_t i = atomic_fetch_add(&r->next, 1);
		if (i >= r->ntodo)
			break;
		if (dh_interrupt_caught(r->opts->interrupt)) {
			/* No new file after a signal: the rest stays old. */
			r->files[r->todo[i]].skipped = true;
			continue;
		}
		bool finished = r->work(w, &r->files[r->todo[i]]);
		dh_arena_reset(w->scratch);
		dh_buf_clear(&w->out);
		if (finished)
			progress_step(r);
	}
	return NULL;
}

/* Runs work over todo on the calling thread and up to nw - 1 others. */
static void run_phase(run *r, worker *ws, size_t nw, const size_t *todo,
		      size_t ntodo, work_fn work)
{
	r->todo = todo;
	r->ntodo = ntodo;
	r->work = work;
	atomic_store(&r->next, 0);
	for (size_t i = 1; i < nw && i < ntodo; i++)
		ws[i].running = pthread_create(&ws[i].thread, NULL, worker_main,
					       &ws[i]) == 0;
	worker_main(&ws[0]);
	for (size_t i = 1; i < nw; i++) {
		if (ws[i].running)
			pthread_join(ws[i].thread, NULL);
		ws[i].running = false;
	}
}

/* ---- the run ---- */

static void tally(dh_migrate_totals *t, const dh__mig_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const dh__mig_file *f = &files[i];
		if (!f->reported)
			continue; /* YAML that is not a manifest */
		t->files++;
		t->dockerfiles += f->kind == DH__MIG_DOCKERFILE;
		t->manifests +=
			f->kind == DH__MIG_K8S || f->kind == DH__MIG_COMPOSE;
		t->changed += f->status == DH__MIG_CHANGED;
		t->unchanged += f->status == DH__MIG_UNCHANGED;
		t->errors += f->status == DH__MIG_ERROR;
		t->interrupted += f->status == DH__MIG_INTERRUPTED;
		t->written += f->written;
		t->findings += f->followups;
	}
}

static void workers_free(worker *ws, size_t nw)
{
	for (size_t i = 0; i < nw; i++) {
		dh_arena_free(ws[i].scratch);
		dh_arena_free(ws[i].keep);
		dh_buf_free(&ws[i].out);
	}
	free(ws);
}

static void files_free(dh__mig_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		dh_buf_free(&files[i].md);
		dh_buf_free(&files[i].json);
	}
	free(files);
}

/* Files a phase left because of a signal: reported as not done. */
static void mark_interrupted(run *r)
{
	for (size_t i = 0; i < r->n; i++) {
		dh__mig_file *f = &r->files[i];
		if (!f->skipped)
			continue;
		if (!f->reported) {
			if (f->found == DH_FILE_DOCKERFILE)
				f->kind = DH__MIG_DOCKERFILE;
			dh__mig_render(f, r->files, NULL, 0, NULL);
		}
		f->status = DH__MIG_INTERRUPTED;
	}
}

static bool has_moves(const run *r, const dh__mig_file *f)
{
	for (size_t k = 0; k < f->npairs; k++)
		if (r->files[f->pairs[k].dockerfile].facts.nmoves)
			return true;
	return false;
}

/*
 * The workloads whose paired Dockerfile moved a port, from every
 * Kubernetes manifest, so a Service in another file of the repository
 * follows too. Few manifests have any: this runs on one thread.
 */
static void collect_moved(run *r, dh_arena *arena)
{
	size_t cap = 0;
	for (size_t i = 0; i < r->n; i++) {
		const dh__mig_file *f = &r->files[i];
		if (f->kind != DH__MIG_K8S || !f->text || !has_moves(r, f))
			continue;
		dh_source *src = dh_source_new(arena, f->path, f->text, f->len);
		dh_patch_opts po = patch_opts(r, f, arena);
		dh_patch_moved *found;
		size_t n;
		if (!src || dh_patch_find_moved(&found, &n, src, &po) != 0)
			continue;
		if (r->nmoved + n > cap) {
			cap = (r->nmoved + n) * 2;
			dh_patch_moved *grown =
				dh_arena_alloc(arena, cap * sizeof(*grown));
			if (r->nmoved)
				memcpy(grown, r->moved,
				       r->nmoved * sizeof(*grown));
			r->moved = grown;
		}
		for (size_t k = 0; k < n; k++) {
			found[k].workload = dh_arena_printf(
				arena, "%s in %s", found[k].workload, f->path);
			r->moved[r->nmoved++] = found[k];
		}
	}
}

/* Phase one, then pairing: Dockerfile facts and manifest pairs. */
static void run_read(run *r, worker *ws, size_t nw, size_t *todo,
		     dh_arena *arena, dh_migrate_totals *t)
{
	for (size_t i = 0; i < r->n; i++)
		todo[i] = i;
	run_phase(r, ws, nw, todo, r->n, work_read);
	t->paired = dh__mig_pair_all(r->files, r->n, arena);
	collect_moved(r, arena);
}

static void run_all(run *r, worker *ws, size_t nw, size_t nio, dh_arena *arena,
		    dh_migrate_totals *t)
{
	size_t *todo = dh_xcalloc(r->n + 1, sizeof(size_t));
	run_read(r, ws, nw, todo, arena, t);
	size_t m = 0;
	for (size_t i = 0; i < r->n; i++)
		if (r->files[i].text)
			todo[m++] = i;
	run_phase(r, ws, nw, todo, m, work_patch);
	m = 0;
	for (size_t i = 0; i < r->n; i++)
		if (r->files[i].out_text)
			todo[m++] = i;
	run_phase(r, ws, nio, todo, m, work_write);
	free(todo);
	t->signal = dh_interrupt_close(r->opts->interrupt);
	mark_interrupted(r);
	tally(t, r->files, r->n);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The stale-temp scan of one folder of the tree. */
typedef struct stale_ctx {
	const char *const *paths; /* every found file, sorted */
	size_t n;
	const char *dir; /* root-relative folder, "" for the root */
	dh_buf *list;	 /* opts->stale, or NULL */
	dh_buf name;
} stale_ctx;

static void stale_join(stale_ctx *c, const char *name)
{
	dh_buf_clear(&c->name);
	if (*c->dir)
		dh_buf_printf(&c->name, "%s/", c->dir);
	dh_buf_puts(&c->name, name);
}

static bool stale_manages(void *ctx, const char *target)
{
	stale_ctx *c = ctx;
	stale_join(c, target);
	const char *key = c->name.data;
	return bsearch(&key, c->paths, c->n, sizeof(char *), cmp_str) != NULL;
}

static void stale_found(void *ctx, const char *temp, bool removed)
{
	stale_ctx *c = ctx;
	(void)removed;
	stale_join(c, temp);
	if (c->list)
		dh_buf_printf(c->list, "%s\n", c->name.data);
}

/*
 * Removes (dry run: lists) the temp files killed runs left beside the
 * found files: one listing per folder that holds one.
 */
static size_t clean_stale(const dh_found *found, size_t n, const char *root,
			  const dh_migrate_opts *opts, dh_arena *arena)
{
	const char **paths = dh_xcalloc(n + 1, sizeof(char *));
	const char **dirs = dh_xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		paths[i] = found[i].path;
		const char *slash = strrchr(found[i].path, '/');
		dirs[i] = slash ? dh_arena_strndup(
					  arena, found[i].path,
					  (size_t)(slash - found[i].path))
				: "";
	}
	qsort(paths, n, sizeof(char *), cmp_str);
	qsort(dirs, n, sizeof(char *), cmp_str);
	stale_ctx c = {.paths = paths,
		       .n = n,
		       .list = opts->stale,
		       .name = DH_BUF_INIT};
	dh_stale_opts so = {.remove = !opts->dry_run,
			    .manages = stale_manages,
			    .found = stale_found,
			    .ctx = &c};
	size_t total = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && strcmp(dirs[i], dirs[i - 1]) == 0)
			continue;
		c.dir = dirs[i];
		size_t k = 0;
		const char *full =
			*c.dir ? dh_arena_printf(arena, "%s/%s", root, c.dir)
			       : root;
		if (dh_atomic_stale(&k, full, &so) == 0)
			total += k;
	}
	dh_buf_free(&c.name);
	free(paths);
	free(dirs);
	return total;
}

/* A walked tree with its workers, ready for the phases. */
struct dh__mig_scan {
	run r;
	worker *ws;
	size_t nw, nio;
	dh_arena *arena; /* the walk's paths, the pairs */
	dh_found *found;
	dh_migrate_opts opts;
	dh_harden_opts harden;
	dh_config_cache configs; /* owns the files' configurations */
};

/* Walks root and sets up the run and its workers; DH_EIO (errno set). */
static int scan_open(dh__mig_scan **out, const char *root,
		     const dh_migrate_opts *opts)
{
	dh__mig_scan *s = dh_xcalloc(1, sizeof(*s));
	size_t n;
	s->arena = dh_arena_new();
	int rc = dh_walk(&s->found, &n, s->arena, root);
	if (rc) {
		int saved = errno;
		dh_arena_free(s->arena);
		free(s);
		errno = saved;
		return rc;
	}
	s->opts = *opts;
	if (opts->harden)
		s->harden = *opts->harden;
	else
		dh_harden_opts_init(&s->harden);
	s->r = (run){
		.n = n, .root = root, .opts = &s->opts, .harden = &s->harden};
	s->r.files = dh_xcalloc(n + 1, sizeof(dh__mig_file));
	for (size_t i = 0; i < n; i++) {
		s->r.files[i].path = s->found[i].path;
		s->r.files[i].found = s->found[i].kind;
	}
	s->configs = (dh_config_cache)DH_CONFIG_CACHE_INIT;
	s->r.n = dh__mig_configure(s->r.files, s->found, n, root, &s->configs,
				   s->arena);
	size_t nw = opts->jobs ? opts->jobs : 1;
	s->nw = nw > MAX_JOBS ? MAX_JOBS : nw;
	size_t nio = s->nw * IO_PER_JOB > MAX_IO ? MAX_IO : s->nw * IO_PER_JOB;
	s->nio = nio < s->nw ? s->nw : nio;
	s->ws = dh_xcalloc(s->nio, sizeof(worker));
	for (size_t i = 0; i < s->nio; i++)
		s->ws[i] = (worker){.r = &s->r,
				    .scratch = dh_arena_new(),
				    .keep = dh_arena_new()};
	pthread_mutex_init(&s->r.lock, NULL);
	*out = s;
	return 0;
}

void dh__mig_scan_free(dh__mig_scan *s)
{
	if (!s)
		return;
	pthread_mutex_destroy(&s->r.lock);
	workers_free(s->ws, s->nio);
	files_free(s->r.files, s->r.n);
	dh_config_cache_free(&s->configs);
	dh_arena_free(s->arena);
	free(s);
}

int dh__mig_scan_new(dh__mig_scan **out, const char *root,
		     const dh_migrate_opts *opts)
{
	int rc = scan_open(out, root, opts);
	if (rc)
		return rc;
	dh__mig_scan *s = *out;
	dh_migrate_totals t = {0};
	size_t *todo = dh_xcalloc(s->r.n + 1, sizeof(size_t));
	run_read(&s->r, s->ws, s->nw, todo, s->arena, &t);
	free(todo);
	return 0;
}

const dh__mig_file *dh__mig_scan_files(const dh__mig_scan *s, size_t *n)
{
	*n = s->r.n;
	return s->r.files;
}

const dh_patch_moved *dh__mig_scan_moved(const dh__mig_scan *s, size_t *n)
{
	*n = s->r.nmoved;
	return s->r.moved;
}

int dh_migrate(dh_buf *summary, dh_buf *report, dh_migrate_totals *totals,
	       const char *root, const dh_migrate_opts *opts)
{
	dh__mig_scan *s;
	dh_migrate_totals t = {0};

	if (!root || !opts)
		return DH_EUSAGE;
	dh_tree_lock lock = DH_TREE_LOCK_INIT;
	if (!opts->dry_run) {
		long holder;
		int lrc = dh_tree_lock_take(&lock, &holder, root);
		if (lrc) {
			if (totals)
				totals->busy_pid = holder;
			return lrc;
		}
	}
	int rc = scan_open(&s, root, opts);
	if (rc) {
		int saved = errno;
		dh_tree_lock_release(&lock);
		errno = saved;
		return rc;
	}
	run *r = &s->r;
	t.stale = clean_stale(s->found, r->n, root, opts, s->arena);
	run_all(r, s->ws, s->nw, s->nio, s->arena, &t);
	if (summary)
		dh__mig_summary(summary, r->files, r->n, &t, opts->json,
				opts->dry_run);
	if (report)
		dh__mig_report(report, r->files, r->n, &t, root, opts->dry_run);
	if (totals)
		*totals = t;
	dh__mig_scan_free(s);
	dh_tree_lock_release(&lock);
	return 0;
}
