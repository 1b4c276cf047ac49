// The concrete report writers (internal to reports/).
#ifndef BLASTRADIUS_REPORTS_WRITERS_H_
#define BLASTRADIUS_REPORTS_WRITERS_H_

#include <nlohmann/json.hpp>

#include "reports/report.h"

namespace blastradius {

class JsonWriter : public ReportWriter {
 public:
  Status Write(const Report& report, std::string* out) const override;
};

class TextWriter : public ReportWriter {
 public:
  Status Write(const Report& report, std::string* out) const override;
};

class SarifWriter : public ReportWriter {
 public:
  Status Write(const Report& report, std::string* out) const override;
};

// One finding as in the JSON report.
nlohmann::ordered_json FindingToJson(const Finding& f, bool show_secrets);

}  // namespace blastradius

#endif  // BLASTRADIUS_REPORTS_WRITERS_H_
