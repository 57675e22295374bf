/* SPDX-License-Identifier: MIT */
/*
 * The fuzz target bodies, plain functions so that the same code runs under
 * libFuzzer (libfuzzer.c, clang) and in the replay driver (replay.c, gcc).
 * A target is one function here plus one line in dh_fuzz_targets. Each
 * says on stderr what broke, then abort()s, so libFuzzer keeps the input
 * and the replay driver counts a failure.
 */
#include "targets.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/arena.h"
#include "dockharden/buf.h"
#include "dockharden/cst.h"
#include "dockharden/diag.h"
#include "dockharden/dump.h"
#include "dockharden/errors.h"
#include "dockharden/format.h"
#include "dockharden/parse.h"
#include "dockharden/pass.h"
#include "dockharden/patch.h"
#include "dockharden/yaml_tree.h"
#include "dockharden/source.h"
#include "lsp/server_internal.h"

/* How many top-level instructions fuzz_edit edits. */
#define EDIT_MAX 4

/* The synthetic line fuzz_edit inserts after the first instruction. */
#define EDIT_USER "USER 10001:10001"

const dh_fuzz_target dh_fuzz_targets[] = {
	{"parse", dh_fuzz_parse},	{"roundtrip", dh_fuzz_roundtrip},
	{"edit", dh_fuzz_edit},		{"harden", dh_fuzz_harden},
	{"patch", dh_fuzz_patch},	{"format", dh_fuzz_format},
	{"lsp_read", dh_fuzz_lsp_read},
};

const size_t dh_fuzz_ntargets =
	sizeof(dh_fuzz_targets) / sizeof(dh_fuzz_targets[0]);

/* A parsed input and the arena holding it. */
typedef struct fuzz_doc {
	dh_arena *arena;
	dh_doc *doc;
} fuzz_doc;

__attribute__((format(printf, 2, 3), noreturn)) static void
fail(const char *target, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "fuzz_%s: ", target);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

/*
 * Parses size bytes and checks the tree. Returns false (nothing to free)
 * when the input is over the source size limit.
 */
static bool load(fuzz_doc *out, const char *target, const void *data,
		 size_t size)
{
	out->arena = dh_arena_new();
	dh_source *src = dh_source_new(out->arena, "fuzz", data, size);
	if (!src) {
		dh_arena_free(out->arena);
		return false;
	}
	if (dh_parse(&out->doc, out->arena, src) != 0)
		fail(target, "dh_parse did not return 0");
	const char *why = dh_cst_check(out->doc);
	if (why)
		fail(target, "dh_cst_check after parse: %s", why);
	return true;
}

/* True when span lies inside [lo, hi]. */
static bool span_within(dh_span span, uint32_t lo, uint32_t hi)
{
	return span.start <= span.end && span.start >= lo && span.end <= hi;
}

static void check_words(const dh_word *words, size_t n, const dh_node *node,
			const char *what)
{
	for (size_t i = 0; i < n; i++) {
		if (!words[i].text)
			fail("parse", "%s %zu has no text", what, i);
		if (words[i].has_raw &&
		    !span_within(words[i].raw, node->span.start,
				 node->span.end))
			fail("parse",
			     "%s %zu raw span [%u, %u) is outside its "
			     "instruction [%u, %u)",
			     what, i, words[i].raw.start, words[i].raw.end,
			     node->span.start, node->span.end);
	}
}

/* Spans an instruction's meaning points at must lie inside the node. */
static void check_instr(const dh_doc *doc, dh_node *node)
{
	const dh_instr *in = dh_node_instr(doc, node);
	if (!in)
		return;
	dh_span kw = in->keyword_raw;
	if (kw.end > kw.start &&
	    !span_within(kw, node->span.start, node->span.end))
		fail("parse", "keyword span [%u, %u) outside its instruction",
		     kw.start, kw.end);
	if (in->has_rest_raw &&
	    !span_within(in->rest_raw, node->span.start, node->span.end))
		fail("parse", "rest span [%u, %u) outside its instruction",
		     in->rest_raw.start, in->rest_raw.end);
	check_words(in->flags, in->nflags, node, "flag");
	check_words(in->args, in->nargs, node, "argument");
	for (size_t i = 0; i < in->nheredocs; i++) {
		const dh_heredoc *h = &in->heredocs[i];
		if (!span_within(h->body, node->span.start, node->span.end) ||
		    !span_within(h->terminator, node->span.start,
				 node->span.end))
			fail("parse",
			     "heredoc %zu spans outside its instruction", i);
	}
}

int dh_fuzz_parse(const uint8_t *data, size_t size)
{
	fuzz_doc in;
	if (!load(&in, "parse", data, size))
		return 0;
	const dh_doc *doc = in.doc;
	for (const dh_diag *d = doc->diags.first; d; d = d->next) {
		if (!span_within(d->span, 0, doc->src->len))
			fail("parse",
			     "diagnostic [%s] span [%u, %u) outside "
			     "the %u-byte input",
			     d->code, d->span.start, d->span.end,
			     doc->src->len);
	}
	for (dh_node *n = doc->root->first_child; n; n = n->next) {
		uint32_t line, col;
		dh_node_position(doc, n, &line, &col);
		if (n->kind == DH_NODE_INSTRUCTION)
			check_instr(doc, n);
	}
	dh_buf out = DH_BUF_INIT;
	dh_dump_reference(&out, doc);
	dh_buf_clear(&out);
	dh_dump_json(&out, doc);
	dh_buf_clear(&out);
	dh_dump_cst(&out, doc);
	dh_buf_clear(&out);
	dh_diags_render(&out, &doc->diags, true);
	dh_buf_free(&out);
	dh_arena_free(in.arena);
	return 0;
}

static size_t first_difference(const char *a, size_t alen, const char *b,
			       size_t blen)
{
	size_t i = 0;
	while (i < alen && i < blen && a[i] == b[i])
		i++;
	return i;
}

int dh_fuzz_roundtrip(const uint8_t *data, size_t size)
{
	fuzz_doc in;
	if (!load(&in, "roundtrip", data, size))
		return 0;
	dh_buf out = DH_BUF_INIT;
	dh_doc_render(&out, in.doc);
	if (out.len != size || (size && memcmp(out.data, data, size) != 0))
		fail("roundtrip",
		     "printed %zu bytes for a %zu-byte input, first "
		     "difference at byte %zu",
		     out.len, size,
		     first_difference(out.data, out.len, (const char *)data,
				      size));
	dh_buf_free(&out);
	dh_arena_free(in.arena);
	return 0;
}

/*
 * Formatting printed straight out equals formatting by edits, and
 * formatting twice changes nothing more.
 */
int dh_fuzz_format(const uint8_t *data, size_t size)
{
	fuzz_doc a, b;
	if (!load(&a, "format", data, size))
		return 0;
	if (!load(&b, "format", data, size)) {
		dh_arena_free(a.arena);
		return 0;
	}
	size_t by_render, by_edit;
	dh_buf got = DH_BUF_INIT, want = DH_BUF_INIT;
	dh_format_render(&got, a.doc, &by_render);
	dh_format(b.doc, &by_edit);
	dh_doc_render(&want, b.doc);
	if (got.len != want.len ||
	    (got.len && memcmp(got.data, want.data, got.len) != 0))
		fail("format",
		     "printed formatting (%zu bytes) differs from edits (%zu "
		     "bytes) at byte %zu",
		     got.len, want.len,
		     first_difference(got.data, got.len, want.data, want.len));
	if (by_render != by_edit)
		fail("format", "%zu changes printed, %zu by edits", by_render,
		     by_edit);
	fuzz_doc again;
	if (got.len && load(&again, "format", got.data, got.len)) {
		dh_buf twice = DH_BUF_INIT;
		size_t changes;
		dh_format_render(&twice, again.doc, &changes);
		if (changes && dh_doc_ok(again.doc))
			fail("format", "formatting again changed %zu nodes",
			     changes);
		dh_buf_free(&twice);
		dh_arena_free(again.arena);
	}
	dh_buf_free(&got);
	dh_buf_free(&want);
	dh_arena_free(a.arena);
	dh_arena_free(b.arena);
	return 0;
}

/* ---- fuzz_edit ---- */

/* A top-level node as parsed, before any edit. */
typedef struct orig_node {
	const dh_node *node;
	dh_span span; /* into the source */
	bool edited;  /* handed to an edit call */
} orig_node;

/* The state of one fuzz_edit run. */
typedef struct edit_run {
	fuzz_doc in;
	orig_node *orig;
	size_t norig;
	size_t inserted;
	size_t instructions; /* top-level instructions before the edits */
} edit_run;

static void edit_rc(int rc, const char *what)
{
	if (rc != 0 && rc != DH_EINPUT)
		fail("edit", "%s returned %d", what, rc);
}

static orig_node *orig_find(edit_run *run, const dh_node *node)
{
	for (size_t i = 0; i < run->norig; i++) {
		if (run->orig[i].node == node)
			return &run->orig[i];
	}
	return NULL;
}

/*
 * Instructions with a keyword. A lone escape at the end of input reads as
 * an instruction with no text at all; closing it leaves a blank line, so
 * it is not counted.
 */
static size_t count_instructions(const dh_doc *doc)
{
	size_t n = 0;
	for (dh_node *c = doc->root->first_child; c; c = c->next) {
		const dh_instr *in = c->kind == DH_NODE_INSTRUCTION
					     ? dh_node_instr(doc, c)
					     : NULL;
		n += in && in->keyword_raw.end > in->keyword_raw.start;
	}
	return n;
}

static void record(edit_run *run)
{
	const dh_doc *doc = run->in.doc;
	size_t n = 0;
	for (const dh_node *c = doc->root->first_child; c; c = c->next)
		n++;
	run->orig = calloc(n ? n : 1, sizeof(*run->orig));
	if (!run->orig)
		abort();
	for (const dh_node *c = doc->root->first_child; c; c = c->next) {
		run->orig[run->norig].node = c;
		run->orig[run->norig].span = c->span;
		run->norig++;
	}
	run->instructions = count_instructions(doc);
}

/* The edits a hardening pass makes, on one instruction. */
static void edit_one(edit_run *run, dh_node *node, size_t k)
{
	dh_doc *doc = run->in.doc;
	const dh_instr *in = dh_node_instr(doc, node);
	if (!in)
		return;
	orig_node *o = orig_find(run, node);
	if (!o)
		fail("edit", "instruction %zu is not a parsed top-level node",
		     k);
	o->edited = true;
	if (in->nflags)
		edit_rc(dh_cst_remove_flag(doc, node, 0), "dh_cst_remove_flag");
	in = dh_node_instr(doc, node);
	if (in && in->kind == DH_INSTR_COPY)
		edit_rc(dh_cst_add_flag(doc, node, "--chown=1:1"),
			"dh_cst_add_flag");
	in = dh_node_instr(doc, node);
	if (in && in->kind == DH_INSTR_CMD)
		edit_rc(dh_cst_replace_rest(doc, node, "[\"/app\"]"),
			"dh_cst_replace_rest");
	if (k == 0) {
		dh_node *user = NULL;
		int rc = dh_cst_insert_after(&user, doc, node, EDIT_USER);
		if (rc != 0 || !user)
			fail("edit", "dh_cst_insert_after '%s' returned %d",
			     EDIT_USER, rc);
		run->inserted++;
	}
}

/*
 * Checks that out is the top-level nodes in order: untouched ones with
 * their parsed bytes (and not marked dirty), edited and inserted ones as
 * they render, plus the line break the printer adds after a node that
 * lacks one.
 */
static void check_output(const edit_run *run, const dh_buf *out)
{
	const dh_doc *doc = run->in.doc;
	const char *nl = doc->style.crlf ? "\r\n" : "\n";
	dh_buf piece = DH_BUF_INIT;
	size_t pos = 0, i = 0, inserted = 0;
	for (const dh_node *n = doc->root->first_child; n; n = n->next) {
		const char *bytes;
		size_t len;
		bool original = i < run->norig && run->orig[i].node == n;
		bool untouched = original && !run->orig[i].edited;
		dh_buf_clear(&piece);
		if (untouched) {
			if (n->flags & DH_NODE_F_DIRTY)
				fail("edit", "untouched node %zu is dirty", i);
			bytes = doc->src->data + run->orig[i].span.start;
			len = run->orig[i].span.end - run->orig[i].span.start;
		} else {
			dh_node_render(&piece, doc, n);
			bytes = piece.data;
			len = piece.len;
		}
		/* Closing a continuation left open at the end of input moves
		 * the blank and comment lines that trailed it into a node of
		 * their own, right after the edited one. */
		bool split_tail = !original && i > 0 &&
				  run->orig[i - 1].node == n->prev &&
				  run->orig[i - 1].edited &&
				  (n->kind == DH_NODE_BLANK ||
				   n->kind == DH_NODE_COMMENT);
		inserted += !original && !split_tail;
		i += original;
		if (len > out->len - pos ||
		    (len && memcmp(out->data + pos, bytes, len) != 0))
			fail("edit",
			     "%s node %zu (%zu bytes) is not printed "
			     "as it was at byte %zu",
			     untouched ? "untouched" : "edited", i, len, pos);
		pos += len;
		if (n->next && n->kind != DH_NODE_BOM && len &&
		    bytes[len - 1] != '\n') {
			size_t nlen = strlen(nl);
			if (nlen > out->len - pos ||
			    memcmp(out->data + pos, nl, nlen) != 0)
				fail("edit", "no line break after node %zu", i);
			pos += nlen;
		}
	}
	dh_buf_free(&piece);
	if (i != run->norig || inserted != run->inserted)
		fail("edit",
		     "%zu of %zu parsed nodes and %zu of %zu inserted "
		     "ones are in the tree, in order",
		     i, run->norig, inserted, run->inserted);
	if (pos != out->len)
		fail("edit", "%zu bytes printed after the last node",
		     out->len - pos);
}

/* The output must parse with no more errors than the input had. */
static void check_reparse(const edit_run *run, const dh_buf *out)
{
	size_t errors0 = run->in.doc->diags.errors;
	fuzz_doc again;
	if (!load(&again, "edit", out->data ? out->data : "", out->len))
		return;
	size_t errors1 = again.doc->diags.errors;
	if (errors1 > errors0)
		fail("edit", "output has %zu parse errors, input had %zu",
		     errors1, errors0);
	size_t want = run->instructions + run->inserted;
	size_t got = count_instructions(again.doc);
	if (errors0 == 0 && got != want)
		fail("edit", "output has %zu instructions, expected %zu", got,
		     want);
	dh_arena_free(again.arena);
}

int dh_fuzz_edit(const uint8_t *data, size_t size)
{
	edit_run run = {.norig = 0};
	if (!load(&run.in, "edit", data, size))
		return 0;
	record(&run);
	dh_doc *doc = run.in.doc;
	dh_node *node = dh_doc_next_instruction(doc, NULL);
	for (size_t k = 0; node && k < EDIT_MAX; k++) {
		dh_node *next = dh_doc_next_instruction(doc, node);
		edit_one(&run, node, k);
		node = next;
	}
	const char *why = dh_cst_check(doc);
	if (why)
		fail("edit", "dh_cst_check after edits: %s", why);
	dh_buf out = DH_BUF_INIT;
	dh_doc_render(&out, doc);
	check_output(&run, &out);
	check_reparse(&run, &out);
	dh_buf_free(&out);
	free(run.orig);
	dh_arena_free(run.in.arena);
	return 0;
}

/* A second run gave what the first did; frees both outputs. */
static void expect_stable(const char *target, char *once, size_t len1,
			  char *twice, size_t len2)
{
	if (len1 != len2 || memcmp(once, twice, len1) != 0)
		fail(target,
		     "a second run changes the output (%zu -> %zu bytes, "
		     "first difference at byte %zu)",
		     len1, len2, first_difference(once, len1, twice, len2));
	free(once);
	free(twice);
}

/* Hardens text; returns the output (caller frees) or NULL on bad input. */
static char *harden_once(const char *text, size_t len, size_t *out_len)
{
	dh_arena *arena = dh_arena_new();
	dh_source *src = dh_source_new(arena, "fuzz", text, len);
	dh_doc *doc;
	char *result = NULL;
	if (src && dh_parse(&doc, arena, src) == 0 && dh_doc_ok(doc)) {
		dh_harden_opts opts;
		dh_harden_opts_init(&opts);
		if (dh_harden(doc, &opts, NULL) != 0)
			fail("harden", "dh_harden failed");
		const char *why = dh_cst_check(doc);
		if (why)
			fail("harden", "dh_cst_check after hardening: %s", why);
		dh_buf out = DH_BUF_INIT;
		dh_doc_render(&out, doc);
		result = dh_buf_detach(&out, out_len);
	}
	dh_arena_free(arena);
	return result;
}

/*
 * fuzz_harden: hardening a file that parses gives a file that parses with
 * no error, and hardening that changes nothing more.
 */
int dh_fuzz_harden(const uint8_t *data, size_t size)
{
	size_t len1, len2;
	char *once = harden_once((const char *)data, size, &len1);
	if (!once)
		return 0;
	char *twice = harden_once(once, len1, &len2);
	if (!twice)
		fail("harden", "the hardened output does not parse cleanly");
	expect_stable("harden", once, len1, twice, len2);
	return 0;
}

/* Patches text; returns the output (caller frees) or NULL on bad input. */
static char *patch_once(const char *text, size_t len, size_t *out_len)
{
	dh_arena *arena = dh_arena_new();
	dh_source *src = dh_source_new(arena, "fuzz.yaml", text, len);
	char *result = NULL;
	if (src) {
		dh_diags diags;
		dh_diags_init(&diags, arena);
		dh_buf out = DH_BUF_INIT;
		int rc = dh_patch_yaml(&out, &diags, src, NULL);
		if (rc == 0)
			result = dh_buf_detach(&out, out_len);
		else if (rc != DH_EINPUT)
			fail("patch", "dh_patch_yaml returned %d", rc);
		dh_buf_free(&out);
	}
	dh_arena_free(arena);
	return result;
}

/* True when text is YAML libyaml reads without error. */
static bool yaml_ok(const char *text, size_t len)
{
	dh_arena *arena = dh_arena_new();
	dh_source *src = dh_source_new(arena, "fuzz.yaml", text, len);
	dh_diags diags;
	dh_diags_init(&diags, arena);
	dh_ystream ys;
	bool ok = src && dh_yaml_tree_parse(&ys, &diags, src) == 0;
	dh_arena_free(arena);
	return ok;
}

/*
 * fuzz_patch: the patcher never crashes; what it outputs is valid YAML,
 * and patching that output changes nothing more.
 */
int dh_fuzz_patch(const uint8_t *data, size_t size)
{
	size_t len1, len2;
	char *once = patch_once((const char *)data, size, &len1);
	if (!once)
		return 0;
	if (!yaml_ok(once, len1))
		fail("patch", "the patched output is not valid YAML");
	char *twice = patch_once(once, len1, &len2);
	if (!twice)
		fail("patch", "the patched output is refused on a second run");
	expect_stable("patch", once, len1, twice, len2);
	return 0;
}

/* ---- fuzz_lsp_read ---- */

/* A body limit small enough that fuzzed inputs reach the oversized path. */
#define LSP_FUZZ_MAX_BODY 4096

/* A message read back from its own encoding is the same JSON. */
static void lsp_reencode(const json_t *msg)
{
	dh_buf b = DH_BUF_INIT;
	if (dh__lsp_encode(&b, msg) != 0)
		fail("lsp_read", "a parsed message cannot be written back");
	dh__lsp_frame f;
	dh__lsp_frame_scan(&f, b.data, b.len, b.len);
	if (f.kind != DH__LSP_FRAME_OK || f.header_len + f.body_len != b.len)
		fail("lsp_read", "a written message does not frame as one "
				 "whole message");
	dh__lsp_in again = {0};
	dh__lsp_decode(&again, b.data + f.header_len, f.body_len);
	if (!again.msg || !json_equal(again.msg, msg))
		fail("lsp_read", "a written message reads back differently");
	json_decref(again.msg);
	dh_buf_free(&b);
}

/*
 * fuzz_lsp_read: the language server's reader, on the bytes as a client's
 * stream (a temporary file, so any size fits): every read ends in a
 * message, a -32700 or -32600 error or the end of input, never a crash or
 * a loop; there are no more results than bytes; each message writes back
 * as one frame that reads back the same.
 */
int dh_fuzz_lsp_read(const uint8_t *data, size_t size)
{
	FILE *f = tmpfile();
	if (!f || (size && fwrite(data, 1, size, f) != size) || fflush(f) ||
	    fseek(f, 0, SEEK_SET))
		fail("lsp_read", "cannot stage the input in a temporary file");
	dh__lsp_reader r;
	dh__lsp_reader_init(&r, fileno(f), LSP_FUZZ_MAX_BODY);
	for (size_t n = 0;; n++) {
		dh__lsp_in in;
		if (n > size + 1)
			fail("lsp_read", "more results than input bytes");
		if (dh__lsp_read(&in, &r) != 0)
			fail("lsp_read", "reading a regular file failed");
		if (in.eof)
			break;
		if (!in.msg && in.error != DH__LSP_PARSE_ERROR &&
		    in.error != DH__LSP_INVALID_REQUEST)
			fail("lsp_read", "neither a message nor an error (%d)",
			     in.error);
		if (in.msg)
			lsp_reencode(in.msg);
		json_decref(in.msg);
	}
	dh__lsp_reader_free(&r);
	fclose(f);
	return 0;
}
