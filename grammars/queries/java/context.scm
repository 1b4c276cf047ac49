; Context query for Java: what name is each value bound to?
; Captures (scanner/context/language.h): @key, @value, optional @call,
; @comment; @_name captures are for predicates only.

; Fields, constants and locals: private static final String KEY = "v";
(variable_declarator
  name: (identifier) @key
  value: (_) @value)

; token = "v"; this.token = "v"; Config.TOKEN = "v";
(assignment_expression
  left: [
    (identifier) @key
    (field_access field: (identifier) @key)
  ]
  right: (_) @value)

; headers["K"] does not exist in Java, but arrays indexed by a constant do:
; KEYS[PROD] = "v" binds to the index name.
(assignment_expression
  left: (array_access index: (identifier) @key)
  right: (_) @value)

; @Credentials(token = "v"): the annotation is the @call
(annotation
  name: (_) @call
  arguments: (annotation_argument_list
    (element_value_pair
      key: (identifier) @key
      value: (_) @value)))

; Calls whose first argument names the value: System.setProperty("K", "v"),
; map.put("K", "v"), Map.of("K", "v"), conn.setRequestProperty("Authorization", "v"),
; HttpRequest.newBuilder().header("Authorization", "v")
(method_invocation
  name: (identifier) @_fn
  arguments: (argument_list
    .
    (string_literal) @key
    .
    (_) @value)
  (#match? @_fn "^(put|putIfAbsent|setProperty|set|add|setHeader|addHeader|header|setRequestProperty|of|entry|setenv|putenv|withEnv|addEnv|setSecret|setPassword)$"))

[
  (line_comment)
  (block_comment)
] @comment
