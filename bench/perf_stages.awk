# Groups `perf report --no-children --sort dso,sym -g none -t '|'` lines
# (self-time samples of one blastradius scan) into pipeline stages by library
# and symbol name, and prints one table: stage, CPU share, top symbol.
# Self time only: a libc memchr called from the decoded views counts as
# "other" (libc string functions are named in that row).
# Usage: awk -F'|' -f perf_stages.awk REPORT.txt
function stage(dso, sym) {
  if (dso ~ /libhs/) return "Vectorscan (libhs)"
  if (dso ~ /libre2/) return "RE2 confirmation (libre2)"
  if (sym ~ /Validat|Checksum|Crc32|ShannonEntropy|Entropy|Placeholder|RandomnessFloor|DecodeJwt|DecodePypiMacaroon|DecodeBasicAuth|FlyMacaroon|UrlUserinfo/)
    return "validators"
  if (sym ~ /DecodedView|Decode[A-Z]|ByteClassIndex|ClassifyBlock|Classify(16|32)/) return "decoded views"
  if (dso ~ /tree-sitter/ || sym ~ /(^|[^A-Za-z_])ts_|tree_sitter_|Context|LineReader|GenericFilter|Language/)
    return "context (tree-sitter, key names)"
  if (dso ~ /kernel/ || sym ~ /FileSystemSource|LooksBinary|HasBinaryExtension|Walk|\] (__libc_)?(read|open|openat64?|close|fstat|getdents64|statx)$/)
    return "I/O + kernel (walk, read)"
  if (sym ~ /malloc|[^a-z]free|operator new|operator delete|_int_|realloc|unlink_chunk|tcache|calloc/) return "allocation (malloc/free)"
  if (dso ~ /libfmt/ || sym ~ /Writer|Report|Sarif|nlohmann/) return "report writing"
  return "other"
}
/%/ {
  pct = $1; sub(/%.*/, "", pct); pct = pct + 0
  dso = $2; gsub(/^ +| +$/, "", dso)
  sym = $3; gsub(/^ +| +$/, "", sym)
  s = stage(dso, sym)
  share[s] += pct
  total += pct
  if (pct > topv[s]) { topv[s] = pct; short = sym; sub(/^\[.\] /, "", short); sub(/\(.*/, "", short)
    if (short ~ /^0x/) short = "(library without symbols)"; tops[s] = substr(short, 1, 44) }
}
END {
  n = split("Vectorscan (libhs)|RE2 confirmation (libre2)|decoded views|context (tree-sitter, key names)|validators|I/O + kernel (walk, read)|allocation (malloc/free)|report writing|other", order, "|")
  printf "| %-33s | CPU %%  | largest symbol (self %%)                              |\n", "stage"
  printf "|-----------------------------------|--------|------------------------------------------------------|\n"
  for (i = 1; i <= n; i++) {
    s = order[i]
    printf "| %-33s | %5.1f%% | %-44s %6s |\n", s, total ? 100 * share[s] / total : 0, tops[s] ? tops[s] : "-", tops[s] ? sprintf("%.1f%%", 100 * topv[s] / total) : ""
  }
}
