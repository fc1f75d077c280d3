#!/bin/sh
# Regenerates the rpm database fixtures of this folder (see README.md). Needs Debian's rpm
# (rpmbuild, rpm 4.18 with the sqlite backend), sqlite3, python3, gpg and perl's DB_File.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/SPECS"
cat > "$work/SPECS/vigil-hello.spec" <<'SPEC'
Name: vigil-hello
Version: 1.0
Release: 1.el9
Summary: vigil test package without an epoch
License: MIT
BuildArch: noarch
%description
A package with no files, for vigil's rpm database tests.
%files
SPEC
cat > "$work/SPECS/vigil-tools.spec" <<'SPEC'
Name: vigil-tools
Epoch: 2
Version: 3.4.5
Release: 7.el9_2
Summary: vigil test package with an epoch and a subpackage
License: MIT
%description
A package with no files, for vigil's rpm database tests.
%package libs
Summary: the subpackage
%description libs
A subpackage: its source rpm is vigil-tools.
%files
%files libs
SPEC

for spec in vigil-hello vigil-tools; do
  rpmbuild --quiet --define "_topdir $work" --define '_buildhost vigil.test' \
    --define 'use_source_date_epoch_as_buildtime 1' --define 'source_date_epoch_from_changelog 0' \
    --define '_binary_payload w9.gzdio' -bb "$work/SPECS/$spec.spec"
done

# rpm 4.18's default backend is sqlite: this writes rpmdb.sqlite.
db="$work/db"
mkdir -p "$db"
rpm --dbpath "$db" --initdb
rpm --dbpath "$db" --justdb --nodeps --noscripts --ignorearch --ignoreos -i "$work"/RPMS/*/*.rpm
# A signing key as `rpm --import` stores it: a "gpg-pubkey" header that is not a package.
export GNUPGHOME="$work/gnupg"
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key 'vigil test <test@vigil.invalid>' ed25519 sign never
gpg --batch --armor --export > "$work/key.asc"
rpm --dbpath "$db" --import "$work/key.asc"
# Smaller pages keep the committed file small; the journal goes back to WAL as rpm leaves it.
sqlite3 "$db/rpmdb.sqlite" 'PRAGMA journal_mode=DELETE; PRAGMA page_size=1024; VACUUM; PRAGMA journal_mode=WAL;' >/dev/null
cp "$db/rpmdb.sqlite" "$here/rpmdb.sqlite"

# Debian's rpm cannot write the Berkeley DB backend, so Packages is written with Berkeley DB
# itself (perl DB_File, libdb 5.3) the way rpm's bdb backend lays it out: a hash database keyed
# by the 4-byte host-order instance number, each value a header blob, key 0 holding the next
# instance number. A small page size makes every header span a chain of overflow pages.
python3 - "$db/rpmdb.sqlite" "$work/blobs" <<'PY'
import os, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
os.makedirs(sys.argv[2])
for hnum, blob in con.execute("SELECT hnum, blob FROM Packages ORDER BY hnum"):
    with open(os.path.join(sys.argv[2], str(hnum)), "wb") as out:
        out.write(blob)
PY
rm -f "$here/Packages"
perl -MDB_File -MFcntl -e '
  my ($dir, $file) = @ARGV;
  my $info = DB_File::HASHINFO->new();
  $info->{bsize} = 1024;
  tie my %db, "DB_File", $file, O_RDWR | O_CREAT, 0644, $info or die "$file: $!";
  opendir(my $dh, $dir) or die;
  my $max = 0;
  for my $n (sort { $a <=> $b } grep { /^\d+$/ } readdir $dh) {
    open(my $fh, "<:raw", "$dir/$n") or die; local $/; my $blob = <$fh>;
    $db{pack("L", $n)} = $blob;
    $max = $n if $n > $max;
  }
  $db{pack("L", 0)} = pack("L", $max + 1);
  untie %db;
' "$work/blobs" "$here/Packages"
ls -l "$here/rpmdb.sqlite" "$here/Packages"

# Not an rpm database: SQLite whose Packages is a view that never ends.
rm -f "$here/view.sqlite"
sqlite3 "$here/view.sqlite" "PRAGMA page_size=512; CREATE VIEW Packages(hnum, blob) AS
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i, zeroblob(8) FROM n;"

# Check both with rpm itself (on copies: rpm leaves -shm/-wal files beside an sqlite database).
query='%{NAME} %{EPOCH} %{VERSION}-%{RELEASE} %{ARCH} %{SOURCERPM}\n'
mkdir "$work/check-sqlite" "$work/check-bdb"
cp "$here/rpmdb.sqlite" "$work/check-sqlite/"
cp "$here/Packages" "$work/check-bdb/"
echo "rpmdb.sqlite as rpm reads it:"
rpm --dbpath "$work/check-sqlite" -qa --qf "$query" | sort
echo "Packages as rpm's read-only bdb backend reads it:"
rpm --define '_db_backend bdb_ro' --dbpath "$work/check-bdb" -qa --qf "$query" 2>/dev/null | sort
