# Sourced by scripts/test.sh: fetches Debian's etcd releases from newer suites than this machine's, for
# the tests that prove the product against etcd 3.5 as well as the system's etcd.
#
#   fetch_etcd_releases <cache root> <version>:<suite>...    e.g. 3.5.30:sid
#
# apt runs with a private sources list (this machine's Debian mirror, the suites asked), private
# package lists and a private archive folder under the cache root; the system's apt configuration,
# lists and installed packages are left untouched. Signatures are checked against the Debian archive
# keyring, and each .deb against the SHA256 of the signed index, as apt does. The etcd-server and
# etcd-client packages are extracted side by side into <cache root>/etcd/<version>/ (usr/bin/etcd,
# etcdctl, etcdutl). A later run reuses the verified .debs and the extracted folder without
# downloading anything, as long as the package lists it kept still name that version.

etcd_releases_mirror() {
  # The first non-security URI of the machine's Debian sources (deb822, then one-line format).
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri="$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' /etc/apt/sources.list.d/debian.sources)"
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri="$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\// && $i !~ /security/) { print $i; exit } }' /etc/apt/sources.list)"
  fi
  printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

# Reads the private lists once (apt-cache takes about a second per call on 20 MB of lists): which
# versions each suite holds, and each version's file and SHA256.
etcd_releases_index() {
  etcd_madison="$(apt-cache "${etcd_apt_options[@]}" madison etcd-server etcd-client 2>/dev/null || true)"
  etcd_records="$(apt-cache "${etcd_apt_options[@]}" show etcd-server etcd-client 2>/dev/null || true)"
}

# The version of <package> in <suite> whose upstream release is <version>.
etcd_releases_candidate() {
  awk -F'|' -v p="$1" -v v="$2" -v s="$3" '{ gsub(/ /, "", $1); gsub(/ /, "", $2) }
    $1 == p && index($2, v "-") == 1 && $3 ~ (" " s "/") { print $2; exit }' <<<"$etcd_madison"
}

# The <field> (Filename, SHA256) of <package> <version>.
etcd_releases_field() {
  awk -v p="$1" -v v="$2" -v f="$3:" '/^Package:/ { pkg = $2 } /^Version:/ { ver = $2 }
    pkg == p && ver == v && $1 == f { print $2; exit }' <<<"$etcd_records"
}

fetch_etcd_releases() {
  local root="$1"
  shift
  local apt_dir="$root/apt"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$root/etcd"
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [ -f "$keyring" ] || {
    echo "the Debian archive keyring ($keyring, package debian-archive-keyring) is missing: apt cannot check the suites' signatures" >&2
    return 1
  }
  local mirror suites=() release
  mirror="$(etcd_releases_mirror)"
  for release in "$@"; do suites+=("${release#*:}"); done
  {
    for suite in $(printf '%s\n' "${suites[@]}" | sort -u); do
      printf 'deb [signed-by=%s] %s %s main\n' "$keyring" "$mirror" "$suite"
    done
  } >"$apt_dir/sources.list"
  etcd_apt_options=(
    -o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir" -o "Dir::Cache::Archives=$apt_dir/archives"
    -o Dir::State::status=/dev/null -o APT::Get::List-Cleanup=false
    # The cache sits in the home folder of the user running the tests, which apt's _apt user cannot enter.
    -o APT::Sandbox::User="$(id -un)"
  )
  # One fetch at a time per cache (two test runs on one machine share it).
  local lock_fd
  exec {lock_fd}>"$root/.etcd-releases.lock"
  flock -w 600 "$lock_fd" || { echo "the etcd release cache $root stayed locked for 10 minutes" >&2; return 1; }

  local updated="" version suite package candidate
  etcd_releases_index
  for release in "$@"; do
    version="${release%%:*}"
    suite="${release#*:}"
    local debs=() stamp=""
    for package in etcd-server etcd-client; do
      candidate="$(etcd_releases_candidate "$package" "$version" "$suite")"
      if [ -z "$candidate" ] && [ -z "$updated" ]; then
        echo "updating the private package lists ($mirror: ${suites[*]})"
        apt-get "${etcd_apt_options[@]}" -qq update || { exec {lock_fd}>&-; return 1; }
        updated=1
        etcd_releases_index
        candidate="$(etcd_releases_candidate "$package" "$version" "$suite")"
      fi
      [ -n "$candidate" ] || {
        echo "Debian $suite has no $package $version-* (apt-cache madison: $(tr -s ' ' <<<"$etcd_madison" | paste -sd';'))" >&2
        exec {lock_fd}>&-
        return 1
      }
      local sha file deb
      sha="$(etcd_releases_field "$package" "$candidate" SHA256)"
      file="$(etcd_releases_field "$package" "$candidate" Filename)"
      deb="$apt_dir/archives/$(basename "$file")"
      if [ -f "$deb" ] && [ "$(sha256sum "$deb" | cut -d' ' -f1)" = "$sha" ]; then
        echo "$package $candidate: $(basename "$deb") verified (SHA256 of the signed $suite index), reused"
      else
        rm -f "$deb"
        echo "$package $candidate: downloading from $mirror ($suite)"
        (cd "$apt_dir/archives" && apt-get "${etcd_apt_options[@]}" -qq download "$package=$candidate") || {
          exec {lock_fd}>&-
          return 1
        }
        [ "$(sha256sum "$deb" | cut -d' ' -f1)" = "$sha" ] || {
          echo "$deb does not match the SHA256 of the signed $suite index ($sha)" >&2
          rm -f "$deb"
          exec {lock_fd}>&-
          return 1
        }
      fi
      debs+=("$deb")
      stamp+="$sha "
    done
    local target="$root/etcd/$version"
    if [ -x "$target/usr/bin/etcd" ] && [ "$(cat "$target/.debs" 2>/dev/null)" = "$stamp" ]; then
      echo "etcd $version: $target (extracted before from the same .debs)"
      continue
    fi
    rm -rf "$target.partial" "$target"
    mkdir -p "$target.partial"
    for deb in "${debs[@]}"; do dpkg-deb -x "$deb" "$target.partial"; done
    printf '%s' "$stamp" >"$target.partial/.debs"
    mv "$target.partial" "$target"
    echo "etcd $version: extracted to $target ($("$target/usr/bin/etcd" --version | head -1))"
  done
  exec {lock_fd}>&-
}
