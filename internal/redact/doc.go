// Package redact masks card data and secrets in the bodies, headers and free
// text that the library hands to loggers, hooks and stores.
//
// Body works in two layers:
//
//  1. A structural pass that understands the formats the banks speak — XML
//     (NestPay CC5Request, Garanti GVPSRequest, POSNET, PayFor, PayFlex,
//     Kuveyt Türk, Param SOAP, and HTML 3-D Secure forms), JSON (Akbank,
//     Tosla, POSNET V1), URL-encoded forms (3-D Secure forms and callbacks,
//     PayFor/InterPOS API, POSNET "xmldata=", PayFlex "prmstr=", NestPay
//     "DATA=") and InterPOS/PayFor "Key=Value;;Key=Value" text. Fields are
//     recognised by name (see fields.go for the list, built from the bank
//     references in shared/docs/banks): card numbers become first 6 + last 4
//     digits, CVVs, secrets and hashes/MACs/signatures become "***", expiry
//     dates keep only their separators ("**/**").
//  2. A safety net over the whole output: every run of 13 to 19 digits
//     (optionally grouped by single spaces or dashes) that passes the Luhn
//     check is masked to first 6 + last 4, and every literal secret passed
//     by the caller is replaced by "***" (also in its URL-, XML- and
//     JSON-escaped spellings).
//
// The scanners are tolerant by construction: they never fail on malformed,
// truncated or mislabelled input, they copy everything they do not redact
// byte for byte, and what they cannot parse is still covered by the safety
// net. The content type is only a hint: a body that starts with "<" is
// scanned as XML and one that starts with "{" or "[" as JSON whatever the
// header says, because clients in the wild send raw XML labelled as a form.
// Form values and JSON strings that themselves hold XML, JSON or a form
// (POSNET's xmldata, Kuveyt's AuthenticationResponse) are redacted
// recursively.
//
// Empty values stay empty, so a log still shows that a field was sent
// without a value.
//
// The package imports nothing else from this module.
package redact
