// Feeds arbitrary bytes to the container image reader as a tarball (docker save or OCI layout):
// indexing, manifest/index/config JSON, layers of any compression, whiteouts, links and size
// bounds, then the extractors over the merged files. An inventory or an error, never a crash.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "inventory/image/image.h"
#include "inventory/registry.h"

namespace {

// The input goes to a memory-backed file reopened by name, so the tarball reader runs exactly as
// on `vigil scan image.tar` (it takes a path and reopens it per blob) without disk I/O.
int InputFile() {
  static const int fd = memfd_create("image-fuzz-input", MFD_CLOEXEC);
  if (fd < 0) std::abort();
  return fd;
}

bool Store(int fd, const std::uint8_t* data, std::size_t size) {
  if (ftruncate(fd, 0) != 0) return false;
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = pwrite(fd, data + done, size - done, static_cast<off_t>(done));
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const int fd = InputFile();
  if (!Store(fd, data, size)) std::abort();
  std::string path = "/proc/self/fd/";
  path += std::to_string(fd);
  // Lower bounds than a real scan so that a bound being hit, not the fuzzer's RSS limit, ends an
  // input that keeps much; the checks are the same.
  vigil::inventory::WalkOptions options;
  options.max_file_size = 4 * vigil::inventory::kMiB;
  options.max_image_bytes = 32 * vigil::inventory::kMiB;
  options.threads = 1;
  auto source = vigil::inventory::image::OpenImageTarball(path);
  if (!source || !*source) return 0;
  (void)vigil::inventory::image::ScanImage(**source, "fuzz.tar", options, vigil::inventory::AllExtractors());
  return 0;
}
