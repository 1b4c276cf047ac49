// GitHub code scanning's `primaryLocationLineHash`: a rolling hash of the
// first 100 non-blank characters from the start of each line, as computed by
// github/codeql-action (src/fingerprints.ts) when it uploads SARIF. Setting
// the same value ourselves gives stable alerts for uploads that do not go
// through that action, and avoids its "inconsistent fingerprint" warnings.
#ifndef BLASTRADIUS_CORE_LINE_HASH_H_
#define BLASTRADIUS_CORE_LINE_HASH_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace blastradius {

// One value per line of `text` (UTF-8; invalid bytes count as U+FFFD, as in
// Node's decoder): element i is the hash of line i + 1, "<hex>:<n>" where n
// counts earlier lines with the same hash. CR, LF and CRLF all end a line;
// a final line terminator starts one more (empty) line, as GitHub counts.
// Only the first `max_lines` lines (the rest of the text is then decoded
// but not hashed): the pipeline needs the lines up to its last finding.
std::vector<std::string> PrimaryLocationLineHashes(std::string_view text, size_t max_lines = SIZE_MAX);

}  // namespace blastradius

#endif  // BLASTRADIUS_CORE_LINE_HASH_H_
