/* SPDX-License-Identifier: MIT */
/*
 * Who the hardened final stage runs as, and what it may write. Every
 * emitter takes the user from here, so `k8s`, `docker-run`, compose and
 * `patch` never name a user the Dockerfile does not run as; and a
 * read-only root is asked for only when the paths the user was handed are
 * known to start empty, so a tmpfs or emptyDir over them hides nothing.
 */
#include "facts_internal.h"

#include <stdio.h>
#include <string.h>

#include "dockharden/accounts.h"
#include "dockharden/artifact.h"
#include "dockharden/shellcmd.h"

/* A growable list of arena strings. */
typedef struct plist {
	const char **v;
	size_t n;
	size_t cap;
} plist;

static void plist_add(dh_arena *arena, plist *l, const char *s)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		const char **grown =
			dh_arena_alloc(arena, cap * sizeof(*grown));
		if (l->n)
			memcpy(grown, l->v, l->n * sizeof(*grown));
		l->v = grown;
		l->cap = cap;
	}
	l->v[l->n++] = s;
}

static bool plist_has(const plist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

/* path is dir itself or lies below it. */
static bool at_or_below(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (n == 1 && dir[0] == '/')
		return true;
	return strncmp(path, dir, n) == 0 &&
	       (path[n] == '\0' || path[n] == '/');
}

/* The message of the finding that kept the final stage root, if any. */
static const char *root_reason(const dh_doc *doc)
{
	for (const dh_diag *d = doc->diags.first; d; d = d->next)
		if (d->code &&
		    (!strcmp(d->code, "DH106") || !strcmp(d->code, "DH105")) &&
		    strstr(d->message, "root") && !strstr(d->message, "added"))
			return d->message;
	return NULL;
}

/* The name of the first variable in text ("DATA" in "/srv/${DATA}/x"),
 * or the text after the '$' when none is named. Arena-owned. */
static const char *first_var(dh_arena *arena, const char *text)
{
	const char *d = strchr(text, '$');
	const char *name = d + 1 + (d[1] == '{');
	size_t len = 0;
	while ((name[len] >= 'A' && name[len] <= 'Z') ||
	       (name[len] >= 'a' && name[len] <= 'z') ||
	       (name[len] >= '0' && name[len] <= '9') || name[len] == '_')
		len++;
	return len ? dh_arena_strndup(arena, name, len) : d;
}

const char *dh__facts_path(dh__unset_paths *unset, dh_doc *doc,
			   const dh_model *model, const dh_stage *st,
			   const dh_node *at, const char *what,
			   const char *text)
{
	const char *path = dh_model_expand_at(model, doc, st, at, text);
	if (!strchr(path, '$'))
		return path;
	if (unset->n == unset->cap) {
		size_t cap = unset->cap ? unset->cap * 2 : 4;
		dh__unset_path *grown =
			dh_arena_alloc(doc->arena, cap * sizeof(*grown));
		if (unset->n)
			memcpy(grown, unset->v, unset->n * sizeof(*grown));
		unset->v = grown;
		unset->cap = cap;
	}
	unset->v[unset->n++] = (dh__unset_path){
		.what = what,
		.word = text,
		.var = first_var(doc->arena, path),
		.at = at,
	};
	return NULL;
}

/* The last ENV HOME of stage s as written, or NULL; *at is its ENV. */
static const char *stage_home(dh_doc *doc, const dh_stage *s,
			      const dh_node **at)
{
	const char *home = NULL;
	for (dh_node *n = dh_stage_next(doc, s, NULL); n;
	     n = dh_stage_next(doc, s, n)) {
		const dh_instr *in = dh_node_instr(doc, n);
		for (size_t k = 0;
		     in->kind == DH_INSTR_ENV && k + 2 < in->nargs; k += 3)
			if (!strcmp(in->args[k].text, "HOME")) {
				home = in->args[k + 1].text;
				*at = n;
			}
	}
	return home;
}

/* The last ENV HOME of the stage and its ancestors, its ARG and ENV
 * values substituted; NULL when there is none or a variable is left. */
static const char *env_home(dh_doc *doc, const dh_model *model,
			    const dh_stage *st, dh__unset_paths *unset)
{
	for (const dh_stage *s = st; s; s = s->parent) {
		const dh_node *at = NULL;
		const char *home = stage_home(doc, s, &at);
		if (home)
			return dh__facts_path(unset, doc, model, s, at, "HOME",
					      home);
	}
	return NULL;
}

/* A finding about the settings, at the USER (or FROM) that decides. */
static void say(dh_doc *doc, const dh_stage *st, const char *message)
{
	const dh_node *at =
		st->user_end.set_by ? st->user_end.set_by : st->from;
	uint32_t origin = dh_node_origin(at);
	dh_diag_add(&doc->diags, DH_SEV_WARNING, "settings-user", doc->src,
		    (dh_span){origin, origin}, "%s", message);
}

/* The home a useradd/adduser gives the account, its ARG and ENV values
 * substituted; NULL when none or a variable is left. */
static const char *account_home(dh_doc *doc, const dh_model *model,
				const dh_account *acc, dh__unset_paths *unset)
{
	const dh_stage *st = dh_model_stage_of(model, doc, acc->run);
	if (!acc->home || !st)
		return acc->home;
	return dh__facts_path(unset, doc, model, st, acc->run, "HOME",
			      acc->home);
}

void dh__facts_identity(dh_facts *out, dh_doc *doc, const dh_model *model,
			const dh_stage *st, dh__unset_paths *unset)
{
	const dh_user *u = &st->user_end;
	const char *spec = u->spec ? u->spec : "root";
	const char *name =
		dh_arena_strndup(doc->arena, spec, strcspn(spec, ":"));
	dh_account acc = {0};
	bool created = !strchr(name, '$') &&
		       dh_account_find(&acc, doc, model, name, false);
	if (u->is_root) {
		out->identity = DH_IDENTITY_ROOT;
		out->root_reason = root_reason(doc);
		if (!out->root_reason)
			out->root_reason = "the final stage runs as root";
		say(doc, st,
		    "the image runs as root, so the settings leave "
		    "out the user, the capability drop and the "
		    "read-only root");
		return;
	}
	size_t unknown = unset->n;
	out->home = env_home(doc, model, st, unset);
	if (!out->home && unset->n == unknown && created)
		out->home = account_home(doc, model, &acc, unset);
	if (u->known) {
		out->identity = DH_IDENTITY_NUMERIC;
		out->uid = u->uid;
		out->gid = u->has_gid ? u->gid : u->uid;
	} else if (created && acc.has_id) {
		const char *colon = strchr(spec, ':');
		out->identity = DH_IDENTITY_NUMERIC;
		out->uid = acc.id;
		bool gid_known =
			colon ? dh_account_group_id(doc, model, colon + 1,
						    &out->gid)
			      : dh_account_primary_gid(doc, model, &acc, name,
						       &out->gid);
		if (!gid_known)
			out->gid = out->uid;
	} else {
		out->identity = DH_IDENTITY_NAMED;
		out->user_name = strchr(spec, '$') ? NULL : spec;
		say(doc, st,
		    dh_arena_printf(doc->arena,
				    "USER '%s' has no number in this file, so "
				    "runAsUser and runAsNonRoot are left out",
				    spec));
		return;
	}
	out->user_known = true;
}

/* What the walk over the final stage and its ancestors collects. */
typedef struct scan {
	dh_doc *doc;
	const dh_model *model;
	const dh_stage *stage; /* the stage being walked */
	dh_facts *out;
	dh__unset_paths *unset; /* paths whose variables are not set */
	plist names;		/* how the file may name the final user */
	const char *workdir;
	bool as_user;	   /* RUN steps run as the final user */
	bool created_user; /* the file creates the final user's account */
	plist owned;	   /* handed to the user, possibly with build files */
	dh_node **owned_by;
	bool *owned_files; /* handed over with files in it (COPY --chown) */
	size_t owned_cap;
	plist created; /* made empty by the build: mkdir, WORKDIR, homes */
	plist content; /* build files land at or below these */
	plist trees;   /* a whole folder copied here: below may be files */
	const char *blocker; /* why a read-only root may stop the app */
	const dh_node *blocker_at;
} scan;

static bool names_user(const scan *s, const char *owner)
{
	size_t len = strcspn(owner, strchr(owner, ':') ? ":" : ".");
	const char *user = dh_arena_strndup(s->doc->arena, owner, len);
	return plist_has(&s->names, user);
}

/* An absolute, normalised path for word of instruction at (its ARG and
 * ENV values substituted), or NULL when the build decides it (a variable
 * no default sets, globs, a relative path under an unknown WORKDIR). */
static const char *resolve(const scan *s, const dh_node *at, const char *word)
{
	word = dh_model_expand_at(s->model, s->doc, s->stage, at, word);
	if (!*word || strpbrk(word, "$*?[`"))
		return NULL;
	if (word[0] != '/' && !s->workdir)
		return NULL;
	return dh_path_join(s->doc->arena, s->workdir ? s->workdir : "/", word);
}

static void own(scan *s, const char *word, dh_node *by, bool with_files)
{
	/* a variable no default sets: judged with the other unset paths */
	if (!dh__facts_path(s->unset, s->doc, s->model, s->stage, by,
			    "the path handed to the user", word))
		return;
	const char *path = resolve(s, by, word);
	if (!path) {
		if (!s->blocker) {
			s->blocker = dh_arena_printf(
				s->doc->arena,
				"the user is handed '%s', which the build "
				"decides",
				word);
			s->blocker_at = by;
		}
		return;
	}
	for (size_t i = 0; i < s->owned.n; i++)
		if (!strcmp(s->owned.v[i], path)) {
			s->owned_files[i] = s->owned_files[i] || with_files;
			return;
		}
	if (s->owned.n == s->owned_cap) {
		size_t cap = s->owned_cap ? s->owned_cap * 2 : 8;
		dh_node **grown =
			dh_arena_alloc(s->doc->arena, cap * sizeof(*grown));
		bool *files =
			dh_arena_alloc(s->doc->arena, cap * sizeof(*files));
		if (s->owned.n) {
			memcpy(grown, s->owned_by, s->owned.n * sizeof(*grown));
			memcpy(files, s->owned_files,
			       s->owned.n * sizeof(*files));
		}
		s->owned_by = grown;
		s->owned_files = files;
		s->owned_cap = cap;
	}
	s->owned_by[s->owned.n] = by;
	s->owned_files[s->owned.n] = with_files;
	plist_add(s->doc->arena, &s->owned, path);
}

static void mark(scan *s, plist *l, const dh_node *at, const char *word)
{
	const char *path = resolve(s, at, word);
	if (path)
		plist_add(s->doc->arena, l, path);
}

/* A chmod mode that lets anyone write: octal with o+w, or a+w / o+w. */
static bool world_writable(const char *mode)
{
	if (mode[0] >= '0' && mode[0] <= '7') {
		size_t n = strspn(mode, "01234567");
		return mode[n] == '\0' && ((mode[n - 1] - '0') & 2);
	}
	const char *plus = strchr(mode, '+');
	if (!plus || !strchr(plus, 'w'))
		return false;
	for (const char *w = mode; w < plus; w++)
		if (*w == 'o' || *w == 'a')
			return true;
	return false;
}

/* The words of c that are not options; values of the options named in
 * valued are skipped with them. */
static size_t operands(const dh_shcmd *c, const char **outv, size_t max,
		       const char *const *valued, size_t nvalued)
{
	size_t n = 0;
	for (size_t k = 1; k < c->nwords && n < max; k++) {
		const char *w = c->words[k];
		if (w[0] == '-' && w[1]) {
			for (size_t v = 0; v < nvalued; v++)
				if (!strcmp(w, valued[v]))
					k++;
			continue;
		}
		outv[n++] = w;
	}
	return n;
}

/* Commands that prepare folders and accounts but leave no files. */
static bool setup_command(const char *w)
{
	static const char *const setup[] = {
		"mkdir",   "chown",    "chmod",	   "install",  "useradd",
		"adduser", "groupadd", "addgroup", "usermod",  "apt-get",
		"apt",	   "apk",      "rm",	   "ln",       "true",
		"set",	   "yum",      "dnf",	   "microdnf", "rmdir"};
	return dh_sh_word_in(w, setup, sizeof(setup) / sizeof(*setup));
}

/* An ENV HOME was found whose variables are not set: it stays HOME. */
static bool home_unset(const scan *s)
{
	for (size_t i = 0; i < s->unset->n; i++)
		if (!strcmp(s->unset->v[i].what, "HOME"))
			return true;
	return false;
}

/* A useradd/adduser: the final user's names, and the home it makes. */
static void scan_account(scan *s, dh_node *n, const dh_shcmd *c,
			 const dh_account *acc)
{
	const char *who = dh_account_created_name(c, false);
	bool same_id =
		acc->has_id && s->out->user_known && acc->id == s->out->uid;
	s->created_user = s->created_user || names_user(s, who) || same_id;
	if (same_id) {
		plist_add(s->doc->arena, &s->names, who);
		/* USER names it by number: its home is still HOME */
		if (!s->out->home && !home_unset(s))
			s->out->home =
				account_home(s->doc, s->model, acc, s->unset);
	}
	const char *home = acc->home ? resolve(s, n, acc->home) : NULL;
	if (home && names_user(s, who))
		plist_add(s->doc->arena, &s->created, home);
}

#define MAX_OPERANDS 64

static void scan_command(scan *s, dh_node *n, const dh_shcmd *c)
{
	static const char *const mkdir_opts[] = {"-m", "--mode"};
	static const char *const install_opts[] = {"-o", "-g", "-m", "-t",
						   "-S"};
	const char *ops[MAX_OPERANDS];
	if (!c->nwords)
		return;
	const char *cmd = c->words[0];
	dh_account acc;
	if (dh_account_read(&acc, s->doc->arena, n, c, false)) {
		scan_account(s, n, c, &acc);
		return;
	}
	if (!strcmp(cmd, "mkdir")) {
		size_t k = operands(c, ops, MAX_OPERANDS, mkdir_opts, 2);
		for (size_t i = 0; i < k; i++) {
			mark(s, &s->created, n, ops[i]);
			if (s->as_user)
				own(s, ops[i], n, false);
		}
	} else if (!strcmp(cmd, "chown") && !dh_sh_option(c, "--reference")) {
		size_t k = operands(c, ops, MAX_OPERANDS, NULL, 0);
		for (size_t i = 1; k && i < k; i++)
			if (names_user(s, ops[0]))
				own(s, ops[i], n, false);
	} else if (!strcmp(cmd, "chmod")) {
		size_t k = operands(c, ops, MAX_OPERANDS, NULL, 0);
		for (size_t i = 1; k && i < k && world_writable(ops[0]); i++)
			own(s, ops[i], n, false);
	} else if (!strcmp(cmd, "install") && dh_sh_has(c, "-d")) {
		const char *owner = dh_sh_option(c, "-o");
		if (!owner)
			owner = dh_sh_option(c, "--owner");
		size_t k = operands(c, ops, MAX_OPERANDS, install_opts, 5);
		for (size_t i = 0; i < k; i++) {
			mark(s, &s->created, n, ops[i]);
			if ((owner && names_user(s, owner)) || s->as_user)
				own(s, ops[i], n, false);
		}
	} else if (!setup_command(cmd)) {
		/* Anything else may write files: where it runs, and any
		 * absolute path it names. */
		if (s->workdir)
			plist_add(s->doc->arena, &s->content, s->workdir);
		for (size_t k = 1; k < c->nwords; k++) {
			const char *w = c->words[k];
			const char *eq = strchr(w, '=');
			if (eq && eq[1] == '/')
				w = eq + 1;
			if (w[0] == '/')
				mark(s, &s->content, n, w);
		}
	}
}

static void scan_copy(scan *s, dh_node *n, const dh_instr *in)
{
	if (in->nargs < 2)
		return;
	const char *dest = in->args[in->nargs - 1].text;
	mark(s, &s->content, n, dest);
	size_t len = strlen(dest);
	bool dir = len && dest[len - 1] == '/';
	for (size_t k = 0; k + 1 < in->nargs; k++) {
		const char *src = in->args[k].text;
		size_t sl = strlen(src);
		dir = dir || in->nargs > 2 || !strcmp(src, ".") ||
		      (sl && src[sl - 1] == '/') || strchr(src, '*');
	}
	if (dir)
		mark(s, &s->trees, n, dest);
	const char *chown = dh_instr_flag_value(in, "chown");
	if (chown && names_user(s, chown))
		own(s, dest, n, true);
}

static void scan_user(scan *s, const dh_instr *in)
{
	const char *spec = in->nargs ? in->args[0].text : "root";
	s->as_user = names_user(s, spec);
}

static void scan_node(scan *s, dh_node *n, const dh_instr *in)
{
	switch (in->kind) {
	case DH_INSTR_USER:
		scan_user(s, in);
		break;
	case DH_INSTR_WORKDIR: {
		const char *dir =
			in->nargs ? resolve(s, n, in->args[0].text) : NULL;
		s->workdir = dir;
		if (dir)
			plist_add(s->doc->arena, &s->created, dir);
		break;
	}
	case DH_INSTR_COPY:
	case DH_INSTR_ADD:
		scan_copy(s, n, in);
		break;
	case DH_INSTR_RUN: {
		dh_shcmd *cmds;
		size_t nc = dh_sh_split(&cmds, s->doc->arena, in->rest);
		for (size_t c = 0; c < nc; c++)
			scan_command(s, n, &cmds[c]);
		break;
	}
	default:
		break;
	}
}

/* The stages from the first ancestor down to st, walked in build order. */
static void scan_stages(scan *s, const dh_stage *st)
{
	if (st->parent)
		scan_stages(s, st->parent);
	else
		s->as_user = !st->user_start.is_root && st->user_start.spec &&
			     names_user(s, st->user_start.spec);
	s->stage = st;
	for (dh_node *n = dh_stage_next(s->doc, st, NULL); n;
	     n = dh_stage_next(s->doc, st, n))
		scan_node(s, n, dh_node_instr(s->doc, n));
}

/* Whether the build may leave files at path. */
static bool may_hold_files(const scan *s, const char *path)
{
	bool created = false;
	for (size_t i = 0; i < s->created.n && !created; i++)
		created = !strcmp(s->created.v[i], path);
	if (!created)
		return true; /* it came with the base image, or is a file */
	for (size_t i = 0; i < s->content.n; i++)
		if (at_or_below(s->content.v[i], path))
			return true;
	for (size_t i = 0; i < s->trees.n; i++)
		if (at_or_below(path, s->trees.v[i]))
			return true;
	return false;
}

static bool is_volume(const dh_facts *f, const char *path)
{
	for (size_t i = 0; i < f->nvolumes; i++)
		if (!strcmp(f->volumes[i], path))
			return true;
	return false;
}

/* Paths anyone may write and a tmpfs already covers, or the kernel's. */
static bool covered(const char *path)
{
	return at_or_below(path, "/tmp") || at_or_below(path, "/dev") ||
	       at_or_below(path, "/proc") || !strcmp(path, "/");
}

static const char *holds_files(const scan *s, const char *path)
{
	return dh_arena_printf(s->doc->arena,
			       "'%s' belongs to the user and may hold files "
			       "from the build, so the app may write there",
			       path);
}

static void judge(scan *s, dh_node *at_home)
{
	for (size_t i = 0; i < s->owned.n; i++) {
		const char *p = s->owned.v[i];
		if (covered(p) || is_volume(s->out, p))
			continue;
		if (s->owned_files[i] || may_hold_files(s, p)) {
			if (!s->blocker) {
				s->blocker = holds_files(s, p);
				s->blocker_at = s->owned_by[i];
			}
			continue;
		}
		dh_facts_add_writable(s->out, s->doc->arena, p);
	}
	const char *home = s->out->home;
	if (!home || home[0] != '/' || covered(home) || is_volume(s->out, home))
		return;
	if (!plist_has(&s->created, home) || may_hold_files(s, home)) {
		if (!s->blocker && plist_has(&s->created, home)) {
			s->blocker = holds_files(s, home);
			s->blocker_at = at_home;
		}
		return;
	}
	dh_facts_add_writable(s->out, s->doc->arena, home);
}

/* The unset paths in file order (VOLUMEs were read first): a stable
 * insertion sort, the list is short. */
static void sort_unset(dh__unset_paths *unset)
{
	for (size_t i = 1; i < unset->n; i++) {
		dh__unset_path u = unset->v[i];
		size_t j = i;
		for (; j && dh_node_origin(unset->v[j - 1].at) >
				    dh_node_origin(u.at);
		     j--)
			unset->v[j] = unset->v[j - 1];
		unset->v[j] = u;
	}
}

/* The first path whose variables are not set keeps the read-only root
 * out: where the app writes is decided by the build. */
static void unset_blocker(scan *s)
{
	sort_unset(s->unset);
	if (s->blocker || !s->unset->n)
		return;
	const dh__unset_path *u = &s->unset->v[0];
	s->blocker = dh_arena_printf(s->doc->arena,
				     "%s '%s' uses '%s', which no ARG or ENV "
				     "default sets",
				     u->what, u->word, u->var);
	s->blocker_at = u->at;
}

/* Under a read-only root, each path left out of the mounts is named. */
static void say_unset(dh_doc *doc, const dh__unset_paths *unset)
{
	for (size_t i = 0; i < unset->n; i++) {
		const dh__unset_path *u = &unset->v[i];
		uint32_t origin = dh_node_origin(u->at);
		dh_diag_add(&doc->diags, DH_SEV_WARNING, "unresolved-path",
			    doc->src, (dh_span){origin, origin},
			    "%s '%s' is left out of the mounts: no ARG or ENV "
			    "default sets '%s'",
			    u->what, u->word, u->var);
	}
}

void dh__facts_owned_paths(dh_facts *out, dh_doc *doc, const dh_model *model,
			   const dh_stage *st, bool strict,
			   dh__unset_paths *unset)
{
	if (out->identity == DH_IDENTITY_ROOT) {
		out->read_only_root = false;
		out->rofs_missing = "the image runs as root";
		return;
	}
	scan s = {.doc = doc, .model = model, .out = out, .unset = unset};
	const char *spec = st->user_end.spec ? st->user_end.spec : "";
	plist_add(doc->arena, &s.names,
		  dh_arena_strndup(doc->arena, spec, strcspn(spec, ":")));
	if (out->user_known)
		plist_add(doc->arena, &s.names,
			  dh_arena_printf(doc->arena, "%lu",
					  (unsigned long)out->uid));
	if (st->base && st->base->user && out->user_known &&
	    st->base->uid == out->uid)
		plist_add(doc->arena, &s.names, st->base->user);
	scan_stages(&s, st);
	unset_blocker(&s);
	judge(&s, st->user_end.set_by ? st->user_end.set_by : st->from);
	const dh_stage *root = st;
	while (root->parent)
		root = root->parent;
	if (!s.blocker && !s.created_user && !root->base) {
		/* An image we know nothing about may have made this user and
		 * handed it folders: where it writes is unknown. */
		s.blocker = dh_arena_printf(
			doc->arena,
			"the user comes from '%s', which may have handed it "
			"the folders the app writes",
			root->image ? root->image : "?");
		s.blocker_at =
			st->user_end.set_by ? st->user_end.set_by : root->from;
	}
	out->read_only_root = true;
	if (!s.blocker)
		return;
	uint32_t origin = dh_node_origin(s.blocker_at);
	if (strict) {
		dh_diag_add(&doc->diags, DH_SEV_WARNING, "read-only-root",
			    doc->src, (dh_span){origin, origin},
			    "read-only root kept by --level=strict (unproven): "
			    "%s",
			    s.blocker);
		say_unset(doc, unset);
		return;
	}
	out->read_only_root = false;
	out->rofs_missing = s.blocker;
	dh_diag *d = dh_diag_add(&doc->diags, DH_SEV_WARNING, "read-only-root",
				 doc->src, (dh_span){origin, origin},
				 "read-only root left out: %s", s.blocker);
	d->hint = "if the app writes only under /tmp and its VOLUMEs, "
		  "--level=strict asks for a read-only root anyway; "
		  "otherwise move what it writes to a VOLUME";
}
