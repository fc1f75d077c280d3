#include "inventory/image/image.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "inventory/image/image_file_system.h"
#include "inventory/image/rooted_path.h"
#include "inventory/registry.h"
#include "inventory/walk.h"
#include "scan_fakes.h"

namespace vigil::inventory {
namespace {

namespace fs = std::filesystem;

enum class EntryType { kFile, kDirectory, kSymlink, kHardlink };
enum class Compression { kNone, kGzip, kZstd };

struct TarEntry {
  std::string name;
  std::string content;  // the file's bytes, or the link target
  EntryType type = EntryType::kFile;
  std::size_t zeros = 0;  // a file of this many zero bytes instead of `content`
};

la_ssize_t AppendToString(struct archive*, void* data, const void* buffer, size_t length) {
  static_cast<std::string*>(data)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

// A tar archive written with libarchive; names are written as given, "../" and "/" included.
std::string MakeTar(const std::vector<TarEntry>& entries, Compression compression = Compression::kNone) {
  std::string out;
  struct archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  if (compression == Compression::kGzip) archive_write_add_filter_gzip(a);
  if (compression == Compression::kZstd) archive_write_add_filter_zstd(a);
  archive_write_set_bytes_in_last_block(a, 1);
  archive_write_open(a, &out, nullptr, AppendToString, nullptr);
  for (const TarEntry& e : entries) {
    struct archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.name.c_str());
    archive_entry_set_perm(entry, 0644);
    switch (e.type) {
      case EntryType::kFile:
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_size(entry, static_cast<la_int64_t>(e.zeros != 0 ? e.zeros : e.content.size()));
        break;
      case EntryType::kDirectory:
        archive_entry_set_filetype(entry, AE_IFDIR);
        archive_entry_set_perm(entry, 0755);
        break;
      case EntryType::kSymlink:
        archive_entry_set_filetype(entry, AE_IFLNK);
        archive_entry_set_symlink(entry, e.content.c_str());
        break;
      case EntryType::kHardlink:
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_hardlink(entry, e.content.c_str());
        archive_entry_set_size(entry, 0);
        break;
    }
    archive_write_header(a, entry);
    if (e.type == EntryType::kFile) {
      if (e.zeros != 0) {
        const std::string chunk(std::size_t{1} << 20U, '\0');
        for (std::size_t left = e.zeros; left > 0;) {
          const std::size_t n = std::min(left, chunk.size());
          archive_write_data(a, chunk.data(), n);
          left -= n;
        }
      } else {
        archive_write_data(a, e.content.data(), e.content.size());
      }
    }
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

TarEntry File(std::string name, std::string content) {
  return {std::move(name), std::move(content), EntryType::kFile, 0};
}
TarEntry Link(std::string name, std::string target) {
  return {std::move(name), std::move(target), EntryType::kSymlink, 0};
}

std::string Hex(int n) {
  std::string s = std::to_string(n);
  return std::string(64 - s.size(), '0') + s;
}

// Different layer contents at 1 MiB+ are not cached by the tarball reader: a layer this big is
// streamed out of the outer tarball, the path real images take.
std::string Incompressible(std::size_t size) {
  std::string out(size, '\0');
  std::uint32_t x = 2463534242U;
  for (char& c : out) {
    x ^= x << 13U;
    x ^= x >> 17U;
    x ^= x << 5U;
    c = static_cast<char>(x);
  }
  return out;
}

class ImageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vigil-image-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void WriteFile(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
  }

  // A `docker save` tarball of these layers (bottom first).
  fs::path DockerSave(const std::vector<std::string>& layers, const std::string& tag = "example/app:1.0") {
    std::vector<TarEntry> entries;
    std::string layer_list;
    for (std::size_t i = 0; i < layers.size(); ++i) {
      const std::string name = Hex(static_cast<int>(i) + 100) + "/layer.tar";
      entries.push_back(File(name, layers[i]));
      layer_list += (i == 0 ? "\"" : ",\"") + name + "\"";
    }
    entries.push_back(File(Hex(7) + ".json", R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers"}})"));
    entries.push_back(File("manifest.json", R"([{"Config":")" + Hex(7) + R"(.json","RepoTags":[")" + tag +
                                                R"("],"Layers":[)" + layer_list + "]}]"));
    const fs::path path = dir_ / "image.tar";
    WriteFile(path, MakeTar(entries));
    return path;
  }

  // An OCI image layout directory of these layers.
  fs::path OciLayout(const std::vector<std::string>& layers, const std::string& index_extra = "") {
    const fs::path layout = dir_ / "layout";
    WriteFile(layout / "oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
    std::string layer_list;
    for (std::size_t i = 0; i < layers.size(); ++i) {
      WriteFile(layout / "blobs/sha256" / Hex(static_cast<int>(i) + 100), layers[i]);
      layer_list += std::string(i == 0 ? "" : ",") +
                    R"({"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:)" +
                    Hex(static_cast<int>(i) + 100) + R"(","size":1})";
    }
    WriteFile(layout / "blobs/sha256" / Hex(7), R"({"architecture":"amd64","os":"linux"})");
    WriteFile(
        layout / "blobs/sha256" / Hex(8),
        R"({"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:)" +
            Hex(7) + R"(","size":1},"layers":[)" + layer_list + "]}");
    WriteFile(
        layout / "index.json",
        index_extra.empty()
            ? R"({"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:)" +
                  Hex(8) +
                  R"(","size":1,"annotations":{"org.opencontainers.image.ref.name":"registry.example/app:2.0"}}]})"
            : index_extra);
    return layout;
  }

  static std::vector<std::string> Packages(const ScanResult& r) {
    std::vector<std::string> out;
    for (const auto& p : r.inventory.packages)
      out.push_back(p.location + " " + p.name + "@" + p.version + " " + p.ecosystem);
    return out;
  }

  static bool HasIssue(const ScanResult& r, const std::string& part) {
    return std::any_of(r.issues.begin(), r.issues.end(),
                       [&](const ScanIssue& i) { return (i.path + " " + i.message).find(part) != std::string::npos; });
  }

  // Layers of a small Debian image: a base, then an upper layer that deletes the dpkg database
  // and makes /srv/app opaque.
  static std::vector<std::string> DebianLayers() {
    std::string base = MakeTar({
        {"usr/", "", EntryType::kDirectory, 0},
        File("usr/lib/os-release", "ID=debian\nVERSION_ID=\"12\"\n"),
        Link("etc/os-release", "../usr/lib/os-release"),
        File("var/lib/dpkg/status", "Package: base-files\nVersion: 12.4\n"),
        File("srv/app/a.fakelock", "a@1\n"),
        File("srv/app/sub/b.fakelock", "b@1\n"),
        File("opt/old/x.fakelock", "x@1\n"),
        File("opt/keep.fakelock", "keep@1\n"),
        File("big.bin", Incompressible(std::size_t{2} << 20U)),
    });
    std::string upper = MakeTar(
        {
            File("var/lib/dpkg/.wh.status", ""),
            File("srv/app/.wh..wh..opq", ""),
            File("srv/app/c.fakelock", "c@1\n"),
            File("opt/.wh.old", ""),
        },
        Compression::kGzip);
    return {base, upper};
  }

  fs::path dir_;
  testing::FakeExtractors fakes_;
};

TEST_F(ImageTest, DockerSaveAppliesLayersWithWhiteoutsAndOpaqueDirectories) {
  const fs::path tar = DockerSave(DebianLayers());
  auto result = ScanPath(tar, WalkOptions{}, fakes_.all);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(Packages(*result),
            (std::vector<std::string>{"/opt/keep.fakelock keep@1 npm", "/srv/app/c.fakelock c@1 npm"}));
  EXPECT_EQ(result->inventory.asset.kind, AssetKind::kImage);
  EXPECT_EQ(result->inventory.asset.name, "example/app:1.0");
  EXPECT_EQ(result->inventory.asset.digest, "sha256:" + Hex(7));
  ASSERT_TRUE(result->inventory.os.has_value());
  EXPECT_EQ(result->inventory.os->id, "debian");
  EXPECT_TRUE(result->issues.empty());
}

TEST_F(ImageTest, AnUpperLayerReplacesTheDpkgDatabase) {
  auto layers = DebianLayers();
  layers.push_back(
      MakeTar({File("var/lib/dpkg/status", "Package: bash\nVersion: 5.2\n\nPackage: base-files\nVersion: 12.5\n")},
              Compression::kZstd));
  auto result = ScanPath(DockerSave(layers), WalkOptions{}, fakes_.all);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(Packages(*result), (std::vector<std::string>{
                                   "/opt/keep.fakelock keep@1 npm",
                                   "/srv/app/c.fakelock c@1 npm",
                                   "/var/lib/dpkg/status base-files@12.5 debian:12",
                                   "/var/lib/dpkg/status bash@5.2 debian:12",
                               }));
}

TEST_F(ImageTest, OciLayoutDirectoryAndItsTarball) {
  const fs::path layout = OciLayout(DebianLayers());
  auto result = ScanPath(layout, WalkOptions{}, fakes_.all);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(Packages(*result),
            (std::vector<std::string>{"/opt/keep.fakelock keep@1 npm", "/srv/app/c.fakelock c@1 npm"}));
  EXPECT_EQ(result->inventory.asset.kind, AssetKind::kImage);
  EXPECT_EQ(result->inventory.asset.name, "registry.example/app:2.0");
  EXPECT_EQ(result->inventory.asset.digest, "sha256:" + Hex(7));

  std::vector<TarEntry> entries;
  for (const auto& f : fs::recursive_directory_iterator(layout)) {
    if (!f.is_regular_file()) continue;
    std::ifstream in(f.path(), std::ios::binary);
    entries.push_back(File("./" + f.path().lexically_relative(layout).string(),
                           std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>())));
  }
  const fs::path tar = dir_ / "oci.tar.gz";
  WriteFile(tar, MakeTar(entries, Compression::kGzip));
  auto from_tar = ScanPath(tar, WalkOptions{}, fakes_.all);
  ASSERT_TRUE(from_tar.has_value()) << from_tar.error().message;
  EXPECT_EQ(Packages(*from_tar), Packages(*result));
  EXPECT_EQ(from_tar->inventory.asset.digest, "sha256:" + Hex(7));
}

#if defined(__x86_64__)
TEST_F(ImageTest, AnImageIndexPicksTheHostPlatform) {
  const fs::path layout = OciLayout({MakeTar({File("amd64.fakelock", "amd@1\n")})});
  // A second manifest for arm64, with its own layer, listed first; and an attestation.
  WriteFile(layout / "blobs/sha256" / Hex(300), MakeTar({File("arm64.fakelock", "arm@1\n")}));
  WriteFile(layout / "blobs/sha256" / Hex(9), R"({"schemaVersion":2,"config":{"digest":"sha256:)" + Hex(7) +
                                                  R"("},"layers":[{"digest":"sha256:)" + Hex(300) + R"("}]})");
  WriteFile(layout / "blobs/sha256" / Hex(10),
            R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[)"
            R"({"digest":"sha256:)" +
                Hex(9) +
                R"(","platform":{"os":"linux","architecture":"arm64"}},)"
                R"({"digest":"sha256:)" +
                Hex(8) +
                R"(","platform":{"os":"linux","architecture":"amd64"}},)"
                R"({"digest":"sha256:)" +
                Hex(9) + R"(","platform":{"os":"unknown","architecture":"unknown"}}]})");
  WriteFile(layout / "index.json",
            R"({"schemaVersion":2,"manifests":[{"digest":"sha256:)" + Hex(10) +
                R"(","annotations":{"io.containerd.image.name":"docker.io/library/multi:1"}}]})");
  auto result = ScanPath(layout, WalkOptions{}, fakes_.all);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(Packages(*result), (std::vector<std::string>{"/amd64.fakelock amd@1 npm"}));
  EXPECT_EQ(result->inventory.asset.name, "docker.io/library/multi:1");
}
#endif

TEST_F(ImageTest, EntriesThatEscapeTheRootAreSkippedAndLinksStayInside) {
  const std::string layer = MakeTar({
      File("../../evil.fakelock", "evil@1\n"),
      File("a/../../also-evil.fakelock", "evil@2\n"),
      File("/abs/ok.fakelock", "abs@1\n"),
      File("./rel/./ok.fakelock", "rel@1\n"),
      File("usr/lib/os-release", "ID=alpine\nVERSION_ID=3.20.1\n"),
      Link("etc/os-release", "../../../../usr/lib/os-release"),
      File("var/lib/dpkg/status", "Package: musl\nVersion: 1\n"),
      Link("loop/a.fakelock", "b.fakelock"),
      Link("loop/b.fakelock", "a.fakelock"),
      File("bad\xff\xfe/u.fakelock", "utf@1\n"),
  });
  auto result = ScanPath(DockerSave({layer}), WalkOptions{}, fakes_.all);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(Packages(*result), (std::vector<std::string>{
                                   "/abs/ok.fakelock abs@1 npm",
                                   "/bad\xff\xfe/u.fakelock utf@1 npm",
                                   "/rel/ok.fakelock rel@1 npm",
                                   "/var/lib/dpkg/status musl@1 alpine:3.20.1",
                               }));
  EXPECT_TRUE(HasIssue(*result, "../../evil.fakelock entry path leads outside"));
  EXPECT_TRUE(HasIssue(*result, "a/../../also-evil.fakelock entry path leads outside"));
}

TEST_F(ImageTest, HardLinksShareTheContentOfTheirTarget) {
  const std::string layer = MakeTar({
      File("a/one.fakelock", "x@1\n"),
      {"b/two.fakelock", "a/one.fakelock", EntryType::kHardlink, 0},
  });
  auto result = ScanPath(DockerSave({layer}), WalkOptions{}, fakes_.all);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(Packages(*result), (std::vector<std::string>{"/a/one.fakelock x@1 npm", "/b/two.fakelock x@1 npm"}));
}

TEST_F(ImageTest, OversizedPackageFilesAreSkippedAndTooManyBytesIsAnError) {
  const std::string layer = MakeTar({File("big.fakelock", std::string(5000, 'x')), File("ok.fakelock", "ok@1\n")});
  WalkOptions options;
  options.max_file_size = 1000;
  auto result = ScanPath(DockerSave({layer}), options, fakes_.all);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(Packages(*result), (std::vector<std::string>{"/ok.fakelock ok@1 npm"}));
  EXPECT_TRUE(HasIssue(*result, "/big.fakelock larger than the 1000"));

  std::vector<TarEntry> many;
  for (int i = 0; i < 100; ++i) {
    // Built by appending: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string.
    many.push_back(File(std::string("f").append(std::to_string(i)).append(".fakelock"), std::string(900, 'y')));
  }
  WalkOptions small;
  small.max_image_bytes = 50'000;
  auto too_much = ScanPath(DockerSave({MakeTar(many)}), small, fakes_.all);
  ASSERT_FALSE(too_much.has_value());
  EXPECT_NE(too_much.error().message.find("exceed 50000 bytes"), std::string::npos) << too_much.error().message;
}

TEST_F(ImageTest, DecompressionBombStopsWithAnError) {
  // 1.5 GiB of zeros compresses to a few hundred KiB with zstd: a bomb, though it holds nothing
  // vigil would keep.
  const std::string layer = MakeTar({{"zeros.bin", "", EntryType::kFile, std::size_t{3} << 29U}}, Compression::kZstd);
  ASSERT_LT(layer.size(), std::size_t{1} << 20U);
  auto result = ScanPath(DockerSave({layer}), WalkOptions{}, fakes_.all);
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().message.find("decompression bomb"), std::string::npos) << result.error().message;
}

TEST_F(ImageTest, CorruptImagesAreErrorsNamingWhatIsWrong) {
  std::string gz = MakeTar({File("a.fakelock", "a@1\n")}, Compression::kGzip);
  gz.resize(gz.size() / 2);
  auto truncated = ScanPath(DockerSave({gz}), WalkOptions{}, fakes_.all);
  ASSERT_FALSE(truncated.has_value());
  EXPECT_NE(truncated.error().message.find("/layer.tar"), std::string::npos) << truncated.error().message;

  WriteFile(dir_ / "m.tar", MakeTar({File("manifest.json", R"({"not":"an array"})")}));
  auto bad_manifest = ScanPath(dir_ / "m.tar", WalkOptions{}, fakes_.all);
  ASSERT_FALSE(bad_manifest.has_value());
  EXPECT_NE(bad_manifest.error().message.find("manifest.json: $"), std::string::npos) << bad_manifest.error().message;

  WriteFile(dir_ / "missing.tar",
            MakeTar({File("manifest.json", R"([{"Config":"c.json","Layers":["../../etc/passwd"]}])")}));
  auto missing_layer = ScanPath(dir_ / "missing.tar", WalkOptions{}, fakes_.all);
  ASSERT_FALSE(missing_layer.has_value());
  EXPECT_EQ(missing_layer.error().code, ErrorCode::kNotFound);

  const fs::path layout = OciLayout({}, R"({"schemaVersion":2,"manifests":[{"digest":"sha256:../../../etc/passwd"}]})");
  auto bad_digest = ScanPath(layout, WalkOptions{}, fakes_.all);
  ASSERT_FALSE(bad_digest.has_value());
  EXPECT_NE(bad_digest.error().message.find("invalid digest"), std::string::npos) << bad_digest.error().message;

  WriteFile(dir_ / "plain.tar", MakeTar({File("readme.txt", "hi")}));
  auto not_image = ScanPath(dir_ / "plain.tar", WalkOptions{}, fakes_.all);
  ASSERT_FALSE(not_image.has_value());
  EXPECT_NE(not_image.error().message.find("neither a container image nor a package file"), std::string::npos);
}

TEST(ImageFileSystem, ReadFollowsLinksInsideTheImageOnly) {
  image::ImageFileSystem fs;
  fs.PutFile("/usr/lib/os-release", "ID=x\n");
  fs.PutSymlink("/etc/os-release", "/../../usr/lib/os-release");
  fs.PutSymlink("/lib", "usr/lib");
  fs.PutSymlink("/loop", "/loop");
  EXPECT_EQ(fs.Read("/etc/os-release").value_or(""), "ID=x\n");
  EXPECT_EQ(fs.Read("/lib/os-release").value_or(""), "ID=x\n");
  EXPECT_EQ(fs.Read("/lib/../lib/./os-release").value_or(""), "ID=x\n");
  EXPECT_EQ(fs.Read("/nope").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(fs.Read("/usr/lib").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(fs.Read("/loop").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(fs.Read("/usr/lib/os-release/x").error().code, ErrorCode::kNotFound);
}

TEST(NormaliseEntryPath, StripsDotsAndRejectsEscapes) {
  EXPECT_EQ(image::NormaliseEntryPath("./usr//bin/"), "usr/bin");
  EXPECT_EQ(image::NormaliseEntryPath("/etc/x"), "etc/x");
  EXPECT_EQ(image::NormaliseEntryPath("a/b/../c"), "a/c");
  EXPECT_EQ(image::NormaliseEntryPath("."), "");
  EXPECT_EQ(image::NormaliseEntryPath("../x"), std::nullopt);
  EXPECT_EQ(image::NormaliseEntryPath("a/../../x"), std::nullopt);
}

TEST_F(ImageTest, RegisteredExtractorsReadADebianImage) {
  if (FindExtractor("dpkg-status") == nullptr) GTEST_SKIP() << "dpkg-status extractor not registered yet";
  const std::string layer = MakeTar({
      File("usr/lib/os-release", "ID=ubuntu\nVERSION_ID=\"22.04\"\n"),
      Link("etc/os-release", "../usr/lib/os-release"),
      File("var/lib/dpkg/status",
           "Package: zlib1g\nStatus: install ok installed\nVersion: 1:1.2.13.dfsg-1\nSource: zlib\n\n"),
  });
  auto result = ScanPath(DockerSave({layer}), WalkOptions{});
  ASSERT_TRUE(result.has_value()) << result.error().message;
  ASSERT_EQ(result->inventory.packages.size(), 1U);
  EXPECT_EQ(result->inventory.packages[0].location, "/var/lib/dpkg/status");
  EXPECT_EQ(result->inventory.packages[0].ecosystem, "Ubuntu:22.04:LTS");
}

}  // namespace
}  // namespace vigil::inventory
