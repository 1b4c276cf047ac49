; inherits: ecma
; Context query for JavaScript (and JSX): what name is each value bound to?
; Captures (scanner/context/language.h): @key, @value, optional @call,
; @comment; @_name captures are for predicates only.
; The patterns shared with TypeScript are in ecma/context.scm.


; class Client { apiKey = "v"; #secret = "v"; static TOKEN = "v" }
(field_definition
  property: (_) @key
  value: (_) @value)

; function f(token = "v"), const [a = "v"] = ...
(assignment_pattern
  left: (identifier) @key
  right: (_) @value)

; const { API_KEY = "v" } = process.env
(object_assignment_pattern
  left: (shorthand_property_identifier_pattern) @key
  right: (_) @value)

; <Provider apiKey="v" />, <Map apiKey={"v"} />
(jsx_attribute
  (property_identifier) @key
  [
    (string)
    (jsx_expression)
  ] @value)

; Calls whose first argument names the value: headers.set("K", "v"),
; res.setHeader("K", "v"), localStorage.setItem("K", "v"), xhr.setRequestHeader
(call_expression
  function: [
    (identifier) @_fn
    (member_expression property: (property_identifier) @_fn)
  ]
  arguments: (arguments
    .
    [
      (string)
      (template_string)
    ] @key
    .
    (_) @value)
  (#match? @_fn "^(set|append|setHeader|setRequestHeader|header|setItem|setenv|putenv|setEnv|setSecret|define|put|add)$"))

(comment) @comment
