#ifndef DH_PASS_H
#define DH_PASS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dockharden/cst.h"
#include "dockharden/diag.h"
#include "dockharden/errors.h"
#include "dockharden/facts.h"
#include "dockharden/model.h"

/**
 * Hardening passes. Each lives in transforms/<name>.c and exports one
 * `const dh_pass dh_pass_<name>`; transforms/passes.def gives the order.
 * A pass changes the tree only through cst.h, reports each change and
 * finding with a rule ID, is idempotent, skips ERROR nodes and reads
 * what earlier passes did from the tree (through the model).
 */

/** What the user asked for. */
typedef struct dh_harden_opts {
	uint32_t uid; /* default 10001 */
	uint32_t gid; /* default 10001 */
	/* uid/gid were asked for (--uid, --gid, configuration): they win over
	 * a base image's own unprivileged user */
	bool explicit_user;
	const char **disabled; /* rule IDs turned off (config, --disable) */
	size_t ndisabled;
	const char *base_dir;	/* folder of the Dockerfile, to read scripts it
				   copies (entrypoints); NULL for stdin */
	const char **image_map; /* pairs: from-prefix, to-prefix (mirrors) */
	size_t nimage_map;
	const char **writable; /* extra writable paths from configuration */
	size_t nwritable;
	/* --level=strict: also apply the changes whose evidence is missing
	 * (each marked "(unproven)"); by default they are only suggested */
	bool strict;
	/* bind-low-ports: the runtime lets a non-root user bind ports below
	 * 1024 (net.ipv4.ip_unprivileged_port_start=0), so a low port is no
	 * reason to keep root */
	bool bind_low_ports;
} dh_harden_opts;

/** The state a pass works on. */
typedef struct dh_pass_ctx {
	dh_doc *doc;
	dh_model model; /* rebuilt before each pass runs */
	const dh_harden_opts *opts;
	size_t changes;	  /* edits made so far */
	size_t findings;  /* warnings reported so far */
	bool has_pragmas; /* the file has "ignore=" comments at all */
} dh_pass_ctx;

typedef struct dh_pass {
	const char *name;    /* kebab-case, for --list-passes */
	const char *rule;    /* primary rule ID, "DH101" */
	const char *summary; /* one-line rationale */
	int (*run)(dh_pass_ctx *ctx);
} dh_pass;

/** Number of passes, and pass i in run order (static storage). */
size_t dh_pass_count(void);
const dh_pass *dh_pass_at(size_t i);

/** The rule's one-line rationale, or NULL for an unknown rule. */
const char *dh_rule_rationale(const char *rule);

/**
 * True when rule is switched off for node: by options, or by a
 * `# dockharden ignore=DHnnn` (or mapped `# hadolint ignore=DLnnnn`)
 * comment on the line before node or before its stage's FROM.
 */
bool dh_pass_ignored(dh_pass_ctx *ctx, const dh_node *node, const char *rule);

/**
 * Records a change (note) or a finding (warning) at node's position in the
 * input; synthetic nodes are reported at the nearest parsed node before
 * them. Returns the diagnostic so a hint can be attached.
 */
dh_diag *dh_pass_note(dh_pass_ctx *ctx, const dh_node *node, const char *rule,
		      const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
dh_diag *dh_pass_warn(dh_pass_ctx *ctx, const dh_node *node, const char *rule,
		      const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/**
 * Attaches to finding d the edit it suggests but does not make: line
 * (one logical line, no line break) inserted after node, in the input's
 * coordinates and the file's keyword case and line endings. Nothing is
 * attached when node was made by a pass (it has no place in the input).
 */
void dh_pass_suggest(dh_pass_ctx *ctx, dh_diag *d, const dh_node *node,
		     const char *line);

/**
 * Runs every pass in order over doc (which must have parsed without
 * errors). Returns 0 or a negative DH_E* from a pass.
 */
int dh_harden(dh_doc *doc, const dh_harden_opts *opts, size_t *out_changes);

/** Sets opts to the defaults (uid/gid 10001, nothing disabled). */
void dh_harden_opts_init(dh_harden_opts *opts);

/**
 * The runtime facts of a (hardened) document: final user, ports,
 * writable paths (/tmp, VOLUMEs, the base image's known paths).
 */
void dh_facts_from_doc(dh_facts *out, dh_doc *doc, const dh_harden_opts *opts);

/**
 * The facts of doc as it is now, before dh_harden(), for
 * dh_facts_set_moves(): like dh_facts_from_doc(), but the findings it
 * would add (an unusable EXPOSE word) are dropped, since the facts of the
 * hardened document report them. Arrays live in doc's arena.
 */
void dh_facts_before(dh_facts *out, dh_doc *doc, const dh_harden_opts *opts);

/**
 * Sets hardened->moves to the ports hardening changed: the final stage's
 * EXPOSE ports of original that hardened lacks, paired in order with the
 * ports of hardened that original lacks, per protocol. When the counts
 * differ (a port dropped or added rather than changed) that protocol has
 * no moves. The array lives in arena; no moves leaves it NULL.
 */
void dh_facts_set_moves(dh_facts *hardened, dh_arena *arena,
			const dh_facts *original);

/** The move of port (with proto) in facts, or NULL; facts may be NULL. */
const dh_port_move *dh_facts_move_of(const dh_facts *facts, uint32_t port,
				     dh_port_proto proto);

/* ---- helpers shared by passes (src/harden/pass_util.c) ---- */

/**
 * The instruction after prev in stage st (the first after FROM when prev
 * is NULL), or NULL at the stage's end. Comments and blanks are skipped.
 */
dh_node *dh_stage_step(dh_pass_ctx *ctx, const dh_stage *st, dh_node *prev);

/** The last instruction of kind in stage st, or NULL. */
dh_node *dh_stage_last(dh_pass_ctx *ctx, const dh_stage *st,
		       dh_instr_kind kind);

/**
 * The argv of a CMD or ENTRYPOINT: exec form as written, or a shell form
 * split into words when it is purely literal (a leading `exec` dropped,
 * see dh_sh_skip_exec). NULL (with *out_n 0) for a
 * shell form that needs a shell. Arena-owned.
 */
const char **dh_command_argv(dh_pass_ctx *ctx, dh_node *node, size_t *out_n);

/** Appends argv as a JSON array ("[\"a\", \"b\"]") to out. */
void dh_json_argv(dh_buf *out, const char *const *argv, size_t n);

/**
 * An image name chosen by a pass, rewritten through the configured
 * mirrors (image_map: the first matching from-prefix is replaced).
 */
const char *dh_pass_image(dh_pass_ctx *ctx, const char *image);

/** The concatenated text of every RUN in stage st (for searches). */
const char *dh_stage_run_text(dh_pass_ctx *ctx, const dh_stage *st);

#endif
