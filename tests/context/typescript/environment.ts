// Angular-style environment file used as a context fixture.
import { S3Client } from "@aws-sdk/client-s3";

export const environment = {
  production: true,
  apiUrl: "https://prod-api.example.com",
  mapsApiKey: "ctxval_ts_pair", // expect ctxval_ts_pair: key=mapsApiKey kind=literal env=
};

export const STAGING_DB_PASSWORD: string = "ctxval_ts_typed_const"; // expect ctxval_ts_typed_const: key=STAGING_DB_PASSWORD kind=literal env=staging

const s3 = new S3Client({
  region: "us-east-1",
  credentials: {
    accessKeyId: "AKIA0000",
    secretAccessKey: "ctxval_ts_nested_new", // expect ctxval_ts_nested_new: key=secretAccessKey kind=literal env= call=S3Client
  },
});

enum Keys {
  Stripe = "ctxval_ts_enum", // expect ctxval_ts_enum: key=Stripe kind=literal env=
}

export class PaymentService {
  private readonly webhookSecret: string = "ctxval_ts_field"; // expect ctxval_ts_field: key=webhookSecret kind=literal env=
  static TEST_TOKEN = "ctxval_ts_static_field"; // expect ctxval_ts_static_field: key=TEST_TOKEN kind=literal env=test

  constructor(private readonly token: string = "ctxval_ts_ctor_param") {}
  // expect ctxval_ts_ctor_param: key=token kind=literal env=

  connect(): void {
    this.redisUrl = "redis://:ctxval_ts_member@localhost:6379"; // expect ctxval_ts_member: key=redisUrl kind=literal env=development
    const headers = new Headers();
    headers.append("Authorization", `Bearer ctxval_ts_template`); // expect ctxval_ts_template: key=Authorization kind=literal env=
  }
}

// const apiKey: string = "ctxval_ts_comment";
// expect ctxval_ts_comment: key=apiKey kind=comment env=
