; Context query for Python: what name is each value bound to?
; Captures (scanner/context/language.h): @key, @value, optional @call,
; @comment; @_name captures are for predicates only.

; NAME = "v", name: str = "v" (module constants, class fields, dataclasses)
(assignment
  left: (identifier) @key
  right: (_) @value)

; self.token = "v", settings.API_KEY = "v"
(assignment
  left: (attribute attribute: (identifier) @key)
  right: (_) @value)

; os.environ["K"] = "v", config["api_key"] = "v"
(assignment
  left: (subscript subscript: (string) @key)
  right: (_) @value)

; token += "v" (rare, but keeps the name)
(augmented_assignment
  left: (identifier) @key
  right: (_) @value)

; {"key": "v"}, {KEY: "v"}
(pair
  key: (_) @key
  value: (_) @value)

; OpenAI(api_key="v"), boto3.client(aws_secret_access_key="v")
(call
  function: (_) @call
  arguments: (argument_list
    (keyword_argument
      name: (identifier) @key
      value: (_) @value)))

; dict(token="v") is a call too (above). Calls whose first argument names
; the value: os.environ.setdefault("K", "v"), os.putenv("K", "v"),
; headers.__setitem__("K", "v"), response.set_header("K", "v").
(call
  function: [
    (identifier) @_fn
    (attribute attribute: (identifier) @_fn)
  ]
  arguments: (argument_list
    .
    (string) @key
    .
    (_) @value)
  (#match? @_fn "^(setenv|putenv|setdefault|set_header|add_header|set|put|setitem|__setitem__|update_env|set_secret|set_password)$"))

(comment) @comment
