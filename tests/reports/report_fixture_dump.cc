// Writes every report format for the test fixture into a directory, for the
// Python checks (schema validation, headless browser):
//   report_fixture_dump OUTDIR
// Files: report.{txt,json,md,sarif,html}, report.gitlab.json, the same with
// "-show" (show_secrets) and "-empty" (no findings), and secrets.txt (one
// fixture secret per line, so the checks can look for them).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "reports/report.h"
#include "tests/reports/fixture.h"

namespace {

const char* Extension(const std::string& format) {
  if (format == "text") return ".txt";
  if (format == "markdown") return ".md";
  if (format == "gitlab") return ".gitlab.json";
  if (format == "json") return ".json";
  if (format == "sarif") return ".sarif";
  return ".html";
}

bool WriteAll(const std::filesystem::path& dir, const std::string& suffix,
              const blastradius::Report& report) {
  for (const auto& format : blastradius::ReportFormats()) {
    auto writer = blastradius::MakeReportWriter(format);
    std::string out;
    if (!writer || !writer->Write(report, &out).ok()) {
      std::fprintf(stderr, "report_fixture_dump: %s failed\n", format.c_str());
      return false;
    }
    std::ofstream(dir / ("report" + suffix + Extension(format)), std::ios::binary) << out;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: report_fixture_dump OUTDIR\n");
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  const auto fx = blastradius::testing::MakeReportFixture();
  blastradius::Report report = fx.MakeReport();
  report.started_at = "2026-11-25T10:00:00";
  blastradius::Report show = report;
  show.show_secrets = true;
  const std::vector<blastradius::Finding> none;
  blastradius::Report empty = report;
  empty.findings = &none;
  if (!WriteAll(dir, "", report) || !WriteAll(dir, "-show", show) || !WriteAll(dir, "-empty", empty))
    return 1;
  std::ofstream secrets(dir / "secrets.txt", std::ios::binary);
  for (const auto& s : fx.secrets) secrets << s << "\n";
  std::printf("%zu findings, %zu secrets\n", fx.findings.size(), fx.secrets.size());
  return 0;
}
