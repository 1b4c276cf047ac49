; inherits: typescript
; Context query for TSX: typescript/context.scm (prepended by the loader,
; see the "inherits" line) plus JSX attributes.

; <Provider apiKey="v" />, <Map apiKey={"v"} />
(jsx_attribute
  (property_identifier) @key
  [
    (string)
    (jsx_expression)
  ] @value)
