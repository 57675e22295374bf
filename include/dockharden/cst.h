#ifndef DH_CST_H
#define DH_CST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dockharden/arena.h"
#include "dockharden/buf.h"
#include "dockharden/diag.h"
#include "dockharden/image_ref.h"
#include "dockharden/source.h"

/**
 * The lossless concrete syntax tree of a Dockerfile.
 *
 * A DOCUMENT's children are the top-level lines in order: an optional BOM,
 * DIRECTIVE, COMMENT, BLANK, INSTRUCTION and ERROR nodes. Each owns its
 * bytes through its line break, so the children's spans tile the input.
 * A run of blank lines is one BLANK node. An INSTRUCTION spread over
 * several lines has children: its physical LINEs, the CONT_COMMENT and
 * CONT_BLANK lines inside its continuation, and its HEREDOC bodies; one
 * written on a single line with no heredoc has none.
 *
 * Every node's bytes come from its "base": the source for parsed nodes, or
 * the node's own text once an edit has rewritten it (see dh_node_base).
 * All nodes and strings are owned by the document's arena.
 */

typedef enum dh_node_kind {
	DH_NODE_DOCUMENT,
	DH_NODE_BOM,
	DH_NODE_DIRECTIVE,
	DH_NODE_COMMENT,
	DH_NODE_BLANK,
	DH_NODE_INSTRUCTION,
	DH_NODE_ERROR,
	DH_NODE_LINE,
	DH_NODE_CONT_COMMENT,
	DH_NODE_CONT_BLANK,
	DH_NODE_HEREDOC,
} dh_node_kind;

typedef enum dh_instr_kind {
	DH_INSTR_UNKNOWN,
	DH_INSTR_ADD,
	DH_INSTR_ARG,
	DH_INSTR_CMD,
	DH_INSTR_COPY,
	DH_INSTR_ENTRYPOINT,
	DH_INSTR_ENV,
	DH_INSTR_EXPOSE,
	DH_INSTR_FROM,
	DH_INSTR_HEALTHCHECK,
	DH_INSTR_LABEL,
	DH_INSTR_MAINTAINER,
	DH_INSTR_ONBUILD,
	DH_INSTR_RUN,
	DH_INSTR_SHELL,
	DH_INSTR_STOPSIGNAL,
	DH_INSTR_USER,
	DH_INSTR_VOLUME,
	DH_INSTR_WORKDIR,
} dh_instr_kind;

enum {
	DH_NODE_F_DIRTY = 1u << 0,	 /* its text was rewritten by an edit */
	DH_NODE_F_CHILD_DIRTY = 1u << 1, /* a descendant changed */
	DH_NODE_F_SYNTHETIC = 1u << 2,	 /* made by a pass, not parsed */
	DH_NODE_F_REMOVED = 1u << 3,	 /* unlinked by dh_cst_remove */
};

/**
 * A word of an instruction as the reference parser cuts it: text is the
 * decoded value (arena-owned, NUL-terminated, may hold NUL bytes), raw is
 * where its unprocessed spelling lies in the node's base, when it lies in
 * one piece (has_raw false for words spread over continuation lines and for
 * values the reference assembles, such as ENV separators).
 */
typedef struct dh_word {
	const char *text;
	uint32_t len;
	bool has_raw;
	dh_span raw;
} dh_word;

/** One heredoc attached to RUN, COPY or ADD (<<EOF, <<-EOF, <<"EOF"). */
typedef struct dh_heredoc {
	const char *name;   /* the terminator word, quotes removed */
	unsigned fd;	    /* 3<<EOF gives 3; 0 when absent */
	bool chomp;	    /* <<- strips leading tabs */
	bool expand;	    /* false when the word was quoted */
	dh_span body;	    /* the content lines, in the base */
	dh_span terminator; /* the terminator line, with its line break */
} dh_heredoc;

/** The parts of a FROM instruction. */
typedef struct dh_from {
	dh_image_ref image;
	const char *platform;	/* --platform value or NULL */
	const char *stage_name; /* name after AS, as written, or NULL */
	dh_span stage_name_raw; /* in the base, when stage_name is set */
} dh_from;

/** What an instruction means, computed from its joined logical line. */
typedef struct dh_instr {
	dh_instr_kind kind;
	const char *keyword;	 /* as spelled (arena) */
	const char *keyword_lc;	 /* lower-cased, as the reference dumps it */
	uint32_t keyword_lc_len; /* its length (it may hold NUL bytes) */
	dh_span keyword_raw;	 /* in the base; empty when split over lines */
	const char *logical; /* joined line: continuations and comments out */
	uint32_t logical_len;
	dh_word *flags; /* leading --flags, decoded as the reference */
	size_t nflags;
	dh_word *args; /* arguments cut as the reference cuts them */
	size_t nargs;
	const char *rest; /* trimmed argument text after the flags */
	uint32_t rest_len;
	bool json; /* exec (JSON array) form */
	bool has_rest_raw;
	dh_span rest_raw;	 /* in the base, first to last byte of rest */
	struct dh_node *trigger; /* ONBUILD: the inner instruction (detached) */
	dh_heredoc *heredocs;
	size_t nheredocs;
	dh_from *from; /* FROM only */
} dh_instr;

typedef struct dh_node dh_node;

/* The parts of a node few nodes need, allocated when first set. */
typedef struct dh_node_extra {
	/* INSTRUCTION: what it means, computed on first dh_node_instr(). */
	dh_instr *instr;
	/* Dirty or synthetic top-level nodes: their own bytes, which become
	 * their base; the node's span covers all of them. */
	const char *text;
	/* See dh_node_origin(). */
	uint32_t origin;
} dh_node_extra;

struct dh_node {
	uint16_t kind;	/* a dh_node_kind */
	uint16_t flags; /* DH_NODE_F_* */
	/*
	 * LINE, and an INSTRUCTION written on one line (which then has no
	 * LINE children): offset in the base where the text ends, at the
	 * continuation escape or the line break.
	 */
	uint32_t content_end;
	dh_span span; /* in the base; for a document, the whole input */
	dh_node *parent;
	dh_node *prev;
	dh_node *next;
	dh_node *first_child;
	dh_node *last_child;
	/* NULL for nearly every parsed node, so a node is 64 bytes: one per
	 * line of a large file, most of its memory. */
	dh_node_extra *extra;
};

/** How new text is written so it reads like the rest of the file. */
typedef struct dh_style {
	bool lowercase_keywords; /* most keywords were written lower-case */
	bool crlf;		 /* the file's first line break is CRLF */
	char escape;		 /* '\\' or '`' */
	const char *indent;	 /* continuation-line indent, e.g. "    " */
} dh_style;

/** A parsed Dockerfile: source, tree, findings and style. */
typedef struct dh_doc {
	dh_arena *arena;
	dh_source *src;
	dh_node *root;
	dh_diags diags;
	dh_style style;
	bool has_bom;
	const char *syntax; /* # syntax= value, or NULL */
} dh_doc;

/**
 * The meaning of an INSTRUCTION (or the instruction an ERROR node holds),
 * computed on first use and kept in the node; NULL for other kinds or when
 * the line does not parse (its error is in doc->diags from the parse).
 */
const dh_instr *dh_node_instr(const dh_doc *doc, dh_node *node);

/**
 * Where in the input a node came from, for messages: its parsed offset,
 * kept across edits; a synthetic node takes its anchor's.
 */
uint32_t dh_node_origin(const dh_node *node);

/** Sets a node's origin (a synthetic node standing for another). */
void dh_node_set_origin(dh_doc *doc, dh_node *node, uint32_t origin);

/** A dirty or synthetic node's own bytes, or NULL when it has none. */
const char *dh_node_text(const dh_node *node);

/** What an ONBUILD's trigger means (analysed with it), or NULL. */
const dh_instr *dh_instr_trigger(const dh_instr *instr);

/** The bytes a node's spans refer to: its own text, or the source. */
const char *dh_node_base(const dh_doc *doc, const dh_node *node);

/** Appends the node's current bytes (all of them, with its line break). */
void dh_node_render(dh_buf *out, const dh_doc *doc, const dh_node *node);

/** Prints the whole tree; for an unedited tree this is the input. */
void dh_doc_render(dh_buf *out, const dh_doc *doc);

/** A kind's name for dumps: "instruction", "line", ... */
const char *dh_node_kind_name(dh_node_kind kind);

/** The kind for a keyword, case-insensitively; DH_INSTR_UNKNOWN if none. */
dh_instr_kind dh_instr_kind_from_word(const char *word, size_t len);

/** The upper-case name of an instruction kind ("RUN"); "" for unknown. */
const char *dh_instr_kind_name(dh_instr_kind kind);

/** The first flag named name ("from" matches --from and --from=x), or NULL. */
const dh_word *dh_instr_flag(const dh_instr *instr, const char *name);

/** The value of flag name after '=' (arena string), or NULL if absent. */
const char *dh_instr_flag_value(const dh_instr *instr, const char *name);

/** 1-based line and column of a node's first byte in the source. */
void dh_node_position(const dh_doc *doc, const dh_node *node,
		      uint32_t *out_line, uint32_t *out_col);

/** Next top-level instruction after node (or the first, for NULL). */
dh_node *dh_doc_next_instruction(const dh_doc *doc, const dh_node *node);

/**
 * Edit API. Every edit marks the node dirty and its ancestors child-dirty,
 * keeps every byte outside the edited node, writes new text in the file's
 * style (keyword case, escape character, line endings, indentation) and
 * re-reads the edited instruction so its dh_instr stays true. Edits return
 * 0, or DH_EINPUT when the new text does not parse as one instruction.
 */

/**
 * A new synthetic instruction parsed from one logical line (no trailing
 * line break), e.g. "USER 10001:10001"; a line starting with '#' gives a
 * comment and the empty string a blank line. A '\n' in line becomes a
 * continuation in the file's style. Keyword case and line endings are
 * adapted to the file's style. Inserted before or after anchor; an
 * instruction left continued at the end of input is closed first.
 * White space alone is DH_EINPUT.
 */
int dh_cst_insert_before(dh_node **out, dh_doc *doc, dh_node *anchor,
			 const char *line);
int dh_cst_insert_after(dh_node **out, dh_doc *doc, dh_node *anchor,
			const char *line);
/** Inserts a copy of node's bytes, as written, after anchor. */
int dh_cst_insert_copy_after(dh_node **out, dh_doc *doc, dh_node *anchor,
			     const dh_node *node);
/** Appends a synthetic instruction (or comment, if it starts with #). */
int dh_cst_append(dh_node **out, dh_doc *doc, const char *line);
/** Replaces an instruction's whole text with one new logical line; text
 * that is not an instruction is DH_EINPUT. */
int dh_cst_replace(dh_doc *doc, dh_node *node, const char *line);
/**
 * Replaces a top-level node's bytes with text exactly as given (line
 * breaks included); the node is re-read and may change kind (an
 * instruction, a comment or blank lines).
 */
int dh_cst_replace_text(dh_doc *doc, dh_node *node, const char *text,
			size_t len);
/** Replaces only the argument text after the flags, keeping the rest. */
int dh_cst_replace_rest(dh_doc *doc, dh_node *node, const char *rest);
/** Unlinks a top-level node; it no longer prints. */
void dh_cst_remove(dh_doc *doc, dh_node *node);
/** Moves a top-level node to just before anchor (bytes kept as written). */
void dh_cst_move_before(dh_doc *doc, dh_node *node, dh_node *anchor);
/** Moves a top-level node to just after anchor. */
void dh_cst_move_after(dh_doc *doc, dh_node *node, dh_node *anchor);
/** Adds a flag ("--chown=1:1") right after the keyword. */
int dh_cst_add_flag(dh_doc *doc, dh_node *node, const char *flag);
/** Removes the flag at index (and the whitespace after it). */
int dh_cst_remove_flag(dh_doc *doc, dh_node *node, size_t index);
/** Replaces the flag at index with new text ("--from=build"). */
int dh_cst_set_flag(dh_doc *doc, dh_node *node, size_t index, const char *flag);

/**
 * Checks the tree's invariants: links, ordering, children tiling their
 * parent, and (for an unedited tree) whole-input coverage. Returns NULL
 * when sound, or a static description of the first violation.
 */
const char *dh_cst_check(const dh_doc *doc);

#endif
