/* SPDX-License-Identifier: MIT */
/*
 * `dockharden doctor`: what kind of machine this is (hardware virtual
 * machine, bare metal, or itself a shared-kernel container) and which
 * kernel features container isolation needs are there. Everything comes
 * from files under /proc and /sys, a few well-known files and the
 * environment, the way systemd-detect-virt does it, so no root and no
 * other program is needed. Roots are parameters so tests use fake trees.
 */
#include "dockharden/doctor.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Largest file read; /proc/cpuinfo's first processor is well inside. */
#define READ_MAX ((size_t)256 * 1024)

typedef enum level {
	LVL_OK,
	LVL_WARN,
	LVL_INFO,
} level;

typedef struct doctor {
	const dh_doctor_env *env;
	dh_buf *out;
	dh_buf path; /* scratch: the path being looked at */
	dh_buf text; /* scratch: the last file read */
	size_t count[3];
	bool userns; /* what the runtime line reports */
	bool seccomp;
} doctor;

__attribute__((format(printf, 4, 5))) static void
report(doctor *d, level lvl, const char *check, const char *fmt, ...)
{
	const char *const names[] = {"ok", "warn", "info"};
	d->count[lvl]++;
	dh_buf_printf(d->out, "%s: %s: ", names[lvl], check);
	va_list ap;
	va_start(ap, fmt);
	dh_buf_vprintf(d->out, fmt, ap);
	va_end(ap);
	dh_buf_putc(d->out, '\n');
}

/* base + rel in d->path; returns its text (valid until the next call). */
static const char *path_in(doctor *d, const char *base, const char *rel)
{
	dh_buf_clear(&d->path);
	dh_buf_printf(&d->path, "%s%s", base, rel);
	return d->path.data;
}

static const char *in_proc(doctor *d, const char *rel)
{
	return path_in(d, d->env->proc_root, rel);
}

static const char *in_sys(doctor *d, const char *rel)
{
	return path_in(d, d->env->sys_root, rel);
}

static const char *in_root(doctor *d, const char *rel)
{
	return path_in(d, d->env->root, rel);
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Reads path into d->text (NUL-terminated). False when it cannot. */
static bool read_text(doctor *d, const char *path)
{
	dh_buf_clear(&d->text);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool ok = true;
	while (d->text.len < READ_MAX) {
		dh_buf_reserve(&d->text, 4096);
		ssize_t n = read(fd, d->text.data + d->text.len, 4096);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ok = n == 0;
			break;
		}
		d->text.len += (size_t)n;
	}
	close(fd);
	dh_buf_putc(&d->text, '\0');
	d->text.len--;
	return ok;
}

/* The first line of a file, trimmed; "" when it cannot be read. */
static const char *first_line(doctor *d, const char *path)
{
	if (!read_text(d, path))
		return "";
	char *s = d->text.data;
	size_t n = strcspn(s, "\n");
	while (n > 0 &&
	       (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	s[n] = '\0';
	return s;
}

static const char *env_get(const doctor *d, const char *name)
{
	if (!d->env->envp)
		return getenv(name);
	size_t n = strlen(name);
	for (const char *const *e = d->env->envp; *e; e++)
		if (!strncmp(*e, name, n) && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* ---- hardware virtualization ---- */

static const struct vendor {
	const char *prefix;
	const char *name;
} vendors[] = {
	{"KVM", "KVM"},
	{"OpenStack", "KVM (OpenStack)"},
	{"KubeVirt", "KVM (KubeVirt)"},
	{"Amazon EC2", "AWS Nitro (KVM-based)"},
	{"Google Compute Engine", "KVM (Google Compute Engine)"},
	{"DigitalOcean", "KVM (DigitalOcean)"},
	{"QEMU", "QEMU"},
	{"VMware", "VMware"},
	{"VMW", "VMware"},
	{"innotek GmbH", "VirtualBox"},
	{"VirtualBox", "VirtualBox"},
	{"Xen", "Xen HVM"},
	{"Bochs", "Bochs"},
	{"Parallels", "Parallels"},
	{"BHYVE", "bhyve"},
	{"Hyper-V", "Hyper-V"},
	{"Apple Virtualization", "Apple Virtualization"},
};

/* The hypervisor named by one DMI field, or NULL. */
static const char *vendor_of(const char *value)
{
	for (size_t i = 0; i < sizeof(vendors) / sizeof(vendors[0]); i++)
		if (*value && starts_with(value, vendors[i].prefix))
			return vendors[i].name;
	return NULL;
}

/* The hypervisor the DMI tables name, or NULL; *metal for EC2 metal. */
static const char *vm_from_dmi(doctor *d, bool *metal)
{
	const char *const fields[] = {"sys_vendor", "board_vendor",
				      "product_name", "bios_vendor"};
	char product[256];
	int n = snprintf(
		product, sizeof(product), "%s",
		first_line(d, in_sys(d, "/class/dmi/id/product_name")));
	if (n < 0)
		product[0] = '\0';
	*metal = strstr(product, ".metal") != NULL;
	/* Microsoft sells hardware too: only its "Virtual Machine" is one. */
	if (!strcmp(product, "Virtual Machine") &&
	    starts_with(first_line(d, in_sys(d, "/class/dmi/id/sys_vendor")),
			"Microsoft Corporation"))
		return "Hyper-V";
	char rel[64];
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		n = snprintf(rel, sizeof(rel), "/class/dmi/id/%s", fields[i]);
		if (n < 0 || (size_t)n >= sizeof(rel))
			continue;
		const char *name = vendor_of(first_line(d, in_sys(d, rel)));
		if (name)
			return name;
	}
	return NULL;
}

/* True when the first processor in /proc/cpuinfo has the hypervisor flag. */
static bool cpu_hypervisor_flag(doctor *d)
{
	if (!read_text(d, in_proc(d, "/cpuinfo")))
		return false;
	for (const char *s = d->text.data; s && *s;) {
		const char *eol = strchr(s, '\n');
		size_t n = eol ? (size_t)(eol - s) : strlen(s);
		if (starts_with(s, "flags")) {
			const char *f = strstr(s, " hypervisor");
			return f && f < s + n &&
			       (f[11] == ' ' || f[11] == '\n' || f[11] == '\0');
		}
		s = eol ? eol + 1 : NULL;
	}
	return false;
}

static void check_hardware(doctor *d)
{
	bool metal = false;
	const char *vm = vm_from_dmi(d, &metal);
	const char *how = "DMI";
	if (!vm &&
	    !strcmp(first_line(d, in_sys(d, "/hypervisor/type")), "xen")) {
		vm = "Xen";
		how = "/sys/hypervisor/type";
	}
	if (!vm && exists(in_proc(d, "/xen"))) {
		vm = "Xen";
		how = "/proc/xen";
	}
	if (!vm && cpu_hypervisor_flag(d)) {
		vm = "hypervisor not named";
		how = "the cpu 'hypervisor' flag";
	}
	if (metal && vm && starts_with(vm, "AWS"))
		report(d, LVL_OK, "virtualization",
		       "none: an EC2 bare-metal instance, the kernel is not "
		       "shared");
	else if (vm)
		report(d, LVL_OK, "virtualization",
		       "virtual machine: %s (from %s): hardware "
		       "virtualization, this machine has its own kernel",
		       vm, how);
	else
		report(d, LVL_OK, "virtualization",
		       "none found: bare metal, the kernel is not shared");
}

/* ---- shared-kernel containers ---- */

typedef struct finding {
	const char *name; /* lxc, openvz, docker... or NULL */
	const char *why;  /* evidence, for the report */
} finding;

/* A value of PID 1's environment (NUL-separated), copied into out. */
static bool pid1_env(doctor *d, const char *name, char *out, size_t size)
{
	if (!read_text(d, in_proc(d, "/1/environ")))
		return false;
	size_t n = strlen(name);
	for (size_t i = 0; i < d->text.len; i += strlen(d->text.data + i) + 1) {
		const char *e = d->text.data + i;
		if (strncmp(e, name, n) || e[n] != '=')
			continue;
		int w = snprintf(out, size, "%s", e + n + 1);
		return w > 0 && (size_t)w < size;
	}
	return false;
}

static bool from_kernel(doctor *d, finding *f)
{
	if (exists(in_proc(d, "/vz")) && !exists(in_proc(d, "/bc"))) {
		*f = (finding){"OpenVZ/Virtuozzo", "/proc/vz without /proc/bc"};
		return true;
	}
	if (read_text(d, in_proc(d, "/version")) &&
	    (strstr(d->text.data, "microsoft") ||
	     strstr(d->text.data, "Microsoft"))) {
		*f = (finding){"WSL", "/proc/version names Microsoft"};
		return true;
	}
	return false;
}

static const struct hint {
	const char *needle;
	const char *name;
} cgroup_hints[] = {
	{"/docker", "Docker"},
	{"lxc.payload", "LXC"},
	{"/lxc/", "LXC"},
	{"/kubepods", "Kubernetes"},
	{"/libpod", "Podman"},
	{"/containerd", "containerd"},
	{"/system.slice/docker-", "Docker"},
};

static bool from_markers(doctor *d, finding *f, char *buf, size_t size)
{
	const char *v = env_get(d, "container");
	if ((v && *v) || pid1_env(d, "container", buf, size)) {
		*f = (finding){v && *v ? v : buf, "the 'container' variable"};
		return true;
	}
	if (*first_line(d, in_root(d, "/run/systemd/container"))) {
		int n = snprintf(buf, size, "%s", d->text.data);
		*f = (finding){n > 0 ? buf : "a container",
			       "/run/systemd/container"};
		return true;
	}
	const struct {
		const char *path, *name;
	} files[] = {{"/run/.containerenv", "Podman"},
		     {"/.dockerenv", "Docker"},
		     {"/dev/lxd", "LXD"}};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (exists(in_root(d, files[i].path))) {
			*f = (finding){files[i].name, files[i].path};
			return true;
		}
	}
	return false;
}

static bool from_cgroup(doctor *d, finding *f)
{
	if (!read_text(d, in_proc(d, "/self/cgroup")))
		return false;
	for (size_t i = 0; i < sizeof(cgroup_hints) / sizeof(cgroup_hints[0]);
	     i++) {
		if (strstr(d->text.data, cgroup_hints[i].needle)) {
			*f = (finding){cgroup_hints[i].name,
				       "/proc/self/cgroup"};
			return true;
		}
	}
	if (env_get(d, "KUBERNETES_SERVICE_HOST")) {
		*f = (finding){"Kubernetes", "KUBERNETES_SERVICE_HOST"};
		return true;
	}
	return false;
}

static void check_container(doctor *d)
{
	finding f = {NULL, NULL};
	char buf[128];
	if (from_kernel(d, &f) || from_markers(d, &f, buf, sizeof(buf)) ||
	    from_cgroup(d, &f)) {
		report(d, LVL_WARN, "container",
		       "this host is itself a %s container (from %s): "
		       "shared-kernel virtualization, so production containers "
		       "would share a kernel with other tenants; deploy to a "
		       "KVM virtual machine or bare metal",
		       f.name, f.why);
		return;
	}
	report(d, LVL_OK, "container",
	       "none found: not a shared-kernel container (LXC, OpenVZ, "
	       "Docker, WSL)");
}

/* ---- kernel features ---- */

/* A number from the first line of a file, or -1 when unreadable. */
static long read_number(doctor *d, const char *path)
{
	const char *s = first_line(d, path);
	char *end;
	errno = 0;
	long n = strtol(s, &end, 10);
	if (!*s || *end || errno)
		return -1;
	return n;
}

static void check_userns(doctor *d)
{
	long max = read_number(d, in_proc(d, "/sys/user/max_user_namespaces"));
	if (max < 0) {
		report(d, LVL_WARN, "user-namespaces",
		       "cannot tell: %s is missing (a kernel without user "
		       "namespaces?)",
		       d->path.data);
		return;
	}
	if (max == 0) {
		report(d, LVL_WARN, "user-namespaces",
		       "disabled (user.max_user_namespaces is 0): rootless "
		       "runtimes and userns-remap cannot work");
		return;
	}
	d->userns = true;
	report(d, LVL_OK, "user-namespaces",
	       "supported (user.max_user_namespaces is %ld)", max);
	if (read_number(d,
			in_proc(d, "/sys/kernel/unprivileged_userns_clone")) ==
	    0)
		report(d, LVL_INFO, "user-namespaces",
		       "unprivileged users cannot create them "
		       "(kernel.unprivileged_userns_clone is 0): rootless "
		       "runtimes need it, userns-remap does not");
	if (read_number(d,
			in_proc(d, "/sys/kernel/"
				   "apparmor_restrict_unprivileged_userns")) ==
	    1)
		report(d, LVL_INFO, "user-namespaces",
		       "AppArmor restricts unprivileged user namespaces "
		       "(kernel.apparmor_restrict_unprivileged_userns is 1)");
}

static void check_seccomp(doctor *d)
{
	if (!read_text(d, in_proc(d, "/self/status"))) {
		report(d, LVL_WARN, "seccomp", "cannot tell: cannot read %s",
		       d->path.data);
		return;
	}
	if (strncmp(d->text.data, "Seccomp:", 8) != 0 &&
	    !strstr(d->text.data, "\nSeccomp:")) {
		report(d, LVL_WARN, "seccomp",
		       "not supported by this kernel (no Seccomp line in %s): "
		       "runtimes cannot apply a system call filter",
		       d->path.data);
		return;
	}
	d->seccomp = true;
	const char *actions =
		first_line(d, in_proc(d, "/sys/kernel/seccomp/actions_avail"));
	if (*actions)
		report(d, LVL_OK, "seccomp", "supported (actions: %s)",
		       actions);
	else
		report(d, LVL_OK, "seccomp", "supported");
}

static void check_cgroups(doctor *d)
{
	const char *ctl =
		first_line(d, in_sys(d, "/fs/cgroup/cgroup.controllers"));
	if (*ctl || exists(d->path.data)) {
		report(d, LVL_OK, "cgroups", "v2 (unified hierarchy)%s%s",
		       *ctl ? ", controllers: " : "", ctl);
		return;
	}
	if (exists(in_sys(d, "/fs/cgroup/unified/cgroup.controllers")))
		report(d, LVL_INFO, "cgroups",
		       "hybrid: v1 controllers, v2 only at %s; rootless "
		       "runtimes need the unified hierarchy (cgroup v2)",
		       in_sys(d, "/fs/cgroup/unified"));
	else if (exists(in_sys(d, "/fs/cgroup")))
		report(d, LVL_INFO, "cgroups",
		       "v1 (legacy hierarchy): rootless runtimes cannot set "
		       "resource limits; cgroup v2 is recommended");
	else
		report(d, LVL_WARN, "cgroups", "no cgroup filesystem at %s",
		       d->path.data);
}

static void check_lsm(doctor *d)
{
	bool apparmor =
		first_line(
			d,
			in_sys(d, "/module/apparmor/parameters/enabled"))[0] ==
		'Y';
	const char *enforce = first_line(d, in_sys(d, "/fs/selinux/enforce"));
	if (apparmor)
		report(d, LVL_OK, "lsm", "AppArmor is enabled");
	if (!strcmp(enforce, "1"))
		report(d, LVL_OK, "lsm", "SELinux is enforcing");
	else if (!strcmp(enforce, "0"))
		report(d, LVL_WARN, "lsm",
		       "SELinux is permissive: violations are logged, not "
		       "blocked");
	else if (!apparmor)
		report(d, LVL_WARN, "lsm",
		       "neither AppArmor nor SELinux is enabled: containers "
		       "run "
		       "without a mandatory access control profile");
}

/* ---- container runtimes ---- */

static void docker_userns(doctor *d)
{
	if (!read_text(d, in_root(d, "/etc/docker/daemon.json")))
		return;
	if (strstr(d->text.data, "\"userns-remap\""))
		report(d, LVL_OK, "runtime",
		       "docker: userns-remap is set in "
		       "/etc/docker/daemon.json");
	else
		report(d, LVL_INFO, "runtime",
		       "docker: no userns-remap in /etc/docker/daemon.json: "
		       "root in a container is root on the host unless the "
		       "image sets a non-root USER");
}

/* Reports the runtime whose socket is root + dir + rel, once per name. */
static bool runtime_at(doctor *d, const char *name, const char *dir,
		       const char *rel, const char **seen)
{
	if (*seen && !strcmp(*seen, name))
		return true;
	dh_buf_clear(&d->path);
	dh_buf_printf(&d->path, "%s%s%s", d->env->root, dir, rel);
	if (!exists(d->path.data))
		return false;
	*seen = name;
	report(d, LVL_INFO, "runtime",
	       "%s socket at %s%s; the kernel gives it seccomp %s and user "
	       "namespaces %s",
	       name, dir, rel, d->seccomp ? "yes" : "no",
	       d->userns ? "yes" : "no");
	return true;
}

static void check_runtime(doctor *d)
{
	const char *xdg = env_get(d, "XDG_RUNTIME_DIR");
	if (!xdg || xdg[0] != '/')
		xdg = NULL;
	const char *seen = NULL;
	bool any = runtime_at(d, "docker", "", "/var/run/docker.sock", &seen);
	if (!any)
		any = runtime_at(d, "docker", "", "/run/docker.sock", &seen);
	if (any)
		docker_userns(d);
	if (runtime_at(d, "containerd", "", "/run/containerd/containerd.sock",
		       &seen))
		any = true;
	if (runtime_at(d, "podman", "", "/run/podman/podman.sock", &seen))
		any = true;
	if (runtime_at(d, "cri-o", "", "/run/crio/crio.sock", &seen))
		any = true;
	if (xdg && runtime_at(d, "rootless docker", xdg, "/docker.sock", &seen))
		any = true;
	if (xdg &&
	    runtime_at(d, "rootless podman", xdg, "/podman/podman.sock", &seen))
		any = true;
	if (!any)
		report(d, LVL_INFO, "runtime",
		       "no docker, containerd, podman or cri-o socket found");
}

int dh_doctor_run(dh_buf *out, const dh_doctor_env *env)
{
	doctor d = {.env = env, .out = out};
	if (!exists(env->proc_root) || !exists(in_proc(&d, "/self")))
		report(&d, LVL_WARN, "proc",
		       "%s is not mounted: most checks cannot tell",
		       env->proc_root);
	check_hardware(&d);
	check_container(&d);
	check_userns(&d);
	check_seccomp(&d);
	check_cgroups(&d);
	check_lsm(&d);
	check_runtime(&d);
	size_t warns = d.count[LVL_WARN];
	dh_buf_printf(out, "summary: %zu ok, %zu warn, %zu info: %s\n",
		      d.count[LVL_OK], warns, d.count[LVL_INFO],
		      warns ? "fix the warnings before running production "
			      "containers here"
			    : "this host suits hardened containers");
	dh_buf_free(&d.path);
	dh_buf_free(&d.text);
	return warns ? 1 : 0;
}

int dh_doctor(dh_buf *out, const char *proc_root, const char *sys_root)
{
	size_t n = strlen(proc_root);
	dh_buf root = DH_BUF_INIT;
	if (n >= 5 && !strcmp(proc_root + n - 5, "/proc"))
		dh_buf_put(&root, proc_root, n - 5);
	dh_buf_putc(&root, '\0');
	dh_doctor_env env = {.proc_root = proc_root,
			     .sys_root = sys_root,
			     .root = root.data};
	int rc = dh_doctor_run(out, &env);
	dh_buf_free(&root);
	return rc;
}
