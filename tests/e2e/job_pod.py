#!/usr/bin/env python3
"""One shard of the Indexed Job recipe in docs/migrate.md, as a Pod.

podman has no Job controller, so this does what the Job controller does
for one index: takes the Job's pod template as documented, names the Pod
after the index and sets JOB_COMPLETION_INDEX. The cluster's storage
becomes host folders: the ConfigMap's folder (holding repos.txt) and the
results claim. The rest of the template (user, read-only root, emptyDir
for /tmp, the script) is used exactly as the document writes it.

usage: job_pod.py MIGRATE_MD INDEX IMAGE CONFIG_DIR RESULTS_DIR REPOS_DIR
"""
import sys

import yaml


def job_yaml(md_path):
    """The yaml block under the "Kubernetes Indexed Job" heading."""
    text = open(md_path, encoding="utf-8").read()
    head = text.index("### Kubernetes Indexed Job")
    start = text.index("```yaml\n", head) + len("```yaml\n")
    end = text.index("```", start)
    return yaml.safe_load(text[start:end])


def main():
    md, index, image, config_dir, results_dir, repos_dir = sys.argv[1:7]
    job = job_yaml(md)
    if job.get("kind") != "Job" or job["spec"].get("completionMode") != "Indexed":
        sys.exit("the documented manifest is not an Indexed Job")
    template = job["spec"]["template"]
    spec = template["spec"]
    spec["restartPolicy"] = "Never"
    ctr = spec["containers"][0]
    ctr["image"] = image
    ctr.pop("resources", None)
    ctr.setdefault("env", []).append(
        {"name": "JOB_COMPLETION_INDEX", "value": str(index)})
    # The repositories stand in for remote URLs but are local folders owned
    # by the host's user: git refuses another user's repository unless a
    # global configuration declares it safe (a clone over https never needs
    # this; the command-line scope does not reach a local upload-pack).
    config_mount = next(m["mountPath"] for m in ctr["volumeMounts"]
                        if m["name"] == "config")
    ctr["env"].append({"name": "GIT_CONFIG_GLOBAL",
                       "value": config_mount + "/gitconfig"})
    # file:// clones read the repositories at the path repos.txt names.
    ctr.setdefault("volumeMounts", []).append(
        {"name": "repos", "mountPath": repos_dir, "readOnly": True})
    volumes = []
    for vol in spec["volumes"]:
        if "configMap" in vol:
            vol = {"name": vol["name"],
                   "hostPath": {"path": config_dir, "type": "Directory"}}
        elif "persistentVolumeClaim" in vol:
            vol = {"name": vol["name"],
                   "hostPath": {"path": results_dir, "type": "Directory"}}
        volumes.append(vol)
    volumes.append({"name": "repos",
                    "hostPath": {"path": repos_dir, "type": "Directory"}})
    spec["volumes"] = volumes
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "%s-%s" % (job["metadata"]["name"], index)},
        "spec": spec,
    }
    yaml.safe_dump(pod, sys.stdout, sort_keys=False)


if __name__ == "__main__":
    main()
