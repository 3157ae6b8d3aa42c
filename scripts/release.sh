#!/usr/bin/env bash
# Releases the commit checked out as TAG (vX.Y.Z): checks that package.json says X.Y.Z, that
# CHANGELOG.md has a section for it, that dist/ is what the sources build, and (unless
# --skip-tests) that the tests pass; then tags it, moves the major tag (vX) to it, pushes both and
# creates the GitHub release with the CHANGELOG section as its notes.
#
#   scripts/release.sh [--dry-run] [--skip-tests] [--notes-out FILE] [TAG]
#
# TAG defaults to v<package.json version>. --dry-run does every check and prints the git and gh
# commands it would run, changing nothing (CI runs it so). --notes-out writes the release notes there.
# The release workflow (.github/workflows/release.yml) runs it on a pushed tag, where the tag exists
# already and only the major tag moves.
set -euo pipefail
cd "$(dirname "$0")/.."

dry_run=false skip_tests=false notes_out="" tag=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=true ;;
    --skip-tests) skip_tests=true ;;
    --notes-out)
      [ $# -ge 2 ] || { echo "release: --notes-out needs a file" >&2; exit 2; }
      notes_out="$2"; shift ;;
    -*) echo "release: unknown option '$1'; allowed: --dry-run, --skip-tests, --notes-out FILE, TAG" >&2; exit 2 ;;
    *) tag="$1" ;;
  esac
  shift
done

version="$(node -p "require('./package.json').version")"
tag="${tag:-v$version}"
if ! [[ "$tag" =~ ^v([0-9]+)\.([0-9]+)\.([0-9]+)$ ]]; then
  echo "release: the tag is '$tag'; allowed: vMAJOR.MINOR.PATCH, such as v1.2.3" >&2
  exit 2
fi
major="v${BASH_REMATCH[1]}"
if [ "v$version" != "$tag" ]; then
  echo "release: the tag is '$tag' but package.json's version is '$version': set the version to ${tag#v} and commit it first" >&2
  exit 1
fi

# The release notes: the CHANGELOG section headed with this tag, up to the next '## ' heading.
notes="$(awk -v tag="$tag" '
  /^## / { if (found) exit; if ($2 == tag) { found = 1; next } }
  found { print }
' CHANGELOG.md)"
if [ -z "$(tr -d '[:space:]' <<<"$notes")" ]; then
  echo "release: CHANGELOG.md has no section '## $tag' (or it is empty): write what users get in this release first" >&2
  exit 1
fi
[ -z "$notes_out" ] || printf '%s\n' "$notes" >"$notes_out"

# dist/ must be exactly what these sources build: users run dist/, never the sources.
fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT
node scripts/build.mjs "$fresh/dist" >/dev/null
if ! diff -r --brief dist "$fresh/dist" >/dev/null; then
  diff -r --brief dist "$fresh/dist" >&2 || true
  echo "release: dist/ differs from a fresh build: run 'npm run build' and commit dist/" >&2
  exit 1
fi
echo "release: dist/ matches a fresh build"

if $skip_tests; then
  echo "release: tests not run here (--skip-tests): the release workflow runs them before this step"
else
  bash scripts/test.sh
fi

run() {
  if $dry_run; then
    printf 'release (dry run): would run:'
    printf ' %q' "$@"
    printf '\n'
  else
    "$@"
  fi
}
head="$(git rev-parse HEAD)"
if git rev-parse -q --verify "refs/tags/$tag" >/dev/null; then
  tagged="$(git rev-parse "$tag^{commit}")"
  if [ "$tagged" != "$head" ]; then
    echo "release: $tag exists already on $tagged, not on the commit checked out ($head)" >&2
    exit 1
  fi
else
  run git tag --annotate "$tag" --message "$tag"
  run git push origin "refs/tags/$tag"
fi
# The major tag follows the newest release of its major version, so that '@$major' gets it.
run git tag --force --annotate "$major" --message "$major: $tag" "$head"
run git push --force origin "refs/tags/$major"
notes_file="${notes_out:-$fresh/notes.md}"
[ -n "$notes_out" ] || printf '%s\n' "$notes" >"$notes_file"
run gh release create "$tag" --title "$tag" --notes-file "$notes_file" --verify-tag
echo "release: $tag ($head)$($dry_run && echo ', dry run: nothing was tagged, pushed or published' || true)"
