; Patterns shared by javascript, typescript and tsx (all ECMAScript grammars
; name these nodes alike). Never compiled alone: the language queries pull it
; in with a first line "; inherits: ecma" (scanner/context/language.cc).

; const KEY = "v", let key = "v", var key = "v"
(variable_declarator
  name: (identifier) @key
  value: (_) @value)

; key = "v"
(assignment_expression
  left: (identifier) @key
  right: (_) @value)

; this.apiKey = "v", process.env.TOKEN = "v"
(assignment_expression
  left: (member_expression property: (_) @key)
  right: (_) @value)

; process.env["TOKEN"] = "v", headers['Authorization'] = "v"
(assignment_expression
  left: (subscript_expression index: (string) @key)
  right: (_) @value)

; token ||= "v", token ??= "v"
(augmented_assignment_expression
  left: [
    (identifier) @key
    (member_expression property: (_) @key)
  ]
  right: (_) @value)

; { key: "v" }, { "key": "v" }
(pair
  key: (_) @key
  value: (_) @value)

; new OpenAI({ apiKey: "v" }), createClient(url, { key: "v" }) and one
; level deeper: new S3Client({ credentials: { secretAccessKey: "v" } })
(new_expression
  constructor: (_) @call
  arguments: (arguments
    (object
      (pair
        key: (_) @key
        value: (_) @value))))

(call_expression
  function: (_) @call
  arguments: (arguments
    (object
      (pair
        key: (_) @key
        value: (_) @value))))

(new_expression
  constructor: (_) @call
  arguments: (arguments
    (object
      (pair
        value: (object
          (pair
            key: (_) @key
            value: (_) @value))))))

(call_expression
  function: (_) @call
  arguments: (arguments
    (object
      (pair
        value: (object
          (pair
            key: (_) @key
            value: (_) @value))))))
