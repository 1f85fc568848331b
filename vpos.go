package vpos

import (
	"context"
	"net/url"
	"sync"
	"time"

	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/threed"
)

// Op names an operation. It is string-typed and stable in databases.
type Op string

// The operations.
const (
	OpSale     Op = "sale"
	OpPreAuth  Op = "preauth"
	OpCapture  Op = "capture"
	OpVoid     Op = "void"
	OpRefund   Op = "refund"
	OpStatus   Op = "status"
	OpHistory  Op = "history"
	OpBegin3D  Op = "3d_begin"
	OpComplete Op = "3d_complete"
)

// MovesMoney reports whether op books, releases or returns money at the
// bank. Such calls are never resent once their bytes may have left.
func (op Op) MovesMoney() bool {
	switch op {
	case OpSale, OpPreAuth, OpCapture, OpVoid, OpRefund, OpComplete:
		return true
	}
	return false
}

// SaleRequest asks for a sale (authorisation and capture at once) or, via
// Client.PreAuth, a pre-authorisation.
type SaleRequest struct {
	// OrderID is the merchant's unique order number; Turkish bank APIs use it
	// as the idempotency key. Required.
	OrderID string
	// Amount in minor units; must be positive.
	Amount Amount
	// Currency of Amount; must be one the provider declares.
	Currency Currency
	// Installments is the number of instalments; 0 or 1 means a single
	// payment.
	Installments int
	// Card is the card to charge.
	Card Card
	// CustomerIP is the shopper's IP address (banks require it for
	// e-commerce; the back office passes its own).
	CustomerIP string
	// CustomerEmail is optional.
	CustomerEmail string
	// CustomerName is optional (billing name; may differ from Card.Holder).
	CustomerName string
	// Description is an optional free text sent where the bank has a field.
	Description string
	// MOTO marks a mail/telephone order keyed in by staff (no CVV needed
	// where the bank allows; never 3-D Secure).
	MOTO bool
}

// CaptureRequest captures (post-authorises) a pre-authorisation.
type CaptureRequest struct {
	// OrderID of the pre-authorisation. Required.
	OrderID string
	// Amount to capture; 0 captures the full pre-authorised amount. A smaller
	// amount is a partial capture, where the provider declares it.
	Amount Amount
	// Currency of the pre-authorisation; filled from the store when empty.
	Currency Currency
	// BankTransactionID of the pre-authorisation, for banks that need it;
	// filled from the store when empty.
	BankTransactionID string
}

// VoidRequest cancels a same-day sale, pre-authorisation or capture before
// the bank's end of day.
type VoidRequest struct {
	// OrderID to void. Required.
	OrderID string
	// Amount and Currency of the original (some banks need them); filled from
	// the store when zero.
	Amount   Amount
	Currency Currency
	// BankTransactionID of the original; filled from the store when empty.
	BankTransactionID string
}

// RefundRequest returns money of a settled sale, fully or partly.
type RefundRequest struct {
	// OrderID of the sale. Required.
	OrderID string
	// Amount to refund; 0 refunds what is left of the sale.
	Amount Amount
	// Currency of the sale; filled from the store when empty.
	Currency Currency
	// BankTransactionID of the sale; filled from the store when empty.
	BankTransactionID string
	// RequestID is set by the Client (callers leave it empty): the ID of
	// this refund's stored record, new for every refund attempt and stored
	// before the request is sent. A provider that declares
	// Features.RefundLookup sends it as the merchant's id of the refund, so
	// that this one refund can later be looked up (StatusRequest.RequestID).
	RequestID string
}

// StatusRequest asks the bank what it knows about an order.
type StatusRequest struct {
	// OrderID to query. Required.
	OrderID string
	// BankTransactionID, for banks that query by it.
	BankTransactionID string
	// Currency of the order, for banks that need it; filled from the store.
	Currency Currency
	// RequestID, when set, asks about the single refund of the order that
	// was sent under this id (RefundRequest.RequestID; the refund record's
	// Transaction.ID) instead of the order, where Features.RefundLookup is
	// declared. The answer's Status is StatusApproved when that refund was
	// booked (Amount: the refunded amount) and StatusDeclined when the bank
	// refused it; Return is returncodes.NotFound when the bank holds no
	// refund under the id.
	RequestID string
}

// HistoryRequest asks the bank for its records of a period (or of one
// order when OrderID is set).
type HistoryRequest struct {
	// From and To bound the period (From inclusive, To exclusive). Banks work
	// in Europe/Istanbul time; use IstanbulDay to build a day's bounds.
	From, To time.Time
	// OrderID restricts the answer to one order (order history), if set.
	OrderID string
	// Page is the 1-based page for banks that page; 0 means all pages.
	Page int
}

// ThreeDRequest starts a 3-D Secure payment.
type ThreeDRequest struct {
	// OrderID, Amount, Currency, Installments as in SaleRequest.
	OrderID      string
	Amount       Amount
	Currency     Currency
	Installments int
	// Model is the 3-D Secure model; empty means the provider's default.
	Model threed.Model
	// Card is required for the 3d and 3d_pay models and must be empty for
	// 3d_host and 3d_pay_hosting, where the shopper types it on the bank's page.
	Card Card
	// PreAuth asks for a pre-authorisation instead of a sale.
	PreAuth bool
	// OkURL and FailURL are the merchant callback addresses the bank posts
	// to (they may be the same). OkURL is required.
	OkURL, FailURL string
	// CustomerIP, CustomerEmail, CustomerName, Description as in SaleRequest.
	CustomerIP    string
	CustomerEmail string
	CustomerName  string
	Description   string
	// Lang is the language of the bank's pages ("tr" or "en").
	Lang string
}

// ThreeDResult describes the 3-D Secure part of a Result.
type ThreeDResult struct {
	// Model used.
	Model threed.Model
	// Status is the normalised authentication outcome.
	Status threed.Status
	// MDStatus is the bank's raw value (or the equivalent field).
	MDStatus string
	// ECI is the electronic commerce indicator.
	ECI string
	// Message is the bank's 3D message, if any.
	Message string
}

// Result is what the bank said. It is non-nil whenever the bank answered,
// approved or not, so that it can be shown and stored.
type Result struct {
	// Op is the operation.
	Op Op
	// OrderID is the merchant's order id.
	OrderID string
	// Approved is true when the bank's top-level success signal was present.
	Approved bool
	// Status is the state of the order after the call (for Status queries,
	// the state the bank reports).
	Status TxStatus
	// TransactionID is the bank's transaction id (TransId, ...).
	TransactionID string
	// AuthCode is the issuer's authorisation code.
	AuthCode string
	// RRN is the retrieval reference number (HostRefNum, ...).
	RRN string
	// Amount and Currency of the operation (for Status: of the order).
	Amount   Amount
	Currency Currency
	// Installments of the payment.
	Installments int
	// CapturedAmount and RefundedAmount, where the bank reports them
	// (status queries). A provider whose bank only flags an order as
	// refunded, without the amount, answers StatusRefunded with
	// RefundedAmount 0; where it declares Features.RefundLookup the Client
	// then asks about each refund it sent and reports their sum.
	CapturedAmount Amount
	RefundedAmount Amount
	// Return is the normalised return code; BankCode and BankMessage the raw
	// ones (BankMessage redacted).
	Return      returncodes.Code
	BankCode    string
	BankMessage string
	// MaskedPAN is the card number masked to first 6 and last 4.
	MaskedPAN string
	// ThreeD is set for 3-D Secure payments.
	ThreeD *ThreeDResult
	// Replay is true when Complete3D returned the stored result of an
	// earlier delivery of the same callback without contacting the bank.
	Replay bool
	// Time is when the bank processed it (or when the answer arrived).
	Time time.Time
	// Extra holds protocol fields worth keeping (never card data).
	Extra map[string]string
}

// BankTransaction is one row of a bank's report (History).
type BankTransaction struct {
	OrderID       string
	TransactionID string
	Op            Op
	Status        TxStatus
	Amount        Amount
	Currency      Currency
	Installments  int
	AuthCode      string
	RRN           string
	MaskedPAN     string
	BankCode      string
	Return        returncodes.Code
	Time          time.Time
}

// Features declares what a provider can do. The Client refuses undeclared
// features without I/O, and the conformance suite tests every declared one.
type Features struct {
	// Protocol is the provider's protocol name ("nestpay", "garanti", ...).
	Protocol string
	// ThreeD lists the 3-D Secure models offered (none: no 3D).
	ThreeD []threed.Model
	// PreAuth: PreAuth and Capture work.
	PreAuth bool
	// PartialCapture: Capture may take less than the pre-authorised amount.
	PartialCapture bool
	// PartialRefund: a refund may take less than the sale; MultipleRefunds:
	// several partial refunds may follow each other.
	PartialRefund   bool
	MultipleRefunds bool
	// RefundLookup: the provider sends RefundRequest.RequestID with each
	// refund and answers a StatusRequest carrying that RequestID about that
	// one refund. The Client then settles an interrupted refund, and sums an
	// order's refunds, from the refunds' own records at the bank: for banks
	// (PayFlex) whose order status says "refunded" without an amount.
	RefundLookup bool
	// Installments: SaleRequest.Installments > 1 is accepted, up to
	// MaxInstallments (0 means 12).
	Installments    bool
	MaxInstallments int
	// Currencies accepted (empty means TRY only).
	Currencies []Currency
	// History: the provider implements Reporter and answers date-range
	// reports (HistoryRequest with From and To).
	History bool
	// OrderHistory: the provider implements Reporter and answers the history
	// of one order (HistoryRequest with OrderID): its sale, captures, voids
	// and refunds. NestPay has this but no date-range query.
	OrderHistory bool
	// MOTO: mail/telephone orders without CVV are accepted.
	MOTO bool
	// MaxAmount is the largest amount the bank accepts in one payment, in
	// minor units (0: no stated limit).
	MaxAmount Amount
}

// SupportsCurrency reports whether c is among Currencies (TRY when empty).
func (f Features) SupportsCurrency(c Currency) bool {
	if len(f.Currencies) == 0 {
		return c == TRY
	}
	for _, x := range f.Currencies {
		if x == c {
			return true
		}
	}
	return false
}

// Supports3D reports whether model m is declared.
func (f Features) Supports3D(m threed.Model) bool {
	for _, x := range f.ThreeD {
		if x == m {
			return true
		}
	}
	return false
}

// Provider is what a protocol package implements. The Client validates
// requests, enforces the money rules, stores and logs; a Provider only
// talks to its bank.
//
// A Provider returns a non-nil Result with a nil error whenever the bank
// gave a definite answer, approved or not (Result.Approved, Return, BankCode
// say which). It returns an error when there is no definite answer: a
// transport error from Transport.Do (passed through unchanged), a reply it
// cannot parse (wrap ErrUnknownOutcome), or a *Error it built itself.
type Provider interface {
	// Features declares the provider's capabilities.
	Features() Features
	// Sale charges a card.
	Sale(ctx context.Context, req *SaleRequest) (*Result, error)
	// Void cancels a same-day transaction.
	Void(ctx context.Context, req *VoidRequest) (*Result, error)
	// Refund returns money of a settled sale.
	Refund(ctx context.Context, req *RefundRequest) (*Result, error)
	// Status asks the bank about an order. An order the bank does not know
	// is a Result with Return returncodes.NotFound.
	Status(ctx context.Context, req *StatusRequest) (*Result, error)
}

// PreAuthorizer is implemented by providers that declare Features.PreAuth.
type PreAuthorizer interface {
	PreAuth(ctx context.Context, req *SaleRequest) (*Result, error)
	Capture(ctx context.Context, req *CaptureRequest) (*Result, error)
}

// Reporter is implemented by providers that declare Features.History or
// Features.OrderHistory.
type Reporter interface {
	History(ctx context.Context, req *HistoryRequest) ([]BankTransaction, error)
}

// ThreeDSecurer is implemented by providers that declare 3-D Secure models.
type ThreeDSecurer interface {
	// Begin3D builds the form that sends the shopper to the bank's 3D gate.
	Begin3D(ctx context.Context, req *ThreeDRequest) (*threed.Form, error)
	// ParseCallback verifies the callback's signature (constant time) and
	// extracts its fields. It does no I/O. A missing, empty or wrong
	// signature is an InvalidCallback error.
	ParseCallback(ctx context.Context, form url.Values) (*Callback, error)
	// Complete3D finishes a verified callback that the Client has bound to
	// its pending transaction: it provisions (3d model) or reads the bank's
	// payment result from the callback (3d_pay, 3d_host, 3d_pay_hosting).
	Complete3D(ctx context.Context, cb *Callback, pending *Pending3D) (*Result, error)
}

// CallbackBinder is implemented by providers that must check a verified
// callback against the pending payment before the Client claims it: fields
// the Client does not compare itself (installments, sale or pre-auth), or
// the amount and currency when the callback does not carry them and only a
// read-only query to the bank tells them. It runs only for a payment that
// is still pending (never for a replay). An error refuses the callback as
// InvalidCallback and changes nothing, so the genuine callback can still
// complete the payment.
type CallbackBinder interface {
	BindCallback(ctx context.Context, cb *Callback, pending *Pending3D) error
}

// Callback is a verified 3-D Secure callback as a provider reads it.
type Callback struct {
	// OrderID the callback is for.
	OrderID string
	// Amount and Currency as the callback states them; zero/empty when the
	// protocol's callback does not carry them (the pending record supplies
	// them then).
	Amount   Amount
	Currency Currency
	// Model the bank says it ran, if it says.
	Model threed.Model
	// Status is the normalised authentication outcome; MDStatus the raw value.
	Status   threed.Status
	MDStatus string
	// ECI and Message of the 3D step.
	ECI     string
	Message string
	// MerchantProvisions is set by providers whose model leaves the payment
	// to the merchant even though threed.Model.BankProvisions says otherwise
	// (NestPay's 3d_host only authenticates). The Client then applies the
	// mdStatus policy before Complete3D, as for the 3d model.
	MerchantProvisions bool
	// Fields are the verified form values for the provider's Complete3D.
	Fields url.Values
}

// Pending3D is what the Client stored at Begin3D, handed to Complete3D.
type Pending3D struct {
	OrderID      string
	Amount       Amount
	Currency     Currency
	Installments int
	Model        threed.Model
	PreAuth      bool
	MaskedPAN    string
}

// IstanbulDay returns the bounds [start, end) of the calendar day of t in
// Europe/Istanbul, the time zone Turkish banks close their days in.
func IstanbulDay(t time.Time) (start, end time.Time) {
	loc := Istanbul()
	y, m, d := t.In(loc).Date()
	start = time.Date(y, m, d, 0, 0, 0, 0, loc)
	return start, start.AddDate(0, 0, 1)
}

// Istanbul returns the Europe/Istanbul location (UTC+3 all year since 2016,
// used as a fixed zone when the time zone database is unavailable).
func Istanbul() *time.Location {
	istanbulOnce.Do(func() {
		loc, err := time.LoadLocation("Europe/Istanbul")
		if err != nil {
			loc = time.FixedZone("Europe/Istanbul", 3*60*60)
		}
		istanbulLoc = loc
	})
	return istanbulLoc
}

var (
	istanbulOnce sync.Once
	istanbulLoc  *time.Location
)
