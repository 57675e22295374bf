/* SPDX-License-Identifier: MIT */
/* Human words for operational error codes. */
#include "dockharden/errors.h"

const char *dh_strerror(int code)
{
	switch (code) {
	case DH_OK:
		return "success";
	case DH_EIO:
		return "input/output error";
	case DH_ETOOBIG:
		return "input too large";
	case DH_EINPUT:
		return "invalid input";
	case DH_EYAML:
		return "yaml library failure";
	case DH_ECHANGED:
		return "file changed on disk";
	case DH_EUSAGE:
		return "usage error";
	case DH_ENOTFOUND:
		return "not found";
	case DH_EBUSY:
		return "another run is writing";
	default:
		return "unknown error";
	}
}
