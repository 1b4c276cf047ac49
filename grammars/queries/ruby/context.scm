; Context query for Ruby: what name is each value bound to?
; Captures (scanner/context/language.h): @key, @value, optional @call,
; @comment; @_name captures are for predicates only.

; token = "v", API_KEY = "v", @token = "v", @@token = "v", $token = "v"
(assignment
  left: [
    (identifier)
    (constant)
    (instance_variable)
    (class_variable)
    (global_variable)
  ] @key
  right: (_) @value)

; token ||= "v"
(operator_assignment
  left: [
    (identifier)
    (constant)
    (instance_variable)
    (class_variable)
    (global_variable)
  ] @key
  right: (_) @value)

; self.api_key = "v", config.stripe_key = "v", Stripe.api_key = "v"
(assignment
  left: (call method: (identifier) @key)
  right: (_) @value)

; Foo::API_KEY = "v"
(assignment
  left: (scope_resolution name: (constant) @key)
  right: (_) @value)

; ENV["K"] = "v", config[:api_key] = "v"
(assignment
  left: (element_reference
    .
    [
      (string)
      (simple_symbol)
    ] @key)
  right: (_) @value)

; { api_key: "v" }, { "k" => "v" }, { :k => "v" }
(pair
  key: (_) @key
  value: (_) @value)

; Keyword arguments. Stripe::Client.new(api_key: "v"): the class is the @call
(call
  receiver: (_) @call
  method: (identifier) @_method
  arguments: (argument_list
    (pair
      key: (_) @key
      value: (_) @value))
  (#eq? @_method "new"))

; connect(password: "v"), Aws.config.update(secret_access_key: "v"): the
; method is the @call
(call
  method: (identifier) @call
  arguments: (argument_list
    (pair
      key: (_) @key
      value: (_) @value))
  (#not-eq? @call "new"))

; Calls whose first argument names the value: ENV.store("K", "v"),
; ENV.fetch("K", "default"), set :session_secret, "v",
; request["Authorization"] via []=, headers.add("K", "v")
(call
  method: (identifier) @_method
  arguments: (argument_list
    .
    [
      (string)
      (simple_symbol)
    ] @key
    .
    (_) @value)
  (#match? @_method "^(store|fetch|set|setenv|add|add_field|add_header|header|put|write|secret|\\[\\]=)$"))

(comment) @comment
