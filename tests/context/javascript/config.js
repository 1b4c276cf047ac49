// Express app configuration used as a context fixture.
const express = require("express");
const Stripe = require("stripe");
const OpenAI = require("openai");

const STRIPE_SECRET_KEY = "ctxval_js_const"; // expect ctxval_js_const: key=STRIPE_SECRET_KEY kind=literal env=
let PROD_SLACK_TOKEN = 'ctxval_js_let'; // expect ctxval_js_let: key=PROD_SLACK_TOKEN kind=literal env=production
var legacyToken = `ctxval_js_var`; // expect ctxval_js_var: key=legacyToken kind=literal env=

process.env.GITHUB_TOKEN = "ctxval_js_env_member"; // expect ctxval_js_env_member: key=GITHUB_TOKEN kind=literal env=
process.env["NPM_TOKEN_STAGING"] = "ctxval_js_env_subscript"; // expect ctxval_js_env_subscript: key=NPM_TOKEN_STAGING kind=literal env=staging

const config = {
  database: {
    url: "postgres://app:ctxval_js_db_url@db.internal:5432/app",
    // expect ctxval_js_db_url: key=url kind=literal env=development
    password: "ctxval_js_nested_pair", // expect ctxval_js_nested_pair: key=password kind=literal env=
  },
  "api-key": "ctxval_js_string_key", // expect ctxval_js_string_key: key=api-key kind=literal env=
  // sendgridKey: "ctxval_js_comment_in_object"
  // expect ctxval_js_comment_in_object: key=sendgridKey kind=comment env=
};

const stripe = new Stripe("ctxval_js_positional"); // expect ctxval_js_positional: key=stripe kind=literal env=
const openai = new OpenAI({ apiKey: "ctxval_js_new_object" }); // expect ctxval_js_new_object: key=apiKey kind=literal env= call=OpenAI
const supabase = createClient(url, { auth: { serviceRoleKey: "ctxval_js_nested_call" } });
// expect ctxval_js_nested_call: key=serviceRoleKey kind=literal env=

class Mailer {
  apiKey = "ctxval_js_class_field"; // expect ctxval_js_class_field: key=apiKey kind=literal env=
  #testSecret = "ctxval_js_private_field"; // expect ctxval_js_private_field: key=#testSecret kind=literal env=test

  constructor(token = "ctxval_js_default_param") { // expect ctxval_js_default_param: key=token kind=literal env=
    this.webhookSecret = "ctxval_js_this_member"; // expect ctxval_js_this_member: key=webhookSecret kind=literal env=
  }
}

function send(req, res) {
  const headers = new Headers();
  headers.set("Authorization", "Bearer ctxval_js_headers_set"); // expect ctxval_js_headers_set: key=Authorization kind=literal env=
  res.setHeader("X-Api-Key", "ctxval_js_set_header"); // expect ctxval_js_set_header: key=X-Api-Key kind=literal env=
  localStorage.setItem("session_token", "ctxval_js_set_item"); // expect ctxval_js_set_item: key=session_token kind=literal env=
  console.log(
    "debug_token",
    "ctxval_js_console_log", // expect ctxval_js_console_log: key= kind=literal env=
  );
  const { TEST_API_KEY = "ctxval_js_destructure_default" } = process.env;
  // expect ctxval_js_destructure_default: key=TEST_API_KEY kind=literal env=test
  return fetch("http://localhost:3000/api", { headers: { Authorization: "Bearer ctxval_js_fetch" } });
  // expect ctxval_js_fetch: key=Authorization kind=literal env=development
}

/* Old key: token = "ctxval_js_block_comment" */
// expect ctxval_js_block_comment: key=token kind=comment env=

module.exports = { config, stripe, secret: "ctxval_js_exports" }; // expect ctxval_js_exports: key=secret kind=literal env=
