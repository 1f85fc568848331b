package vpos

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/sanalpos/vpos/internal/httpx"
	"github.com/sanalpos/vpos/internal/redact"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/threed"
)

// Client is what applications hold: one virtual POS of one company at one
// bank. Bank packages construct it (nestpay.Open(cfg, opts)); NewClient
// wraps any Provider. A Client is safe for concurrent use.
//
// Around the provider it validates every request before any I/O, refuses
// undeclared features, keeps money moving at most once per order id,
// settles ambiguous failures with a bounded status inquiry, binds 3-D Secure
// callbacks to the payment that was started, records every attempt in the
// Store and reports every exchange to the hooks and the logger, redacted.
type Client struct {
	p     Provider
	o     Options
	feat  Features
	locks keyLocks
}

// NewClient returns a Client over p. A nil opts means defaults.
func NewClient(p Provider, opts *Options) *Client {
	o := opts.resolved()
	f := p.Features()
	if o.Bank == "" {
		o.Bank = f.Protocol
	}
	return &Client{p: p, o: o, feat: f}
}

// Features returns what the provider declares.
func (c *Client) Features() Features { return c.feat }

// Store returns the store the Client records into.
func (c *Client) Store() Store { return c.o.Store }

// As sets target, a pointer to a protocol's own type (or to an interface),
// to the provider, for bank-specific operations (loyalty points, raw
// queries) that carry the provider's credentials and signing. It reports
// whether the provider is of that type; a provider may also implement
// As(any) bool to offer other types.
func (c *Client) As(target any) bool {
	v := reflect.ValueOf(target)
	if !v.IsValid() || v.Kind() != reflect.Pointer || v.IsNil() {
		return false
	}
	elem := v.Elem()
	pv := reflect.ValueOf(c.p)
	if pv.Type().AssignableTo(elem.Type()) {
		elem.Set(pv)
		return true
	}
	if a, ok := c.p.(interface{ As(any) bool }); ok {
		return a.As(target)
	}
	return false
}

// ---- validation (no I/O) ----

func (c *Client) checkOrderID(id string) *Error {
	if id == "" {
		return invalidField("OrderID", "is empty")
	}
	if len(id) > 64 {
		return invalidField("OrderID", "is longer than 64 characters")
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return invalidField("OrderID", fmt.Sprintf("contains %q; use letters, digits, '-', '_' and '.'", r))
		}
	}
	return nil
}

func (c *Client) checkMoney(a Amount, cur Currency, allowZero bool) *Error {
	switch {
	case cur == "":
		return invalidField("Currency", "is empty")
	case !cur.Valid():
		return invalidField("Currency", fmt.Sprintf("%q is not a known ISO 4217 code", string(cur)))
	case !c.feat.SupportsCurrency(cur):
		return invalidField("Currency", fmt.Sprintf("%s is not accepted by this POS", cur))
	case a < 0 || (a == 0 && !allowZero):
		return invalidField("Amount", "must be positive")
	case c.feat.MaxAmount > 0 && a > c.feat.MaxAmount:
		return invalidField("Amount", fmt.Sprintf("exceeds the bank's limit of %s %s", c.feat.MaxAmount.Decimal(cur), cur))
	}
	return nil
}

func (c *Client) checkInstallments(n int) *Error {
	max := c.feat.MaxInstallments
	if max == 0 {
		max = 12
	}
	switch {
	case n < 0:
		return invalidField("Installments", "must not be negative")
	case n > 1 && !c.feat.Installments:
		return invalidField("Installments", "installments are not offered by this POS")
	case n > max:
		return invalidField("Installments", fmt.Sprintf("at most %d are offered", max))
	}
	return nil
}

func checkIP(field, ip string) *Error {
	if ip != "" && net.ParseIP(ip) == nil {
		return invalidField(field, "is not an IP address")
	}
	return nil
}

func (c *Client) checkSale(req *SaleRequest) *Error {
	if req == nil {
		return invalidField("SaleRequest", "is nil")
	}
	if e := c.checkOrderID(req.OrderID); e != nil {
		return e
	}
	if e := c.checkMoney(req.Amount, req.Currency, false); e != nil {
		return e
	}
	if e := c.checkInstallments(req.Installments); e != nil {
		return e
	}
	if req.MOTO && !c.feat.MOTO {
		return &Error{Code: Unsupported, Field: "MOTO", Msg: "mail/telephone orders are not declared by this provider"}
	}
	if err := req.Card.Validate(c.o.Clock(), !req.MOTO); err != nil {
		return err.(*Error)
	}
	if e := checkIP("CustomerIP", req.CustomerIP); e != nil {
		return e
	}
	if req.CustomerEmail != "" && !strings.Contains(req.CustomerEmail, "@") {
		return invalidField("CustomerEmail", "is not an e-mail address")
	}
	return nil
}

func unsupported(op Op, what string) *Error {
	return &Error{Code: Unsupported, Op: op, Msg: what + " is not supported by this provider"}
}

// ---- money-moving calls ----

// Sale charges a card (authorisation and capture at once).
func (c *Client) Sale(ctx context.Context, req *SaleRequest) (*Result, error) {
	return c.charge(ctx, OpSale, req)
}

// PreAuth reserves an amount on a card; Capture takes it later.
func (c *Client) PreAuth(ctx context.Context, req *SaleRequest) (*Result, error) {
	return c.charge(ctx, OpPreAuth, req)
}

func (c *Client) charge(ctx context.Context, op Op, req *SaleRequest) (*Result, error) {
	var pa PreAuthorizer
	if op == OpPreAuth {
		var ok bool
		pa, ok = c.p.(PreAuthorizer)
		if !c.feat.PreAuth || !ok {
			return nil, unsupported(op, "pre-authorisation")
		}
	}
	if e := c.checkSale(req); e != nil {
		e.Op, e.OrderID = op, req.OrderIDOrEmpty()
		return nil, e
	}
	r := *req
	r.Card = r.Card.Normalize()
	source := SourceAPI
	if r.MOTO {
		source = SourceMOTO
	}
	rec := &Transaction{
		Op: op, OrderID: r.OrderID, Amount: r.Amount, Currency: r.Currency,
		Installments: r.Installments, MaskedPAN: r.Card.Masked(), Source: source,
	}
	return c.moneyCall(ctx, &moneyCall{
		op: op, rec: rec,
		do: func(ctx context.Context) (*Result, error) {
			if op == OpPreAuth {
				return pa.PreAuth(ctx, &r)
			}
			return c.p.Sale(ctx, &r)
		},
		settle: settleCharge(r.Amount),
	})
}

// OrderIDOrEmpty returns the order id of a possibly nil request.
func (r *SaleRequest) OrderIDOrEmpty() string {
	if r == nil {
		return ""
	}
	return r.OrderID
}

// Capture captures a pre-authorisation, fully (Amount 0) or partly.
func (c *Client) Capture(ctx context.Context, req *CaptureRequest) (*Result, error) {
	pa, ok := c.p.(PreAuthorizer)
	if !c.feat.PreAuth || !ok {
		return nil, unsupported(OpCapture, "capture")
	}
	if req == nil {
		return nil, invalidField("CaptureRequest", "is nil")
	}
	r := *req
	fail := func(e *Error) (*Result, error) { e.Op, e.OrderID = OpCapture, r.OrderID; return nil, e }
	if e := c.checkOrderID(r.OrderID); e != nil {
		return fail(e)
	}
	auth, err := c.find(ctx, r.OrderID, OpPreAuth)
	if err != nil {
		return nil, err
	}
	if auth != nil {
		if r.Currency == "" {
			r.Currency = auth.Currency
		}
		if r.BankTransactionID == "" {
			r.BankTransactionID = auth.BankTransactionID
		}
		if auth.Status != StatusApproved {
			return fail(&Error{Code: InvalidRequest, Field: "OrderID", Return: returncodes.InvalidTransactionState,
				Msg: fmt.Sprintf("the pre-authorisation is %s", auth.Status)})
		}
		if r.Amount > auth.Amount {
			return fail(invalidField("Amount", "exceeds the pre-authorised amount"))
		}
		if r.Amount == 0 {
			r.Amount = auth.Amount
		}
		if r.Amount < auth.Amount && !c.feat.PartialCapture {
			return fail(&Error{Code: Unsupported, Field: "Amount", Msg: "partial capture is not supported by this provider"})
		}
	}
	if r.Currency == "" {
		r.Currency = TRY
	}
	if e := c.checkMoney(r.Amount, r.Currency, true); e != nil {
		return fail(e)
	}
	rec := &Transaction{Op: OpCapture, OrderID: r.OrderID, Amount: r.Amount, Currency: r.Currency, Source: SourceAPI}
	if auth != nil {
		rec.MaskedPAN, rec.Installments = auth.MaskedPAN, auth.Installments
	}
	return c.moneyCall(ctx, &moneyCall{
		op: OpCapture, rec: rec,
		do:     func(ctx context.Context) (*Result, error) { return pa.Capture(ctx, &r) },
		settle: settleCapture,
	})
}

// Void cancels a same-day sale, pre-authorisation or capture.
func (c *Client) Void(ctx context.Context, req *VoidRequest) (*Result, error) {
	if req == nil {
		return nil, invalidField("VoidRequest", "is nil")
	}
	r := *req
	fail := func(e *Error) (*Result, error) { e.Op, e.OrderID = OpVoid, r.OrderID; return nil, e }
	if e := c.checkOrderID(r.OrderID); e != nil {
		return fail(e)
	}
	orig, err := c.find(ctx, r.OrderID, OpSale, OpPreAuth)
	if err != nil {
		return nil, err
	}
	if orig != nil {
		switch orig.Status {
		case StatusApproved:
		case StatusRefunded, StatusPartiallyRefunded:
			return fail(&Error{Code: InvalidRequest, Field: "OrderID", Return: returncodes.InvalidTransactionState,
				Msg: "the sale was refunded; a refunded sale cannot be voided"})
		default:
			return fail(&Error{Code: InvalidRequest, Field: "OrderID", Return: returncodes.InvalidTransactionState,
				Msg: fmt.Sprintf("the %s is %s", orig.Op, orig.Status)})
		}
		if r.Amount == 0 {
			r.Amount = orig.Amount
		}
		if r.Currency == "" {
			r.Currency = orig.Currency
		}
		if r.BankTransactionID == "" {
			r.BankTransactionID = orig.BankTransactionID
		}
	}
	if r.Currency == "" {
		r.Currency = TRY
	}
	if e := c.checkMoney(r.Amount, r.Currency, true); e != nil {
		return fail(e)
	}
	rec := &Transaction{Op: OpVoid, OrderID: r.OrderID, Amount: r.Amount, Currency: r.Currency, Source: SourceAPI}
	if orig != nil {
		rec.MaskedPAN = orig.MaskedPAN
	}
	return c.moneyCall(ctx, &moneyCall{
		op: OpVoid, rec: rec,
		do:     func(ctx context.Context) (*Result, error) { return c.p.Void(ctx, &r) },
		settle: settleVoid,
		after: func(ctx context.Context, res *Result) {
			c.updateOrder(ctx, r.OrderID, func(t *Transaction) bool {
				if (t.Op == OpSale || t.Op == OpPreAuth || t.Op == OpCapture) && t.Status == StatusApproved {
					t.Status = StatusVoided
					return true
				}
				return false
			}, "voided")
		},
	})
}

// Refund returns money of a sale, fully (Amount 0: what is left) or partly.
func (c *Client) Refund(ctx context.Context, req *RefundRequest) (*Result, error) {
	if req == nil {
		return nil, invalidField("RefundRequest", "is nil")
	}
	r := *req
	fail := func(e *Error) (*Result, error) { e.Op, e.OrderID = OpRefund, r.OrderID; return nil, e }
	if e := c.checkOrderID(r.OrderID); e != nil {
		return fail(e)
	}
	// The refundable record is the sale, or the capture of a pre-auth.
	orig, err := c.find(ctx, r.OrderID, OpSale, OpCapture)
	if err != nil {
		return nil, err
	}
	var prevRefunded Amount
	if orig != nil {
		switch orig.Status {
		case StatusApproved, StatusPartiallyRefunded:
		case StatusVoided:
			return fail(&Error{Code: InvalidRequest, Field: "OrderID", Return: returncodes.InvalidTransactionState,
				Msg: "the sale was voided; a voided sale cannot be refunded"})
		default:
			return fail(&Error{Code: InvalidRequest, Field: "OrderID", Return: returncodes.InvalidTransactionState,
				Msg: fmt.Sprintf("the %s is %s", orig.Op, orig.Status)})
		}
		prevRefunded = orig.RefundedAmount
		left := orig.Amount - orig.RefundedAmount
		if r.Amount == 0 {
			r.Amount = left
		}
		if r.Amount > left {
			return fail(invalidField("Amount", fmt.Sprintf("exceeds the refundable %s %s", left.Decimal(orig.Currency), orig.Currency)))
		}
		if r.Amount < orig.Amount && !c.feat.PartialRefund {
			return fail(&Error{Code: Unsupported, Field: "Amount", Msg: "partial refund is not supported by this provider"})
		}
		if prevRefunded > 0 && !c.feat.MultipleRefunds {
			return fail(&Error{Code: Unsupported, Field: "Amount", Msg: "a second refund is not supported by this provider"})
		}
		if r.Currency == "" {
			r.Currency = orig.Currency
		}
		if r.BankTransactionID == "" {
			r.BankTransactionID = orig.BankTransactionID
		}
	}
	if r.Currency == "" {
		r.Currency = TRY
	}
	if e := c.checkMoney(r.Amount, r.Currency, true); e != nil {
		return fail(e)
	}
	rec := &Transaction{Op: OpRefund, OrderID: r.OrderID, Amount: r.Amount, Currency: r.Currency, Source: SourceAPI}
	if orig != nil {
		rec.MaskedPAN = orig.MaskedPAN
	}
	amount := r.Amount
	return c.moneyCall(ctx, &moneyCall{
		op: OpRefund, rec: rec,
		do:     func(ctx context.Context) (*Result, error) { return c.p.Refund(ctx, &r) },
		settle: settleRefund(prevRefunded, amount),
		after: func(ctx context.Context, res *Result) {
			c.updateOrder(ctx, r.OrderID, func(t *Transaction) bool {
				if (t.Op == OpSale || t.Op == OpCapture) && (t.Status == StatusApproved || t.Status == StatusPartiallyRefunded) {
					t.RefundedAmount += amount
					t.Status = StatusPartiallyRefunded
					if t.RefundedAmount >= t.Amount {
						t.Status = StatusRefunded
					}
					return true
				}
				return false
			}, "refunded "+amount.Decimal(r.Currency))
		},
	})
}

// ---- read-only calls ----

// Status asks the bank about an order. A nil error means the bank knows the
// order; Result.Status says its state (approved, declined, voided, refunded,
// partially refunded) and Amount, CapturedAmount, RefundedAmount its sums.
// An order the bank does not know is ErrNotFound.
func (c *Client) Status(ctx context.Context, req *StatusRequest) (*Result, error) {
	if req == nil {
		return nil, invalidField("StatusRequest", "is nil")
	}
	r := *req
	if e := c.checkOrderID(r.OrderID); e != nil {
		e.Op, e.OrderID = OpStatus, r.OrderID
		return nil, e
	}
	if r.Currency == "" || r.BankTransactionID == "" {
		if recs, err := c.o.Store.FindOrder(ctx, c.o.Company, c.o.POS, r.OrderID); err == nil && len(recs) > 0 {
			if r.Currency == "" {
				r.Currency = recs[0].Currency
			}
			if r.BankTransactionID == "" {
				r.BankTransactionID = recs[0].BankTransactionID
			}
		}
	}
	rctx, rc := withRecorder(ctx)
	res, err := c.p.Status(rctx, &r)
	e := c.readError(ctx, OpStatus, r.OrderID, res, err)
	c.flush(ctx, rc, res, e)
	if res != nil {
		c.scrub(res)
		res.Op, res.OrderID = OpStatus, r.OrderID
	}
	if e != nil {
		return res, e
	}
	return res, nil
}

// History returns the bank's records of a period (or of one order).
func (c *Client) History(ctx context.Context, req *HistoryRequest) ([]BankTransaction, error) {
	rp, ok := c.p.(Reporter)
	if !c.feat.History || !ok {
		return nil, unsupported(OpHistory, "history")
	}
	if req == nil {
		return nil, invalidField("HistoryRequest", "is nil")
	}
	if req.OrderID == "" {
		switch {
		case req.From.IsZero():
			return nil, &Error{Code: InvalidRequest, Op: OpHistory, Field: "From", Msg: "is zero"}
		case !req.To.After(req.From):
			return nil, &Error{Code: InvalidRequest, Op: OpHistory, Field: "To", Msg: "must be after From"}
		}
	} else if e := c.checkOrderID(req.OrderID); e != nil {
		e.Op = OpHistory
		return nil, e
	}
	r := *req
	rctx, rc := withRecorder(ctx)
	rows, err := rp.History(rctx, &r)
	e := c.readError(ctx, OpHistory, r.OrderID, nil, err)
	c.flush(ctx, rc, nil, e)
	if e != nil {
		return nil, e
	}
	for i := range rows {
		rows[i].MaskedPAN = MaskPAN(rows[i].MaskedPAN)
	}
	return rows, nil
}

// readError turns a read-only call's outcome into an *Error (nil when the
// bank answered definitely and knew the order).
func (c *Client) readError(ctx context.Context, op Op, orderID string, res *Result, err error) *Error {
	if err != nil {
		e := c.wrapErr(ctx, op, orderID, err)
		if e.Code == UnknownOutcome {
			e.Code = Unavailable
		}
		return e
	}
	if res != nil && res.Return == returncodes.NotFound {
		return &Error{Code: NotFound, Op: op, OrderID: orderID, Return: res.Return,
			BankCode: res.BankCode, BankMessage: redact.String(res.BankMessage)}
	}
	if res != nil && !res.Approved && res.Status == "" {
		code := ErrorCodeFor(res.Return)
		if code == UnknownOutcome {
			code = Unavailable
		}
		return &Error{Code: code, Op: op, OrderID: orderID, Return: res.Return,
			BankCode: res.BankCode, BankMessage: redact.String(res.BankMessage)}
	}
	return nil
}

// wrapErr normalises a provider or transport error.
func (c *Client) wrapErr(ctx context.Context, op Op, orderID string, err error) *Error {
	var e *Error
	if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return &Error{Code: Canceled, Op: op, OrderID: orderID, Msg: "the caller gave up", Err: err}
	}
	if errors.As(err, &e) && !e.sentinel {
		c2 := *e
		if c2.Op == "" {
			c2.Op = op
		}
		if c2.OrderID == "" {
			c2.OrderID = orderID
		}
		c2.BankMessage = redact.String(c2.BankMessage)
		return &c2
	}
	if errors.Is(err, ErrUnknownOutcome) {
		return &Error{Code: UnknownOutcome, Op: op, OrderID: orderID, Return: returncodes.TimeoutUnknown, Msg: "no usable reply", Err: err}
	}
	if !httpx.Sent(err) {
		return &Error{Code: Unavailable, Op: op, OrderID: orderID, Return: returncodes.SystemError, Msg: "the bank could not be reached; nothing was sent", Err: err}
	}
	return &Error{Code: UnknownOutcome, Op: op, OrderID: orderID, Return: returncodes.TimeoutUnknown, Msg: "the request may have reached the bank but no usable reply came back", Err: err}
}

// scrub makes sure a Result carries no card data.
func (c *Client) scrub(res *Result) {
	res.BankMessage = redact.String(res.BankMessage)
	if res.MaskedPAN != "" {
		res.MaskedPAN = MaskPAN(res.MaskedPAN)
	}
	for k, v := range res.Extra {
		res.Extra[k] = redact.String(v)
	}
}

// flush reports the exchanges of one call with the outcome.
func (c *Client) flush(ctx context.Context, rc *recorder, res *Result, e *Error) {
	for _, ex := range rc.take() {
		ex.Company, ex.POS, ex.Bank = c.o.Company, c.o.POS, c.o.Bank
		if res != nil {
			ex.TxStatus, ex.Return, ex.BankCode = res.Status, res.Return, res.BankCode
		}
		if e != nil {
			if ex.Return == "" {
				ex.Return = e.Return
			}
			if ex.BankCode == "" {
				ex.BankCode = e.BankCode
			}
		}
		emit(ctx, &c.o, ex)
	}
}

// ---- 3-D Secure ----

// Begin3D starts a 3-D Secure payment: it stores a pending transaction and
// returns the form that sends the shopper's browser to the bank.
func (c *Client) Begin3D(ctx context.Context, req *ThreeDRequest) (*threed.Form, error) {
	ts, ok := c.p.(ThreeDSecurer)
	if !ok || len(c.feat.ThreeD) == 0 {
		return nil, unsupported(OpBegin3D, "3-D Secure")
	}
	if req == nil {
		return nil, invalidField("ThreeDRequest", "is nil")
	}
	r := *req
	fail := func(e *Error) (*threed.Form, error) { e.Op, e.OrderID = OpBegin3D, r.OrderID; return nil, e }
	if r.Model == "" {
		r.Model = c.feat.ThreeD[0]
	}
	if !r.Model.Valid() {
		return fail(invalidField("Model", fmt.Sprintf("%q is not a 3-D Secure model", string(r.Model))))
	}
	if !c.feat.Supports3D(r.Model) {
		return fail(&Error{Code: Unsupported, Field: "Model", Msg: fmt.Sprintf("3-D Secure model %s is not supported by this provider", r.Model)})
	}
	if r.PreAuth && !c.feat.PreAuth {
		return fail(&Error{Code: Unsupported, Field: "PreAuth", Msg: "pre-authorisation is not supported by this provider"})
	}
	if e := c.checkOrderID(r.OrderID); e != nil {
		return fail(e)
	}
	if e := c.checkMoney(r.Amount, r.Currency, false); e != nil {
		return fail(e)
	}
	if e := c.checkInstallments(r.Installments); e != nil {
		return fail(e)
	}
	r.Card = r.Card.Normalize()
	if r.Model.CardOnBankPage() {
		if r.Card.Number != "" || r.Card.CVV != "" {
			return fail(invalidField("Card", "must be empty: the shopper types the card on the bank's page in model "+string(r.Model)))
		}
	} else if err := r.Card.Validate(c.o.Clock(), true); err != nil {
		return fail(err.(*Error))
	}
	u, err := url.Parse(r.OkURL)
	if r.OkURL == "" || err != nil || !u.IsAbs() {
		return fail(invalidField("OkURL", "must be an absolute URL"))
	}
	if r.FailURL == "" {
		r.FailURL = r.OkURL
	} else if u, err := url.Parse(r.FailURL); err != nil || !u.IsAbs() {
		return fail(invalidField("FailURL", "must be an absolute URL"))
	}
	if e := checkIP("CustomerIP", r.CustomerIP); e != nil {
		return fail(e)
	}
	op := OpSale
	if r.PreAuth {
		op = OpPreAuth
	}
	rec := &Transaction{
		Op: op, OrderID: r.OrderID, Amount: r.Amount, Currency: r.Currency, Installments: r.Installments,
		MaskedPAN: r.Card.Masked(), Source: Source3D, ThreeDModel: r.Model, Status: StatusPending3D,
	}
	unlock := c.locks.lock(c.orderKey(r.OrderID))
	defer unlock()
	if err := c.claim(ctx, rec); err != nil {
		return nil, err
	}
	rctx, rc := withRecorder(ctx)
	form, err := ts.Begin3D(rctx, &r)
	if err != nil {
		e := c.wrapErr(ctx, OpBegin3D, r.OrderID, err)
		c.flush(ctx, rc, nil, e)
		// Nothing moved: the shopper never reached the bank.
		rec2 := rec.Clone()
		rec2.Status, rec2.Return = StatusError, e.Return
		c.update(ctx, rec2, StatusPending3D, Event{Time: c.o.Clock(), Kind: EventResult, Status: StatusError, Detail: errorText(e)})
		return nil, e
	}
	c.flush(ctx, rc, nil, nil)
	return form, nil
}

// Complete3D handles the bank's 3-D Secure callback (the form posted to
// OkURL/FailURL). It verifies the signature first, binds the callback to the
// pending transaction (order id, amount and currency must match what
// Begin3D stored), applies the mdStatus policy, then provisions (3d model)
// or reads the bank's result (other models), and stores the outcome. A
// callback delivered again returns the stored result marked Replay without
// contacting the bank.
func (c *Client) Complete3D(ctx context.Context, form url.Values) (*Result, error) {
	ts, ok := c.p.(ThreeDSecurer)
	if !ok || len(c.feat.ThreeD) == 0 {
		return nil, unsupported(OpComplete, "3-D Secure")
	}
	cb, err := ts.ParseCallback(ctx, form)
	if err != nil {
		e := c.wrapErr(ctx, OpComplete, "", err)
		if e.Code != Canceled {
			e.Code = InvalidCallback
		}
		c.o.Logger.LogAttrs(ctx, slog.LevelWarn, "vpos: 3-D Secure callback refused", slog.String("reason", errorText(e)))
		return nil, e
	}
	refuse := func(msg string) (*Result, error) {
		c.o.Logger.LogAttrs(ctx, slog.LevelWarn, "vpos: 3-D Secure callback refused",
			slog.String("order_id", cb.OrderID), slog.String("reason", msg))
		return nil, &Error{Code: InvalidCallback, Op: OpComplete, OrderID: cb.OrderID, Msg: msg}
	}
	if cb.OrderID == "" {
		return refuse("the callback names no order")
	}
	unlock := c.locks.lock(c.orderKey(cb.OrderID))
	defer unlock()
	rec, err := c.pending3D(ctx, cb.OrderID)
	if err != nil {
		return nil, err
	}
	if rec == nil {
		return refuse("no 3-D Secure payment was started for this order")
	}
	if cb.Amount != 0 && cb.Amount != rec.Amount {
		return refuse("the callback's amount differs from the payment that was started")
	}
	if cb.Currency != "" && cb.Currency != rec.Currency {
		return refuse("the callback's currency differs from the payment that was started")
	}
	if cb.Model != "" && cb.Model != rec.ThreeDModel {
		return refuse("the callback's 3-D Secure model differs from the payment that was started")
	}
	if rec.Status != StatusPending3D {
		return c.replay(ctx, rec)
	}
	pending := &Pending3D{
		OrderID: rec.OrderID, Amount: rec.Amount, Currency: rec.Currency, Installments: rec.Installments,
		Model: rec.ThreeDModel, PreAuth: rec.Op == OpPreAuth, MaskedPAN: rec.MaskedPAN,
	}
	three := &ThreeDResult{Model: rec.ThreeDModel, Status: cb.Status, MDStatus: cb.MDStatus, ECI: cb.ECI, Message: cb.Message}
	// Claim the pending record: exactly one delivery goes on to the bank.
	claimed := rec.Clone()
	claimed.Status, claimed.MDStatus = StatusUnknown, cb.MDStatus
	if err := c.o.Store.Update(ctx, claimed, StatusPending3D,
		Event{Time: c.o.Clock(), Kind: EventCallback, Status: StatusUnknown, Detail: "mdStatus " + cb.MDStatus}); err != nil {
		if errors.Is(err, ErrStoreConflict) {
			// Another server took it first: wait for its outcome.
			return c.awaitReplay(ctx, rec.ID)
		}
		return nil, &Error{Code: Unavailable, Op: OpComplete, OrderID: rec.OrderID, Msg: "store", Err: err}
	}
	policy := threed.Policy{AcceptAttempts: c.o.Accept3DAttempts}
	if !rec.ThreeDModel.BankProvisions() && !policy.Allows(cb.Status) {
		// 3d model: we decide, and we do not provision.
		res := &Result{
			Op: rec.Op, OrderID: rec.OrderID, Status: StatusDeclined, Amount: rec.Amount, Currency: rec.Currency,
			Installments: rec.Installments, Return: returncodes.ThreeDSFailed, BankCode: "mdStatus:" + cb.MDStatus,
			BankMessage: redact.String(cb.Message), MaskedPAN: rec.MaskedPAN, ThreeD: three, Time: c.o.Clock(),
		}
		done := claimed.Clone()
		applyResult(done, res)
		c.update(ctx, done, StatusUnknown, Event{Time: c.o.Clock(), Kind: EventResult, Status: StatusDeclined,
			Return: res.Return, BankCode: res.BankCode, Detail: "3-D Secure authentication not accepted"})
		return res, c.declineError(rec.Op, res)
	}
	return c.finish(ctx, &moneyCall{
		op: rec.Op, rec: claimed, threeD: three,
		do: func(ctx context.Context) (*Result, error) {
			res, err := ts.Complete3D(ctx, cb, pending)
			if err == nil && res != nil && res.Approved &&
				((res.Amount != 0 && res.Amount != rec.Amount) || (res.Currency != "" && res.Currency != rec.Currency)) {
				// The bank booked something else than what was started (a
				// protocol whose callback carries no amount shows it only
				// here). Money may have moved: leave the record unknown for
				// an operator and refuse the callback.
				return nil, &Error{Code: InvalidCallback, Op: rec.Op, OrderID: rec.OrderID, Return: returncodes.TimeoutUnknown,
					Msg: fmt.Sprintf("the bank booked %s %s, the payment started was %s %s",
						res.Amount.Decimal(res.Currency), res.Currency, rec.Amount.Decimal(rec.Currency), rec.Currency)}
			}
			return res, err
		},
		settle: settleCharge(rec.Amount),
	})
}

// pending3D finds the 3-D Secure record of an order.
func (c *Client) pending3D(ctx context.Context, orderID string) (*Transaction, error) {
	recs, err := c.o.Store.FindOrder(ctx, c.o.Company, c.o.POS, orderID)
	if err != nil {
		return nil, &Error{Code: Unavailable, Op: OpComplete, OrderID: orderID, Msg: "store", Err: err}
	}
	var found *Transaction
	for _, t := range recs {
		if t.ThreeDModel != "" && (t.Op == OpSale || t.Op == OpPreAuth) {
			found = t
		}
	}
	return found, nil
}

// replay answers a repeated callback from the store.
func (c *Client) replay(ctx context.Context, rec *Transaction) (*Result, error) {
	if rec.Status == StatusUnknown {
		return c.awaitReplay(ctx, rec.ID)
	}
	res := resultFromRecord(rec)
	res.Replay = true
	c.o.Logger.LogAttrs(ctx, slog.LevelInfo, "vpos: 3-D Secure callback replayed from the store",
		slog.String("order_id", rec.OrderID), slog.String("tx_status", string(rec.Status)))
	if rec.Status == StatusApproved || rec.Status == StatusVoided || rec.Status == StatusRefunded || rec.Status == StatusPartiallyRefunded {
		return res, nil
	}
	if rec.Status == StatusDeclined {
		return res, c.declineError(rec.Op, res)
	}
	return res, &Error{Code: ErrorCodeFor(rec.Return), Op: rec.Op, OrderID: rec.OrderID, Return: rec.Return,
		BankCode: rec.BankCode, BankMessage: rec.BankMessage, Msg: "replayed outcome of an earlier delivery"}
}

// awaitReplay waits for another server's completion of the same callback.
func (c *Client) awaitReplay(ctx context.Context, id string) (*Result, error) {
	deadline := time.Now().Add(c.o.CallbackWait)
	for {
		rec, err := c.o.Store.Get(ctx, id)
		if err != nil {
			return nil, &Error{Code: Unavailable, Op: OpComplete, Msg: "store", Err: err}
		}
		if rec.Status != StatusUnknown && rec.Status != StatusPending3D {
			return c.replay(ctx, rec)
		}
		if time.Now().After(deadline) {
			return nil, &Error{Code: UnknownOutcome, Op: rec.Op, OrderID: rec.OrderID, Return: returncodes.TimeoutUnknown,
				Msg: "an earlier delivery of this callback is still being completed"}
		}
		select {
		case <-ctx.Done():
			return nil, &Error{Code: Canceled, Op: rec.Op, OrderID: rec.OrderID, Err: ctx.Err()}
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func resultFromRecord(t *Transaction) *Result {
	res := &Result{
		Op: t.Op, OrderID: t.OrderID, Approved: t.Status == StatusApproved || t.Status == StatusVoided ||
			t.Status == StatusRefunded || t.Status == StatusPartiallyRefunded,
		Status: t.Status, TransactionID: t.BankTransactionID, AuthCode: t.AuthCode, RRN: t.RRN,
		Amount: t.Amount, Currency: t.Currency, Installments: t.Installments, RefundedAmount: t.RefundedAmount,
		Return: t.Return, BankCode: t.BankCode, BankMessage: t.BankMessage, MaskedPAN: t.MaskedPAN, Time: t.UpdatedAt,
	}
	if t.ThreeDModel != "" {
		res.ThreeD = &ThreeDResult{Model: t.ThreeDModel, MDStatus: t.MDStatus, Status: threed.MDStatus(t.MDStatus)}
	}
	return res
}

// ---- the at-most-once machinery ----

// moneyCall describes one money-moving call.
type moneyCall struct {
	op     Op
	rec    *Transaction // the record (Status set by claim/finish)
	threeD *ThreeDResult
	do     func(ctx context.Context) (*Result, error)
	settle func(status *Result) verdict
	after  func(ctx context.Context, res *Result) // on approval: update related records
}

type verdict int

const (
	undecided verdict = iota
	booked
	notBooked
)

func settleCharge(amount Amount) func(*Result) verdict {
	return func(s *Result) verdict {
		switch {
		case s.Return == returncodes.NotFound || s.Status == StatusDeclined:
			return notBooked
		case s.Status == StatusApproved || s.Status == StatusVoided || s.Status == StatusRefunded || s.Status == StatusPartiallyRefunded:
			if s.Amount != 0 && s.Amount != amount {
				return undecided // the bank's order differs from ours: leave it to an operator
			}
			return booked
		}
		return undecided
	}
}

func settleCapture(s *Result) verdict {
	switch {
	case s.CapturedAmount > 0:
		return booked
	case s.Return == returncodes.NotFound || s.Status == StatusApproved || s.Status == StatusDeclined:
		return notBooked
	}
	return undecided
}

func settleVoid(s *Result) verdict {
	switch s.Status {
	case StatusVoided:
		return booked
	case StatusApproved, StatusRefunded, StatusPartiallyRefunded, StatusDeclined:
		return notBooked
	}
	if s.Return == returncodes.NotFound {
		return notBooked
	}
	return undecided
}

func settleRefund(before, amount Amount) func(*Result) verdict {
	return func(s *Result) verdict {
		switch {
		case s.Return == returncodes.NotFound:
			return notBooked
		case s.Status == "":
			return undecided
		case s.RefundedAmount >= before+amount:
			return booked
		case s.RefundedAmount == before:
			return notBooked
		}
		return undecided
	}
}

func (c *Client) orderKey(orderID string) string { return orderKey(c.o.Company, c.o.POS, orderID) }

// find returns the newest record of the order with one of ops.
func (c *Client) find(ctx context.Context, orderID string, ops ...Op) (*Transaction, error) {
	recs, err := c.o.Store.FindOrder(ctx, c.o.Company, c.o.POS, orderID)
	if err != nil {
		return nil, &Error{Code: Unavailable, OrderID: orderID, Msg: "store", Err: err}
	}
	var found *Transaction
	for _, t := range recs {
		for _, op := range ops {
			if t.Op == op {
				found = t
			}
		}
	}
	return found, nil
}

// claim creates the record of a money-moving call, or refuses the call
// when the order already has an approved or unresolved operation of the
// same kind. A declined or failed earlier attempt of the same operation is
// reused (the order id may be tried again).
func (c *Client) claim(ctx context.Context, rec *Transaction) error {
	if err := ctx.Err(); err != nil {
		return &Error{Code: Canceled, Op: rec.Op, OrderID: rec.OrderID, Msg: "nothing was sent", Err: err}
	}
	rec.Company, rec.POS, rec.Bank = c.o.Company, c.o.POS, c.o.Bank
	if rec.Status == "" {
		rec.Status = StatusUnknown
	}
	recs, err := c.o.Store.FindOrder(ctx, c.o.Company, c.o.POS, rec.OrderID)
	if err != nil {
		return &Error{Code: Unavailable, Op: rec.Op, OrderID: rec.OrderID, Msg: "store", Err: err}
	}
	dup := func(t *Transaction) error {
		return &Error{Code: Duplicate, Op: rec.Op, OrderID: rec.OrderID, Return: returncodes.DuplicateOrder,
			Msg: fmt.Sprintf("the order already has a %s %s; use a new order id for a new attempt", t.Status, t.Op)}
	}
	var reuse *Transaction
	refunds := 0
	for _, t := range recs {
		kindMatch := t.Op == rec.Op || (isCharge(t.Op) && isCharge(rec.Op))
		if rec.Op == OpRefund && t.Op == OpRefund {
			refunds++
			if t.Status == StatusUnknown {
				return dup(t)
			}
			continue
		}
		if !kindMatch {
			continue
		}
		switch t.Status {
		case StatusDeclined, StatusError:
			if t.Op == rec.Op {
				reuse = t
			}
		default:
			return dup(t)
		}
	}
	ev := Event{Time: c.o.Clock(), Kind: EventAttempt, Status: rec.Status, Detail: string(rec.Op) + " " + rec.Amount.Decimal(rec.Currency) + " " + string(rec.Currency)}
	if rec.Op == OpRefund {
		rec.Seq = refunds + 1
	}
	if reuse != nil {
		rec.ID, rec.Seq = reuse.ID, reuse.Seq
		rec.CreatedAt = reuse.CreatedAt
		if err := c.o.Store.Update(ctx, rec, reuse.Status, ev); err != nil {
			if errors.Is(err, ErrStoreConflict) {
				return dup(reuse)
			}
			return &Error{Code: Unavailable, Op: rec.Op, OrderID: rec.OrderID, Msg: "store", Err: err}
		}
		return nil
	}
	rec.Events = []Event{ev}
	if err := c.o.Store.Create(ctx, rec); err != nil {
		if errors.Is(err, ErrStoreDuplicate) {
			return &Error{Code: Duplicate, Op: rec.Op, OrderID: rec.OrderID, Return: returncodes.DuplicateOrder,
				Msg: "another server is processing the same operation for this order"}
		}
		return &Error{Code: Unavailable, Op: rec.Op, OrderID: rec.OrderID, Msg: "store", Err: err}
	}
	return nil
}

func isCharge(op Op) bool { return op == OpSale || op == OpPreAuth }

// moneyCall runs one money-moving call under the order's lock.
func (c *Client) moneyCall(ctx context.Context, k *moneyCall) (*Result, error) {
	unlock := c.locks.lock(c.orderKey(k.rec.OrderID))
	defer unlock()
	if err := c.claim(ctx, k.rec); err != nil {
		return nil, err
	}
	return c.finish(ctx, k)
}

// finish sends the claimed call, settles its outcome and stores it.
func (c *Client) finish(ctx context.Context, k *moneyCall) (*Result, error) {
	rec := k.rec
	rctx, rc := withRecorder(ctx)
	res, err := k.do(rctx)
	var e *Error
	status := StatusUnknown
	var evs []Event
	inquire := false
	if err != nil {
		e = c.wrapErr(ctx, k.op, rec.OrderID, err)
		switch e.Code {
		case UnknownOutcome:
			inquire = true
		case InvalidCallback:
			status = StatusUnknown
		case Canceled:
			if httpx.Sent(err) {
				status = StatusUnknown
			} else {
				status = StatusError
			}
		default:
			status = StatusError
		}
		res = nil
	} else if res == nil {
		e = &Error{Code: UnknownOutcome, Op: k.op, OrderID: rec.OrderID, Return: returncodes.TimeoutUnknown, Msg: "the provider returned no result"}
		inquire = true
	} else {
		c.scrub(res)
		res.Op, res.OrderID = k.op, rec.OrderID
		if res.ThreeD == nil {
			res.ThreeD = k.threeD
		}
		if res.Approved {
			status = StatusApproved
		} else {
			if res.Return == "" || res.Return == returncodes.Approved {
				res.Return = returncodes.DoNotHonor
			}
			e = c.declineError(k.op, res)
			switch e.Code {
			case Declined:
				status = StatusDeclined
			case UnknownOutcome, Duplicate:
				inquire = true
			default:
				status = StatusError
			}
		}
		res.Status = status
	}
	if inquire {
		evs = append(evs, Event{Time: c.o.Clock(), Kind: EventResult, Status: StatusUnknown, Return: e.Return, BankCode: e.BankCode, Detail: errorText(e)})
		v, sres := c.inquire(rctx, rec, k.settle, &evs)
		switch v {
		case booked:
			res = &Result{
				Op: k.op, OrderID: rec.OrderID, Approved: true, Status: StatusApproved,
				TransactionID: sres.TransactionID, AuthCode: sres.AuthCode, RRN: sres.RRN,
				Amount: rec.Amount, Currency: rec.Currency, Installments: rec.Installments,
				Return: returncodes.Approved, BankCode: sres.BankCode, MaskedPAN: rec.MaskedPAN,
				ThreeD: k.threeD, Time: c.o.Clock(), Extra: map[string]string{"settled_by": "status_inquiry"},
			}
			if k.op != OpSale && k.op != OpPreAuth && k.op != OpComplete {
				res.TransactionID, res.AuthCode, res.RRN = "", "", ""
			}
			status, e = StatusApproved, nil
		case notBooked:
			if sres.Status == StatusDeclined && (isCharge(k.op) || k.op == OpComplete) {
				status = StatusDeclined
				res = &Result{Op: k.op, OrderID: rec.OrderID, Status: StatusDeclined, Amount: rec.Amount, Currency: rec.Currency,
					Return: sres.Return, BankCode: sres.BankCode, BankMessage: redact.String(sres.BankMessage), MaskedPAN: rec.MaskedPAN, ThreeD: k.threeD}
				e = c.declineError(k.op, res)
			} else {
				status = StatusError
				prev := e
				e = &Error{Code: Unavailable, Op: k.op, OrderID: rec.OrderID, Return: returncodes.SystemError,
					Msg: "the bank did not book it (status inquiry after an ambiguous failure)", Err: prev}
				if prev.Code == Duplicate {
					e.Code, e.Return, e.Msg = Duplicate, returncodes.DuplicateOrder, "the bank refused a duplicate order id and holds no payment for it"
				}
			}
		default:
			status = StatusUnknown
			if e.Code != UnknownOutcome {
				e = &Error{Code: UnknownOutcome, Op: k.op, OrderID: rec.OrderID, Return: returncodes.TimeoutUnknown,
					Msg: "outcome unknown; settle it with a status query", Err: e}
			}
		}
	}
	// Store the outcome.
	done := rec.Clone()
	done.Status = status
	if res != nil {
		applyResult(done, res)
		done.Status = status
	} else if e != nil {
		done.Return, done.BankCode, done.BankMessage = e.Return, e.BankCode, e.BankMessage
	}
	detail := ""
	if e != nil {
		detail = errorText(e)
	}
	evs = append(evs, Event{Time: c.o.Clock(), Kind: EventResult, Status: status, Return: done.Return, BankCode: done.BankCode, Detail: detail})
	sctx := ctx
	if ctx.Err() != nil {
		// Record the outcome even when the caller has gone.
		var cancel context.CancelFunc
		sctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
	}
	c.update(sctx, done, rec.Status, evs...)
	if status == StatusApproved && k.after != nil {
		k.after(sctx, res)
	}
	c.flush(ctx, rc, res, e)
	if e != nil {
		return res, e
	}
	return res, nil
}

// inquire asks the bank, a bounded number of times, whether the call
// booked.
func (c *Client) inquire(ctx context.Context, rec *Transaction, settle func(*Result) verdict, evs *[]Event) (verdict, *Result) {
	if c.o.StatusChecks < 0 || settle == nil {
		return undecided, nil
	}
	for i := 0; i < c.o.StatusChecks; i++ {
		select {
		case <-ctx.Done():
			return undecided, nil
		case <-time.After(c.o.StatusCheckDelay * time.Duration(i)):
		}
		sres, err := c.p.Status(ctx, &StatusRequest{OrderID: rec.OrderID, Currency: rec.Currency, BankTransactionID: rec.BankTransactionID})
		if err != nil || sres == nil {
			*evs = append(*evs, Event{Time: c.o.Clock(), Kind: EventInquiry, Status: StatusUnknown, Detail: "status inquiry failed: " + errorText(err)})
			continue
		}
		v := settle(sres)
		detail := "status inquiry: bank reports " + string(sres.Status)
		if sres.Return == returncodes.NotFound {
			detail = "status inquiry: bank does not know the order"
		}
		*evs = append(*evs, Event{Time: c.o.Clock(), Kind: EventInquiry, Status: rec.Status, Return: sres.Return, BankCode: sres.BankCode, Detail: detail})
		if v != undecided {
			return v, sres
		}
	}
	return undecided, nil
}

func (c *Client) declineError(op Op, res *Result) *Error {
	return &Error{Code: ErrorCodeFor(res.Return), Op: op, OrderID: res.OrderID, Return: res.Return,
		BankCode: res.BankCode, BankMessage: res.BankMessage}
}

func applyResult(t *Transaction, res *Result) {
	if res.TransactionID != "" {
		t.BankTransactionID = res.TransactionID
	}
	if res.AuthCode != "" {
		t.AuthCode = res.AuthCode
	}
	if res.RRN != "" {
		t.RRN = res.RRN
	}
	t.Return, t.BankCode, t.BankMessage = res.Return, res.BankCode, res.BankMessage
	if res.MaskedPAN != "" && t.MaskedPAN == "" {
		t.MaskedPAN = MaskPAN(res.MaskedPAN)
	}
	if res.ThreeD != nil {
		t.MDStatus = res.ThreeD.MDStatus
	}
	if res.Status != "" {
		t.Status = res.Status
	}
}

// update stores a transition, logging (not failing) when the store refuses.
func (c *Client) update(ctx context.Context, t *Transaction, expect TxStatus, evs ...Event) {
	if err := c.o.Store.Update(ctx, t, expect, evs...); err != nil {
		c.o.Logger.LogAttrs(ctx, slog.LevelError, "vpos: could not store the outcome",
			slog.String("order_id", t.OrderID), slog.String("op", string(t.Op)),
			slog.String("tx_status", string(t.Status)), slog.String("error", errorText(err)))
	}
}

// updateOrder applies change to the order's records that it accepts.
func (c *Client) updateOrder(ctx context.Context, orderID string, change func(*Transaction) bool, detail string) {
	for attempt := 0; attempt < 5; attempt++ {
		recs, err := c.o.Store.FindOrder(ctx, c.o.Company, c.o.POS, orderID)
		if err != nil {
			return
		}
		conflict := false
		for _, t := range recs {
			old := t.Status
			if !change(t) {
				continue
			}
			err := c.o.Store.Update(ctx, t, old, Event{Time: c.o.Clock(), Kind: EventChange, Status: t.Status, Detail: detail})
			if errors.Is(err, ErrStoreConflict) {
				conflict = true
				break
			}
		}
		if !conflict {
			return
		}
	}
}

// keyLocks serialises calls on one order within the process; the store's
// unique key and compare-and-swap updates do it across processes.
type keyLocks struct {
	mu sync.Mutex
	m  map[string]*keyLock
}

type keyLock struct {
	mu   sync.Mutex
	refs int
}

func (k *keyLocks) lock(key string) (unlock func()) {
	k.mu.Lock()
	if k.m == nil {
		k.m = map[string]*keyLock{}
	}
	l := k.m[key]
	if l == nil {
		l = &keyLock{}
		k.m[key] = l
	}
	l.refs++
	k.mu.Unlock()
	l.mu.Lock()
	return func() {
		l.mu.Unlock()
		k.mu.Lock()
		l.refs--
		if l.refs == 0 {
			delete(k.m, key)
		}
		k.mu.Unlock()
	}
}
