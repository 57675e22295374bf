#ifndef DH_INTERRUPT_H
#define DH_INTERRUPT_H

#include <stdbool.h>

/**
 * Interruption of writing runs (SIGINT, SIGTERM, SIGHUP). No signal
 * handler runs: dh_interrupt_start() blocks the three signals in the
 * calling thread, so every thread it creates afterwards inherits the mask,
 * and one watcher thread takes them with sigwait(). The watcher is an
 * ordinary thread, so it may lock and unlink; nothing here is a global.
 *
 * The first signal is recorded (dh_interrupt_caught()): workers stop
 * starting new files and in-flight atomic writes finish. A second signal
 * removes every temporary file registered with dh_interrupt_track() (under
 * the same lock the writers hold while they create and rename a
 * temporary, so each file is old or new) and then calls on_signal with
 * again set, which must end the process (the caller chooses the status).
 */
typedef struct dh_interrupt dh_interrupt;

/**
 * Called on the watcher thread: again is false for the first signal,
 * true for the next one (then it must not return).
 */
typedef void (*dh_interrupt_fn)(void *ctx, int signo, bool again);

/** A temporary file in flight; lives with the writer (on its stack). */
typedef struct dh_interrupt_temp {
	const char *path;
	struct dh_interrupt_temp *prev, *next;
} dh_interrupt_temp;

/**
 * Blocks SIGINT, SIGTERM and SIGHUP in the calling thread and starts the
 * watcher. Call it before creating other threads. Returns 0 and sets *out
 * (free with dh_interrupt_stop()), or DH_EIO when the thread cannot be
 * started (the mask is restored, *out is NULL).
 */
int dh_interrupt_start(dh_interrupt **out, dh_interrupt_fn on_signal,
		       void *ctx);

/** The first signal caught (SIGINT, ...), or 0; it may be NULL (0). */
int dh_interrupt_caught(const dh_interrupt *it);

/**
 * The run's last look, when it says how it ended: returns what
 * dh_interrupt_caught() would, and every later call returns the same, for
 * from now on signals are dropped. A run that finished and said so is not
 * turned into an interrupted one (status 130 under a summary that says
 * done) by a signal that comes while it frees and exits. it may be NULL.
 */
int dh_interrupt_close(dh_interrupt *it);

/**
 * Stops the watcher (waking it with a SIGHUP aimed at it; a signal that
 * arrives while it stops is dropped, the run being over) and frees it.
 * The three signals stay blocked in the calling thread: restoring the
 * mask would let a signal that came after the close end the finished
 * process by its default action. Call it as the process ends. it may be
 * NULL.
 */
void dh_interrupt_stop(dh_interrupt *it);

/**
 * The writers' lock: hold it while creating a temporary (and tracking
 * it) and while renaming or unlinking it (and untracking it). No-ops when
 * it is NULL.
 */
void dh_interrupt_hold(dh_interrupt *it);
void dh_interrupt_release(dh_interrupt *it);

/** Adds t (path set) to, or removes it from, the list; under the lock. */
void dh_interrupt_track(dh_interrupt *it, dh_interrupt_temp *t);
void dh_interrupt_untrack(dh_interrupt *it, dh_interrupt_temp *t);

#endif
