; Context query for Rust: what name is each value bound to?
; Captures (scanner/context/language.h): @key, @value, optional @call,
; @comment; @_name captures are for predicates only.

; let token = "v"; let mut token: String = "v".to_string();
(let_declaration
  pattern: (identifier) @key
  value: (_) @value)

; const API_KEY: &str = "v"; static TOKEN: &str = "v";
(const_item
  name: (identifier) @key
  value: (_) @value)

(static_item
  name: (identifier) @key
  value: (_) @value)

; token = "v"; self.token = "v"; cfg.api_key = "v".into();
(assignment_expression
  left: [
    (identifier) @key
    (field_expression field: (field_identifier) @key)
  ]
  right: (_) @value)

; map["k"] = "v"
(assignment_expression
  left: (index_expression
    (_)
    .
    (string_literal) @key .)
  right: (_) @value)

; Config { token: "v" }, aws::Credentials { secret_key: "v" }: the struct is the @call
(struct_expression
  name: (_) @call
  body: (field_initializer_list
    (field_initializer
      field: (field_identifier) @key
      value: (_) @value)))

(field_initializer
  field: (field_identifier) @key
  value: (_) @value)

; Calls whose first argument names the value: std::env::set_var("K", "v"),
; Command::new(..).env("K", "v"), headers.insert("K", v),
; client.get(url).header("Authorization", "v"), map.insert("k".to_string(), v)
(call_expression
  function: [
    (identifier) @_fn
    (scoped_identifier name: (identifier) @_fn)
    (field_expression field: (field_identifier) @_fn)
  ]
  arguments: (arguments
    .
    [
      (string_literal) @key
      (raw_string_literal) @key
      (call_expression
        function: (field_expression value: (string_literal) @key))
    ]
    .
    (_) @value)
  (#match? @_fn "^(set_var|env|insert|header|set|append|put|add|bearer_auth)$"))

[
  (line_comment)
  (block_comment)
] @comment
