// 50 agents, each with its own token bound to its team, ingest into one `vigil serve` at once while
// other clients send malformed, oversized and unauthenticated requests and a probe keeps asking
// /healthz: every agent's report is acknowledged, the bad requests get 4xx JSON errors, the probe is
// always answered, and the store ends with exactly the expected assets and a sound audit chain.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <latch>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "server_testing.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using vigil::testing::HttpAnswer;
using vigil::testing::HttpClient;
using vigil::testing::ServerProcess;
using vigil::testing::ShellQuote;

constexpr int kAgents = 50;
constexpr int kTeams = 5;
constexpr int kAssetsPerAgent = 4;
constexpr std::size_t kBodyLimit = 256 * 1024;

class ConcurrencyTest : public vigil::testing::VigilHomeTest {
 protected:
  ConcurrencyTest() : VigilHomeTest("concurrency-test") {}

  // The report `vigil collect` makes of a requirements.txt.
  json Collect(const std::string& requirements) {
    const fs::path project = dir_ / ("project-" + std::to_string(projects_++));
    Write(project / "requirements.txt", requirements);
    const auto run = Vigil("collect " + ShellQuote(project) + " --asset-name base");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return json::parse(run.out, nullptr, false);
  }

  int projects_ = 0;
};

// The error code of a JSON error answer `{"error": {"code", "message"}}`; "<…>" when it is not one.
std::string ErrorCode(const HttpAnswer& answer) {
  const json body = json::parse(answer.body, nullptr, false);
  if (body.is_discarded() || !body.contains("error")) return "<not a JSON error: " + answer.body + ">";
  if (!body["error"]["message"].is_string() || body["error"]["message"].get<std::string>().empty())
    return "<no message>";
  return body["error"]["code"];
}

TEST_F(ConcurrencyTest, FiftyAgentsIngestAtOnceWhileBadClientsAreRefused) {
  const json old_report = Collect("flask==2.0.0\nrequests==2.31.0\n");
  const json new_report = Collect("flask==2.3.2\nrequests==2.31.0\n");
  ASSERT_EQ(old_report["packages"].size(), 2u);
  std::vector<std::string> tokens;
  for (int a = 0; a < kAgents; ++a) tokens.push_back(Token("--role agent --team team-" + std::to_string(a % kTeams)));
  const std::string admin = Token("--role admin");

  ServerProcess server(home_, vigil::testing::FreeLoopbackPort(), dir_ / "server.log");
  ASSERT_NO_FATAL_FAILURE(server.Start({"--max-body", std::to_string(kBodyLimit)}));

  std::mutex mutex;
  std::vector<std::string> failures;
  const auto fail = [&](std::string what) {
    std::lock_guard lock(mutex);
    failures.push_back(std::move(what));
  };
  std::latch start(kAgents + 2);
  std::atomic<int> agents_left{kAgents};
  std::vector<std::thread> threads;
  // Each agent reports its assets, then sends its first asset's new package set.
  for (int a = 0; a < kAgents; ++a) {
    threads.emplace_back([&, a] {
      HttpClient client(server.base());
      start.arrive_and_wait();
      for (int j = 0; j <= kAssetsPerAgent; ++j) {
        const bool update = j == kAssetsPerAgent;
        json report = update ? new_report : old_report;
        report["report_id"] = "agent-" + std::to_string(a) + "-report-" + std::to_string(j);
        report["asset_metadata"]["name"] = "agent-" + std::to_string(a) + "-asset-" + std::to_string(update ? 0 : j);
        const auto answer = client.Send("POST", "/api/v1/reports", tokens[static_cast<std::size_t>(a)], report.dump());
        const json body = json::parse(answer.body, nullptr, false);
        const std::string expected = update ? "manifest_changed" : "new_asset";
        if (answer.status != 200 || body.is_discarded() || body["status"] != expected) {
          fail("agent " + std::to_string(a) + " report " + std::to_string(j) + ": " + std::to_string(answer.status) +
               " " + answer.body);
        }
      }
      --agents_left;
    });
  }
  // Bad clients, in turn, for as long as the agents run.
  std::atomic<int> refused{0};
  threads.emplace_back([&] {
    HttpClient client(server.base());
    start.arrive_and_wait();
    const std::string oversized(kBodyLimit + 1, ' ');
    do {
      const std::vector<std::pair<HttpAnswer, std::pair<long, std::string>>> cases = {
          {client.Send("POST", "/api/v1/reports", admin, "{\"report_id\": "), {400, "invalid_argument"}},
          {client.Send("POST", "/api/v1/reports", tokens[0], "[1, 2"), {400, "invalid_argument"}},
          {client.Send("POST", "/api/v1/reports", admin, oversized), {413, "payload_too_large"}},
          {client.Send("POST", "/api/v1/reports", "", old_report.dump()), {401, "unauthenticated"}},
          {client.Send("POST", "/api/v1/reports", "vigil_not_a_token", old_report.dump()), {401, "unauthenticated"}},
          {client.Send("GET", "/api/v1/assets", tokens[1]), {403, "forbidden"}},
      };
      for (const auto& [answer, expected] : cases) {
        if (answer.status != expected.first || ErrorCode(answer) != expected.second) {
          fail("bad client: expected " + std::to_string(expected.first) + " " + expected.second + ", got " +
               std::to_string(answer.status) + " " + ErrorCode(answer));
        }
        ++refused;
      }
    } while (agents_left > 0);
  });
  // The probe: /healthz answers all along.
  std::atomic<int> probes{0};
  threads.emplace_back([&] {
    HttpClient client(server.base());
    start.arrive_and_wait();
    do {
      const auto answer = client.Send("GET", "/healthz");
      if (answer.status != 200) fail("healthz: " + std::to_string(answer.status) + " " + answer.body);
      ++probes;
    } while (agents_left > 0);
  });
  for (auto& thread : threads) thread.join();

  EXPECT_TRUE(failures.empty()) << failures.size() << " failures, first: " << failures.front();
  EXPECT_GE(refused, 6);
  EXPECT_GE(probes, 1);

  // Exactly the agents' assets, each owned by its agent's team, the first with its new packages.
  HttpClient client(server.base());
  std::map<std::string, json> listed;
  std::string cursor;
  for (int page = 0; page < 100; ++page) {
    std::string path = "/api/v1/assets?limit=100";
    if (!cursor.empty()) path += "&cursor=" + cursor;
    const auto answer = client.Send("GET", path, admin);
    ASSERT_EQ(answer.status, 200) << answer.body;
    const json body = json::parse(answer.body);
    for (const auto& asset : body["assets"]) listed[asset["name"]] = asset;
    if (body["next_cursor"].is_null()) break;
    cursor = body["next_cursor"];
  }
  std::map<std::string, std::string> expected;
  for (int a = 0; a < kAgents; ++a) {
    for (int j = 0; j < kAssetsPerAgent; ++j) {
      expected["agent-" + std::to_string(a) + "-asset-" + std::to_string(j)] = "team-" + std::to_string(a % kTeams);
    }
  }
  std::map<std::string, std::string> teams;
  for (const auto& [name, asset] : listed) teams[name] = asset.value("team", "");
  EXPECT_EQ(teams, expected);
  // The blast radius sees the updates: an agent's first asset runs the fixed flask now.
  const auto radius = client.Send("GET", "/api/v1/vulnerabilities/CVE-2023-30861/blast-radius", admin);
  ASSERT_EQ(radius.status, 200) << radius.body;
  EXPECT_EQ(json::parse(radius.body)["total_assets"], kAgents * (kAssetsPerAgent - 1));
  const auto metrics = client.Send("GET", "/metrics");
  EXPECT_NE(metrics.body.find("vigil_ingest_reports_total{status=\"new_asset\"} " +
                              std::to_string(kAgents * kAssetsPerAgent) + "\n"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(
      metrics.body.find("vigil_ingest_reports_total{status=\"manifest_changed\"} " + std::to_string(kAgents) + "\n"),
      std::string::npos);

  const int status = server.Stop();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  const auto verify = Vigil("audit verify");
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

}  // namespace
