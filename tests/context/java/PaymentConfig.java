package com.example.payments;

import java.net.HttpURLConnection;
import java.util.HashMap;
import java.util.Map;

/** Payment configuration; a context fixture. */
@Configuration
@Credentials(apiKey = "ctxval_java_annotation") // expect ctxval_java_annotation: key=apiKey kind=literal env= call=Credentials
public class PaymentConfig {
    private static final String STRIPE_SECRET_KEY = "ctxval_java_constant"; // expect ctxval_java_constant: key=STRIPE_SECRET_KEY kind=literal env=
    public static final String PROD_DB_PASSWORD = "ctxval_java_prod"; // expect ctxval_java_prod: key=PROD_DB_PASSWORD kind=literal env=production
    private String webhookSecret;

    public PaymentConfig() {
        this.webhookSecret = "ctxval_java_this_field"; // expect ctxval_java_this_field: key=webhookSecret kind=literal env=
        String jdbcUrl = "jdbc:postgresql://db.internal:5432/pay?password=ctxval_java_local";
        // expect ctxval_java_local: key=jdbcUrl kind=literal env=development
        System.setProperty("aws.secretKey", "ctxval_java_set_property"); // expect ctxval_java_set_property: key=aws.secretKey kind=literal env=
        Map<String, String> env = new HashMap<>();
        env.put("TEST_API_TOKEN", "ctxval_java_map_put"); // expect ctxval_java_map_put: key=TEST_API_TOKEN kind=literal env=test
        Map<String, String> headers = Map.of("X-Api-Key", "ctxval_java_map_of"); // expect ctxval_java_map_of: key=X-Api-Key kind=literal env=
    }

    void connect(HttpURLConnection conn) {
        conn.setRequestProperty("Authorization", "Bearer ctxval_java_request_property");
        // expect ctxval_java_request_property: key=Authorization kind=literal env=
        String token;
        token = """
            ctxval_java_text_block
            """; // expect ctxval_java_text_block: key=token kind=literal env=
        // String apiKey = "ctxval_java_comment";
        // expect ctxval_java_comment: key=apiKey kind=comment env=
    }
}
