#!/usr/bin/env python3
"""Makes `podman kube play` behave as kubelet for one manifest.

podman 4.3 starts a runAsNonRoot Pod whose image runs as root, turns an
emptyDir into a named volume filled from the image, ignores pod sysctls,
and runs no StatefulSet nor provisions a claim. This script refuses what
kubelet refuses, swaps each emptyDir for an empty 0777 host folder (setgid
and group fsGroup when set) and each claim for an empty root-owned one
(given to fsGroup when set), plays a StatefulSet as a Deployment of one
pod, and writes the pod sysctls to a side file for run.sh to apply before
the pod starts.

usage: kube.py IN OUT IMAGE IMAGE_USER EMPTYDIR_ROOT
Exit 3 (message on stdout) when kubelet would refuse the Pod.

Services are not played (podman has no cluster network); instead every port
traffic or a check reaches the pod by is written to OUT.ports, one
"WHAT PORT" a line: the targetPort of each Service selecting the pod (a name
resolved through the container's ports, none meaning the Service port) and
the port of each httpGet, tcpSocket and grpc probe. run.sh probes them all.

Two more modes turn what dockharden emits for Docker into podman arguments,
one a line: `kube.py docker-run FILE` (the `docker run` command, without
the image and published ports: probes run inside the network namespace) and
`kube.py compose FILE VOLUME_PREFIX TOP` (the single service of a compose
file, as `docker compose up` would run it).
"""
import shlex
import os
import sys

import yaml


def pod_spec(doc):
    if doc.get("kind") == "Pod":
        return doc["spec"]
    if doc.get("kind") in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"):
        if "replicas" in doc.get("spec", {}):
            doc["spec"]["replicas"] = 1
        return doc["spec"]["template"]["spec"]
    return None


def is_root_user(user):
    name = user.split(":")[0]
    return name in ("", "0", "root")


def check_nonroot(spec, ctr, image_user):
    """kubelet's verifyRunAsNonRoot, for one container."""
    psc = spec.get("securityContext") or {}
    csc = ctr.get("securityContext") or {}
    nonroot = csc.get("runAsNonRoot", psc.get("runAsNonRoot"))
    uid = csc.get("runAsUser", psc.get("runAsUser"))
    if not nonroot:
        return None
    if uid is not None:
        if int(uid) == 0:
            return "container's runAsUser breaks non-root policy"
        return None
    name = image_user.split(":")[0]
    if not name.isdigit() and name not in ("", "root"):
        return ("container has runAsNonRoot and image has non-numeric user (%s), "
                "cannot verify user is non-root" % name)
    if is_root_user(image_user):
        return "container has runAsNonRoot and image will run as root"
    return None


def resolve_port(ctr, port):
    """A probe or targetPort value as a number: names via containerPorts."""
    if isinstance(port, int) or str(port).isdigit():
        return int(port)
    for p in ctr.get("ports", []):
        if p.get("name") == port:
            return int(p["containerPort"])
    return None


def probe_ports(ctr):
    out = []
    for kind in ("livenessProbe", "readinessProbe", "startupProbe"):
        probe = ctr.get(kind) or {}
        for handler in ("httpGet", "tcpSocket", "grpc"):
            if "port" in (probe.get(handler) or {}):
                port = resolve_port(ctr, probe[handler]["port"])
                what = "%s/%s.%s" % (ctr.get("name", "?"), kind, handler)
                out.append("%s %s" % (what, port if port else "unresolved"))
    return out


def service_ports(svc, pods):
    """targetPorts of a Service for the played pods whose labels it selects."""
    sel = (svc.get("spec") or {}).get("selector") or {}
    name = (svc.get("metadata") or {}).get("name", "?")
    out = []
    for labels, spec in pods:
        if not sel or any(labels.get(k) != v for k, v in sel.items()):
            continue
        for sp in (svc.get("spec") or {}).get("ports", []):
            target = sp.get("targetPort", sp.get("port"))
            port = None
            for ctr in spec.get("containers", []):
                port = port or resolve_port(ctr, target)
            out.append("service/%s %s" % (name, port if port else "unresolved"))
    return out


def docker_run_args(path):
    with open(path) as f:
        words = shlex.split(f.read().replace("\\\n", " "))
    assert words[:2] == ["docker", "run"], words[:2]
    words = words[2:-1]
    out, i = [], 0
    while i < len(words):
        w = words[i]
        if w in ("-p", "--publish"):
            i += 2
            continue
        if w.startswith("--publish=") or w.startswith("-p="):
            i += 1
            continue
        out.append(w)
        i += 1
    return out


def listify(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def compose_args(path, vol_prefix, top):
    with open(path) as f:
        doc = yaml.safe_load(f)
    services = doc["services"]
    assert len(services) == 1, "one service per case"
    svc = next(iter(services.values()))
    named = set((doc.get("volumes") or {}).keys())
    args = []
    if "user" in svc:
        args += ["--user", str(svc["user"])]
    if svc.get("read_only"):
        args.append("--read-only")
    for c in listify(svc.get("cap_drop")):
        args += ["--cap-drop", c]
    for c in listify(svc.get("cap_add")):
        args += ["--cap-add", c]
    for o in listify(svc.get("security_opt")):
        args += ["--security-opt", o]
    for t in listify(svc.get("tmpfs")):
        args += ["--tmpfs", t]
    sysctls = svc.get("sysctls") or {}
    if isinstance(sysctls, dict):
        sysctls = ["%s=%s" % kv for kv in sysctls.items()]
    for s in sysctls:
        args += ["--sysctl", s]
    env = svc.get("environment") or {}
    if isinstance(env, dict):
        env = ["%s=%s" % (k, "" if v is None else v) for k, v in env.items()]
    for e in env:
        args += ["--env", e]
    for v in listify(svc.get("volumes")):
        if isinstance(v, dict):
            v = "%s:%s" % (v["source"], v["target"])
        src, colon, rest = v.partition(":")
        if not colon:
            # "- /home/app": an anonymous volume, filled from the image
            # (owner included) the first time, as compose makes it
            args += ["--volume", src]
            continue
        if src in named:
            src = vol_prefix + src
        elif not src.startswith("/"):
            src = os.path.join(top, src)
        args += ["--volume", src + ":" + rest]
    if "working_dir" in svc:
        args += ["--workdir", svc["working_dir"]]
    if "entrypoint" in svc:
        args += ["--entrypoint", " ".join(listify(svc["entrypoint"]))]
    return args


def fresh_volume(path, fs_group):
    """A newly provisioned claim as kubelet hands it over: an empty
    root-owned folder, given to the fsGroup (setgid, group-writable) when
    the pod sets one, as for every volume type that supports ownership."""
    os.makedirs(path, exist_ok=True)
    os.chown(path, 0, 0 if fs_group is None else int(fs_group))
    os.chmod(path, 0o755 if fs_group is None else 0o2775)


def claims(doc, spec, root, fs_group):
    """kube play runs no StatefulSet and provisions no claim: the
    StatefulSet becomes a Deployment of one pod, and each claim (template
    or persistentVolumeClaim volume) a fresh folder."""
    vols = spec.setdefault("volumes", [])
    if doc.get("kind") == "StatefulSet":
        doc["kind"] = "Deployment"
        for tmpl in doc["spec"].pop("volumeClaimTemplates", []) or []:
            name = tmpl["metadata"]["name"]
            vols.append({"name": name, "persistentVolumeClaim": {"claimName": name}})
        for key in ("serviceName", "podManagementPolicy", "updateStrategy"):
            doc["spec"].pop(key, None)
    for vol in vols:
        if "persistentVolumeClaim" not in vol:
            continue
        path = os.path.join(root, "claim-" + vol["name"])
        fresh_volume(path, fs_group)
        del vol["persistentVolumeClaim"]
        vol["hostPath"] = {"path": path, "type": "Directory"}
    if not vols:
        del spec["volumes"]


def main():
    if sys.argv[1] == "docker-run":
        print("\n".join(docker_run_args(sys.argv[2])))
        return
    if sys.argv[1] == "compose":
        print("\n".join(compose_args(*sys.argv[2:5])))
        return
    src, out, image, image_user, root = sys.argv[1:6]
    with open(src) as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    services = [d for d in docs if d.get("kind") == "Service"]
    docs = [d for d in docs if d.get("kind") != "Service"]
    sysctls = []
    pods = []
    ports = []
    for doc in docs:
        spec = pod_spec(doc)
        if spec is None:
            continue
        meta = (doc.get("spec", {}).get("template") or doc).get("metadata") or {}
        pods.append((meta.get("labels") or {}, spec))
        for ctr in spec.get("containers", []):
            ports += probe_ports(ctr)
        for ctr in spec.get("containers", []):
            ctr["image"] = image
            ctr["imagePullPolicy"] = "IfNotPresent"
            why = check_nonroot(spec, ctr, image_user)
            if why:
                print("kubelet would refuse: Error: " + why)
                sys.exit(3)
        psc = spec.get("securityContext") or {}
        for s in psc.get("sysctls", []):
            sysctls.append("%s=%s" % (s["name"], s["value"]))
        fs_group = psc.get("fsGroup")
        claims(doc, spec, root, fs_group)
        for vol in spec.get("volumes", []):
            if "emptyDir" not in vol:
                continue
            path = os.path.join(root, vol["name"])
            os.makedirs(path, exist_ok=True)
            mode = 0o777
            if fs_group is not None:
                os.chown(path, -1, int(fs_group))
                mode |= 0o2000
            os.chmod(path, mode)
            del vol["emptyDir"]
            vol["hostPath"] = {"path": path, "type": "Directory"}
    with open(out, "w") as f:
        yaml.safe_dump_all(docs, f, sort_keys=False)
    with open(out + ".sysctls", "w") as f:
        f.write("".join(s + "\n" for s in sysctls))
    for svc in services:
        ports += service_ports(svc, pods)
    with open(out + ".ports", "w") as f:
        f.write("".join(p + "\n" for p in ports))


if __name__ == "__main__":
    main()
