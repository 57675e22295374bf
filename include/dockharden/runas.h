/* SPDX-License-Identifier: MIT */
#ifndef DH_RUNAS_H
#define DH_RUNAS_H

#include <stdbool.h>

#include "dockharden/pass.h"

/**
 * The evidence about whether a stage can run as a non-root user: what its
 * entrypoint does (wrappers followed to the script, the script read where
 * it was copied from), whether it is root by design or a base image, and
 * which writable paths would stay owned by root. Passes apply a USER only
 * on DH_RUNAS_PROVEN; everything else becomes a finding that says why.
 */
typedef enum dh_runas_kind {
	DH_RUNAS_PROVEN = 0,	 /* the entrypoint was read and needs no root */
	DH_RUNAS_UNPROVEN,	 /* evidence is missing: missing says which */
	DH_RUNAS_ROOT_BY_DESIGN, /* dockerd, sshd, init, actions, iptables */
	DH_RUNAS_BASE_IMAGE,	 /* CMD is a bare interpreter or shell */
	DH_RUNAS_DROPS,		 /* the entrypoint switches user itself */
	DH_RUNAS_DAEMON, /* a daemon whose runtime paths are root-owned */
} dh_runas_kind;

typedef struct dh_runas {
	dh_runas_kind kind;
	/* What was found ("dockerd", "gosu in 'entrypoint.sh'") or, for
	 * DH_RUNAS_UNPROVEN, the evidence that is missing. Arena-owned. */
	const char *why;
	/* A daemon's own fixed account, when kind is DH_RUNAS_DAEMON
	 * (nginx 101, postgres 999); 0 when it has none. */
	unsigned daemon_uid;
	/* DH_RUNAS_PROVEN only: a folder to make, give to the new user and
	 * set as HOME before its USER line, because the app writes under HOME
	 * (home_why says how that shows) and the user has no passwd entry,
	 * so HOME would be '/'. NULL when nothing is needed. Arena-owned or
	 * static. */
	const char *home;
	const char *home_why;
} dh_runas;

/**
 * Collects the evidence for stage st of ctx's document into out. Reads
 * the scripts the stage copies in from ctx->opts->base_dir (never runs
 * them). Never fails: what cannot be read is missing evidence.
 */
void dh_runas_check(dh_runas *out, dh_pass_ctx *ctx, const dh_stage *st);

/**
 * The program a command line really runs once wrappers are followed
 * (tini --, dumb-init, exec, env, sh -c "...", bash SCRIPT): the index of
 * that word in argv, or n when there is none.
 */
size_t dh_runas_skip_wrappers(const char *const *argv, size_t n);

/**
 * A port below 1024 that stage st listens on: EXPOSE (ARG and ENV values
 * resolved) or ENV PORT in st or a stage it builds on, else a --port,
 * -p, --bind or -b value in argv (the command, n words). Sets *port and
 * *how ("EXPOSE", "ENV PORT", "the command") and returns true when one
 * is found.
 */
bool dh_runas_low_port(dh_pass_ctx *ctx, const dh_stage *st,
		       const char *const *argv, size_t n, unsigned *port,
		       const char **how);

#endif
