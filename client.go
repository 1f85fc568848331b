package vpos

import (
	"context"
	"errors"
	"fmt"
	"net"
	"reflect"
	"strings"

	"github.com/sanalpos/vpos/internal/httpx"
	"github.com/sanalpos/vpos/internal/redact"
	"github.com/sanalpos/vpos/returncodes"
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
	return checkID("OrderID", id)
}

// checkID checks a non-empty order or request id: at most 64 letters,
// digits, '-', '_' and '.'.
func checkID(field, id string) *Error {
	if len(id) > 64 {
		return invalidField(field, "is longer than 64 characters")
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return invalidField(field, fmt.Sprintf("contains %q; use letters, digits, '-', '_' and '.'", r))
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
	if r.RequestID != "" {
		if !c.feat.RefundLookup {
			return nil, &Error{Code: Unsupported, Op: OpStatus, OrderID: r.OrderID, Field: "RequestID",
				Msg: "this provider cannot look up a single refund"}
		}
		if e := checkID("RequestID", r.RequestID); e != nil {
			e.Op, e.OrderID = OpStatus, r.OrderID
			return nil, e
		}
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
	if err == nil && res != nil && r.RequestID == "" {
		c.sumRefunds(rctx, &r, res)
	}
	e := c.readError(ctx, OpStatus, r.OrderID, res, err)
	if e != nil && e.Code == Auth {
		e.Msg = strings.TrimPrefix(e.Msg+"; "+c.ipNote(rc), "; ")
	}
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

// sumRefunds completes a status answer that says "refunded" without an
// amount (Result.RefundedAmount) where the provider can look refunds up:
// it asks the bank about each refund of the order this Client sent (approved
// or of unknown outcome in the store) and reports the sum of those the bank
// holds approved, as refunded or partially refunded. Refunds the store does
// not know (made at the bank's own panel) cannot be counted; when none
// counts, the answer stays as the bank gave it, with Extra
// "refunded_amount" "unknown".
func (c *Client) sumRefunds(ctx context.Context, q *StatusRequest, res *Result) {
	if !c.feat.RefundLookup || res.RefundedAmount != 0 ||
		(res.Status != StatusRefunded && res.Status != StatusPartiallyRefunded) {
		return
	}
	recs, err := c.o.Store.FindOrder(ctx, c.o.Company, c.o.POS, q.OrderID)
	var sum Amount
	complete := err == nil
	for _, t := range recs {
		if t.Op != OpRefund || (t.Status != StatusApproved && t.Status != StatusUnknown) {
			continue
		}
		a, err := c.p.Status(ctx, &StatusRequest{OrderID: q.OrderID, Currency: t.Currency, RequestID: t.ID})
		switch {
		case err != nil || a == nil:
			complete = false
		case a.Status == StatusApproved:
			if a.Amount == 0 {
				a.Amount = t.Amount
			}
			sum += a.Amount
		}
	}
	if res.Extra == nil {
		res.Extra = map[string]string{}
	}
	if sum == 0 {
		res.Extra["refunded_amount"] = "unknown"
		return
	}
	res.RefundedAmount = sum
	res.Status = StatusRefunded
	if sum < res.Amount {
		res.Status = StatusPartiallyRefunded
	}
	res.Extra["refunded_amount"] = "sum of the refunds looked up"
	if !complete {
		res.Extra["refunded_amount"] = "at least: a refund could not be looked up"
	}
}

// History returns the bank's records of a period (Features.History), or of
// one order when req.OrderID is set (Features.OrderHistory).
func (c *Client) History(ctx context.Context, req *HistoryRequest) ([]BankTransaction, error) {
	if req == nil {
		return nil, invalidField("HistoryRequest", "is nil")
	}
	rp, ok := c.p.(Reporter)
	if req.OrderID == "" && (!c.feat.History || !ok) {
		return nil, unsupported(OpHistory, "a date-range history")
	}
	if req.OrderID != "" && (!c.feat.OrderHistory || !ok) {
		return nil, unsupported(OpHistory, "order history")
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
