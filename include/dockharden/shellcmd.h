#ifndef DH_SHELLCMD_H
#define DH_SHELLCMD_H

#include <stdbool.h>
#include <stddef.h>

#include "dockharden/arena.h"

/**
 * A light reading of shell text, enough to recognise build commands in
 * RUN steps and to tell whether a command line is purely literal. Shell
 * text is never executed or expanded.
 */

/** One simple command: leading VAR=value assignments, then its words. */
typedef struct dh_shcmd {
	const char **env; /* "CGO_ENABLED=0" */
	size_t nenv;
	const char **words; /* quotes removed */
	size_t nwords;
} dh_shcmd;

/**
 * Splits text at &&, ||, ;, | and line breaks into simple commands, and
 * each into words (quotes removed, backslash escapes applied). Arrays and
 * strings are arena-owned. Returns the number of commands.
 */
size_t dh_sh_split(dh_shcmd **out, dh_arena *arena, const char *text);

/**
 * True when text is a plain command line with nothing for a shell to do:
 * no $, `, &&, ||, |, ;, redirections, globs, subshells or quotes that
 * matter. Then it can run in exec form without a shell.
 */
bool dh_sh_is_literal(const char *text);

/** Index of the first of cmd's words equal to word, or -1. */
long dh_sh_find(const dh_shcmd *cmd, const char *word);

/** Value of option name in "-o X" or "-o=X" / "--name=X" form, or NULL. */
const char *dh_sh_option(const dh_shcmd *cmd, const char *name);

/** True when word equals one of the n strings of list. */
bool dh_sh_word_in(const char *word, const char *const *list, size_t n);

/** True when any word of cmd equals word. */
bool dh_sh_has(const dh_shcmd *cmd, const char *word);

/**
 * The words of c without a leading `exec`, which only replaces the shell
 * by the same command (`sh -c 'exec X A'` runs X A); the words as they are
 * when there is none or exec has options. Borrowed from c; *out_n is the
 * count.
 */
const char **dh_sh_skip_exec(const dh_shcmd *c, size_t *out_n);

#endif
