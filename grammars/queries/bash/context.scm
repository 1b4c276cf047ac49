; Context query for Bash (also .sh, .zsh): what name is each value bound to?
; Captures (scanner/context/language.h): @key, @value, optional @call,
; @comment; @_name captures are for predicates only.

; TOKEN=v, TOKEN="v", export TOKEN=v, local token='v', readonly TOKEN=v,
; declare -x TOKEN=v, and env prefixes: API_KEY=v ./deploy.sh
(variable_assignment
  name: (variable_name) @key
  value: (_) @value)

; secrets[api]=v, declare -A secrets=([api]=v) uses the element name
(variable_assignment
  name: (subscript index: (_) @key)
  value: (_) @value)

; Commands whose arguments name the value: setenv K v (csh-style helpers),
; npm config set //registry.npmjs.org/:_authToken v
(command
  name: (command_name) @_cmd
  .
  argument: (_) @key
  .
  argument: (_) @value
  (#eq? @_cmd "setenv"))

(command
  name: (command_name) @_cmd
  .
  argument: (word) @_config
  .
  argument: (word) @_set
  .
  argument: (_) @key
  .
  argument: (_) @value
  (#any-of? @_cmd "npm" "yarn" "pnpm")
  (#eq? @_config "config")
  (#eq? @_set "set"))

(comment) @comment
