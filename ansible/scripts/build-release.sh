#!/usr/bin/env bash
# Build a release of the portal on the controller: the Python application and the
# built SPA in one tarball, which the portal_app role unpacks on the hosts.
#
#   ansible/scripts/build-release.sh                    # builds the SPA: npm ci && npm run build
#   PORTAL_SPA_DIST=frontend/dist ansible/scripts/build-release.sh   # reuse a built SPA
#
# The release holds the files of the working tree (tracked, plus untracked files that
# are not ignored) under wsgi.py, gunicorn.conf.py, requirements.txt, portal/ and migrations/, and the
# SPA under spa/. Its version is `git describe` plus a hash of the content, so the
# same tree always gives the same version and a deploy of it changes nothing.
#
# Output: ansible/.build/portal-<version>.tar.gz and ansible/.build/release.json
# (override the directory with PORTAL_RELEASE_OUT).
set -euo pipefail

die() { echo "build-release: $*" >&2; exit 1; }

repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
out=${PORTAL_RELEASE_OUT:-$repo/ansible/.build}
spa=${PORTAL_SPA_DIST:-}
app_paths=(wsgi.py gunicorn.conf.py requirements.txt portal migrations)

cd "$repo"
for required in wsgi.py requirements.txt portal migrations; do
    [[ -e $required ]] || die "$required is missing from $repo"
done

if [[ -z $spa ]]; then
    command -v npm >/dev/null || die "npm is needed to build the SPA (or set PORTAL_SPA_DIST)"
    (cd frontend && npm ci --no-audit --no-fund && npm run build)
    spa=$repo/frontend/dist
fi
[[ -f $spa/index.html ]] || die "no index.html in the SPA directory $spa"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# The application: files git knows about or would pick up, never caches, virtualenvs,
# node_modules or Flask's instance folder.
git ls-files -z --cached --others --exclude-standard -- "${app_paths[@]}" |
    while IFS= read -r -d '' path; do
        [[ -f $path ]] || continue   # tracked but deleted in the working tree
        case "/$path/" in
            */__pycache__/* | */.venv/* | */node_modules/* | */instance/* | *.pyc/) continue ;;
        esac
        mkdir -p "$stage/$(dirname "$path")"
        cp -p "$path" "$stage/$path"
    done

mkdir -p "$stage/spa"
cp -R "$spa/." "$stage/spa/"

content_hash=$(cd "$stage" && find . -type f -print0 | LC_ALL=C sort -z |
    xargs -0 sha256sum | sha256sum | cut -c1-10)
describe=$(git describe --tags --always 2>/dev/null || true)
version=${describe:+$describe-}c$content_hash
echo "$version" >"$stage/RELEASE"

mkdir -p "$out"
archive=portal-$version.tar.gz
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
    --mode='u+rwX,go+rX,go-w' -C "$stage" -cf - . | gzip -n >"$out/$archive.partial"
mv "$out/$archive.partial" "$out/$archive"
printf '{"version": "%s", "archive": "%s"}\n' "$version" "$archive" >"$out/release.json"
echo "$out/$archive"
