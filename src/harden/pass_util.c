/* SPDX-License-Identifier: MIT */
/* Small helpers the passes share: stepping through a stage, commands. */
#include "dockharden/pass.h"

#include <string.h>

#include "dockharden/dump.h"
#include "dockharden/shellcmd.h"

dh_node *dh_stage_step(dh_pass_ctx *ctx, const dh_stage *st, dh_node *prev)
{
	return dh_stage_next(ctx->doc, st, prev);
}

dh_node *dh_stage_last(dh_pass_ctx *ctx, const dh_stage *st, dh_instr_kind kind)
{
	dh_node *found = NULL;
	for (dh_node *n = dh_stage_step(ctx, st, NULL); n;
	     n = dh_stage_step(ctx, st, n))
		if (dh_node_instr(ctx->doc, n)->kind == kind)
			found = n;
	return found;
}

const char **dh_command_argv(dh_pass_ctx *ctx, dh_node *node, size_t *out_n)
{
	const dh_instr *in = dh_node_instr(ctx->doc, node);
	*out_n = 0;
	if (!in)
		return NULL;
	dh_arena *arena = ctx->doc->arena;
	if (in->json) {
		const char **v =
			dh_arena_alloc(arena, (in->nargs + 1) * sizeof(char *));
		for (size_t k = 0; k < in->nargs; k++)
			v[k] = in->args[k].text;
		*out_n = in->nargs;
		return v;
	}
	if (!in->nargs || !dh_sh_is_literal(in->rest))
		return NULL;
	dh_shcmd *cmds;
	if (dh_sh_split(&cmds, arena, in->rest) != 1 || cmds[0].nenv)
		return NULL;
	return dh_sh_skip_exec(&cmds[0], out_n);
}

void dh_json_argv(dh_buf *out, const char *const *argv, size_t n)
{
	dh_buf_putc(out, '[');
	for (size_t k = 0; k < n; k++) {
		if (k)
			dh_buf_puts(out, ", ");
		dh_quote_json(out, argv[k], strlen(argv[k]));
	}
	dh_buf_putc(out, ']');
}

const char *dh_stage_run_text(dh_pass_ctx *ctx, const dh_stage *st)
{
	dh_buf b = DH_BUF_INIT;
	for (dh_node *n = dh_stage_step(ctx, st, NULL); n;
	     n = dh_stage_step(ctx, st, n)) {
		const dh_instr *in = dh_node_instr(ctx->doc, n);
		if (in->kind != DH_INSTR_RUN)
			continue;
		for (size_t k = 0; k < in->nargs; k++) {
			dh_buf_puts(&b, in->args[k].text);
			dh_buf_putc(&b, ' ');
		}
		for (size_t k = 0; k < in->nheredocs; k++) {
			const dh_heredoc *h = &in->heredocs[k];
			dh_buf_put(&b,
				   dh_node_base(ctx->doc, n) + h->body.start,
				   h->body.end - h->body.start);
		}
		dh_buf_puts(&b, "\n");
	}
	const char *r =
		dh_arena_strndup(ctx->doc->arena, b.data ? b.data : "", b.len);
	dh_buf_free(&b);
	return r;
}

const char *dh_pass_image(dh_pass_ctx *ctx, const char *image)
{
	const dh_harden_opts *o = ctx->opts;
	for (size_t i = 0; i + 1 < o->nimage_map; i += 2) {
		size_t n = strlen(o->image_map[i]);
		if (n && strncmp(image, o->image_map[i], n) == 0)
			return dh_arena_printf(ctx->doc->arena, "%s%s",
					       o->image_map[i + 1], image + n);
	}
	return image;
}

/* Where the line after a parsed node starts in the input: past its line
 * break and any continuation lines. */
static uint32_t line_after(const dh_doc *doc, uint32_t at)
{
	const char *s = doc->src->data;
	uint32_t len = (uint32_t)doc->src->len;
	while (at < len) {
		const char *nl = memchr(s + at, '\n', len - at);
		if (!nl)
			return len;
		uint32_t end = (uint32_t)(nl - s);
		uint32_t k = end;
		while (k > at && (s[k - 1] == '\r' || s[k - 1] == ' ' ||
				  s[k - 1] == '\t'))
			k--;
		at = end + 1;
		if (k == 0 || s[k - 1] != doc->style.escape)
			return at;
	}
	return len;
}

void dh_pass_suggest(dh_pass_ctx *ctx, dh_diag *d, const dh_node *node,
		     const char *line)
{
	const dh_doc *doc = ctx->doc;
	if (!node || !d || (node->flags & DH_NODE_F_SYNTHETIC))
		return;
	uint32_t at = line_after(doc, dh_node_origin(node));
	if (at == doc->src->len && at && doc->src->data[at - 1] != '\n')
		return; /* no line break to insert after */
	size_t kw = strcspn(line, " ");
	char *text = dh_arena_printf(doc->arena, "%s%s", line,
				     doc->style.crlf ? "\r\n" : "\n");
	for (size_t i = 0; doc->style.lowercase_keywords && i < kw; i++)
		text[i] = (char)(text[i] - 'A' + 'a');
	d->fix = text;
	d->fix_span = (dh_span){at, at};
}
