#!/usr/bin/python3
"""Writes the seed images of image_fuzzer to DIR (fuzz/seeds/image_fuzzer): a docker-save tarball
with a gzip and a plain layer, and an OCI-layout tarball with a gzip and an xz layer. Between them:
a dpkg status and an apk database, os-release, a symlink, a hard link, a whiteout and an opaque
directory. Deterministic (fixed times and owners), so rerunning it changes no byte."""
import gzip
import hashlib
import io
import json
import lzma
import os
import sys
import tarfile

MTIME = 1700000000


def tar_bytes(entries):
    """entries: (name, kind, data) with kind "file", "dir", "symlink" or "hardlink" (data = target)."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, kind, data in entries:
            info = tarfile.TarInfo(name)
            info.mtime, info.uid, info.gid, info.uname, info.gname = MTIME, 0, 0, "root", "root"
            if kind == "file":
                info.size, info.mode = len(data), 0o644
                tar.addfile(info, io.BytesIO(data))
                continue
            if kind == "dir":
                info.type, info.mode = tarfile.DIRTYPE, 0o755
            else:
                info.type = tarfile.SYMTYPE if kind == "symlink" else tarfile.LNKTYPE
                info.linkname, info.mode = data.decode(), 0o777
            tar.addfile(info)
    return out.getvalue()


def sha256(data):
    return hashlib.sha256(data).hexdigest()


DPKG_STATUS = b"""Package: base-files
Status: install ok installed
Architecture: amd64
Version: 12.4+deb12u5

Package: openssl
Status: install ok installed
Architecture: amd64
Source: openssl
Version: 3.0.11-1~deb12u2

Package: removed-pkg
Status: deinstall ok config-files
Version: 1.0
"""
DEBIAN_OS_RELEASE = b'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n'
APK_INSTALLED = b"""C:Q1abc=
P:musl
V:1.2.4-r2
A:x86_64
o:musl

C:Q1def=
P:busybox
V:1.36.1-r15
A:x86_64
o:busybox
"""
ALPINE_OS_RELEASE = b'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\n'
PACKAGE_LOCK = json.dumps({"name": "app", "lockfileVersion": 3, "packages": {
    "": {"name": "app"}, "node_modules/lodash": {"version": "4.17.20"}}}).encode()


def docker_save():
    lower = gzip.compress(tar_bytes([
        ("etc", "dir", b""),
        ("etc/os-release", "file", DEBIAN_OS_RELEASE),
        ("usr/lib/os-release", "symlink", b"../../etc/os-release"),
        ("var/lib/dpkg/status", "file", DPKG_STATUS),
        ("opt/app/package-lock.json", "file", PACKAGE_LOCK),
        ("opt/cache/package-lock.json", "file", PACKAGE_LOCK),
    ]), mtime=0)
    upper = tar_bytes([
        ("opt/app/.wh.package-lock.json", "file", b""),
        ("opt/cache/.wh..wh..opq", "file", b""),
        ("var/lib/dpkg/status.d/openssl", "hardlink", b"var/lib/dpkg/status"),
    ])
    config = json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": [
        "sha256:" + sha256(gzip.decompress(lower)), "sha256:" + sha256(upper)]}}).encode()
    config_name = sha256(config) + ".json"
    layers = [sha256(lower) + "/layer.tar", sha256(upper) + "/layer.tar"]
    manifest = json.dumps([{"Config": config_name, "RepoTags": ["vigil/seed:1"], "Layers": layers}]).encode()
    return tar_bytes([("manifest.json", "file", manifest), (config_name, "file", config),
                      (layers[0], "file", lower), (layers[1], "file", upper)])


def oci_layout():
    lower = gzip.compress(tar_bytes([
        ("etc/os-release", "file", ALPINE_OS_RELEASE),
        ("etc/alpine-release", "file", b"3.19.1\n"),
        ("lib/apk/db/installed", "file", APK_INSTALLED),
        ("srv/package-lock.json", "file", PACKAGE_LOCK),
    ]), mtime=0)
    upper = lzma.compress(tar_bytes([("srv/.wh.package-lock.json", "file", b"")]), format=lzma.FORMAT_XZ)
    config = json.dumps({"architecture": "amd64", "os": "linux"}).encode()
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                      "digest": "sha256:" + sha256(config), "size": len(config)},
                           "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                                       "digest": "sha256:" + sha256(lower), "size": len(lower)},
                                      {"mediaType": "application/vnd.oci.image.layer.v1.tar+xz",
                                       "digest": "sha256:" + sha256(upper), "size": len(upper)}]}).encode()
    index = json.dumps({"schemaVersion": 2, "manifests": [{
        "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:" + sha256(manifest),
        "size": len(manifest), "platform": {"os": "linux", "architecture": "amd64"},
        "annotations": {"org.opencontainers.image.ref.name": "vigil/seed:2"}}]}).encode()
    blobs = [(f"blobs/sha256/{sha256(b)}", "file", b) for b in (config, manifest, lower, upper)]
    return tar_bytes([("oci-layout", "file", b'{"imageLayoutVersion":"1.0.0"}'), ("index.json", "file", index)] + blobs)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, data in (("docker-save.tar", docker_save()), ("oci-layout.tar", oci_layout())):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
