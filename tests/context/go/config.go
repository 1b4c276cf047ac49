// Package config is a context fixture.
package config

import (
	"net/http"
	"os"

	"github.com/aws/aws-sdk-go/aws"
)

const StripeSecretKey = "ctxval_go_const" // expect ctxval_go_const: key=StripeSecretKey kind=literal env=

const (
	PROD_SENDGRID_KEY = "ctxval_go_const_block" // expect ctxval_go_const_block: key=PROD_SENDGRID_KEY kind=literal env=production
	timeout           = 30
)

var githubToken string = `ctxval_go_var_raw` // expect ctxval_go_var_raw: key=githubToken kind=literal env=

type Config struct {
	Token    string `json:"token"`
	Endpoint string
}

func Load() *Config {
	dsn := "postgres://app:ctxval_go_short_var@localhost:5432/app" // expect ctxval_go_short_var: key=dsn kind=literal env=development
	cfg := &Config{
		Token:    "ctxval_go_composite", // expect ctxval_go_composite: key=Token kind=literal env= call=Config
		Endpoint: "https://api.example.com",
	}
	cfg.Token = "ctxval_go_selector_assign" // expect ctxval_go_selector_assign: key=Token kind=literal env=
	creds := aws.Config{SecretAccessKey: "ctxval_go_qualified"} // expect ctxval_go_qualified: key=SecretAccessKey kind=literal env= call=aws.Config
	headers := map[string]string{
		"X-Api-Key": "ctxval_go_map_literal", // expect ctxval_go_map_literal: key=X-Api-Key kind=literal env=
	}
	os.Setenv("STAGING_DATABASE_URL", "ctxval_go_setenv") // expect ctxval_go_setenv: key=STAGING_DATABASE_URL kind=literal env=staging
	req, _ := http.NewRequest("GET", "https://api.example.com", nil)
	req.Header.Set("Authorization", "Bearer ctxval_go_header_set") // expect ctxval_go_header_set: key=Authorization kind=literal env=
	headers["Cookie"] = "session=ctxval_go_index_assign" // expect ctxval_go_index_assign: key=Cookie kind=literal env=
	fmt.Println("API_TOKEN", "ctxval_go_println")
	// expect ctxval_go_println: key=API_TOKEN kind=literal env=
	_ = creds
	// token := "ctxval_go_comment"
	// expect ctxval_go_comment: key=token kind=comment env=
	return cfg
}

func testClient(t *testing.T) {
	t.Setenv("TEST_WEBHOOK_SECRET", "ctxval_go_t_setenv") // expect ctxval_go_t_setenv: key=TEST_WEBHOOK_SECRET kind=literal env=test
}

func lookup() {
	handlerKey := registry.ctxval_go_selector // expect ctxval_go_selector: key=handlerKey kind=unknown env=
	_ = handlerKey
}
