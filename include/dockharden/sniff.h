/* SPDX-License-Identifier: MIT */
#ifndef DH_SNIFF_H
#define DH_SNIFF_H

#include <stdbool.h>

#include "dockharden/source.h"
#include "dockharden/yaml_tree.h"

/**
 * What an input is, told from its name and content, so every command can
 * refuse the wrong kind of file instead of rewriting it.
 */
typedef enum dh_input_kind {
	DH_INPUT_DOCKERFILE,
	DH_INPUT_K8S,	   /* a document with apiVersion and kind */
	DH_INPUT_COMPOSE,  /* a document with a services mapping, no kind */
	DH_INPUT_SKAFFOLD, /* apiVersion skaffold/...: read for pairing */
	DH_INPUT_YAML,	   /* other YAML whose documents are collections */
	DH_INPUT_JSON,	   /* other YAML written as JSON ({ or [ first) */
	DH_INPUT_SCRIPT,   /* starts with #! */
	DH_INPUT_BINARY,   /* holds NUL bytes */
	DH_INPUT_EMPTY,	   /* no bytes, or only blank lines */
	DH_INPUT_OTHER,	   /* text with no FROM instruction */
} dh_input_kind;

/**
 * True when the last path element of name says Dockerfile: "Dockerfile",
 * "Containerfile", "Dockerfile.*", "*.Dockerfile" (the names migrate
 * walks), compared without case. NULL is no name.
 */
bool dh_sniff_name_is_dockerfile(const char *name);

/**
 * The Dockerfile test alone, without parsing YAML: the first instruction
 * after parser directives, comments, blank lines and ARGs is FROM (NUL
 * bytes further down do not matter: the parser reports them); or name
 * says Dockerfile and the content does not contradict it (no NUL byte, and
 * the first instruction line does not look like YAML or JSON: a word
 * ending in ':', or '{', '[', '-' first). So an empty file, or one of
 * comments and ARGs only, is a Dockerfile only when its name says so.
 */
bool dh_sniff_is_dockerfile(const dh_source *src, const char *name);

/**
 * The kind of src, named name (NULL for unnamed standard input). YAML is
 * parsed (in src->arena) only when the Dockerfile test fails. A stream
 * that mixes kinds takes the strongest: Kubernetes, compose, skaffold.
 * Text that does not parse as YAML but has a line starting "apiVersion:"
 * or "kind:" (a Helm template, broken YAML) is K8S, one with "services:"
 * is COMPOSE, so the patcher can say what is wrong with it.
 */
dh_input_kind dh_sniff(const dh_source *src, const char *name);

/**
 * The kind of one parsed YAML document: K8S, COMPOSE, SKAFFOLD, YAML for
 * another collection, OTHER for a scalar or empty document (plain text
 * parses as a YAML scalar). For callers that walk the documents anyway.
 */
dh_input_kind dh_sniff_ydoc(const dh_ynode *root);

/**
 * Of two kinds found in one stream, the stronger: K8S, COMPOSE, SKAFFOLD,
 * then YAML, then the rest.
 */
dh_input_kind dh_sniff_stronger(dh_input_kind a, dh_input_kind b);

/**
 * Words for kind after "looks like": "a Kubernetes manifest", "a compose
 * file", "binary data", "an empty file"... Static storage.
 */
const char *dh_sniff_describe(dh_input_kind kind);

#endif
