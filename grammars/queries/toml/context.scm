; Context query for TOML: what name is each value bound to?
; Captures (scanner/context/language.h): @key, @value, optional @call,
; @comment; @_name captures are for predicates only.
; pair has no fields: the key is its first named child and the value the
; next one (a trailing comment on the line is a child of the pair too).

; token = "v", "quoted key" = "v", in [tables], [[arrays]] and {inline = "v"}
(pair
  .
  [
    (bare_key)
    (quoted_key)
  ] @key
  .
  (_) @value)

; auth.token = "v": the last part of a dotted key
(pair
  .
  (dotted_key
    [
      (bare_key)
      (quoted_key)
    ] @key .)
  .
  (_) @value)

(comment) @comment
