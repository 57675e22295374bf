/* SPDX-License-Identifier: MIT */
/*
 * Shared by the Kubernetes patcher's files: what one pod spec and one
 * container are planned to get (patch_k8s_plan.c decides, from evidence
 * and infrastructure signs; patch_k8s.c edits), and the findings for what
 * is left.
 */
#ifndef DH_PATCH_K8S_INTERNAL_H
#define DH_PATCH_K8S_INTERNAL_H

#include "patch_internal.h"

/* What one pod spec already says and what the plan gives it. */
typedef struct dh__pod {
	const dh_ynode *spec;
	const char *wl;		/* "Deployment 'web'", for messages */
	bool container_nonroot; /* pod level cannot get runAsNonRoot: true */
	bool volumes_ok;	/* volumes absent or a local sequence */
	const dh_ynode *volumes;
	const char **taken; /* volume names in use, arena-owned */
	size_t ntaken;
	size_t cap;
	dh__frag *new_volumes;
	/* the plan */
	const char *host;  /* "hostPID: true" when the pod uses host
			      namespaces (and no --override), else NULL */
	const char *infra; /* the first reason the workload is infra */
	bool identity;	   /* runAsUser/runAsGroup/runAsNonRoot at pod level */
	uint32_t uid;
	uint32_t gid;
	uint32_t fsgroup;    /* 0: no fsGroup added */
	dh__evidence ev;     /* the first identified container's evidence */
	bool nonroot;	     /* the pod ends with runAsNonRoot: true */
	bool add_sysctl;     /* the low-port sysctl goes into the pod */
	bool sysctl_blocked; /* sysctls set without it: cannot add it */
	bool explicit_user;  /* the pod sets runAsUser itself */
} dh__pod;

/* One container: its plan and the note text of what was changed. */
typedef struct dh__ctr {
	const dh_ynode *map;
	const char *name;
	const char *image;
	dh__contract k;
	const char *infra; /* why it keeps its identity, or NULL */
	uint32_t low;	   /* a containerPort below 1024, or 0 */
	bool ident;	   /* gets non-root identity, rofs, drop ALL */
	bool own_identity; /* runAsUser etc. in its own securityContext */
	dh_buf added;
	bool rofs;	     /* root filesystem ends up read-only */
	bool keep_priv;	     /* privileged: true stays */
	bool keep_sys_admin; /* capabilities.add SYS_ADMIN stays */
} dh__ctr;

/** Scalar text of n (through an alias), or NULL. */
const char *dh__text_of(const dh_ynode *n);

/**
 * Plans the pod: host namespaces, system hostPaths, every container's
 * contract, and where the identity goes. Emits the one infrastructure
 * warning (DH240) and the restricted-profile findings about volumes and
 * hostPorts (DH251, DH252).
 */
void dh__pod_plan(dh__patcher *p, dh__pod *pod);

/** Plans one container (the same answer dh__pod_plan() saw). */
void dh__ctr_plan(dh__patcher *p, const dh__pod *pod, dh__ctr *c);

/**
 * After the container is patched: a DH250 warning with the suggested
 * edit for each restricted-profile setting it is left without, and a
 * DH255 warning when its runAsUser differs from its Dockerfile's USER.
 */
void dh__ctr_findings(dh__patcher *p, const dh__pod *pod, const dh__ctr *c);

#endif
