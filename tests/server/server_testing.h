// Helpers for the tests that run the real `vigil serve`: a free loopback port, the server as a child
// process in a temporary VIGIL_HOME (started, waited for, killed or stopped), the vigil CLI, a fixture
// owning that home, and a small libcurl client. Each HttpClient belongs to one thread.
#pragma once

#include <curl/curl.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "testing/shell.h"

namespace vigil::testing {

// A port the kernel just gave out and took back: free unless someone grabs it in between.
inline int FreeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

struct HttpAnswer {
  long status = 0;  // 0: no HTTP answer (refused, reset, timed out)
  std::string body;
};

// One keep-alive connection's worth of libcurl, reused across requests.
class HttpClient {
 public:
  explicit HttpClient(std::string base) : base_(std::move(base)), curl_(curl_easy_init(), curl_easy_cleanup) {}

  // For https: the CA file to trust (empty: the system's) and the CURL_SSLVERSION_* range to offer.
  void SetTls(std::filesystem::path ca, long version) {
    ca_ = std::move(ca);
    tls_version_ = version;
  }

  HttpAnswer Send(const std::string& method, const std::string& path, const std::string& token = "",
                  const std::string& body = "") {
    CURL* curl = curl_.get();
    curl_easy_reset(curl);
    HttpAnswer answer;
    curl_slist* headers = curl_slist_append(nullptr, "Expect:");
    std::string authorization;
    if (!token.empty()) {
      authorization = "Authorization: Bearer " + token;
      headers = curl_slist_append(headers, authorization.c_str());
    }
    const std::string url = base_ + path;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    if (method == "POST") {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    if (!ca_.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, ca_.c_str());
    curl_easy_setopt(curl, CURLOPT_SSLVERSION, tls_version_);
    if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
    curl_slist_free_all(headers);
    return answer;
  }

 private:
  static std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
  }

  std::string base_;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl_;
  std::filesystem::path ca_;
  long tls_version_ = CURL_SSLVERSION_DEFAULT;
};

// `vigil serve` on 127.0.0.1:port with VIGIL_HOME=home, its stderr appended to `log`.
class ServerProcess {
 public:
  ServerProcess(std::filesystem::path home, int port, std::filesystem::path log)
      : home_(std::move(home)), port_(port), log_(std::move(log)) {}
  ~ServerProcess() { Kill(); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // Starts it with `flags` added and waits until /healthz answers (a bounded number of tries, not a timing assertion).
  // posix_spawn, not fork: the tests call this while their client threads run.
  void Start(const std::vector<std::string>& flags = {}) {
    std::vector<std::string> args = {"vigil", "serve", "--listen", "127.0.0.1:" + std::to_string(port_)};
    args.insert(args.end(), flags.begin(), flags.end());
    std::vector<std::string> env = {"VIGIL_HOME=" + home_.string()};
    for (char** e = environ; *e != nullptr; ++e) {
      if (std::string_view(*e).starts_with("VIGIL_HOME=")) continue;
      env.emplace_back(*e);
    }
    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    const int spawned = ::posix_spawn(&pid_, VIGIL_BINARY, &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ASSERT_EQ(spawned, 0) << "cannot start " VIGIL_BINARY;
    HttpClient client(base());
    for (int i = 0; i < 2000; ++i) {
      if (client.Send("GET", "/healthz").status == 200) return;
      int status = 0;
      ASSERT_EQ(::waitpid(pid_, &status, WNOHANG), 0) << "the server exited while starting; see " << log_;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    FAIL() << "the server did not come up";
  }

  // kill -9, as a crash or power cut of the process would.
  void Kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  // SIGTERM; returns the wait status.
  int Stop() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }

 private:
  std::filesystem::path home_;
  int port_;
  std::filesystem::path log_;
  pid_t pid_ = -1;
};

// Runs the vigil CLI with VIGIL_HOME=home and the `env` assignments; stderr goes through `err_file`.
inline CommandOutcome RunVigil(const std::filesystem::path& home, const std::string& args,
                               const std::filesystem::path& err_file, const std::string& env = "") {
  std::string command = env;
  command += " VIGIL_HOME=";
  command += ShellQuote(home);
  command += " '" VIGIL_BINARY "' ";
  command += args;
  return RunShell(command, err_file);
}

// A fixture with a fresh temporary directory (/tmp/vigil-NAME-PID) whose VIGIL_HOME holds one
// advisory, flask's CVE-2023-30861 (fixed in 2.2.5), and the CLI run against that home.
class VigilHomeTest : public ::testing::Test {
 protected:
  explicit VigilHomeTest(std::string name) : name_(std::move(name)) {}

  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("vigil-" + name_ + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    home_ = dir_ / "home";
    Write(dir_ / "osv/PYSEC-2023-62.json",
          R"({"id":"PYSEC-2023-62","modified":"2023-06-01T00:00:00Z","aliases":["CVE-2023-30861"],
              "affected":[{"package":{"ecosystem":"PyPI","name":"flask"},
                           "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.2.5"}]}]}]})");
    const auto import = Vigil("db import " + ShellQuote(dir_ / "osv"));
    ASSERT_EQ(import.exit_code, 0) << import.err;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static void Write(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }

  CommandOutcome Vigil(const std::string& args, const std::string& env = "") {
    return RunVigil(home_, args, dir_ / "stderr", env);
  }

  // A new API token made by `vigil token create` with `flags`.
  std::string Token(const std::string& flags) {
    const auto run = Vigil("token create --name t " + flags);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    std::string token = run.out;
    while (!token.empty() && token.back() == '\n') token.pop_back();
    return token;
  }

  std::filesystem::path dir_;
  std::filesystem::path home_;

 private:
  std::string name_;
};

}  // namespace vigil::testing
