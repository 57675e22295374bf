#ifndef DH_PARSE_INTERNAL_H
#define DH_PARSE_INTERNAL_H

/*
 * Shared between the generated scanner/parser and src/parse*.c, lex.c,
 * instr.c: the scanner state, node builders and instruction analysis.
 * Not part of the public interface.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dockharden/arena.h"
#include "dockharden/buf.h"
#include "dockharden/cst.h"
#include "dockharden/diag.h"
#include "base/utf8_internal.h"

#define DH__MAX_ERRORS 20
/* Go's encoding/json gives up past this nesting; the reference then falls
 * back to shell form, so we must too. */
#define DH__JSON_MAX_DEPTH 10000

/* A token's value: its span, and for lines where their text ends. */
typedef struct dh__tok {
	uint32_t start;
	uint32_t end;
	uint32_t content_end;
} dh__tok;

/* Where a joined (logical) line's bytes came from in the base. */
typedef struct dh__seg {
	uint32_t joined; /* offset in the joined text */
	uint32_t base;   /* offset in the base */
	uint32_t len;
} dh__seg;

typedef struct dh__heredoc_word {
	const char *name;
	uint32_t name_len;
	unsigned fd;
	bool chomp;
	bool expand;
} dh__heredoc_word;

/* Scanner and parser state for one parse; lives in yyextra. */
typedef struct dh__lexctx {
	dh_doc *doc;
	const char *base;
	uint32_t base_len;
	const char *scan_end; /* end of the bytes the scanner reads */
	bool long_line;       /* a line is over DH_LINE_MAX ... */
	uint32_t long_line_at; /* ... and starts here */
	uint32_t off;         /* bytes consumed so far, for locations */
	dh__tok tok;          /* the token being scanned */
	char escape;
	bool directives_done;
	bool seen_escape;
	bool seen_syntax;
	bool seen_check;
	bool at_eof_cont;     /* emitted the end of a line continued at EOF */
	bool hdoc_missing;    /* emitted the unterminated-heredoc marker */
	/* The instruction being scanned: its text segments. */
	dh__seg *segs;
	size_t nsegs;
	size_t segs_cap;
	uint32_t joined_len;
	bool maybe_heredoc;
	/* Heredocs still to read after the instruction's last line. */
	dh__heredoc_word *hdocs;
	size_t nhdocs;
	size_t hdoc_next;
	dh_arena *scratch;    /* per-instruction work space, reset often */
	dh_node *root;
	dh_node *rest_error;  /* after too many errors: the rest, one node */
	bool capped;          /* the error cap was reached */
	size_t upper_keywords;
	size_t lower_keywords;
	dh_buf join;          /* reusable buffer for joined lines */
} dh__lexctx;

/* Token kinds the scanner hands the parser (values from parser.h). */
int dh__lex_line(dh__lexctx *ctx, dh__tok *val, const char *text,
		 uint32_t len, bool in_continuation);
/*
 * Length of the token at text (len bytes matched, the byte after them
 * held aside by the scanner) once extended through its line break or the
 * end of input. Notes lines longer than DH_LINE_MAX.
 */
uint32_t dh__lex_line_len(dh__lexctx *ctx, const char *text, uint32_t len,
			  char held);
int dh__lex_comment(dh__lexctx *ctx, dh__tok *val, const char *text,
		    uint32_t len);
int dh__lex_heredoc_line(dh__lexctx *ctx, dh__tok *val, const char *text,
			 uint32_t len);
void dh__lex_finish_instruction(dh__lexctx *ctx);
bool dh__lex_in_heredoc(const dh__lexctx *ctx);

/* Node builders called from grammar actions. */
dh_node *dh__node_new(dh_doc *doc, dh_node_kind kind, uint32_t start,
		      uint32_t end);
void dh__node_append(dh_node *parent, dh_node *child);
/*
 * The node's extra part, allocated in arena when it has none yet; a new
 * one takes the node's current start as its origin, so set it before the
 * node's span changes.
 */
dh_node_extra *dh__node_extra(dh_arena *arena, dh_node *node);
void dh__parse_top(dh__lexctx *ctx, dh_node_kind kind, dh__tok tok);
dh_node *dh__parse_body(dh__lexctx *ctx, dh_node *body, dh_node_kind kind,
			dh__tok tok);
dh_node *dh__parse_heredoc(dh__lexctx *ctx, dh_node *list, dh__tok line,
			   bool is_end);
void dh__parse_instruction(dh__lexctx *ctx, dh_node *body, dh__tok last,
			   dh_node *heredocs);
void dh__parse_error(dh__lexctx *ctx, uint32_t offset, const char *got,
		     const char *expected);

/*
 * Parses text (copied into doc's arena) as one top-level instruction in
 * doc's escape style, without parser directives. DH_EINPUT unless it is
 * exactly one instruction without errors.
 */
int dh__parse_fragment(dh_node **out, dh_doc *doc, const char *text,
		       uint32_t len);

/*
 * Joins an instruction's lines into its logical line (continuations
 * removed, comment and blank lines dropped), as the reference does. The
 * text is copied into arena; segs (arena) maps it back to the base.
 */
const char *dh__join_instruction(dh_arena *arena, const char *base,
				 const dh_node *node, uint32_t *out_len,
				 dh__seg **out_segs, size_t *out_nsegs);

/*
 * Analyses a logical line into out. Returns NULL on success or an error
 * message (arena) with *err_at set to the joined offset at fault.
 */
const char *dh__instr_analyse(dh_instr *out, dh_arena *arena,
			      const char *line, uint32_t len,
			      const dh__seg *segs, size_t nsegs, char escape,
			      uint32_t *err_at);

/* Heredoc words of a logical line (RUN/COPY/ADD/ONBUILD thereof). */
size_t dh__heredocs_find(dh__heredoc_word **out, dh_arena *arena,
			 const char *line, uint32_t len);

/*
 * Decodes a JSON array of strings. Returns 1 when text is a JSON array of
 * strings (words in *out), 0 when it is not valid JSON or not an array (the
 * caller falls back to shell form), -1 for a valid array holding a
 * non-string (an error, as in the reference). With out NULL the text
 * is only validated.
 */
int dh__json_string_array(dh_word **out, size_t *out_n, dh_arena *arena,
			  const char *text, uint32_t len);

/* As dh__json_string_array with out NULL: validating only, nothing is
 * allocated. */
int dh__json_check(const char *text, uint32_t len);

/*
 * Where the escape that continues a line of text s (n bytes, line break
 * excluded) sits, or n when the line does not continue: the escape may be
 * followed by spaces and tabs, and is not itself escaped.
 */
uint32_t dh__continuation_at(const char *s, uint32_t n, char esc);

/* The multi-byte part of dh__is_space_at. */
bool dh__is_wide_space_at(const char *s, uint32_t len, uint32_t *width);

/* Unicode white space as Go's unicode.IsSpace; *width gets the byte length.
 * Inline for the ASCII case, which is nearly every call. */
static inline bool dh__is_space_at(const char *s, uint32_t len,
				   uint32_t *width)
{
	unsigned char c = (unsigned char)s[0];
	*width = 1;
	if (c == ' ' || (c >= '\t' && c <= '\r'))
		return true;
	return c >= 0xc2 && dh__is_wide_space_at(s, len, width);
}

#endif
