// `blastradius rules` (list and filter the signature database; `rules
// check DIR` runs signature files' examples through the scan) and
// `blastradius explain ID|PROVIDER`.
#ifndef BLASTRADIUS_CLI_RULES_COMMAND_H_
#define BLASTRADIUS_CLI_RULES_COMMAND_H_

#include "scanner/cli/args.h"

namespace blastradius {

int RunRules(const Args& args);
int RunExplain(const Args& args);

}  // namespace blastradius

#endif  // BLASTRADIUS_CLI_RULES_COMMAND_H_
