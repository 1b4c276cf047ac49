import React from "react";

export function App() {
  return (
    <Elements stripePublishableKey="ctxval_jsx_attr" /* expect ctxval_jsx_attr: key=stripePublishableKey kind=literal env= */>
      <Map apiKey={"ctxval_jsx_expr"} />
      {/* expect ctxval_jsx_expr: key=apiKey kind=literal env= */}
    </Elements>
  );
}
