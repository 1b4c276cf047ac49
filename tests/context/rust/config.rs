//! Service configuration; a context fixture.
use std::collections::HashMap;
use std::env;

const STRIPE_SECRET_KEY: &str = "ctxval_rs_const"; // expect ctxval_rs_const: key=STRIPE_SECRET_KEY kind=literal env=
static PROD_SIGNING_KEY: &str = r#"ctxval_rs_static_raw"#; // expect ctxval_rs_static_raw: key=PROD_SIGNING_KEY kind=literal env=production

pub struct Config {
    pub token: String,
    pub database_url: String,
}

impl Config {
    pub fn load() -> Self {
        let api_key = "ctxval_rs_let"; // expect ctxval_rs_let: key=api_key kind=literal env=
        let mut staging_token: String = "ctxval_rs_let_mut".to_string(); // expect ctxval_rs_let_mut: key=staging_token kind=literal env=staging
        env::set_var("TEST_GITHUB_TOKEN", "ctxval_rs_set_var"); // expect ctxval_rs_set_var: key=TEST_GITHUB_TOKEN kind=literal env=test
        let mut headers = HashMap::new();
        headers.insert("X-Api-Key".to_string(), "ctxval_rs_insert".to_string()); // expect ctxval_rs_insert: key=X-Api-Key kind=literal env=
        let cfg = Config {
            token: "ctxval_rs_struct_field".into(), // expect ctxval_rs_struct_field: key=token kind=literal env= call=Config
            database_url: String::from("postgres://svc:ctxval_rs_db_url@localhost/app"),
            // expect ctxval_rs_db_url: key=database_url kind=literal env=development
        };
        let client = reqwest::Client::new()
            .get("https://api.example.com")
            .header("Authorization", "Bearer ctxval_rs_header"); // expect ctxval_rs_header: key=Authorization kind=literal env=
        // let secret = "ctxval_rs_comment";
        // expect ctxval_rs_comment: key=secret kind=comment env=
        cfg
    }
}
