// Browser client. Demo: synthetic values only.
export const supabase = createClient("https://bcnhlblmchogiiwlxsff.supabase.co",
  "eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJpc3MiOiAic3VwYWJhc2UiLCAicmVmIjogImJjbmhsYmxtY2hvZ2lpd2x4c2ZmIiwgInJvbGUiOiAiYW5vbiIsICJpYXQiOiAxNzAwMDAwMDAwLCAiZXhwIjogMjAwMDAwMDAwMH0.C4My4Amt-Xddbb9Ve29Y5NJVIVMyloOub7r-YuwF6Lg");
