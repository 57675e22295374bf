#!/bin/bash
set -euo pipefail
curl -fsSL -H "Authorization: token $INPUT_TOKEN" \
	"https://api.github.com/repos/$GITHUB_REPOSITORY/pulls?state=closed" |
	jq -r '.[] | "- " + .title' >"$GITHUB_WORKSPACE/NOTES.md"
