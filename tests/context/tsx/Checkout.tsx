import React from "react";
import { loadStripe } from "@stripe/stripe-js";

const PROD_PUBLISHABLE_KEY: string = "ctxval_tsx_const"; // expect ctxval_tsx_const: key=PROD_PUBLISHABLE_KEY kind=literal env=production

type Props = { token?: string };

export const Checkout: React.FC<Props> = ({ token = "ctxval_tsx_prop_default" }) => {
  // expect ctxval_tsx_prop_default: key=token kind=literal env=
  const client = createClient({ apiKey: "ctxval_tsx_call_object" }); // expect ctxval_tsx_call_object: key=apiKey kind=literal env= call=createClient
  return (
    <Elements stripe={loadStripe("pk_test_x")} options={{ clientSecret: "ctxval_tsx_jsx_object" }}>
      {/* expect ctxval_tsx_jsx_object: key=clientSecret kind=literal env= */}
      <Map apiKey="ctxval_tsx_attr" endpoint="http://maps.internal/v1" />
      {/* expect ctxval_tsx_attr: key=apiKey kind=literal env=development */}
    </Elements>
  );
};

// <Map apiKey="ctxval_tsx_comment" />
// expect ctxval_tsx_comment: key=apiKey kind=comment env=
