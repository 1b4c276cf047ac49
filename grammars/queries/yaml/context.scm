; Context query for YAML: what name is each value bound to?
; Captures (scanner/context/language.h): @key, @value, optional @call,
; @comment; @_name captures are for predicates only. For the same value the
; pattern listed first wins, so specific patterns come before generic ones.

; Kubernetes / CI env lists: - name: API_KEY
;                               value: v
; bind the value to the sibling name.
(block_mapping
  (block_mapping_pair
    key: (_) @_name_key
    value: (_) @key)
  (block_mapping_pair
    key: (_) @_value_key
    value: (_) @value)
  (#eq? @_name_key "name")
  (#eq? @_value_key "value"))

(flow_mapping
  (flow_pair
    key: (_) @_name_key
    value: (_) @key)
  (flow_pair
    key: (_) @_value_key
    value: (_) @value)
  (#eq? @_name_key "name")
  (#eq? @_value_key "value"))

; key: v, "key": 'v', key: |  (block scalars), nested mappings: the
; innermost key holding the value
(block_mapping_pair
  key: (_) @key
  value: (_) @value)

; {key: v}
(flow_pair
  key: (_) @key
  value: (_) @value)

(comment) @comment
