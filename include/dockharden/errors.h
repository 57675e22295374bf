#ifndef DH_ERRORS_H
#define DH_ERRORS_H

/**
 * Operational error codes (I/O, libyaml, limits): functions return 0 or one
 * of these negative values and callers pass them up unchanged. Findings
 * about the input are never errors of this kind: they are dh_diag records.
 */
enum {
	DH_OK = 0,
	DH_EIO = -1,	   /* read or write failed; errno says why */
	DH_ETOOBIG = -2,   /* input over the documented size limit */
	DH_EINPUT = -3,	   /* input could not be parsed (diagnostics say why) */
	DH_EYAML = -4,	   /* libyaml reported a failure */
	DH_ECHANGED = -5,  /* the file changed on disk while we worked */
	DH_EUSAGE = -6,	   /* bad arguments from the caller */
	DH_ENOTFOUND = -7, /* a named thing does not exist */
	DH_EBUSY = -8,	   /* another run holds the tree's lock */
};

/** Exit statuses shared by every command (documented in the README). */
enum {
	DH_EXIT_OK = 0,	      /* clean: nothing to change, no findings */
	DH_EXIT_CHANGES = 1,  /* changes needed, or findings reported */
	DH_EXIT_BADINPUT = 2, /* bad input: nothing was written */
	DH_EXIT_FAILURE = 3,  /* usage error, or output could not be written */
	DH_EXIT_BUSY = 4,     /* another dockharden run is writing the tree */
	DH_EXIT_SIGNAL = 128, /* + the signal: interrupted (130 SIGINT, ...) */
};

/** A short lower-case description of a DH_E* code; static storage. */
const char *dh_strerror(int code);

#endif
