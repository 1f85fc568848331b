// Package threed holds what 3-D Secure payments through Turkish banks' virtual
// POS have in common, whatever the bank: the payment models, the normalised
// authentication status, the auto-submitting form that sends the shopper's
// browser to the bank, and the http.Handler for the bank's callback.
//
// It imports nothing from the rest of the module, so every bank adapter and
// the vpos package itself can use it.
//
// # Payment models
//
// A Model says who collects the card and who charges it:
//
//	Model              card typed on     3D auth  provision sent by  callback carries
//	3d                 merchant's page   bank     merchant, after    authentication only (mdStatus, eci, cavv, md)
//	3d_pay             merchant's page   bank     bank, in the flow  authentication + payment result
//	3d_host            bank's page       bank     bank, in the flow  authentication + payment result
//	3d_pay_hosting     bank's page       bank     bank, in the flow  authentication + payment result
//
// In the 3d model the callback is not a payment: it only allows the merchant
// to send the provision, and a Policy decides whether the authentication
// outcome is good enough. In the other models (Model.BankProvisions) the bank
// has already charged, or declined, by the time the shopper comes back, and
// the signed callback is the proof. With 3d_host and 3d_pay_hosting
// (Model.CardOnBankPage) the merchant never sees the card number.
//
// # Authentication status
//
// Most banks (NestPay/EST, Garanti, Posnet, PayFor, InterPOS, Akbank, Tosla)
// report the outcome as mdStatus; MDStatus maps it to a Status:
//
//	mdStatus  meaning                                          Status
//	1         full authentication                              authenticated
//	2         card or cardholder not enrolled (half secure)    attempted
//	3         card's issuer not enrolled (half secure)         attempted
//	4         attempt, cardholder will enrol later             attempted
//	5         authentication could not be performed            failed
//	6         3-D Secure error                                 failed
//	7         system error                                     failed
//	8         unknown card number                              failed
//	0         authentication failed / invalid signature        failed
//	9         merchant or terminal not enrolled for 3D         error
//	other     missing or unrecognised                          error
//
// mdStatus 9 is mapped to StatusError rather than StatusFailed because it is
// a configuration problem of the merchant's terminal (typical in test
// environments), not something the cardholder did. TransStatus maps the
// letters of 3DS transaction status and PayFlex's MPI Status (Y, A, N, R, U,
// E) to the same values.
//
// The zero Policy lets the merchant provision only after StatusAuthenticated;
// Policy{AcceptAttempts: true} also accepts the half-secure
// StatusAttempted, as some acquiring contracts allow (the liability shift
// still applies with ECI 06 for Visa, 01 for Mastercard).
//
// # Decide 3d_pay and hosted payments on the payment fields
//
// In 3d_pay, 3d_host and 3d_pay_hosting the outcome of the payment must be
// decided on the bank's payment fields of the verified callback
// (ProcReturnCode, Response, AuthCode, ...) and, when in doubt, confirmed by
// a status query; never on mdStatus alone. Banks have been seen to post
// mdStatus 5, 7 or 8 for a card they had charged anyway: treating that
// callback as unpaid would lose a payment the shopper made. mdStatus tells
// how the cardholder was authenticated; it does not tell whether money moved.
//
// # Sending the shopper to the bank
//
// A bank adapter answers Begin3D with a *Form (gate URL, method, fields).
// The application serves it as a page that posts itself to the bank:
//
//	form, err := client.Begin3D(ctx, req)
//	if err != nil { ... }
//	form.ServeHTTP(w, r) // or w.Write([]byte(form.HTML()))
//
// ServeHTTP adds no-store caching and a strict Content-Security-Policy with a
// fresh nonce for the page's one inline script.
//
// # Receiving the callback
//
// The bank posts the shopper's browser back to the merchant's success or
// fail URL. NewHandler turns a completion function into the http.Handler
// for that URL. It is generic over the result, so it works with
// (*vpos.Client).Complete3D, whose signature is
//
//	func (c *Client) Complete3D(ctx context.Context, form url.Values) (*vpos.Result, error)
//
// without this package importing vpos:
//
//	onDone := func(w http.ResponseWriter, r *http.Request, res *vpos.Result, err error) {
//		var bad *threed.CallbackError
//		switch {
//		case errors.As(err, &bad): // unreadable request; Complete3D was not called
//			http.Error(w, http.StatusText(bad.Status), bad.Status)
//		case err != nil:
//			renderFailed(w, res, err) // declined, refused callback, ...; res may be nil
//		default:
//			renderPaid(w, res) // approved, also on a browser refresh (replay)
//		}
//	}
//	mux.Handle("/payment/3d/callback", threed.NewHandler(client.Complete3D, onDone))
//
// Complete3D verifies the bank's signature, binds the callback to the
// pending order, checks mdStatus against the Policy, provisions (3d) or reads
// the payment result (other models), and stores it; a callback delivered
// twice returns the stored result. The handler only reads the request: see
// Handler for the methods, content types, body limit and the choice between
// body and query string. It never logs callback values.
package threed
