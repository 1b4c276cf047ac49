; Context query for Go: what name is each value bound to?
; Captures (scanner/context/language.h): @key, @value, optional @call,
; @comment; @_name captures are for predicates only.

; token := "v"; token, other := "v", "w" (first two positions)
(short_var_declaration
  left: (expression_list . (identifier) @key)
  right: (expression_list . (_) @value))

(short_var_declaration
  left: (expression_list . (_) . (identifier) @key)
  right: (expression_list . (_) . (_) @value))

; var Token = "v", var token string = "v"
(var_spec
  name: (identifier) @key
  value: (expression_list . (_) @value))

; const APIKey = "v" (also inside const ( ... ) blocks)
(const_spec
  name: (identifier) @key
  value: (expression_list . (_) @value))

; token = "v", cfg.Token = "v", headers["Authorization"] = "v"
(assignment_statement
  left: (expression_list
    .
    [
      (identifier) @key
      (selector_expression field: (field_identifier) @key)
      (index_expression index: [
        (interpreted_string_literal)
        (raw_string_literal)
      ] @key)
    ])
  right: (expression_list . (_) @value))

; Config{Token: "v"}, aws.Config{SecretKey: "v"}: the type is the @call
(composite_literal
  type: [
    (type_identifier)
    (qualified_type)
    (generic_type)
  ] @call
  body: (literal_value
    (keyed_element
      key: (literal_element (_) @key)
      value: (literal_element) @value)))

; map[string]string{"K": "v"}, nested {Token: "v"} without a type
(keyed_element
  key: (literal_element (_) @key)
  value: (literal_element) @value)

; Calls whose first argument names the value: os.Setenv("K", "v"),
; t.Setenv, req.Header.Set("Authorization", "v"), viper.Set("k", "v")
(call_expression
  function: [
    (identifier) @_fn
    (selector_expression field: (field_identifier) @_fn)
  ]
  arguments: (argument_list
    .
    [
      (interpreted_string_literal)
      (raw_string_literal)
    ] @key
    .
    (_) @value)
  (#match? @_fn "^(Setenv|Set|Add|SetDefault|Store|Put|Putenv|SetHeader|WithValue)$"))

(comment) @comment
