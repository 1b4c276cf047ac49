; Context query for PHP: what name is each value bound to?
; Captures (scanner/context/language.h): @key, @value, optional @call,
; @comment; @_name captures are for predicates only.

; $apiKey = 'v' (the key is the name without '$')
(assignment_expression
  left: (variable_name (name) @key)
  right: (_) @value)

; $this->apiKey = 'v', $config->token = 'v', self::$token = 'v'
(assignment_expression
  left: [
    (member_access_expression name: (name) @key)
    (nullsafe_member_access_expression name: (name) @key)
    (scoped_property_access_expression name: (variable_name (name) @key))
  ]
  right: (_) @value)

; $_ENV['K'] = 'v', $_SERVER["K"] = 'v', $config['stripe_key'] = 'v'
(assignment_expression
  left: (subscript_expression
    [
      (string)
      (encapsed_string)
    ] @key .)
  right: (_) @value)

; ['api_key' => 'v'], array("K" => "v"), [self::KEY => 'v']
(array_element_initializer
  .
  (_) @key
  .
  (_) @value .)

; new StripeClient(['api_key' => 'v']): the class is the @call
(object_creation_expression
  [
    (name)
    (qualified_name)
  ] @call
  (arguments
    (argument
      (array_creation_expression
        (array_element_initializer
          .
          (_) @key
          .
          (_) @value .)))))

; class properties: private $apiKey = 'v'; private string $token = 'v';
(property_element
  name: (variable_name (name) @key)
  default_value: (_) @value)

; const API_KEY = 'v'; class constants too
(const_element
  (name) @key
  .
  (_) @value)

; PHP 8 named arguments: new Client(apiKey: 'v'), connect(password: 'v')
(object_creation_expression
  [
    (name)
    (qualified_name)
  ] @call
  (arguments
    (argument
      name: (name) @key
      .
      (_) @value)))

(function_call_expression
  function: (_) @call
  arguments: (arguments
    (argument
      name: (name) @key
      .
      (_) @value)))

(member_call_expression
  name: (name) @call
  arguments: (arguments
    (argument
      name: (name) @key
      .
      (_) @value)))

; Calls whose first argument names the value: define('K', 'v'),
; env('K', 'default'), apache_setenv('K', 'v'), ini_set('k', 'v')
(function_call_expression
  function: (name) @_fn
  arguments: (arguments
    .
    (argument
      [
        (string)
        (encapsed_string)
      ] @key)
    .
    (argument (_) @value))
  (#match? @_fn "^(define|env|getenv|apache_setenv|setenv|ini_set|setcookie|config)$"))

; $request->headers->set('Authorization', 'v'), Config::set('k', 'v'),
; $response->withHeader('X-Api-Key', 'v')
(member_call_expression
  name: (name) @_fn
  arguments: (arguments
    .
    (argument
      [
        (string)
        (encapsed_string)
      ] @key)
    .
    (argument (_) @value))
  (#match? @_fn "^(set|put|add|header|withHeader|withAddedHeader|setHeader|setEnv|setSecret|setPassword)$"))

(scoped_call_expression
  name: (name) @_fn
  arguments: (arguments
    .
    (argument
      [
        (string)
        (encapsed_string)
      ] @key)
    .
    (argument (_) @value))
  (#match? @_fn "^(set|put|add|header|setEnv)$"))

(comment) @comment
