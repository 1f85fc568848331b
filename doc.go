// Package vpos takes card payments through the virtual POS agreements a
// merchant holds with Turkish banks (NestPay, Garanti GVP, Yapı Kredi
// POSNET, VakıfBank PayFlex, QNB PayFor, Denizbank InterPOS, Kuveyt Türk,
// Akbank, Tosla), behind one API.
//
// # Clients and providers
//
// Applications hold a *Client: one virtual POS of one company at one bank.
// Bank packages build it from their own Config (nestpay.Open(cfg, opts));
// NewClient wraps any Provider. A Provider is what a protocol implements:
// Sale, Void, Refund, Status and Features are required; PreAuthorizer,
// ThreeDSecurer and Reporter are optional, and the Client refuses, without
// any I/O, what Features does not declare. Client.As reaches the protocol's
// own type for bank-specific calls.
//
// # Errors
//
// A nil error means the bank approved. Anything else is a *Error whose Code
// says what kind of failure it is (ErrDeclined, ErrInvalidRequest,
// ErrUnknownOutcome, ... match with errors.Is) and whose Return is the
// normalised reason from package returncodes, with the bank's raw code
// beside it. The *Result is non-nil whenever the bank answered, approved or
// not, so it can be shown to the shopper and stored.
//
// # Money moves at most once
//
// Turkish bank APIs have no idempotency keys: the order id is the key. The
// Client writes a record in state unknown before a money-moving request
// leaves, refuses a second money-moving call of the same kind for an order
// that has an approved or unresolved one (a new attempt takes a new order
// id; an order whose attempt was declined may be tried again), and never
// resends a money-moving request once its bytes may have reached the bank.
// A timeout, reset, HTTP 5xx, unreadable reply or "duplicate order" answer
// is settled with a bounded number of Status inquiries; what they cannot
// settle is returned as ErrUnknownOutcome and stays unknown in the Store.
// A caller's cancelled context returns ErrCanceled (errors.Is also matches
// context.Canceled or DeadlineExceeded) and likewise leaves the record
// unknown rather than lost.
//
// Refunds are the one kind an order may have several of: each gets its own
// record (Transaction.Seq), and a refund is refused only while another
// refund of the order is unresolved.
//
// # 3-D Secure
//
// Begin3D stores a pending transaction and returns the threed.Form that
// sends the shopper's browser to the bank. Complete3D handles the callback:
// it checks the bank's signature first, binds the callback to the pending
// transaction (order id, amount, currency and model must match what was
// started), applies the mdStatus policy (only full authentication provisions
// in the 3d model unless Options.Accept3DAttempts), provisions or reads the
// bank's result, and stores it. A callback delivered again never reaches the
// bank: it returns the first result marked Replay; concurrent deliveries
// wait for the first. threed.NewHandler(client.Complete3D, onDone) is the
// http.Handler for the callback route.
//
// # Records, hooks and logs
//
// Every attempt becomes a Transaction in the Store (NewMemoryStore by
// default; store/sqlite and store/postgres for durable, shared records),
// with its history of events. Every exchange with the bank reaches the
// Hooks and the slog Logger as an Exchange with redacted bodies. No full
// card number, CVV, expiry, password or key is ever logged, stored or put
// in an error: Card redacts itself in every fmt verb, in slog and in JSON.
//
// # Amounts
//
// Amount is int64 minor units (kuruş) and Currency an ISO 4217 code; there
// is no float anywhere. ParseAmount reads "12.50" or "12,50"; each protocol
// formats for its bank.
//
// # Testing
//
// Package vpostest holds the conformance suite every Provider passes and
// the building blocks of fake banks; each bank package ships its fake as
// <bank>test, usable in applications' own tests.
package vpos
