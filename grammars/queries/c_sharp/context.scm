; Context query for C#: what name is each value bound to?
; Captures (scanner/context/language.h): @key, @value, optional @call,
; @comment; @_name captures are for predicates only.

; Fields, constants and locals: private const string Key = "v"; var key = "v";
(variable_declarator
  name: (identifier) @key
  .
  (_) @value .)

; public string ApiToken { get; set; } = "v";  public string Token => "v";
(property_declaration
  name: (identifier) @key
  value: (_) @value)

; token = "v"; this.Token = "v"; config["K"] = "v"; { ["K"] = "v" }
(assignment_expression
  left: [
    (identifier) @key
    (member_access_expression name: (identifier) @key)
    (element_access_expression
      subscript: (bracketed_argument_list
        .
        (argument
          [
            (string_literal)
            (verbatim_string_literal)
          ] @key)))
    (element_binding_expression
      .
      (argument
        [
          (string_literal)
          (verbatim_string_literal)
        ] @key))
  ]
  right: (_) @value)

; new StripeOptions { ApiKey = "v" }: the type is the @call
(object_creation_expression
  type: (_) @call
  initializer: (initializer_expression
    (assignment_expression
      left: (identifier) @key
      right: (_) @value)))

; new Dictionary<string, string> { { "K", "v" } }
(initializer_expression
  (initializer_expression
    .
    [
      (string_literal)
      (verbatim_string_literal)
    ] @key
    .
    (_) @value .))

; Named arguments: new Mailer(password: "v"), Connect(password: "v")
(object_creation_expression
  type: (_) @call
  arguments: (argument_list
    (argument
      name: (identifier) @key
      .
      (_) @value)))

(invocation_expression
  function: (_) @call
  arguments: (argument_list
    (argument
      name: (identifier) @key
      .
      (_) @value)))

; [KeyVault(SecretName = "v")]: the attribute is the @call
(attribute
  name: (_) @call
  (attribute_argument_list
    (attribute_argument
      (assignment_expression
        left: (identifier) @key
        right: (_) @value))))

; Calls whose first argument names the value:
; Environment.SetEnvironmentVariable("K", "v"), headers.Add("Authorization", "v")
(invocation_expression
  function: [
    (identifier) @_fn
    (member_access_expression name: (identifier) @_fn)
  ]
  arguments: (argument_list
    .
    (argument
      [
        (string_literal)
        (verbatim_string_literal)
      ] @key)
    .
    (argument (_) @value))
  (#match? @_fn "^(SetEnvironmentVariable|Add|TryAdd|TryAddWithoutValidation|Set|Append|AddOrUpdate|Put|SetValue|AddHeader|SetSecret)$"))

(comment) @comment
