package posnetv1

import (
	"context"
	"strings"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/internal/redact"
	"github.com/sanalpos/vpos/returncodes"
)

// result turns a definite reply to a money-moving request into a Result:
// approved exactly when ResponseCode is "00". ReferenceCode is both the
// TransactionID (the reference of later captures, voids and refunds) and
// the RRN.
func (p *Provider) result(op vpos.Op, orderID string, rep *reply) *vpos.Result {
	rc, _ := normalise(rep.code(), false)
	res := &vpos.Result{
		Op:          op,
		OrderID:     orderID,
		Approved:    rc == returncodes.Approved,
		Status:      vpos.StatusDeclined,
		Return:      rc,
		BankCode:    rep.code(),
		BankMessage: redact.String(rep.text()),
		Time:        p.tr.Now(),
	}
	if res.Approved {
		res.Status = vpos.StatusApproved
		res.TransactionID, res.RRN, res.AuthCode = string(rep.ReferenceCode), string(rep.ReferenceCode), string(rep.AuthCode)
	}
	return res
}

// Sale charges a card (Sale).
func (p *Provider) Sale(ctx context.Context, req *vpos.SaleRequest) (*vpos.Result, error) {
	return p.charge(ctx, vpos.OpSale, "Sale", req)
}

// PreAuth reserves an amount on a card (Auth); Capture takes it.
func (p *Provider) PreAuth(ctx context.Context, req *vpos.SaleRequest) (*vpos.Result, error) {
	return p.charge(ctx, vpos.OpPreAuth, "Auth", req)
}

func (p *Provider) charge(ctx context.Context, op vpos.Op, typ string, req *vpos.SaleRequest) (*vpos.Result, error) {
	if err := checkOrderID(op, req.OrderID); err != nil {
		return nil, err
	}
	if currencyCode(req.Currency) == "" {
		return nil, &vpos.Error{Code: vpos.InvalidRequest, Op: op, OrderID: req.OrderID, Field: "Currency",
			Msg: "posnetv1: the currency has no POSNET code"}
	}
	rep, err := p.call(ctx, op, p.chargeRequest(typ, req))
	if err != nil {
		return nil, err
	}
	res := p.result(op, req.OrderID, rep)
	res.Amount, res.Currency, res.Installments = req.Amount, req.Currency, req.Installments
	res.MaskedPAN = req.Card.Masked()
	return res, nil
}

// Capture takes a pre-authorisation (Capture), fully or partly, by the
// auth's ReferenceCode: BankTransactionID, or, when that is empty, the one
// a TransactionInquiry of the order reports.
func (p *Provider) Capture(ctx context.Context, req *vpos.CaptureRequest) (*vpos.Result, error) {
	ref := req.BankTransactionID
	if ref == "" {
		st, res, err := p.lookup(ctx, vpos.OpCapture, req.OrderID)
		if res != nil || err != nil {
			return res, err
		}
		t := st.latest("auth")
		if t == nil {
			return p.notFound(vpos.OpCapture, req.OrderID, "posnetv1: the bank reports no pre-authorisation for the order"), nil
		}
		ref = string(t.HostLogKey)
	}
	r := p.newRequest("Capture", req.OrderID, macParamsPlain)
	r.Amount, r.CurrencyCode, r.ReferenceCode = ptr(int64(req.Amount)), currencyCode(req.Currency), ref
	r.InstallmentCount, r.InstallmentType = installments(0)
	rep, err := p.call(ctx, vpos.OpCapture, r)
	if err != nil {
		return nil, err
	}
	res := p.result(vpos.OpCapture, req.OrderID, rep)
	res.Amount, res.Currency = req.Amount, req.Currency
	return res, nil
}

// Void cancels a same-day sale, pre-authorisation or capture (Reverse).
// It first asks the bank (TransactionInquiry) which transaction of the
// order is the latest one standing, to send its TransactionType and
// ReferenceCode.
func (p *Provider) Void(ctx context.Context, req *vpos.VoidRequest) (*vpos.Result, error) {
	st, res, err := p.lookup(ctx, vpos.OpVoid, req.OrderID)
	if res != nil || err != nil {
		return res, err
	}
	t := st.latest("capture", "sale", "auth")
	if t == nil {
		return p.notFound(vpos.OpVoid, req.OrderID, "posnetv1: the bank reports no transaction to reverse for the order"), nil
	}
	r := p.newRequest("Reverse", req.OrderID, macParamsRef)
	r.ReferenceCode, r.TransactionType = string(t.HostLogKey), wireType(kindOf(string(t.TransactionType)))
	if r.ReferenceCode == "" {
		r.ReferenceCode = req.BankTransactionID
	}
	if r.ReferenceCode == "" {
		r.OrderID = st.ref
	}
	rep, err := p.call(ctx, vpos.OpVoid, r)
	if err != nil {
		return nil, err
	}
	res = p.result(vpos.OpVoid, req.OrderID, rep)
	res.Amount, res.Currency = req.Amount, req.Currency
	return res, nil
}

// Refund returns money of a sale or capture (Return), fully or partly;
// several partial refunds may follow each other. The original is named by
// its ReferenceCode (BankTransactionID when known, else the one a
// TransactionInquiry reports).
func (p *Provider) Refund(ctx context.Context, req *vpos.RefundRequest) (*vpos.Result, error) {
	ref, typ, byOrder := req.BankTransactionID, "Sale", ""
	if ref == "" {
		st, res, err := p.lookup(ctx, vpos.OpRefund, req.OrderID)
		if res != nil || err != nil {
			return res, err
		}
		t := st.latest("capture", "sale")
		if t == nil {
			return p.notFound(vpos.OpRefund, req.OrderID, "posnetv1: the bank reports no sale to refund for the order"), nil
		}
		ref, typ = string(t.HostLogKey), wireType(kindOf(string(t.TransactionType)))
		if ref == "" {
			byOrder = st.ref
		}
	}
	r := p.newRequest("Return", req.OrderID, macParamsRef)
	r.ReferenceCode, r.OrderID, r.TransactionType = ref, byOrder, typ
	r.Amount, r.CurrencyCode = ptr(int64(req.Amount)), currencyCode(req.Currency)
	rep, err := p.call(ctx, vpos.OpRefund, r)
	if err != nil {
		return nil, err
	}
	res := p.result(vpos.OpRefund, req.OrderID, rep)
	res.Amount, res.Currency = req.Amount, req.Currency
	return res, nil
}

// notFound is the definite Result for an order the bank does not know.
func (p *Provider) notFound(op vpos.Op, orderID, msg string) *vpos.Result {
	return &vpos.Result{Op: op, OrderID: orderID, Status: vpos.StatusDeclined, Return: returncodes.NotFound,
		BankCode: "E219", BankMessage: msg, Time: p.tr.Now()}
}

// orderState is what a TransactionInquiry reported about an order.
type orderState struct {
	ref  string // the OrderId the bank knew the order by
	rows []txn  // newest first
}

// lookup runs TransactionInquiry for an order: by the 20-character OrderId
// the payments were sent with, then by the 3-D Secure reference (TDS_ +
// OrderId, posnet.md §10). When the bank knows neither it returns a
// definite Result for op (Return NotFound); a refusal of the query itself
// (0148, E216, ...) is returned as that refusal.
func (p *Provider) lookup(ctx context.Context, op vpos.Op, id string) (*orderState, *vpos.Result, error) {
	var last *reply
	for _, ref := range []string{orderID(id), ThreeDPrefix + orderID(id)} {
		r := p.newRequest("TransactionInquiry", id, macParamsPlain)
		r.OrderID = ref
		rep, err := p.call(ctx, vpos.OpStatus, r)
		if err != nil {
			return nil, nil, err
		}
		last = rep
		rc, _ := normalise(rep.code(), true)
		if rc == returncodes.Approved && len(rep.TransactionData) > 0 {
			return &orderState{ref: ref, rows: rep.TransactionData}, nil, nil
		}
		if rc != returncodes.Approved && rc != returncodes.NotFound {
			return nil, &vpos.Result{Op: op, OrderID: id, Status: vpos.StatusDeclined, Return: rc, BankCode: rep.code(),
				BankMessage: redact.String(rep.text()), Time: p.tr.Now()}, nil
		}
	}
	res := p.notFound(op, id, "posnetv1: the bank does not know the order")
	if last != nil && last.code() != codeInquiryOK {
		res.BankCode, res.BankMessage = last.code(), redact.String(last.text())
	}
	return nil, res, nil
}

// kindOf is the lower-case kind of a TransactionType.
func kindOf(s string) string {
	switch s = strings.ToLower(strings.TrimSpace(s)); s {
	case "capt", "postauth":
		return "capture"
	case "refund":
		return "return"
	case "void", "cancel":
		return "reverse"
	}
	return s
}

// wireType is the TransactionType spelling of a kind.
func wireType(kind string) string {
	switch kind {
	case "auth":
		return "Auth"
	case "capture":
		return "Capture"
	}
	return "Sale"
}

func (t *txn) success() bool {
	s := strings.TrimSpace(string(t.TransactionStatus))
	return s == "1" || s == ""
}

// latest returns the newest successful row of the first kind, in kinds'
// order, the order has; nil when none.
func (s *orderState) latest(kinds ...string) *txn {
	for _, k := range kinds {
		for i := range s.rows {
			if t := &s.rows[i]; kindOf(string(t.TransactionType)) == k && t.success() {
				return t
			}
		}
	}
	return nil
}

// inquiryTimeLayouts are the TransactionDate layouts (posnet.md §12: no
// space between date and time).
var inquiryTimeLayouts = []string{"2006-01-0215:04:05.000", "2006-01-0215:04:05", "2006-01-02 15:04:05.000", "2006-01-02 15:04:05", "2006-01-02T15:04:05"}

func bankTime(s string) (time.Time, bool) {
	for _, l := range inquiryTimeLayouts {
		if t, err := time.ParseInLocation(l, strings.TrimSpace(s), vpos.Istanbul()); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// turkishAmount reads an inquiry amount: "1,75", "1.250,00", or a dot
// decimal ("12.50").
func turkishAmount(s string) (vpos.Amount, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if strings.Contains(s, ",") {
		s = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
	} else if i := strings.LastIndexByte(s, '.'); i >= 0 && len(s)-i-1 == 3 {
		s = strings.ReplaceAll(s, ".", "")
	}
	a, err := vpos.ParseAmount(s, vpos.TRY)
	return a, err == nil && a >= 0
}

// Status asks the bank about an order (TransactionInquiry).
//
// For an order the bank knows, Status is its state (approved, declined,
// voided, refunded, partially_refunded), Amount the sale or pre-authorised
// amount, CapturedAmount what was taken, RefundedAmount the sum of the
// successful returns, and the references those of the sale or
// pre-authorisation. For an order it does not know (E219), Return is
// returncodes.NotFound.
func (p *Provider) Status(ctx context.Context, req *vpos.StatusRequest) (*vpos.Result, error) {
	st, res, err := p.lookup(ctx, vpos.OpStatus, req.OrderID)
	if err != nil {
		return nil, err
	}
	if res != nil {
		res.Status = ""
		return res, nil
	}
	return p.summarise(req.OrderID, st)
}

// summarise turns inquiry rows into a status Result.
func (p *Provider) summarise(id string, st *orderState) (*vpos.Result, error) {
	res := &vpos.Result{Op: vpos.OpStatus, OrderID: id, Time: p.tr.Now()}
	orig := st.latest("sale", "auth")
	if orig == nil {
		t := st.rows[0]
		res.Status, res.Return, res.BankCode = vpos.StatusDeclined, returncodes.DoNotHonor, "TransactionStatus:"+string(t.TransactionStatus)
		res.Amount, _ = turkishAmount(string(t.Amount))
		res.Currency, _ = currencyOf(string(t.CurrencyCode))
		res.MaskedPAN = string(t.CardNo)
		return res, nil
	}
	amt, ok := turkishAmount(string(orig.Amount))
	if !ok {
		return nil, &vpos.Error{Code: vpos.UnknownOutcome, Op: vpos.OpStatus, OrderID: id, Return: returncodes.TimeoutUnknown,
			Msg: "posnetv1: the inquiry amount is not an amount", Err: errReply}
	}
	res.Amount = amt
	res.Currency, _ = currencyOf(string(orig.CurrencyCode))
	res.TransactionID, res.RRN, res.AuthCode = string(orig.HostLogKey), string(orig.HostLogKey), string(orig.AuthCode)
	res.MaskedPAN = string(orig.CardNo)
	if t, ok := bankTime(string(orig.TransactionDate)); ok {
		res.Time = t
	}
	var captured, refunded vpos.Amount
	voided := false
	for i := range st.rows {
		t := &st.rows[i]
		if !t.success() {
			continue
		}
		k := kindOf(string(t.TransactionType))
		a, ok := turkishAmount(string(t.Amount))
		if !ok && (k == "capture" || k == "return") {
			return nil, &vpos.Error{Code: vpos.UnknownOutcome, Op: vpos.OpStatus, OrderID: id, Return: returncodes.TimeoutUnknown,
				Msg: "posnetv1: an inquiry amount is not an amount", Err: errReply}
		}
		switch k {
		case "capture":
			captured += a
		case "return":
			refunded += a
		case "reverse":
			voided = true
		}
	}
	if kindOf(string(orig.TransactionType)) == "sale" {
		captured = amt
	}
	res.CapturedAmount, res.RefundedAmount = captured, refunded
	switch {
	case voided:
		res.Status = vpos.StatusVoided
	case refunded > 0 && refunded >= captured:
		res.Status = vpos.StatusRefunded
	case refunded > 0:
		res.Status = vpos.StatusPartiallyRefunded
	default:
		res.Status = vpos.StatusApproved
	}
	res.Approved, res.Return = true, returncodes.Approved
	res.Extra = map[string]string{"transaction_type": string(orig.TransactionType), "order_ref": st.ref}
	return res, nil
}
