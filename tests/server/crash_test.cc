// `vigil serve` killed with SIGKILL at random moments while agents push reports, at least 20 times,
// restarted each time: afterwards every report the server acknowledged is stored (re-sending it is
// answered "duplicate"), every acknowledged asset is listed, the SQLite file passes its integrity
// check and the audit chain verifies. The reports are built by `vigil collect` from lockfiles of the
// shared corpus, each sent under a fresh report id and asset name.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "server_testing.h"
#include "testing/corpus.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using vigil::testing::HttpClient;
using vigil::testing::ServerProcess;
using vigil::testing::ShellQuote;

constexpr int kKills = 24;
constexpr int kAgents = 4;

// Lockfiles of the corpus and the names `vigil collect` recognises them by.
const std::vector<std::pair<std::string, std::string>> kLockfiles = {
    {"fixtures/lockfiles/cargo/two-packages.lock", "Cargo.lock"},
    {"fixtures/lockfiles/npm/nested-dependencies.v2.json", "package-lock.json"},
    {"fixtures/lockfiles/poetry/two-packages.lock", "poetry.lock"},
};

// The result of SQLite's own integrity check of `file` ("ok" when sound).
std::string IntegrityCheck(const fs::path& file) {
  sqlite3* db = nullptr;
  std::string result;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr) == SQLITE_OK) {
      while (sqlite3_step(statement) == SQLITE_ROW) {
        if (!result.empty()) result += '\n';
        result += reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
      }
    }
    sqlite3_finalize(statement);
  } else {
    result = sqlite3_errmsg(db);
  }
  sqlite3_close(db);
  return result;
}

class CrashTest : public vigil::testing::VigilHomeTest {
 protected:
  CrashTest() : VigilHomeTest("crash-test") {}
};

TEST_F(CrashTest, NoAcknowledgedReportIsLostWhenTheServerIsKilledDuringIngest) {
  VIGIL_REQUIRE_CORPUS();
  std::vector<json> bases;
  for (std::size_t i = 0; i < kLockfiles.size(); ++i) {
    const fs::path project = dir_ / ("project-" + std::to_string(i));
    fs::create_directories(project);
    fs::copy_file(corpus / kLockfiles[i].first, project / kLockfiles[i].second);
    const auto collected = Vigil("collect " + ShellQuote(project) + " --asset-name base");
    ASSERT_EQ(collected.exit_code, 0) << collected.err;
    bases.push_back(json::parse(collected.out));
    ASSERT_FALSE(bases.back()["packages"].empty()) << kLockfiles[i].first;
  }
  // Report k: a fresh id and asset, on one of the collected package sets.
  const auto report = [&](int k) {
    json document = bases[static_cast<std::size_t>(k) % bases.size()];
    document["report_id"] = "crash-" + std::to_string(k);
    document["asset_metadata"]["name"] = "host-" + std::to_string(k);
    return document.dump();
  };
  const std::vector<std::string> teams = {"red", "blue"};
  std::vector<std::string> agent_tokens;
  for (const auto& team : teams) agent_tokens.push_back(Token("--role agent --team " + team));
  const std::string admin = Token("--role admin");

  const int port = vigil::testing::FreeLoopbackPort();
  ServerProcess server(home_, port, dir_ / "server.log");
  ASSERT_NO_FATAL_FAILURE(server.Start());

  std::mutex mutex;
  std::map<int, std::string> acknowledged;  // report k → the team of the agent that sent it
  std::vector<std::string> unexpected;      // answers that are neither 2xx nor "no answer"
  std::atomic<int> next{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> agents;
  for (int a = 0; a < kAgents; ++a) {
    agents.emplace_back([&, a] {
      HttpClient client(server.base());
      const std::size_t team = static_cast<std::size_t>(a) % teams.size();
      while (!stop) {
        const int k = next++;
        const auto answer = client.Send("POST", "/api/v1/reports", agent_tokens[team], report(k));
        if (answer.status == 0) {
          // No answer: the server is down. Report k may or may not be stored; try the next shortly.
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
          continue;
        }
        std::lock_guard lock(mutex);
        if (answer.status >= 200 && answer.status < 300) {
          acknowledged[k] = teams[team];
        } else {
          unexpected.push_back(std::to_string(answer.status) + " " + answer.body);
        }
      }
    });
  }

  const unsigned seed = std::random_device{}();
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> pause_ms(0, 150);
  std::size_t before = 0;
  for (int kill = 0; kill < kKills; ++kill) {
    // Each kill lands while reports are being acknowledged: wait for the first after the restart.
    for (int i = 0; i < 2000; ++i) {
      {
        std::lock_guard lock(mutex);
        if (acknowledged.size() > before) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(random)));
    server.Kill();
    {
      std::lock_guard lock(mutex);
      before = acknowledged.size();
    }
    ASSERT_NO_FATAL_FAILURE(server.Start()) << "restart " << kill + 1 << " (seed " << seed << ")";
  }
  stop = true;
  for (auto& agent : agents) agent.join();

  EXPECT_TRUE(unexpected.empty()) << unexpected.size() << " unexpected answers, first: " << unexpected.front();
  ASSERT_GT(acknowledged.size(), static_cast<std::size_t>(kKills)) << "seed " << seed;
  std::cout << "[ crash    ] " << kKills << " kills, " << next << " reports tried, " << acknowledged.size()
            << " acknowledged (seed " << seed << ")\n";

  // Every acknowledged report is stored: the server knows its id.
  HttpClient client(server.base());
  std::size_t lost = 0;
  for (const auto& [k, team] : acknowledged) {
    const auto again = client.Send("POST", "/api/v1/reports", admin, report(k));
    ASSERT_EQ(again.status, 200) << again.body;
    const json body = json::parse(again.body);
    if (body["status"] != "duplicate") {
      ++lost;
      ADD_FAILURE() << "acknowledged report crash-" << k << " was lost: " << again.body;
      if (lost > 5) break;
    }
  }
  // Every acknowledged asset is listed, with the team of the agent that sent it.
  std::map<std::string, std::string> listed;
  std::string cursor;
  for (int page = 0; page < 1000; ++page) {
    std::string path = "/api/v1/assets?limit=500";
    if (!cursor.empty()) path += "&cursor=" + cursor;
    const auto answer = client.Send("GET", path, admin);
    ASSERT_EQ(answer.status, 200) << answer.body;
    const json body = json::parse(answer.body);
    for (const auto& asset : body["assets"]) listed[asset["name"]] = asset.value("team", "");
    if (body["next_cursor"].is_null()) break;
    cursor = body["next_cursor"];
  }
  for (const auto& [k, team] : acknowledged) {
    const auto it = listed.find("host-" + std::to_string(k));
    ASSERT_NE(it, listed.end()) << "acknowledged asset host-" << k << " is not listed";
    EXPECT_EQ(it->second, team) << "host-" << k;
  }

  const int status = server.Stop();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_EQ(IntegrityCheck(home_ / "vigil.db"), "ok");
  const auto verify = Vigil("audit verify");
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

}  // namespace
