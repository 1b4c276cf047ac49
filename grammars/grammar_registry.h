// The tree-sitter grammars compiled into blastradius (see grammars/README.md)
// and the query files embedded from grammars/queries/<lang>/*.scm.
// Defined by the blastradius_grammars library (grammars/CMakeLists.txt).
#ifndef BLASTRADIUS_GRAMMARS_GRAMMAR_REGISTRY_H_
#define BLASTRADIUS_GRAMMARS_GRAMMAR_REGISTRY_H_

#include <tree_sitter/api.h>

#include <cstddef>

#include "scanner/core/embedded_file.h"

namespace blastradius {

struct GrammarEntry {
  const char* name;                 // "python", "tsx", "c_sharp", ...
  const TSLanguage* (*language)();  // tree_sitter_<name>(); never null
};

// Every grammar built, sorted by name; kGrammarCount entries.
extern const GrammarEntry kGrammars[];
extern const size_t kGrammarCount;

// grammars/queries/**/*.scm; names are relative to grammars/queries
// ("python/secrets.scm"), sorted; kGrammarQueries_count entries.
extern const EmbeddedFile kGrammarQueries[];
extern const size_t kGrammarQueries_count;

}  // namespace blastradius

#endif  // BLASTRADIUS_GRAMMARS_GRAMMAR_REGISTRY_H_
