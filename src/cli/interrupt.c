/* SPDX-License-Identifier: MIT */
/*
 * SIGINT, SIGTERM and SIGHUP for writing runs, taken by a watcher thread
 * with sigwait() rather than by a handler: the signals are blocked in
 * every other thread, so no code runs in signal context and no global
 * flag is needed. See include/dockharden/interrupt.h.
 */
#include "dockharden/interrupt.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "dockharden/alloc.h"
#include "dockharden/errors.h"

struct dh_interrupt {
	pthread_t watcher;
	pthread_mutex_t lock; /* writers' temp files: create, rename, unlink */
	dh_interrupt_temp *temps;
	atomic_int caught;   /* the first signal, | CLOSED once the run ended */
	atomic_int stopping; /* set by dh_interrupt_stop() before its wake-up */
	dh_interrupt_fn on_signal;
	void *ctx;
	sigset_t set; /* the signals taken */
	sigset_t old; /* the caller's mask before start, for a failed start */
};

/* Above every signal number: set in caught by dh_interrupt_close(). */
#define CLOSED 0x10000

/* The second signal: no temporary of ours may survive the exit. */
static void remove_temps(dh_interrupt *it, int signo)
{
	pthread_mutex_lock(&it->lock);
	for (const dh_interrupt_temp *t = it->temps; t; t = t->next)
		(void)unlink(t->path);
	/* Holding the lock: no writer creates or renames a temp until the
	 * process ends. */
	it->on_signal(it->ctx, signo, true);
	abort(); /* on_signal must not return */
}

static void *watch(void *arg)
{
	dh_interrupt *it = arg;
	for (;;) {
		int signo = 0;
		if (sigwait(&it->set, &signo) != 0)
			continue;
		if (atomic_load(&it->stopping))
			break;
		int expect = 0;
		if (atomic_compare_exchange_strong(&it->caught, &expect,
						   signo)) {
			if (it->on_signal)
				it->on_signal(it->ctx, signo, false);
		} else if (!(expect & CLOSED)) {
			remove_temps(it, signo);
		}
	}
	return NULL;
}

int dh_interrupt_start(dh_interrupt **out, dh_interrupt_fn on_signal, void *ctx)
{
	dh_interrupt *it = dh_xcalloc(1, sizeof(*it));
	it->on_signal = on_signal;
	it->ctx = ctx;
	atomic_init(&it->caught, 0);
	atomic_init(&it->stopping, 0);
	sigemptyset(&it->set);
	sigaddset(&it->set, SIGINT);
	sigaddset(&it->set, SIGTERM);
	sigaddset(&it->set, SIGHUP);
	pthread_mutex_init(&it->lock, NULL);
	*out = NULL;
	if (pthread_sigmask(SIG_BLOCK, &it->set, &it->old) != 0 ||
	    pthread_create(&it->watcher, NULL, watch, it) != 0) {
		pthread_sigmask(SIG_SETMASK, &it->old, NULL);
		pthread_mutex_destroy(&it->lock);
		free(it);
		return DH_EIO;
	}
	*out = it;
	return 0;
}

int dh_interrupt_caught(const dh_interrupt *it)
{
	return it ? atomic_load(&it->caught) & ~CLOSED : 0;
}

int dh_interrupt_close(dh_interrupt *it)
{
	return it ? atomic_fetch_or(&it->caught, CLOSED) & ~CLOSED : 0;
}

void dh_interrupt_stop(dh_interrupt *it)
{
	if (!it)
		return;
	/* Not pthread_cancel(): unwinding a cancelled thread upsets the
	 * sanitizers. A signal aimed at the watcher wakes it to leave. */
	atomic_store(&it->stopping, 1);
	pthread_kill(it->watcher, SIGHUP);
	pthread_join(it->watcher, NULL);
	pthread_mutex_destroy(&it->lock);
	free(it);
}

void dh_interrupt_hold(dh_interrupt *it)
{
	if (it)
		pthread_mutex_lock(&it->lock);
}

void dh_interrupt_release(dh_interrupt *it)
{
	if (it)
		pthread_mutex_unlock(&it->lock);
}

void dh_interrupt_track(dh_interrupt *it, dh_interrupt_temp *t)
{
	if (!it)
		return;
	t->prev = NULL;
	t->next = it->temps;
	if (it->temps)
		it->temps->prev = t;
	it->temps = t;
}

void dh_interrupt_untrack(dh_interrupt *it, dh_interrupt_temp *t)
{
	if (!it)
		return;
	if (t->prev)
		t->prev->next = t->next;
	else
		it->temps = t->next;
	if (t->next)
		t->next->prev = t->prev;
	t->prev = t->next = NULL;
}
