package posnet

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/internal/redact"
	"github.com/sanalpos/vpos/returncodes"
)

// contentType is the request's content type: a form with the single field
// xmldata (posnet.md §1).
var contentType = []string{"application/x-www-form-urlencoded; charset=ISO-8859-9"}

// call encodes r, sends it and reads the reply. Transport errors are
// returned unchanged; a reply that cannot be read wraps
// vpos.ErrUnknownOutcome: for a money-moving op the bank may have booked it.
func (p *Provider) call(ctx context.Context, op vpos.Op, r *request) (*reply, error) {
	body, err := p.encode(r)
	if err != nil {
		return nil, fmt.Errorf("posnet: encoding the %s request: %w", r.Op, err)
	}
	resp, err := p.tr.Do(ctx, &vpos.BankRequest{
		Op:      op,
		OrderID: r.OrderID,
		Method:  http.MethodPost,
		URL:     p.cfg.Endpoint.API,
		Header:  http.Header{"Content-Type": contentType},
		Body:    body,
		Format:  "form",
	})
	if err != nil {
		return nil, err
	}
	rep, err := parseReply(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("posnet: unusable %s reply (HTTP %d): %v: %w", r.Op, resp.StatusCode, err, vpos.ErrUnknownOutcome)
	}
	return rep, nil
}

// tranDateLayout is the tranDate of financial replies (yyMMddHHmmss).
const tranDateLayout = "060102150405"

// result turns a definite reply to a money-moving request into a Result:
// approved exactly when approved is "1" and respCode is empty. hostlogkey
// is both the TransactionID (the reference of later captures, voids and
// refunds) and the RRN.
func (p *Provider) result(op vpos.Op, orderID string, rep *reply) *vpos.Result {
	rc, _ := normalise(rep.Approved, rep.RespCode)
	res := &vpos.Result{
		Op:            op,
		OrderID:       orderID,
		Approved:      rc == returncodes.Approved,
		Status:        vpos.StatusDeclined,
		TransactionID: rep.HostLogKey,
		AuthCode:      rep.AuthCode,
		RRN:           rep.HostLogKey,
		Return:        rc,
		BankCode:      rep.RespCode,
		BankMessage:   redact.String(rep.RespText),
		Time:          p.tr.Now(),
	}
	if res.Approved {
		res.Status = vpos.StatusApproved
	} else if rep.Approved == "2" && res.BankCode == "" {
		res.BankCode = "approved:2"
	}
	if !res.Approved {
		// A duplicate's hostlogkey is the earlier transaction's.
		res.TransactionID, res.RRN, res.AuthCode = "", "", ""
	}
	if t, err := time.ParseInLocation(tranDateLayout, rep.TranDate, vpos.Istanbul()); err == nil {
		res.Time = t
	}
	if rep.Approved == "2" {
		res.Extra = map[string]string{"approved": "2", "earlier_hostlogkey": rep.HostLogKey}
	}
	return res
}

// Sale charges a card (sale).
func (p *Provider) Sale(ctx context.Context, req *vpos.SaleRequest) (*vpos.Result, error) {
	return p.charge(ctx, vpos.OpSale, "sale", req)
}

// PreAuth reserves an amount on a card (auth); Capture takes it.
func (p *Provider) PreAuth(ctx context.Context, req *vpos.SaleRequest) (*vpos.Result, error) {
	return p.charge(ctx, vpos.OpPreAuth, "auth", req)
}

func (p *Provider) charge(ctx context.Context, op vpos.Op, typ string, req *vpos.SaleRequest) (*vpos.Result, error) {
	if err := checkOrderID(op, req.OrderID, OrderIDLen); err != nil {
		return nil, err
	}
	if currencyCode(req.Currency) == "" {
		return nil, &vpos.Error{Code: vpos.InvalidRequest, Op: op, OrderID: req.OrderID, Field: "Currency",
			Msg: "posnet: the currency has no POSNET code"}
	}
	rep, err := p.call(ctx, op, chargeRequest(typ, req))
	if err != nil {
		return nil, err
	}
	res := p.result(op, req.OrderID, rep)
	res.Amount, res.Currency, res.Installments = req.Amount, req.Currency, req.Installments
	res.MaskedPAN = req.Card.Masked()
	return res, nil
}

// Capture takes a pre-authorisation (capt), fully or partly, by the auth's
// hostlogkey: BankTransactionID, or, when that is empty, the one an
// agreement query of the order reports.
func (p *Provider) Capture(ctx context.Context, req *vpos.CaptureRequest) (*vpos.Result, error) {
	key := req.BankTransactionID
	if key == "" {
		st, res, err := p.lookup(ctx, vpos.OpCapture, req.OrderID)
		if res != nil || err != nil {
			return res, err
		}
		t := st.latest("auth")
		if t == nil {
			return p.notFound(vpos.OpCapture, req.OrderID, "posnet: the bank reports no pre-authorisation for the order"), nil
		}
		key = t.HostLogKey
	}
	rep, err := p.call(ctx, vpos.OpCapture, captRequest(req.OrderID, key, req.Amount, req.Currency, 0))
	if err != nil {
		return nil, err
	}
	res := p.result(vpos.OpCapture, req.OrderID, rep)
	res.Amount, res.Currency = req.Amount, req.Currency
	return res, nil
}

// Void cancels a same-day sale, pre-authorisation or capture (reverse).
// It first asks the bank (agreement) which transaction of the order is the
// latest one standing, to send its kind (sale, auth, capt) and hostlogkey.
func (p *Provider) Void(ctx context.Context, req *vpos.VoidRequest) (*vpos.Result, error) {
	st, res, err := p.lookup(ctx, vpos.OpVoid, req.OrderID)
	if res != nil || err != nil {
		return res, err
	}
	t := st.latest("capt", "sale", "auth")
	if t == nil {
		return p.notFound(vpos.OpVoid, req.OrderID, "posnet: the bank reports no transaction to reverse for the order"), nil
	}
	key := t.HostLogKey
	if key == "" {
		key = req.BankTransactionID
	}
	rep, err := p.call(ctx, vpos.OpVoid, reverseRequest(req.OrderID, kindOf(t.State), key))
	if err != nil {
		return nil, err
	}
	res = p.result(vpos.OpVoid, req.OrderID, rep)
	res.Amount, res.Currency = req.Amount, req.Currency
	return res, nil
}

// Refund returns money of a sale or capture (return), fully or partly;
// several partial refunds may follow each other. The original is named by
// its hostlogkey (BankTransactionID) when known, else by the order id
// (24-character orderID; a 3-D Secure order with the TDSC prefix).
func (p *Provider) Refund(ctx context.Context, req *vpos.RefundRequest) (*vpos.Result, error) {
	name, ref := "hostLogKey", req.BankTransactionID
	if ref == "" {
		st, res, err := p.lookup(ctx, vpos.OpRefund, req.OrderID)
		if res != nil || err != nil {
			return res, err
		}
		t := st.latest("capt", "sale")
		if t == nil {
			return p.notFound(vpos.OpRefund, req.OrderID, "posnet: the bank reports no sale to refund for the order"), nil
		}
		if ref = t.HostLogKey; ref == "" {
			name, ref = "orderID", st.ref
		}
	}
	rep, err := p.call(ctx, vpos.OpRefund, returnRequest(req.OrderID, req.Amount, req.Currency, name, ref))
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
		BankCode: "0123", BankMessage: msg, Time: p.tr.Now()}
}

// parseKurus reads an amount in kuruş ("15075"); ok is false otherwise.
func parseKurus(s string) (vpos.Amount, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, false
	}
	return vpos.Amount(n), true
}
