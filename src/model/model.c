/* SPDX-License-Identifier: MIT */
/*
 * The stage model: which stages exist, what they are built on, which
 * ARG defaults are visible where, and which user each step runs as. Passes
 * ask it instead of re-walking the tree themselves.
 */
#include "dockharden/model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dockharden/alloc.h"
#include "dockharden/buf.h"

typedef struct argvec {
	dh_arg *v;
	size_t n;
	size_t cap;
} argvec;

static void arg_push(argvec *a, dh_arena *arena, const char *word)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 8;
		a->v = dh_xrealloc(a->v, a->cap * sizeof(dh_arg));
	}
	const char *eq = strchr(word, '=');
	dh_arg *arg = &a->v[a->n++];
	arg->name =
		eq ? dh_arena_strndup(arena, word, (size_t)(eq - word)) : word;
	arg->value = NULL;
	if (!eq)
		return;
	const char *v = eq + 1;
	size_t len = strlen(v);
	if (len >= 2 && (v[0] == '"' || v[0] == '\'') && v[len - 1] == v[0])
		arg->value = dh_arena_strndup(arena, v + 1, len - 2);
	else
		arg->value = v;
}

static void env_push(argvec *a, const char *name, const char *value)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 8;
		a->v = dh_xrealloc(a->v, a->cap * sizeof(dh_arg));
	}
	a->v[a->n++] = (dh_arg){.name = name, .value = value};
}

static dh_arg *arg_finish(argvec *a, dh_arena *arena, size_t *out_n)
{
	dh_arg *out = dh_arena_alloc(arena, (a->n + 1) * sizeof(dh_arg));
	if (a->n)
		memcpy(out, a->v, a->n * sizeof(dh_arg));
	*out_n = a->n;
	free(a->v);
	a->v = NULL;
	a->n = a->cap = 0;
	return out;
}

static const char *lookup_arg(const dh_arg *args, size_t n, const char *name,
			      size_t len, bool *found)
{
	for (size_t i = n; i-- > 0;)
		if (strlen(args[i].name) == len &&
		    memcmp(args[i].name, name, len) == 0) {
			*found = true;
			return args[i].value;
		}
	return NULL;
}

/* The names ENV has set where a text is expanded (ENV wins over ARG). */
typedef struct envs {
	const dh_arg *v;
	size_t n;
} envs;

static const char *arg_value(const dh_model *m, const dh_stage *stage,
			     const envs *env, const char *name, size_t len,
			     bool *found)
{
	*found = false;
	const char *e =
		env ? lookup_arg(env->v, env->n, name, len, found) : NULL;
	if (*found)
		return e;
	if (!stage)
		return lookup_arg(m->global_args, m->nglobal, name, len, found);
	const char *v = lookup_arg(stage->args, stage->nargs, name, len, found);
	if (*found && !v) {
		bool g;
		v = lookup_arg(m->global_args, m->nglobal, name, len, &g);
	}
	return v;
}

static bool is_name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* Expands one reference at text (on the '$'); returns bytes consumed. */
static size_t expand_one(dh_buf *out, const dh_model *m, const dh_stage *stage,
			 const envs *env, const char *text)
{
	bool braced = text[1] == '{';
	const char *name = text + 1 + braced;
	size_t len = 0;
	while (is_name_char(name[len]))
		len++;
	const char *dflt = NULL;
	size_t dlen = 0, used = 1 + braced + len;
	if (braced) {
		if (name[len] == ':' && name[len + 1] == '-') {
			dflt = name + len + 2;
			dlen = strcspn(dflt, "}");
			used += 2 + dlen;
		}
		if (text[used] != '}')
			len = 0;
		used++;
	}
	bool found;
	const char *v =
		len ? arg_value(m, stage, env, name, len, &found) : NULL;
	if (v && *v)
		dh_buf_puts(out, v);
	else if (len && dflt)
		dh_buf_put(out, dflt, dlen);
	else {
		dh_buf_put(out, text, len ? used : 1);
		return len ? used : 1;
	}
	return used;
}

static const char *expand_env(const dh_model *model, dh_doc *doc,
			      const dh_stage *stage, const envs *env,
			      const char *text)
{
	if (!strchr(text, '$'))
		return text;
	dh_buf out = DH_BUF_INIT;
	for (size_t i = 0; text[i];) {
		if (text[i] == '$')
			i += expand_one(&out, model, stage, env, text + i);
		else
			dh_buf_putc(&out, text[i++]);
	}
	const char *r =
		dh_arena_strndup(doc->arena, out.data ? out.data : "", out.len);
	dh_buf_free(&out);
	return r;
}

const char *dh_model_expand(const dh_model *model, dh_doc *doc,
			    const dh_stage *stage, const char *text)
{
	return expand_env(model, doc, stage, NULL, text);
}

static bool parse_u32(const char *s, size_t n, uint32_t *out)
{
	if (!n || n > 10)
		return false;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

static bool name_id(const char *name, size_t n, const dh_baseimg *base,
		    uint32_t *id, uint32_t *gid)
{
	if (n == 4 && memcmp(name, "root", 4) == 0) {
		*id = *gid = 0;
		return true;
	}
	if (!base)
		return false;
	if (base->nonroot_user && strlen(base->nonroot_user) == n &&
	    memcmp(base->nonroot_user, name, n) == 0) {
		*id = base->nonroot_uid;
		*gid = base->nonroot_gid;
		return true;
	}
	if (base->user && strlen(base->user) == n &&
	    memcmp(base->user, name, n) == 0) {
		*id = base->uid;
		*gid = base->gid;
		return true;
	}
	return false;
}

void dh_user_parse(dh_user *out, const char *spec, const dh_baseimg *base)
{
	memset(out, 0, sizeof(*out));
	out->spec = spec;
	size_t ulen = strcspn(spec, ":");
	uint32_t gid_from_name = 0;
	out->known = parse_u32(spec, ulen, &out->uid) ||
		     name_id(spec, ulen, base, &out->uid, &gid_from_name);
	if (spec[ulen] == ':') {
		const char *g = spec + ulen + 1;
		uint32_t unused;
		out->has_gid = parse_u32(g, strlen(g), &out->gid) ||
			       name_id(g, strlen(g), base, &out->gid, &unused);
	} else if (out->known && !parse_u32(spec, ulen, &out->gid)) {
		/* A known name brings its primary group; a bare number takes
		 * the group from /etc/passwd at run time, unknown here. */
		out->gid = gid_from_name;
		out->has_gid = true;
	} else {
		out->gid = 0;
	}
	out->is_root = out->known && out->uid == 0;
}

static dh_user base_user(const dh_stage *st)
{
	dh_user u;
	if (st->parent)
		return st->parent->user_end;
	if (st->base && st->base->user) {
		dh_user_parse(&u, st->base->user, st->base);
		if (!u.known) {
			u.known = true;
			u.uid = st->base->uid;
			u.gid = st->base->gid;
			u.has_gid = true;
			u.is_root = u.uid == 0;
		}
		return u;
	}
	/* An image we know nothing about: Docker's default is root. */
	dh_user_parse(&u, "root", NULL);
	return u;
}

/* The base's knowledge, seeing through configured mirrors. */
static const dh_baseimg *lookup_base(const dh_model *m, dh_doc *doc,
				     const dh_stage *st)
{
	const dh_baseimg *b = dh_baseimg_lookup(&st->ref);
	for (size_t i = 0; !b && i + 1 < m->nimage_map; i += 2) {
		const char *to = m->image_map[i + 1];
		size_t n = strlen(to);
		if (!n || strncmp(st->image, to, n) != 0)
			continue;
		dh_image_ref orig;
		dh_image_ref_parse(&orig, doc->arena,
				   dh_arena_printf(doc->arena, "%s%s",
						   m->image_map[i],
						   st->image + n));
		b = dh_baseimg_lookup(&orig);
	}
	return b;
}

static size_t name_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)(s[i] |
				     (s[i] >= 'A' && s[i] <= 'Z' ? 0x20 : 0));
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

static size_t ptr_hash(const void *p)
{
	uint64_t h = (uint64_t)(uintptr_t)p;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (size_t)h;
}

static bool same_name(const char *a, const char *b, size_t n)
{
	if (strlen(a) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((a[i] | 0x20) != (b[i] | 0x20))
			return false;
	return true;
}

/* Index + 1 of the stage named ref (case-insensitive), or 0. */
static size_t find_name(const dh_model *m, const char *ref, size_t n)
{
	if (!m->table_size)
		return 0;
	size_t mask = m->table_size - 1;
	for (size_t i = name_hash(ref, n) & mask; m->by_name[i];
	     i = (i + 1) & mask) {
		const char *name = m->stages[m->by_name[i] - 1].name;
		if (same_name(name, ref, n))
			return m->by_name[i];
	}
	return 0;
}

static void index_stage(dh_model *m, size_t idx)
{
	const dh_stage *st = &m->stages[idx];
	size_t mask = m->table_size - 1;
	size_t i = ptr_hash(st->from) & mask;
	while (m->by_from[i])
		i = (i + 1) & mask;
	m->by_from[i] = idx + 1;
	if (!st->name)
		return;
	size_t n = strlen(st->name);
	if (find_name(m, st->name, n))
		return; /* the first stage of a name wins, as in Docker */
	for (i = name_hash(st->name, n) & mask; m->by_name[i];
	     i = (i + 1) & mask)
		;
	m->by_name[i] = idx + 1;
}

/* Keeps the tables at most half full; rebuilds them when they grow. */
static void grow_tables(dh_model *m, dh_doc *doc)
{
	if (m->table_size && m->nstages * 2 < m->table_size)
		return;
	size_t size = m->table_size ? m->table_size * 2 : 16;
	m->by_name = dh_arena_alloc(doc->arena, size * sizeof(size_t));
	m->by_from = dh_arena_alloc(doc->arena, size * sizeof(size_t));
	m->table_size = size;
	for (size_t i = 0; i + 1 < m->nstages; i++)
		index_stage(m, i);
}

static bool has_ci(const char *s, const char *needle)
{
	size_t n = strlen(needle);
	for (; s && *s; s++)
		if (!strncasecmp(s, needle, n))
			return true;
	return false;
}

/* A reference that names a Windows image by repository or tag. */
static const char *windows_ref(const dh_image_ref *r)
{
	const char *repo = r->repository ? r->repository : "";
	if (!strncasecmp(repo, "windows/", 8) || !strcasecmp(repo, "windows") ||
	    !strncasecmp(repo, "dotnet/framework/", 17) ||
	    has_ci(repo, "windowsservercore") || has_ci(repo, "nanoserver") ||
	    !strncasecmp(repo, "microsoft/dotnet-framework", 26))
		return "its repository is a Windows one";
	const char *tag = r->tag;
	if (has_ci(tag, "windowsservercore") || has_ci(tag, "nanoserver") ||
	    (tag && !strncasecmp(tag, "ltsc", 4)) || has_ci(tag, "-ltsc"))
		return "its tag names a Windows release";
	return NULL;
}

/* A step only a Windows image runs: a cmd or Windows PowerShell SHELL
 * (pwsh also runs on Linux), or a drive path such as C:\app. */
static const char *windows_step(const dh_instr *in)
{
	if (in->kind == DH_INSTR_SHELL && in->nargs) {
		const char *b = strrchr(in->args[0].text, '\\');
		b = b ? b + 1 : in->args[0].text;
		if (!strcasecmp(b, "powershell") ||
		    !strcasecmp(b, "powershell.exe") || !strcasecmp(b, "cmd") ||
		    !strcasecmp(b, "cmd.exe"))
			return "its SHELL is cmd or Windows PowerShell";
	}
	const char *t = in->rest ? in->rest : "";
	for (const char *c = strchr(t, ':'); c; c = strchr(c + 1, ':')) {
		bool drive = c > t &&
			     ((c[-1] | 0x20) >= 'a' && (c[-1] | 0x20) <= 'z');
		bool start = c - 1 == t || strchr(" \t\"'=[,", c[-2]);
		if (drive && start && (c[1] == '\\' || c[1] == '/'))
			return "it uses a Windows drive path (C:\\)";
	}
	return NULL;
}

static void start_stage(dh_model *m, dh_stage *st, dh_doc *doc, dh_node *n,
			const dh_instr *in)
{
	st->from = n;
	st->from_instr = in;
	st->name = in->from ? in->from->stage_name : NULL;
	const char *img = in->nargs ? in->args[0].text : "";
	st->image = dh_model_expand(m, doc, NULL, img);
	dh_image_ref_parse(&st->ref, doc->arena, st->image);
	/* Only an earlier stage can be a parent ("FROM node AS node" is
	 * the node image); this one is not indexed yet. */
	st->parent = dh_model_find_stage(m, st->image);
	st->base = st->parent ? st->parent->base : lookup_base(m, doc, st);
	/* The backtick escape is the Windows convention; it marks a Windows
	 * image unless the base is one we know to be Linux. */
	st->windows_why = windows_ref(&st->ref);
	if (!st->windows_why && st->parent && st->parent->windows)
		st->windows_why = st->parent->windows_why;
	if (!st->windows_why && st->base && st->base->windows)
		st->windows_why = "its base image is a Windows one";
	if (!st->windows_why && !st->base && doc->style.escape == '`' &&
	    !st->parent && !st->ref.is_scratch)
		st->windows_why = "the file uses the backtick escape";
	st->windows = st->windows_why != NULL;
	st->user_start = base_user(st);
	st->user_end = st->user_start;
	st->last = n;
}

/* ENV name=value pairs as values: references to earlier ARGs and ENVs
 * resolved, so a later $NAME reads the value Docker would see. */
static void read_env(argvec *env, const dh_model *m, const dh_stage *st,
		     dh_doc *doc, const dh_instr *in)
{
	for (size_t k = 0; k + 2 < in->nargs; k += 3) {
		envs seen = {env->v, env->n};
		const char *v =
			expand_env(m, doc, st, &seen, in->args[k + 1].text);
		env_push(env, in->args[k].text, v);
	}
}

static void stage_step(dh_model *m, dh_stage *st, dh_doc *doc, dh_node *n,
		       const dh_instr *in, argvec *args, argvec *env)
{
	st->last = n;
	st->args = args->v;
	st->nargs = args->n;
	if (in->kind == DH_INSTR_ARG)
		for (size_t k = 0; k < in->nargs; k++)
			arg_push(args, doc->arena, in->args[k].text);
	st->args = args->v;
	st->nargs = args->n;
	if (in->kind == DH_INSTR_ENV)
		read_env(env, m, st, doc, in);
	const char *win = st->windows ? NULL : windows_step(in);
	if (win) {
		st->windows = true;
		st->windows_why = win;
		m->windows = true;
	}
	if (in->kind == DH_INSTR_USER && in->nargs) {
		envs seen = {env->v, env->n};
		const char *spec =
			expand_env(m, doc, st, &seen, in->args[0].text);
		dh_user_parse(&st->user_end, spec, st->base);
		st->user_end.set_by = n;
	}
}

void dh_model_build(dh_model *out, dh_doc *doc)
{
	dh_model_build_mapped(out, doc, NULL, 0);
}

void dh_model_build_mapped(dh_model *out, dh_doc *doc,
			   const char *const *image_map, size_t nmap)
{
	memset(out, 0, sizeof(*out));
	out->image_map = image_map;
	out->nimage_map = nmap;
	size_t cap = 0;
	argvec globals = {0}, args = {0}, env = {0};
	dh_stage *cur = NULL;
	for (dh_node *n = doc->root->first_child; n; n = n->next) {
		const dh_instr *in = dh_node_instr(doc, n);
		if (!in)
			continue;
		out->has_onbuild |= in->kind == DH_INSTR_ONBUILD;
		if (in->kind == DH_INSTR_FROM) {
			if (cur) {
				cur->args = arg_finish(&args, doc->arena,
						       &cur->nargs);
				cur->envs = arg_finish(&env, doc->arena,
						       &cur->nenvs);
			}
			if (out->nstages == cap) {
				cap = cap ? cap * 2 : 4;
				dh_stage *grown = dh_arena_alloc(
					doc->arena, cap * sizeof(dh_stage));
				if (out->nstages)
					memcpy(grown, out->stages,
					       out->nstages * sizeof(dh_stage));
				out->stages = grown;
				for (size_t k = 0; k < out->nstages; k++)
					if (grown[k].parent)
						grown[k].parent =
							&grown[grown[k].parent
								       ->index];
			}
			cur = &out->stages[out->nstages];
			cur->index = out->nstages++;
			grow_tables(out, doc);
			start_stage(out, cur, doc, n, in);
			index_stage(out, cur->index);
			for (size_t k = 0;
			     cur->parent && k < cur->parent->nenvs; k++)
				env_push(&env, cur->parent->envs[k].name,
					 cur->parent->envs[k].value);
			out->windows |= cur->windows;
			continue;
		}
		if (!cur) {
			if (in->kind == DH_INSTR_ARG) {
				for (size_t k = 0; k < in->nargs; k++)
					arg_push(&globals, doc->arena,
						 in->args[k].text);
				out->global_args = globals.v;
				out->nglobal = globals.n;
			}
			continue;
		}
		stage_step(out, cur, doc, n, in, &args, &env);
	}
	if (cur) {
		cur->args = arg_finish(&args, doc->arena, &cur->nargs);
		cur->envs = arg_finish(&env, doc->arena, &cur->nenvs);
	} else {
		free(args.v);
		free(env.v);
	}
	out->global_args = arg_finish(&globals, doc->arena, &out->nglobal);
}

dh_stage *dh_model_final(const dh_model *model)
{
	return model->nstages ? &model->stages[model->nstages - 1] : NULL;
}

dh_stage *dh_model_find_stage(const dh_model *model, const char *ref)
{
	uint32_t idx;
	if (parse_u32(ref, strlen(ref), &idx))
		return idx < model->nstages ? &model->stages[idx] : NULL;
	size_t hit = find_name(model, ref, strlen(ref));
	return hit ? &model->stages[hit - 1] : NULL;
}

dh_stage *dh_model_stage_of(const dh_model *model, const dh_doc *doc,
			    const dh_node *node)
{
	(void)doc;
	if (!model->table_size || !node || !node->parent ||
	    node->parent->kind != DH_NODE_DOCUMENT)
		return NULL;
	/* The nearest FROM at or before node names its stage. */
	size_t mask = model->table_size - 1;
	for (const dh_node *n = node; n; n = n->prev) {
		for (size_t i = ptr_hash(n) & mask; model->by_from[i];
		     i = (i + 1) & mask)
			if (model->stages[model->by_from[i] - 1].from == n)
				return &model->stages[model->by_from[i] - 1];
	}
	return NULL;
}

/* The ENV values in effect at node: the parent stage's, then the stage's
 * own ENV lines before node. Arena-owned. */
static envs envs_at(const dh_model *model, dh_doc *doc, const dh_stage *st,
		    const dh_node *node)
{
	argvec env = {0};
	for (size_t k = 0; st->parent && k < st->parent->nenvs; k++)
		env_push(&env, st->parent->envs[k].name,
			 st->parent->envs[k].value);
	for (dh_node *n = st->from->next; n && n != node; n = n->next) {
		const dh_instr *in = dh_node_instr(doc, n);
		if (in && in->kind == DH_INSTR_FROM)
			break;
		if (in && in->kind == DH_INSTR_ENV)
			read_env(&env, model, st, doc, in);
	}
	size_t n;
	dh_arg *v = arg_finish(&env, doc->arena, &n);
	return (envs){v, n};
}

const char *dh_model_expand_at(const dh_model *model, dh_doc *doc,
			       const dh_stage *stage, const dh_node *node,
			       const char *text)
{
	if (!strchr(text, '$'))
		return text;
	envs env = envs_at(model, doc, stage, node);
	return expand_env(model, doc, stage, &env, text);
}

dh_user dh_model_user_at(const dh_model *model, dh_doc *doc,
			 const dh_node *node)
{
	dh_stage *st = dh_model_stage_of(model, doc, node);
	dh_user u;
	if (!st) {
		dh_user_parse(&u, "root", NULL);
		return u;
	}
	u = st->user_start;
	for (dh_node *n = st->from->next; n && n != node; n = n->next) {
		const dh_instr *in = dh_node_instr(doc, n);
		if (in && in->kind == DH_INSTR_USER && in->nargs) {
			const char *spec = dh_model_expand_at(model, doc, st, n,
							      in->args[0].text);
			dh_user_parse(&u, spec, st->base);
			u.set_by = n;
		}
	}
	return u;
}

dh_node *dh_stage_next(dh_doc *doc, const dh_stage *st, dh_node *prev)
{
	for (dh_node *n = prev ? prev->next : st->from->next; n; n = n->next) {
		const dh_instr *in = dh_node_instr(doc, n);
		if (!in)
			continue;
		return in->kind == DH_INSTR_FROM ? NULL : n;
	}
	return NULL;
}
