#ifndef DH_LSP_H
#define DH_LSP_H

#include <stddef.h>

/**
 * Settings of one language server session. Zero-initialise, then set what
 * differs from the defaults.
 */
typedef struct dh_lsp_opts {
	const char *version; /* serverInfo.version; borrowed, may be NULL */
	size_t max_message;  /* largest message body; 0 means 64 MiB */
} dh_lsp_opts;

/**
 * Serves the Language Server Protocol (3.17, JSON-RPC framed by
 * Content-Length headers) on in_fd and out_fd until the client sends
 * "exit" or closes in_fd. Diagnostics, code actions, formatting, hover and
 * document symbols come from the same checks as `lint`, `harden`, `fmt` and
 * `patch`. Messages are the only output: nothing is printed elsewhere.
 *
 * The caller ignores SIGPIPE, so a client that goes away makes a write fail
 * (the session then ends) instead of killing the process. Returns the exit
 * status the protocol asks for: 0 after "shutdown" then "exit", 1 when the
 * session ended without a shutdown request or the client could not be
 * written to. The descriptors stay open; every allocation is freed.
 */
int dh_lsp_serve(int in_fd, int out_fd, const dh_lsp_opts *opts);

#endif
