; inherits: ecma
; Context query for TypeScript: ecma/context.scm (shared with JavaScript) plus the TypeScript
; node names (public_field_definition, enum_assignment, parameters) and
; without JSX; tsx/context.scm adds JSX back.
; Captures (scanner/context/language.h): @key, @value, optional @call,
; @comment; @_name captures are for predicates only.


; class Client { apiKey = "v"; private readonly secret: string = "v" }
(public_field_definition
  name: (_) @key
  value: (_) @value)

; enum Keys { Stripe = "v" }
(enum_assignment
  name: (_) @key
  value: (_) @value)

; constructor(private token: string = "v"), function f(token?: string = "v")
(required_parameter
  pattern: (identifier) @key
  value: (_) @value)

(optional_parameter
  pattern: (identifier) @key
  value: (_) @value)

; function f(token = "v"), const [a = "v"] = ...
(assignment_pattern
  left: (identifier) @key
  right: (_) @value)

; const { API_KEY = "v" } = process.env
(object_assignment_pattern
  left: (shorthand_property_identifier_pattern) @key
  right: (_) @value)

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
