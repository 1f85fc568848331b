package posnet

import (
	"context"
	"strings"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
)

// orderState is what an agreement query reported about an order.
type orderState struct {
	// ref is the orderID the bank knew the order by (padded, or prefixed
	// for a 3-D Secure order).
	ref string
	// rep is the agreement reply; its Txns are newest first.
	rep *reply
}

// lookup runs the agreement query of an order (posnet.md §4, §11.4): first
// by the 24-character orderID of a non-3D order, then, when the bank does
// not know it and the id fits an XID, by the 3-D Secure reference (prefix
// + XID, posnet.md §3.1). When the bank does not know the order, or refuses
// the query, it returns a definite Result for op instead (Return NotFound,
// or the refusal); transport and parse failures are returned as errors.
func (p *Provider) lookup(ctx context.Context, op vpos.Op, id string) (*orderState, *vpos.Result, error) {
	refs := []string{orderID(id)}
	if len(id) <= XIDLen {
		refs = append(refs, p.cfg.prefix()+xid(id))
	}
	var last *reply
	for _, ref := range refs {
		rep, err := p.call(ctx, vpos.OpStatus, agreementRequest(id, ref))
		if err != nil {
			return nil, nil, err
		}
		last = rep
		if rep.Approved == "1" && len(rep.Txns) > 0 {
			return &orderState{ref: ref, rep: rep}, nil, nil
		}
		if rc, _ := normalise(rep.Approved, rep.RespCode); rc != returncodes.NotFound && !(rep.Approved == "1" && len(rep.Txns) == 0) {
			// A refusal of the query itself (0148, ...): report it.
			res := p.result(op, id, rep)
			res.Approved, res.Status = false, vpos.StatusDeclined
			return nil, res, nil
		}
	}
	res := p.notFound(op, id, "posnet: the bank does not know the order")
	if last != nil && last.RespCode != "" {
		res.BankCode, res.BankMessage = last.RespCode, last.RespText
	}
	return nil, res, nil
}

// success reports whether a transaction row was successful (txnStatus 1).
func (t *txn) success() bool {
	s := strings.TrimSpace(t.TxnStatus)
	return s == "1" || strings.EqualFold(s, "Y") || s == ""
}

// kindOf is the lower-case kind of a row's state (Sale -> sale, Capt ->
// capt, Return -> return, Reverse -> reverse).
func kindOf(state string) string {
	s := strings.ToLower(strings.TrimSpace(state))
	switch s {
	case "sale", "auth", "capt", "return", "reverse":
		return s
	case "capture", "postauth":
		return "capt"
	case "refund":
		return "return"
	case "void", "cancel":
		return "reverse"
	}
	return s
}

// latest returns the newest successful row of the first kind, in kinds'
// order, that the order has; nil when none.
func (s *orderState) latest(kinds ...string) *txn {
	for _, k := range kinds {
		for i := range s.rep.Txns {
			t := &s.rep.Txns[i]
			if kindOf(t.State) == k && t.success() {
				return t
			}
		}
	}
	return nil
}

// agreementTimeLayouts are the tranDate layouts of agreement rows.
var agreementTimeLayouts = []string{"2006-01-02 15:04:05.000", "2006-01-02 15:04:05", "060102150405"}

// Status asks the bank about an order with the agreement query.
//
// For an order the bank knows, Status is its state (approved, declined,
// voided, refunded, partially_refunded), Amount the sale or pre-authorised
// amount, CapturedAmount what was taken (a sale: its amount), RefundedAmount
// the sum of the successful returns, and the references those of the sale
// or pre-authorisation. For an order it does not know, Return is
// returncodes.NotFound.
func (p *Provider) Status(ctx context.Context, req *vpos.StatusRequest) (*vpos.Result, error) {
	st, res, err := p.lookup(ctx, vpos.OpStatus, req.OrderID)
	if err != nil {
		return nil, err
	}
	if res != nil {
		// Unknown order (Return NotFound) or a refused query: no state.
		res.Status = ""
		return res, nil
	}
	return p.summarise(req.OrderID, st)
}

// summarise turns an agreement reply into a status Result.
func (p *Provider) summarise(id string, st *orderState) (*vpos.Result, error) {
	res := &vpos.Result{Op: vpos.OpStatus, OrderID: id, Time: p.tr.Now()}
	orig := st.latest("sale", "auth")
	if orig == nil {
		// The bank knows the order but holds no successful payment.
		t := st.rep.Txns[0]
		res.Status, res.Return, res.BankCode = vpos.StatusDeclined, returncodes.DoNotHonor, "txnStatus:"+t.TxnStatus
		res.Amount, _ = turkishAmount(t.Amount)
		res.Currency, _ = currencyOf(t.CurrencyCode)
		res.MaskedPAN = maskedPAN(t.MaskedPAN)
		return res, nil
	}
	amt, ok := turkishAmount(orig.Amount)
	if !ok {
		return nil, replyErrUnknown("the agreement amount is not an amount")
	}
	res.Amount = amt
	res.Currency, _ = currencyOf(orig.CurrencyCode)
	res.TransactionID, res.RRN, res.AuthCode = orig.HostLogKey, orig.HostLogKey, orig.AuthCode
	res.MaskedPAN = maskedPAN(orig.MaskedPAN)
	if t, ok := bankTime(orig.TranDate); ok {
		res.Time = t
	}
	var captured, refunded vpos.Amount
	voided := false
	for i := range st.rep.Txns {
		t := &st.rep.Txns[i]
		if !t.success() {
			continue
		}
		a, ok := turkishAmount(t.Amount)
		if !ok && (kindOf(t.State) == "capt" || kindOf(t.State) == "return") {
			return nil, replyErrUnknown("an agreement amount is not an amount")
		}
		switch kindOf(t.State) {
		case "capt":
			captured += a
		case "return":
			refunded += a
		case "reverse":
			voided = true
		}
	}
	if kindOf(orig.State) == "sale" {
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
	res.Extra = map[string]string{"state": orig.State, "order_ref": st.ref}
	return res, nil
}

// replyErrUnknown wraps errReply and vpos.ErrUnknownOutcome.
func replyErrUnknown(msg string) error {
	return &vpos.Error{Code: vpos.UnknownOutcome, Op: vpos.OpStatus, Return: returncodes.TimeoutUnknown,
		Msg: "posnet: " + msg, Err: errReply}
}

// turkishAmount reads an agreement amount: Turkish decimal ("1,16",
// "1.250,00"); a dot followed by other than three digits is read as a
// decimal point ("12.50"). ok is false for anything else.
func turkishAmount(s string) (vpos.Amount, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if strings.Contains(s, ",") {
		s = strings.ReplaceAll(s, ".", "")
	} else if i := strings.LastIndexByte(s, '.'); i >= 0 && len(s)-i-1 == 3 {
		s = strings.ReplaceAll(s, ".", "")
	}
	a, err := vpos.ParseAmount(s, vpos.TRY)
	return a, err == nil
}

// maskedPAN removes the spaces of an agreement ccno ("4506 34** **** 4637").
func maskedPAN(s string) string { return strings.ReplaceAll(strings.TrimSpace(s), " ", "") }

// bankTime parses an agreement tranDate (Europe/Istanbul).
func bankTime(s string) (time.Time, bool) {
	for _, l := range agreementTimeLayouts {
		if t, err := time.ParseInLocation(l, strings.TrimSpace(s), vpos.Istanbul()); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
