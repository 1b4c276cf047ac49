// Table-driven tests of the per-candidate validators.
#include "scanner/match/validators.h"

#include <doctest/doctest.h>

#include <cmath>
#include <string>

namespace blastradius {
namespace {

TEST_CASE("Shannon entropy") {
  CHECK(ShannonEntropy("") == 0);
  CHECK(ShannonEntropy("aaaa") == 0);
  CHECK(ShannonEntropy("abab") == doctest::Approx(1.0));
  CHECK(ShannonEntropy("abcdefgh") == doctest::Approx(3.0));
}

TEST_CASE("randomness floor by the value's alphabet") {
  struct Case {
    const char* value;
    double alphabet;
  };
  const Case cases[] = {
      {"48213095716204837561", 10},
      {"9f86d081884c7d659a2feaa0c55ad015", 16},
      {"9F86D081884C7D659A2FEAA0C55AD015", 16},
      {"3f6c1a9e-52b7-4d0e-9a61-c8e4b27d05f3", 16},  // a UUID: hex grouped by dashes
      {"k3j9x2m8q7w4z1v5b6n0", 36},
      {"k3J9x2M8q7W4z1V5b6N0", 62},
      {"k3J9x2M8q7W4z1V5-6N0", 64},
      {"k3J9x2M8q7W4z1V5!6N0", 94},
  };
  for (const auto& c : cases) {
    CAPTURE(c.value);
    // Repeated past 94 characters, so that the length does not cap the
    // alphabet (the floor reads only which characters occur).
    std::string value;
    while (value.size() < 100) value += c.value;
    CHECK(RandomnessFloor(value) == doctest::Approx(0.8 * std::log2(c.alphabet)));
  }
  // Short values: the length caps the alphabet.
  CHECK(RandomnessFloor("a1b2c3d4e5f6") == doctest::Approx(0.8 * std::log2(12.0)));
}

TEST_CASE("CRC32 matches the standard check value") { CHECK(Crc32("123456789") == 0xCBF43926u); }

TEST_CASE("crc32-base62 checksum") {
  // Generated with Python's zlib.crc32 (an independent implementation).
  const char* valid = "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";
  CHECK(Crc32Base62Valid(valid));
  std::string flipped = valid;
  flipped[10] = flipped[10] == 'a' ? 'b' : 'a';
  CHECK_FALSE(Crc32Base62Valid(flipped));
  CHECK_FALSE(Crc32Base62Valid("ghp_short"));
}

TEST_CASE("placeholders are recognised") {
  std::unordered_set<std::string> documented{"AKIAIOSFODNN7EXAMPLE",
                                             "zuf+tfteSlswRu7BJ86wekitnifILbZam1KYY3TG"};
  struct Case {
    const char* secret;
    bool placeholder;
  };
  const Case cases[] = {
      {"AKIAIOSFODNN7EXAMPLE", true},
      {"your-api-key", true},
      {"YOUR_TOKEN_HERE", true},
      {"<token>", true},
      {"${RAILWAY_TOKEN}", true},
      {"{{ secrets.X }}", true},
      {"xxxxxxxxxxxxxxxx", true},
      {"aaaaaaaaZ1", true},
      {"changeme123", true},
      {"sk_live_0123456789abcdef", true},
      {"****", true},
      {"&lt;DB_PASS&gt;", true},
      // Markup placeholders: a letter after '<', at most 40 name bytes, then '>'.
      {"<your api key>", true},
      {"Bearer <ACCESS-TOKEN.v2>", true},
      {"&LT;db pass&Gt;", true},
      {"<1password>", false},                                   // a digit first
      {"<Z4kq9Vt2Lm8Rx7Wp3Yh6Nc1Bd5Fs0Gj4Kq8Tz2Mv6>", true},    // 40 name bytes after the letter
      {"<Z4kq9Vt2Lm8Rx7Wp3Yh6Nc1Bd5Fs0Gj4Kq8Tz2Mv6X>", false},  // 41
      {"&lt;&gt;Q9vLm2x8RtZwP4", false},                        // an empty name
      {"p<q9vLm2x8R!>", false},                                 // '!' is not a name byte
      {"aXNhYWNzOm5vdCBteSByZWFsIHBhc3N3b3Jk", true},           // base64 of "isaacs:not my real password"
      // A key block on one line (\n escapes): zero-byte runs are DER, not a placeholder.
      {"-----BEGIN RSA PRIVATE "
       "KEY-----\\r\\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAlwAAAAdzc2gtcn",
       false},
      {"-----BEGIN PRIVATE KEY-----\\nEXAMPLEKEYBODY", true},
      {"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", false},
      {"3f6c1a9e-52b7-4d0e-9a61-c8e4b27d05f3", false},
      {"q8ZtR2vLm0PkX4wN", false},
      {"ZXhhbXBsZS1zaWduaW5nLWtleS0wMQ==", true},             // base64 of "example-signing-key-01"
      {"Y2hhbmdlbWU=", true},                                 // base64 of "changeme"
      {"eW91ci1hcGkta2V5", true},                             // base64 of "your-api-key"
      {"cGxhY2Vob2xkZXItdG9rZW4=", true},                     // base64 of "placeholder-token"
      {"Y2ktYm90OmNoYW5nZW1l", true},                         // base64 of "ci-bot:changeme"
      {"ZGVwbG95OnlvdXJfcGFzc3dvcmQ=", true},                 // base64 of "deploy:your_password"
      {"azNWcTlMbTJ4OFJ0WndQNA==", false},                    // base64 of "k3Vq9Lm2x8RtZwP4"
      {"cmVsYXk6SHE3dk4ya1hwUjlz", false},                    // base64 of "relay:Hq7vN2kXpR9s"
      {"dGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcw==", true},         // base64 of "the quick brown fox jumps"
      {"ZGVwbG95OlhrOSNtUTJ2THA=", false},                    // base64 of "deploy:Xk9#mQ2vLp"
      {"H~AdA{V2~CQ27{x(TQacOU{7,G5[jP${y%,=s$.V)e", false},  // "${" in a salt is not a ${VAR}
      {"${env:DB_PASS}", true},
      {"$(ApiKey)", true},  // an MSBuild property or make variable
      {"prefix$(Build.Secret)", true},
      {"prefix-${DB_PASSWORD}", true},
      {"zuf+tfteSlswRu7BJ86wekitnifILbZam1KYY3TG", true},  // MinIO play (documented)
  };
  for (const auto& c : cases) {
    CAPTURE(c.secret);
    CHECK(IsPlaceholder(c.secret, documented) == c.placeholder);
  }
}

TEST_CASE("stock passwords are weak, not placeholders") {
  const std::unordered_set<std::string> documented;
  struct Case {
    const char* secret;
    bool stock;
  };
  const Case cases[] = {
      {"password123", true},
      {"admin123", true},
      {"pass123", true},
      {"Secret!", true},
      {"postgres", true},
      {"letmein", true},
      {"Passw0rd", true},
      {"swordfish", false},
      {"Lark2024", false},
      {"q8ZtR2vLm0PkX4wN", false},
      {"password-reset-link", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.secret);
    CHECK(IsStockPassword(c.secret) == c.stock);
    // Reported (the scorer marks them), not dropped as placeholders.
    CHECK_FALSE(IsPlaceholder(c.secret, documented));
  }
  // Base64 of user:stock-password is a documentation value (Basic auth examples).
  CHECK(IsPlaceholder("dXNlcjpwYXNzd29yZDEyMw==", documented));  // "user:password123"
}

TEST_CASE("base64 decoding accepts url-safe and standard alphabets") {
  std::string out;
  CHECK(DecodeBase64("aGVsbG8", &out));
  CHECK(out == "hello");
  CHECK(DecodeBase64("-_8", &out));
  CHECK(out == std::string("\xfb\xff", 2));
  CHECK_FALSE(DecodeBase64("a b", &out));
}

TEST_CASE("JWT claims are decoded") {
  // header {"alg":"HS256","typ":"JWT"}, payload {"role":"service_role","iss":"supabase"}
  std::map<std::string, std::string> facts;
  CHECK(
      DecodeJwt("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
                "eyJyb2xlIjoic2VydmljZV9yb2xlIiwiaXNzIjoic3VwYWJhc2UifQ.c2ln",
                &facts));
  CHECK(facts["role"] == "service_role");
  CHECK(facts["iss"] == "supabase");
  facts.clear();
  CHECK_FALSE(DecodeJwt("eyJub3QiOiJqd3Qi", &facts));
  CHECK_FALSE(DecodeJwt("eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln", &facts));
}

TEST_CASE("PyPI macaroon scope") {
  std::map<std::string, std::string> facts;
  // base64 of a fake macaroon body mentioning a project caveat
  CHECK(DecodePypiMacaroon("pypi-AgEIcHlwaS5vcmcCJHsicGVybWlzc2lvbnMiOiB7InByb2plY3RzIjogWyJkZW1vIl19fQ",
                           &facts));
  CHECK(facts["scope"] == "project");
  facts.clear();
  CHECK(DecodePypiMacaroon("pypi-AgEIcHlwaS5vcmcCGHsicGVybWlzc2lvbnMiOiAidXNlciJ9", &facts));
  CHECK(facts["scope"] == "user");
  facts.clear();
  // Current format: caveat [1,["demo"]] restricts to project names.
  CHECK(DecodePypiMacaroon("pypi-AgEIcHlwaS5vcmcCDVsxLFsiZGVtbyJdXQ", &facts));
  CHECK(facts["scope"] == "project");
}

}  // namespace
}  // namespace blastradius
