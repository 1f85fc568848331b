// Package vpostest is the conformance suite every vpos protocol passes, and
// the building blocks its fake banks are made of.
//
// # The conformance suite
//
// RunProviderTests(t, newHarness) is the single definition of "this protocol
// works" (CONFORMANCE.md): one subtest per checklist item (sales and
// declines per return code, amounts and instalments, pre-auth and capture,
// void, refund, status, history, every declared 3-D Secure model, tampered
// and replayed callbacks, faults, redaction, parallel calls). Each subtest
// gets a fresh Harness from newHarness, so it starts with an empty bank;
// subtests of features the provider does not declare are skipped, and a
// declared feature that answers Unsupported fails. A protocol plugs in with
// a small Harness over its fake bank (or its sandbox, where faults and the
// ledger are unavailable and those checks skip).
//
// # Building blocks for fake banks
//
// Every fake bank, whatever its protocol, is built from the same parts; only
// the wire format (XML, form fields, JSON, hashes) is its own:
//
//   - Ledger, the bank's books: a state machine over orders keyed by order
//     id (sale, pre-auth, capture once, same-Istanbul-day void, partial and
//     multiple refunds) with a journal of every operation, and Bookings for
//     the suite's "exactly one booking" checks. It never keeps a full PAN.
//   - Cards and CardBook: DefaultCards gives one obviously fake, Luhn-valid
//     card per Outcome (approve, insufficient funds, do not honour, lost,
//     stolen, expired, invalid CVV) plus a 3-D Secure card; Cards.Book maps
//     PANs to outcomes, and Outcome.ISOCode gives the code the bank answers.
//   - Faults: arms a Fault for the next request and counts requests.
//     Faults.Wrap applies HTTP 500, hang-after-book and malformed-reply to
//     the fake's API handler; Faults.HTTPClient (or RoundTripper) gives the
//     client connections that are refused while FaultConnRefused is armed;
//     fakes call Take(FaultBadCallbackSignature) when they sign a callback.
//   - WriteACSPage and ParseACSOutcome: the issuer's 3-D Secure page, with
//     one button per ACSOutcome, and the reading of the shopper's choice;
//     ACSOutcome.MDStatus gives the mdStatus to report.
//   - Browser and ParseForms: a programmatic shopper that submits the 3D
//     gate form, answers the ACS page and returns the callback the bank's
//     page would post to the merchant (Browser.RunACS), without running
//     JavaScript.
//
// A fake bank composes them like this (the protocol's parsing, signing and
// reply formatting are left out):
//
//	type Bank struct {
//		ledger *vpostest.Ledger
//		book   vpostest.CardBook
//		faults vpostest.Faults
//		srv    *httptest.Server
//	}
//
//	func NewBank(now func() time.Time) *Bank {
//		b := &Bank{ledger: vpostest.NewLedger(now), book: vpostest.DefaultCards(now()).Book()}
//		mux := http.NewServeMux()
//		mux.Handle("POST /api", b.faults.Wrap(http.HandlerFunc(b.api)))
//		mux.HandleFunc("POST /3d/gate", b.gate)
//		mux.HandleFunc("POST /3d/acs", b.acs)
//		b.srv = httptest.NewServer(mux)
//		return b
//	}
//
//	func (b *Bank) api(w http.ResponseWriter, r *http.Request) {
//		req := parseRequest(r) // the protocol's format
//		o, err := b.ledger.Authorize(vpostest.KindSale, req.OrderID, req.Amount,
//			req.Currency, req.Installments, req.PAN, b.book.Outcome(req.PAN))
//		writeReply(w, o, err) // o.Code is "00", "51", ...; err maps to the bank's error codes
//	}
//
//	func (b *Bank) gate(w http.ResponseWriter, r *http.Request) {
//		session := b.startSession(r) // remembers the order and the merchant's okUrl
//		_ = vpostest.WriteACSPage(w, "/3d/acs", url.Values{"session": {session}},
//			"400000******0006 — 12,34 TL")
//	}
//
//	func (b *Bank) acs(w http.ResponseWriter, r *http.Request) {
//		outcome, err := vpostest.ParseACSOutcome(r.FormValue("outcome"))
//		// ... build the callback with outcome.MDStatus(), sign it (wrongly if
//		// b.faults.Take(vpostest.FaultBadCallbackSignature)) and answer with
//		// an auto-submitting threed.Form to the merchant's okUrl.
//	}
//
//	func (b *Bank) Close() {
//		b.faults.Release() // wakes requests hanging under FaultHangAfterBook
//		b.srv.Close()
//	}
//
// Its harness returns b.faults.HTTPClient() as the client's HTTP client,
// b.ledger as the Ledger, and plays the shopper with
// (&vpostest.Browser{}).RunACS(ctx, form, outcome).
package vpostest
