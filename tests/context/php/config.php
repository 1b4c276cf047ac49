<?php
// Laravel-style configuration used as a context fixture.

define('STRIPE_SECRET_KEY', 'ctxval_php_define'); // expect ctxval_php_define: key=STRIPE_SECRET_KEY kind=literal env=

$dbPassword = "ctxval_php_variable"; // expect ctxval_php_variable: key=dbPassword kind=literal env=
$_ENV['PROD_MAILGUN_KEY'] = 'ctxval_php_env_superglobal'; // expect ctxval_php_env_superglobal: key=PROD_MAILGUN_KEY kind=literal env=production
putenv("TEST_PUSHER_SECRET=ctxval_php_putenv"); // expect ctxval_php_putenv: key=TEST_PUSHER_SECRET kind=literal env=test

class PaymentGateway
{
    const API_KEY = 'ctxval_php_class_const'; // expect ctxval_php_class_const: key=API_KEY kind=literal env=
    private string $webhookSecret = 'ctxval_php_property'; // expect ctxval_php_property: key=webhookSecret kind=literal env=

    public function __construct()
    {
        $this->token = 'ctxval_php_this_member'; // expect ctxval_php_this_member: key=token kind=literal env=
        $this->client = new StripeClient(['api_key' => 'ctxval_php_ctor_array']); // expect ctxval_php_ctor_array: key=api_key kind=literal env= call=StripeClient
        $this->mailer = new Mailer(password: 'ctxval_php_named_arg'); // expect ctxval_php_named_arg: key=password kind=literal env= call=Mailer
    }

    public function handle($request)
    {
        $request->headers->set('Authorization', 'Bearer ctxval_php_header_set'); // expect ctxval_php_header_set: key=Authorization kind=literal env=
        # $legacy_token = 'ctxval_php_comment';
        // expect ctxval_php_comment: key=$legacy_token kind=comment env=
        //$old_api_secret = 'ctxval_php_slash_comment';
        // expect ctxval_php_slash_comment: key=$old_api_secret kind=comment env=
    }
}

return [
    'redis' => [
        'url' => 'redis://:ctxval_php_array_pair@cache.internal:6379', // expect ctxval_php_array_pair: key=url kind=literal env=development
        'password_staging' => "ctxval_php_staging", // expect ctxval_php_staging: key=password_staging kind=literal env=staging
    ],
    'stripe' => [
        'secret' => env('STRIPE_SECRET', 'ctxval_php_env_default'), // expect ctxval_php_env_default: key=STRIPE_SECRET kind=literal env=
    ],
];
