/* SPDX-License-Identifier: MIT */
/*
 * textDocument/hover: on a FROM line's image, what the base-image table
 * knows about it (the facts every pass decides from); on a finding, its
 * rule's one-line rationale and the link to the rule's section.
 */
#include "analysis_internal.h"

#include <string.h>

#include "dockharden/baseimg.h"
#include "dockharden/buf.h"
#include "dockharden/model.h"

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

static void put_user(dh_buf *md, const dh_baseimg *b)
{
	dh_buf_printf(md, "- user: `%s` (uid %u, gid %u)",
		      b->user ? b->user : "root", b->uid, b->gid);
	if (b->nonroot_user)
		dh_buf_printf(md, "; unprivileged account `%s` (%u:%u)",
			      b->nonroot_user, b->nonroot_uid, b->nonroot_gid);
	dh_buf_putc(md, '\n');
}

/* The runtime image the multi-stage split would ship this build on. */
static void put_runtime(dh_buf *md, dh_arena *arena, const dh_image_ref *ref)
{
	const char *rt = dh_baseimg_runtime_for(arena, ref, false);
	const char *st = dh_baseimg_runtime_for(arena, ref, true);
	if (!rt && !st)
		return;
	dh_buf_printf(md, "- runtime counterpart (multi-stage split): `%s`",
		      rt ? rt : st);
	if (rt && st && strcmp(rt, st))
		dh_buf_printf(md, "; for a static artifact `%s`", st);
	dh_buf_putc(md, '\n');
}

static void put_known(dh_buf *md, dh_arena *arena, const dh_stage *st)
{
	const dh_baseimg *b = st->base;
	dh_buf_printf(md, "base-image table: `%s`, %s\n\n", b->id,
		      dh_baseimg_eco_name(b->eco));
	put_user(md, b);
	dh_buf_printf(md, "- shell: %s\n- CA bundle: %s\n- libc: %s\n",
		      yes_no(b->has_shell), yes_no(b->has_ca_certs),
		      dh_baseimg_libc_name(b->libc));
	dh_buf_printf(md, "- package manager: %s\n",
		      dh_baseimg_pkg_name(b->pkg));
	put_runtime(md, arena, &st->ref);
	if (b->note)
		dh_buf_printf(md, "\n%s\n", b->note);
}

static void put_image(dh_buf *md, dh_arena *arena, const dh_stage *st)
{
	dh_buf_printf(md, "**`%s`**", st->image ? st->image : "");
	if (st->parent) {
		dh_buf_printf(md, ": builds on stage `%s`\n",
			      st->parent->name ? st->parent->name : "");
		return;
	}
	dh_buf_puts(md, "\n\n");
	if (st->base)
		put_known(md, arena, st);
	else if (st->ref.is_scratch)
		dh_buf_puts(md, "the empty image: no shell, no CA bundle, "
				"no C library, no users\n");
	else if (st->ref.has_variable)
		dh_buf_puts(md, "holds a variable with no known default\n");
	else
		dh_buf_puts(md, "not in dockharden's base-image table "
				"(docs/base-images.md)\n");
}

/* The stage whose FROM line holds off, with the span hovered. */
static const dh_stage *from_at(const dh__lsp_analysis *a, const dh_model *model,
			       size_t off, dh_span *out)
{
	for (size_t i = 0; i < model->nstages; i++) {
		const dh_stage *st = &model->stages[i];
		dh_span sp = st->from->span;
		/* the line with its break; the last line also at its end */
		bool on_line = off >= sp.start &&
			       (off < sp.end ||
				(off == sp.end && sp.end == a->src->len));
		if (!on_line)
			continue;
		const dh_instr *in = st->from_instr;
		*out = sp;
		if (in && in->nargs && in->args[0].has_raw) {
			*out = in->args[0].raw;
			if (off < out->start || off > out->end) {
				/* on a flag or the stage name */
				*out = (dh_span){0, 0};
				return NULL;
			}
		}
		return st;
	}
	return NULL;
}

static bool finding_at(const dh__rfix *x, size_t off)
{
	return x->diag && x->own && x->start <= off &&
	       (off < x->end || off == x->start);
}

/* Each rule found at off, once: rationale and link. */
static void put_findings(dh_buf *md, const dh__lsp_analysis *a, size_t off,
			 dh_span *range)
{
	for (size_t i = 0; i < a->nfixes; i++) {
		const dh__rfix *x = &a->fixes[i];
		const char *why =
			x->diag ? dh_rule_rationale(x->diag->code) : NULL;
		if (!why || !finding_at(x, off))
			continue;
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = finding_at(&a->fixes[k], off) &&
			       !strcmp(a->fixes[k].diag->code, x->diag->code);
		if (seen)
			continue;
		if (md->len)
			dh_buf_puts(md, "\n---\n\n");
		json_t *href = dh__lsp_rule_href(x->diag->code);
		dh_buf_printf(md, "**%s**: %s\n", x->diag->code, why);
		if (href)
			dh_buf_printf(md, "\n[docs/rules.md#dh%s](%s)\n",
				      x->diag->code + 2,
				      json_string_value(href));
		json_decref(href);
		if (range->start == range->end)
			*range = (dh_span){x->start, x->end};
	}
}

json_t *dh__lsp_hover(const dh__lsp_analysis *a, size_t off)
{
	if (!a->src || a->kind == DH__LSP_OTHER)
		return NULL;
	dh_buf md = DH_BUF_INIT;
	dh_span range = {0, 0};
	if (a->parsed && a->parses) {
		const dh_stage *st = from_at(a, &a->model, off, &range);
		/* the runtime image is worked out in a scratch arena: hovers
		 * come often and must not grow the analysis */
		dh_arena *scratch = dh_arena_new();
		if (st)
			put_image(&md, scratch, st);
		dh_arena_free(scratch);
	}
	put_findings(&md, a, off, &range);
	json_t *h = NULL;
	if (md.len)
		h = json_pack("{s:{s:s,s:o},s:o}", "contents", "kind",
			      "markdown", "value",
			      dh__lsp_json_text(md.data, md.len), "range",
			      dh__lsp_range(a, range.start, range.end));
	dh_buf_free(&md);
	return h;
}
