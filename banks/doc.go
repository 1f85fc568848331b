// Package banks is the directory of every bank the library knows and the
// one place that turns a POS definition into a ready *vpos.Client.
//
// # The directory
//
// All lists the banks (Akbank, Garanti BBVA, İşbank, Ziraat, Yapı Kredi,
// Kuveyt Türk, Tosla, Param, ...); Lookup finds one by its stable name
// ("isbank"), an alias or its display name, ignoring case, spaces,
// punctuation and Turkish diacritics ("İşbank", "isbank", "ISBANK" and
// "Türkiye İş Bankası" are the same bank). Each Bank lists the Services it
// runs, one per protocol, the default first: most banks run one protocol,
// a few run two (Akbank: NestPay and its newer JSON API; QNB Finansbank:
// PayFor and the older NestPay service; Ziraat: NestPay and PayFlex).
//
// A Service says everything a user interface or a validator needs to ask
// for a POS of that bank: the protocol, whether the library implements it
// yet (Supported), the payment modes the bank offers, the credential fields
// the protocol needs (name, secret or not, description), the optional
// protocol settings, the URL roles and the test and production
// environments. For implemented protocols an Environment also carries the
// protocol package's own endpoint value (nestpay.IsbankProd,
// garanti.TestEndpoint, ...); for the others its URLs are the hosts of the
// protocol references, kept as information.
//
// # Definitions
//
// A Definition is one POS as a company defined it: bank, protocol (empty
// for the bank's default), mode, environment or explicit URLs, credentials,
// settings, currencies, installment limit, the source IP to bind outgoing
// connections to and the IP registered at the bank. Its field names in
// problems ("credentials.store_key", "urls.api", ...) are the keys of the
// definitions file of package terminals, which maps onto Definition.
//
// Check lists every problem of a Definition at once, never echoing a
// secret; Open checks it and builds the Client: the Options passed in are
// copied and given Company, POS, Bank, SourceIP and RegisteredIP from the
// definition, so every record the Client stores names its company and POS,
// and a refusal of the merchant's IP names the address the request left
// from beside the registered one. A bank whose protocol is not implemented
// yet is listed and checked like any other, but Open answers an error
// matching ErrNotSupportedYet.
//
// # Modes
//
// The mode is the payment model the bank set the POS up for. ModeRegular
// is a non-3-D Secure POS: its Client offers no 3-D Secure model, so
// Begin3D is refused without I/O. A 3-D Secure mode becomes the default
// model of Begin3D (a ThreeDRequest naming none); the other 3-D Secure
// models the protocol offers stay available.
//
// # Environments and URLs
//
// Environment "test" or "production" picks the bank's known hosts.
// Explicit URLs (keyed by the Service's URL roles: "api", "gate3d", ...)
// replace the environment's URLs entirely, for a fake bank, a sandbox or a
// host the bank moved; the environment then only says whether it is a test
// system (protocols such as Garanti send a test flag), and defaults to test.
package banks
