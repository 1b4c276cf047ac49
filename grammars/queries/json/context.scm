; Context query for JSON (and JSONC): what name is each value bound to?
; Captures (scanner/context/language.h): @key, @value, optional @call,
; @comment; @_name captures are for predicates only.

; {"key": "v"}: nested objects bind to the innermost key; values inside
; arrays bind to the key of the array
(pair
  key: (_) @key
  value: (_) @value)

(comment) @comment
