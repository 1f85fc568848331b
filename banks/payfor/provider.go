package payfor

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
)

// contentType is the content type of every request (payfor.md §1).
var contentType = []string{"text/xml; charset=UTF-8"}

// post sends one PayforRequest to the XML API. Transport errors are
// returned unchanged: the Transport resends a money-moving request only
// when it provably never left.
func (p *Provider) post(ctx context.Context, op vpos.Op, orderID string, body []byte) (*vpos.BankResponse, error) {
	return p.tr.Do(ctx, &vpos.BankRequest{
		Op:      op,
		OrderID: orderID,
		Method:  http.MethodPost,
		URL:     p.cfg.Endpoint.API,
		Header:  http.Header{"Content-Type": contentType},
		Body:    body,
		Format:  "xml",
	})
}

// call sends a payment, post-auth, void, refund or 3DModelPayment request
// and reads the reply. Transport errors are returned unchanged; a reply
// that cannot be read, or that is not a definite answer for the order
// (checkPayment), wraps vpos.ErrUnknownOutcome: the bank may have booked
// it.
func (p *Provider) call(ctx context.Context, op vpos.Op, orderID string, body []byte) (fields, error) {
	resp, err := p.post(ctx, op, orderID, body)
	if err != nil {
		return nil, err
	}
	f, err := parseReply(resp.Body)
	if err == nil {
		err = checkPayment(f, orderID)
	}
	if err != nil {
		return nil, fmt.Errorf("payfor: unusable %s reply (HTTP %d): %v: %w", op, resp.StatusCode, err, vpos.ErrUnknownOutcome)
	}
	return f, nil
}

// result turns a definite payment reply into a Result: approved exactly
// when ProcReturnCode is "00". TransId only echoes the order id (payfor.md
// §12.1), so TransactionID is HostRefNum, the bank's 12-digit reference of
// this transaction (the F37 of its reports); it is filled on declines too.
// A decline keeps no AuthCode (a refused refund echoes the sale's, §12.2).
func (p *Provider) result(op vpos.Op, orderID string, f fields) *vpos.Result {
	prc := f.get("ProcReturnCode")
	res := &vpos.Result{
		Op:            op,
		OrderID:       orderID,
		Approved:      prc == approvedCode,
		Status:        vpos.StatusDeclined,
		TransactionID: f.get("HostRefNum"),
		AuthCode:      f.get("AuthCode"),
		RRN:           f.get("HostRefNum"),
		BankCode:      prc,
		Time:          p.tr.Now(),
	}
	if res.Approved {
		res.Status, res.Return = vpos.StatusApproved, returncodes.Approved
	} else {
		res.Return, _ = Normalize(prc)
		res.AuthCode = ""
		res.BankMessage = firstOf(f.get("ErrMsg"), f.get("BankInternalResponseMessage"))
	}
	res.Extra = extras(f)
	return res
}

// extras picks the reply fields worth keeping beside a Result (never card
// data).
func extras(f fields) map[string]string {
	m := make(map[string]string, 4)
	add := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	add("trans_id", f.get("TransId"))
	add("txn_result", f.get("TxnResult"))
	if at := f.get("ArtiTaksit"); at != "0" {
		add("arti_taksit", at)
	}
	add("irc_code", f.get("IrcCode"))
	add("bank_internal_response_code", f.get("BankInternalResponseCode"))
	add("bank_internal_response_message", f.get("BankInternalResponseMessage"))
	if len(m) == 0 {
		return nil
	}
	return m
}

// firstOf returns the first non-empty value, trimmed.
func firstOf(values ...string) string {
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// Sale charges a card (SecureType NonSecure, TxnType Auth; MOTO 1 for a
// mail/telephone order).
func (p *Provider) Sale(ctx context.Context, req *vpos.SaleRequest) (*vpos.Result, error) {
	return p.charge(ctx, vpos.OpSale, txnAuth, req)
}

// PreAuth reserves an amount on a card (TxnType PreAuth); Capture takes it.
func (p *Provider) PreAuth(ctx context.Context, req *vpos.SaleRequest) (*vpos.Result, error) {
	return p.charge(ctx, vpos.OpPreAuth, txnPreAuth, req)
}

func (p *Provider) charge(ctx context.Context, op vpos.Op, txn string, req *vpos.SaleRequest) (*vpos.Result, error) {
	body, err := buildCharge(&p.cfg, txn, req)
	if err != nil {
		return nil, err
	}
	f, err := p.call(ctx, op, req.OrderID, body)
	if err != nil {
		return nil, err
	}
	res := p.result(op, req.OrderID, f)
	res.Amount, res.Currency, res.Installments = req.Amount, req.Currency, req.Installments
	res.MaskedPAN = req.Card.Masked()
	return res, nil
}

// Capture closes a pre-authorisation (TxnType PostAuth by OrgOrderId),
// fully or partly; the bank also accepts a capture a little above the
// pre-authorised amount (payfor.md §12.6; V027 beyond its tolerance). An
// Amount of 0 captures the pre-authorised amount, which is then read with
// an OrderInquiry first.
func (p *Provider) Capture(ctx context.Context, req *vpos.CaptureRequest) (*vpos.Result, error) {
	amount, cur := req.Amount, req.Currency
	if amount == 0 {
		rec, refusal, err := p.order(ctx, vpos.OpCapture, req.OrderID, cur)
		if refusal != nil || err != nil {
			return refusal, err
		}
		amount, cur = rec.Amount, rec.Currency
	}
	if cur == "" {
		cur = vpos.TRY
	}
	body, err := buildPostAuth(&p.cfg, req.OrderID, amount, cur)
	if err != nil {
		return nil, err
	}
	f, err := p.call(ctx, vpos.OpCapture, req.OrderID, body)
	if err != nil {
		return nil, err
	}
	res := p.result(vpos.OpCapture, req.OrderID, f)
	res.Amount, res.Currency = amount, cur
	return res, nil
}

// Void cancels an order before the bank's end of day (TxnType Void by
// OrgOrderId): the bank voids the order's latest financial record, the
// capture when there is one (payfor.md §12.6). No amount is sent.
func (p *Provider) Void(ctx context.Context, req *vpos.VoidRequest) (*vpos.Result, error) {
	cur := req.Currency
	if cur == "" {
		cur = vpos.TRY
	}
	body, err := buildVoid(&p.cfg, req.OrderID, cur)
	if err != nil {
		return nil, err
	}
	f, err := p.call(ctx, vpos.OpVoid, req.OrderID, body)
	if err != nil {
		return nil, err
	}
	res := p.result(vpos.OpVoid, req.OrderID, f)
	res.Amount, res.Currency = req.Amount, cur
	return res, nil
}

// Refund returns money of a sale or capture after the bank's end of day
// (TxnType Refund by OrgOrderId; the bank answers V014 on the day of the
// sale: void then), fully or partly; several partial refunds may follow
// each other until the captured amount is used up (V015 beyond). An Amount
// of 0 refunds what is left, which is then read with an OrderInquiry
// first.
func (p *Provider) Refund(ctx context.Context, req *vpos.RefundRequest) (*vpos.Result, error) {
	amount, cur := req.Amount, req.Currency
	if amount == 0 {
		rec, refusal, err := p.order(ctx, vpos.OpRefund, req.OrderID, cur)
		if refusal != nil || err != nil {
			return refusal, err
		}
		cur = rec.Currency
		if amount = rec.Amount - rec.RefundedAmount; amount <= 0 {
			return nil, &vpos.Error{Code: vpos.InvalidRequest, Op: vpos.OpRefund, OrderID: req.OrderID, Field: "Amount",
				Return: returncodes.InvalidTransactionState, Msg: "payfor: the bank reports nothing left to refund"}
		}
	}
	if cur == "" {
		cur = vpos.TRY
	}
	body, err := buildRefund(&p.cfg, req.OrderID, amount, cur)
	if err != nil {
		return nil, err
	}
	f, err := p.call(ctx, vpos.OpRefund, req.OrderID, body)
	if err != nil {
		return nil, err
	}
	res := p.result(vpos.OpRefund, req.OrderID, f)
	res.Amount, res.Currency = amount, cur
	return res, nil
}

// order reads the order's record with an OrderInquiry, for a capture or
// refund that does not name its amount. When the bank holds no record, or
// refuses the query, it returns that answer as a Result for op (Return
// NotFound, or the refusal's code) with an empty Status. Nothing
// money-moving has been sent when it fails, and its errors say so.
func (p *Provider) order(ctx context.Context, op vpos.Op, orderID string, want vpos.Currency) (*vpos.Result, *vpos.Result, error) {
	st, err := p.inquire(ctx, orderID, want)
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, err
		}
		return nil, nil, &vpos.Error{Code: vpos.Unavailable, Op: op, OrderID: orderID, Return: returncodes.SystemError,
			Msg: "payfor: the order inquiry that reads the amount failed; nothing was sent", Err: err}
	}
	switch {
	case st.Status == "":
		st.Op = op
		return nil, st, nil
	case st.Amount <= 0:
		return nil, nil, &vpos.Error{Code: vpos.InvalidRequest, Op: op, OrderID: orderID, Field: "Amount",
			Msg: "payfor: is 0 and the bank's record of the order states no amount; name the amount"}
	}
	return st, nil, nil
}
