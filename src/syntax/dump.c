/* SPDX-License-Identifier: MIT */
/*
 * Dumps of the tree: the reference parser's S-expression format (for the
 * conformance data), JSON for other tools, and a span-annotated CST dump
 * for our own parser tests.
 */
#include "dockharden/dump.h"

#include <string.h>

#include "parse_internal.h"

/*
 * Go's unicode.IsPrint outside ASCII, for the code points that matter in
 * practice: space separators, format and control characters, private use
 * and noncharacters are not printable. (Unassigned code points are taken
 * as printable; the reference would escape them.)
 */
static bool is_print(uint32_t r)
{
	if (r < 0x80)
		return r >= 0x20 && r < 0x7f;
	if (r < 0xa1 || r == 0xad || r == 0x61c || r == 0x6dd || r == 0x70f ||
	    r == 0x180e || r == 0x1680 || r == 0x3000 || r == 0xfeff)
		return false;
	if ((r >= 0x2000 && r <= 0x200f) || (r >= 0x2028 && r <= 0x202f) ||
	    (r >= 0x205f && r <= 0x206f) || (r >= 0xfff9 && r <= 0xfffb))
		return false;
	if ((r >= 0xe000 && r <= 0xf8ff) || r >= 0xf0000 ||
	    (r & 0xfffe) == 0xfffe || (r >= 0xfdd0 && r <= 0xfdef))
		return false;
	if (r >= 0x110bd && r <= 0x110cd)
		return false;
	return !(r >= 0x1d173 && r <= 0x1d17a) &&
	       !(r >= 0xe0001 && r <= 0xe007f);
}

void dh_quote_go(dh_buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	dh_buf_putc(out, '"');
	for (size_t i = 0; i < n;) {
		uint32_t r;
		uint32_t w = dh__utf8_decode(s + i, n - i, &r);
		if (!w) {
			unsigned char b = (unsigned char)s[i++];
			char e[4] = {'\\', 'x', hex[b >> 4], hex[b & 15]};
			dh_buf_put(out, e, 4);
			continue;
		}
		const char *esc = NULL;
		switch (r) {
		case '"':
			esc = "\\\"";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '\a':
			esc = "\\a";
			break;
		case '\b':
			esc = "\\b";
			break;
		case '\f':
			esc = "\\f";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\t':
			esc = "\\t";
			break;
		case '\v':
			esc = "\\v";
			break;
		default:
			break;
		}
		if (esc)
			dh_buf_puts(out, esc);
		else if (is_print(r))
			dh_buf_put(out, s + i, w);
		else if (r < 0x20 || r == 0x7f)
			dh_buf_printf(out, "\\x%02x", r);
		else if (r < 0x10000)
			dh_buf_printf(out, "\\u%04x", r);
		else
			dh_buf_printf(out, "\\U%08x", r);
		i += w;
	}
	dh_buf_putc(out, '"');
}

void dh_quote_json(dh_buf *out, const char *s, size_t n)
{
	dh_buf_putc(out, '"');
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		uint32_t r;
		uint32_t w = c < 0x80 ? 1 : dh__utf8_decode(s + i, n - i, &r);
		if (!w) {
			dh_buf_puts(out, "\\ufffd");
			i++;
			continue;
		}
		if (c == '"' || c == '\\') {
			dh_buf_putc(out, '\\');
			dh_buf_putc(out, (char)c);
		} else if (c == '\n') {
			dh_buf_puts(out, "\\n");
		} else if (c == '\t') {
			dh_buf_puts(out, "\\t");
		} else if (c == '\r') {
			dh_buf_puts(out, "\\r");
		} else if (c < 0x20 || c == 0x7f) {
			dh_buf_printf(out, "\\u%04x", c);
		} else {
			dh_buf_put(out, s + i, w);
		}
		i += w;
	}
	dh_buf_putc(out, '"');
}

static void dump_ref_instr(dh_buf *out, const dh_instr *in)
{
	dh_buf_put(out, in->keyword_lc, in->keyword_lc_len);
	if (in->nflags) {
		dh_buf_puts(out, " [");
		for (size_t k = 0; k < in->nflags; k++) {
			if (k)
				dh_buf_putc(out, ' ');
			dh_quote_go(out, in->flags[k].text, in->flags[k].len);
		}
		dh_buf_putc(out, ']');
	}
	if (in->kind == DH_INSTR_UNKNOWN) {
		dh_buf_puts(out, " \"\"");
		return;
	}
	if (dh_instr_trigger(in)) {
		dh_buf_puts(out, " (");
		dump_ref_instr(out, dh_instr_trigger(in));
		dh_buf_putc(out, ')');
	}
	for (size_t k = 0; k < in->nargs; k++) {
		dh_buf_putc(out, ' ');
		dh_quote_go(out, in->args[k].text, in->args[k].len);
	}
}

void dh_dump_reference(dh_buf *out, const dh_doc *doc)
{
	dh_buf line = DH_BUF_INIT;
	for (dh_node *n = doc->root->first_child; n; n = n->next) {
		const dh_instr *in = dh_node_instr(doc, n);
		if (!in)
			continue;
		dh_buf_clear(&line);
		dump_ref_instr(&line, in);
		/* The reference trims the dump, which matters only for an
		 * instruction with an empty keyword. */
		size_t s = 0, e = line.len;
		while (s < e && line.data[s] == ' ')
			s++;
		dh_buf_putc(out, '(');
		dh_buf_put(out, line.data + s, e - s);
		dh_buf_puts(out, ")\n");
	}
	dh_buf_free(&line);
}

static void json_words(dh_buf *out, const char *key, const dh_word *w, size_t n)
{
	dh_buf_printf(out, ",\"%s\":[", key);
	for (size_t k = 0; k < n; k++) {
		if (k)
			dh_buf_putc(out, ',');
		dh_quote_json(out, w[k].text, w[k].len);
	}
	dh_buf_putc(out, ']');
}

static void json_str(dh_buf *out, const char *key, const char *v)
{
	if (!v)
		return;
	dh_buf_printf(out, ",\"%s\":", key);
	dh_quote_json(out, v, strlen(v));
}

static void json_instr(dh_buf *out, const dh_doc *doc, const dh_instr *in)
{
	json_str(out, "keyword", in->keyword);
	json_str(out, "instruction", dh_instr_kind_name(in->kind));
	dh_buf_printf(out, ",\"json\":%s", in->json ? "true" : "false");
	json_words(out, "flags", in->flags, in->nflags);
	json_words(out, "args", in->args, in->nargs);
	if (in->from) {
		const dh_image_ref *r = &in->from->image;
		dh_buf_puts(out, ",\"from\":{\"image\":");
		dh_quote_json(out, r->text ? r->text : "",
			      r->text ? strlen(r->text) : 0);
		json_str(out, "registry", r->registry);
		json_str(out, "repository", r->repository);
		json_str(out, "tag", r->tag);
		json_str(out, "digest", r->digest);
		json_str(out, "platform", in->from->platform);
		json_str(out, "stage", in->from->stage_name);
		dh_buf_putc(out, '}');
	}
	if (dh_instr_trigger(in)) {
		dh_buf_puts(out, ",\"trigger\":{\"kind\":\"instruction\"");
		json_instr(out, doc, dh_instr_trigger(in));
		dh_buf_putc(out, '}');
	}
	if (in->nheredocs) {
		const char *base = doc->src->data;
		dh_buf_puts(out, ",\"heredocs\":[");
		for (size_t k = 0; k < in->nheredocs; k++) {
			const dh_heredoc *h = &in->heredocs[k];
			dh_buf_puts(out, k ? ",{\"name\":" : "{\"name\":");
			dh_quote_json(out, h->name, strlen(h->name));
			dh_buf_printf(out,
				      ",\"chomp\":%s,\"expand\":%s,\"body\":",
				      h->chomp ? "true" : "false",
				      h->expand ? "true" : "false");
			dh_quote_json(out, base + h->body.start,
				      h->body.end - h->body.start);
			dh_buf_putc(out, '}');
		}
		dh_buf_putc(out, ']');
	}
}

static void json_node(dh_buf *out, const dh_doc *doc, dh_node *n)
{
	uint32_t l1, c1, l2, c2;
	dh_source_locate(doc->src, n->span.start, &l1, &c1);
	dh_source_locate(doc->src,
			 n->span.end > n->span.start ? n->span.end - 1
						     : n->span.end,
			 &l2, &c2);
	dh_buf_printf(out,
		      "{\"kind\":\"%s\",\"start\":%u,\"end\":%u,"
		      "\"start_line\":%u,\"start_col\":%u,\"end_line\":%u",
		      dh_node_kind_name(n->kind), n->span.start, n->span.end,
		      l1, c1, l2);
	const dh_instr *in = dh_node_instr(doc, n);
	if (in)
		json_instr(out, doc, in);
	if (n->first_child) {
		dh_buf_puts(out, ",\"children\":[");
		for (dh_node *c = n->first_child; c; c = c->next) {
			json_node(out, doc, c);
			if (c->next)
				dh_buf_putc(out, ',');
		}
		dh_buf_putc(out, ']');
	}
	dh_buf_putc(out, '}');
}

void dh_dump_json(dh_buf *out, const dh_doc *doc)
{
	dh_buf_puts(out, "{\"path\":");
	dh_quote_json(out, doc->src->path, strlen(doc->src->path));
	dh_buf_printf(out, ",\"escape\":\"%s\"",
		      doc->style.escape == '`' ? "`" : "\\\\");
	json_str(out, "syntax", doc->syntax);
	dh_buf_printf(out, ",\"errors\":%zu,\"children\":[", doc->diags.errors);
	for (dh_node *c = doc->root->first_child; c; c = c->next) {
		json_node(out, doc, c);
		if (c->next)
			dh_buf_putc(out, ',');
	}
	dh_buf_puts(out, "]}\n");
}

static void cst_node(dh_buf *out, const dh_doc *doc, const dh_node *n,
		     int depth)
{
	for (int i = 0; i < depth; i++)
		dh_buf_puts(out, "  ");
	dh_buf_printf(out, "(%s %u..%u", dh_node_kind_name(n->kind),
		      n->span.start, n->span.end);
	if (!n->first_child && n->kind != DH_NODE_DOCUMENT) {
		const char *base = dh_node_base(doc, n);
		dh_buf_putc(out, ' ');
		dh_quote_go(out, base + n->span.start,
			    n->span.end - n->span.start);
		dh_buf_puts(out, ")\n");
		return;
	}
	dh_buf_putc(out, '\n');
	for (const dh_node *c = n->first_child; c; c = c->next)
		cst_node(out, doc, c, depth + 1);
	for (int i = 0; i < depth; i++)
		dh_buf_puts(out, "  ");
	dh_buf_puts(out, ")\n");
}

void dh_dump_cst(dh_buf *out, const dh_doc *doc)
{
	cst_node(out, doc, doc->root, 0);
}
