using System;
using System.Collections.Generic;
using System.Net.Http;

namespace Payments.Config
{
    [KeyVault(SecretName = "ctxval_cs_attribute")] // expect ctxval_cs_attribute: key=SecretName kind=literal env= call=KeyVault
    public class AppSettings
    {
        private const string StripeSecretKey = "ctxval_cs_const"; // expect ctxval_cs_const: key=StripeSecretKey kind=literal env=
        private static readonly string ProdDbPassword = @"ctxval_cs_verbatim"; // expect ctxval_cs_verbatim: key=ProdDbPassword kind=literal env=production
        public string ApiToken { get; set; } = "ctxval_cs_auto_property"; // expect ctxval_cs_auto_property: key=ApiToken kind=literal env=
        public string STAGING_WEBHOOK_SECRET => "ctxval_cs_arrow_property"; // expect ctxval_cs_arrow_property: key=STAGING_WEBHOOK_SECRET kind=literal env=staging

        public void Configure(HttpClient client, IDictionary<string, string> config)
        {
            var connectionString = "Server=localhost;Password=ctxval_cs_local_var"; // expect ctxval_cs_local_var: key=connectionString kind=literal env=development
            this.ApiToken = "ctxval_cs_this_member"; // expect ctxval_cs_this_member: key=ApiToken kind=literal env=
            config["TEST_SENDGRID_KEY"] = "ctxval_cs_indexer"; // expect ctxval_cs_indexer: key=TEST_SENDGRID_KEY kind=literal env=test
            Environment.SetEnvironmentVariable("PROD_API_KEY", "ctxval_cs_setenv"); // expect ctxval_cs_setenv: key=PROD_API_KEY kind=literal env=production
            client.DefaultRequestHeaders.Add("Authorization", "Bearer ctxval_cs_headers_add"); // expect ctxval_cs_headers_add: key=Authorization kind=literal env=
            var options = new StripeOptions { ApiKey = "ctxval_cs_object_initializer" }; // expect ctxval_cs_object_initializer: key=ApiKey kind=literal env= call=StripeOptions
            var headers = new Dictionary<string, string>
            {
                ["X-Api-Key"] = "ctxval_cs_dict_indexer_init", // expect ctxval_cs_dict_indexer_init: key=X-Api-Key kind=literal env=
                { "X-Secret", "ctxval_cs_dict_collection_init" }, // expect ctxval_cs_dict_collection_init: key=X-Secret kind=literal env=
            };
            var mailer = new Mailer(password: "ctxval_cs_named_arg"); // expect ctxval_cs_named_arg: key=password kind=literal env= call=Mailer
            // var apiKey = "ctxval_cs_comment";
            // expect ctxval_cs_comment: key=apiKey kind=comment env=
        }
    }
}
