package garanti

import (
	"context"
	"fmt"
	"net/http"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
)

// contentType is the request's content type: the raw GVPSRequest in UTF-8
// (garanti.md §1).
var contentType = []string{"text/xml; charset=utf-8"}

// call encodes r, sends it and reads the reply. Transport errors are
// returned unchanged; a reply that cannot be read, or that answers for
// another order, wraps vpos.ErrUnknownOutcome: for a money-moving op the
// bank may have booked it.
func (p *Provider) call(ctx context.Context, op vpos.Op, r *request) (*reply, error) {
	body, err := p.encode(r)
	if err != nil {
		return nil, fmt.Errorf("garanti: encoding the %s request: %w", r.Type, err)
	}
	resp, err := p.tr.Do(ctx, &vpos.BankRequest{
		Op:      op,
		OrderID: r.OrderID,
		Method:  http.MethodPost,
		URL:     p.cfg.Endpoint.API,
		Header:  http.Header{"Content-Type": contentType},
		Body:    body,
		Format:  "xml",
	})
	if err != nil {
		return nil, err
	}
	rep, err := parseReply(resp.Body)
	if err == nil && rep.OrderID != "" && r.OrderID != "" && rep.OrderID != r.OrderID {
		err = fmt.Errorf("%w: the reply is for another order", errReply)
	}
	if err != nil {
		return nil, fmt.Errorf("garanti: unusable %s reply (HTTP %d): %v: %w", r.Type, resp.StatusCode, err, vpos.ErrUnknownOutcome)
	}
	return rep, nil
}

// result turns a definite reply to a money-moving request into a Result:
// approved exactly when Transaction/Response/Code is "00". RetrefNum is
// both the TransactionID (the OriginalRetrefNum of later captures, voids
// and refunds) and the RRN.
func (p *Provider) result(op vpos.Op, orderID string, rep *reply) *vpos.Result {
	rc, _ := normalise(rep.Code, rep.ReasonCode, rep.SysErrMsg)
	res := &vpos.Result{
		Op:            op,
		OrderID:       orderID,
		Approved:      rep.Code == "00",
		Status:        vpos.StatusDeclined,
		TransactionID: rep.RetrefNum,
		AuthCode:      rep.AuthCode,
		RRN:           rep.RetrefNum,
		Return:        rc,
		BankCode:      bankCode(rep.Code, rep.ReasonCode),
		BankMessage:   bankMessage(rep.Message, rep.ErrorMsg, rep.SysErrMsg),
		MaskedPAN:     rep.CardNumberMasked,
		Time:          p.tr.Now(),
	}
	if res.Approved {
		res.Status = vpos.StatusApproved
	}
	if t, ok := bankTime(rep.ProvDate, provDateLayout); ok {
		res.Time = t
	}
	res.Extra = extra(map[string]string{
		"source":       rep.Source,
		"reason_code":  rep.ReasonCode,
		"batch_num":    rep.BatchNum,
		"sequence_num": rep.SequenceNum,
		"card_type":    rep.CardType,
	})
	return res
}

// extra drops the empty values; nil when none is left.
func extra(m map[string]string) map[string]string {
	for k, v := range m {
		if v == "" {
			delete(m, k)
		}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

// Sale charges a card (Type sales).
func (p *Provider) Sale(ctx context.Context, req *vpos.SaleRequest) (*vpos.Result, error) {
	return p.charge(ctx, vpos.OpSale, "sales", req)
}

// PreAuth reserves an amount on a card (Type preauth); Capture takes it.
func (p *Provider) PreAuth(ctx context.Context, req *vpos.SaleRequest) (*vpos.Result, error) {
	return p.charge(ctx, vpos.OpPreAuth, "preauth", req)
}

func (p *Provider) charge(ctx context.Context, op vpos.Op, typ string, req *vpos.SaleRequest) (*vpos.Result, error) {
	if req.CustomerIP == "" {
		// The bank rejects a payment without Customer/IPAddress (garanti.md
		// §12.2: "CustomerIPAddress field must contain value").
		return nil, &vpos.Error{Code: vpos.InvalidRequest, Op: op, OrderID: req.OrderID, Field: "CustomerIP",
			Return: returncodes.InvalidRequest, Msg: "garanti: the bank requires the customer's IP address"}
	}
	rep, err := p.call(ctx, op, chargeRequest(typ, req))
	if err != nil {
		return nil, err
	}
	res := p.result(op, req.OrderID, rep)
	res.Amount, res.Currency, res.Installments = req.Amount, req.Currency, req.Installments
	if res.MaskedPAN == "" {
		res.MaskedPAN = req.Card.Masked()
	}
	return res, nil
}

// Capture takes a pre-authorisation (Type postauth), fully or partly:
// Amount is what is taken (the Client fills the pre-authorised amount when
// the request says 0). The pre-authorisation is named by its RetrefNum,
// BankTransactionID; when that is empty it is looked up with an orderinq.
func (p *Provider) Capture(ctx context.Context, req *vpos.CaptureRequest) (*vpos.Result, error) {
	retref, res, err := p.originalRetref(ctx, vpos.OpCapture, req.OrderID, req.BankTransactionID, req.Currency)
	if res != nil || err != nil {
		return res, err
	}
	rep, err := p.call(ctx, vpos.OpCapture, postAuthRequest(req.OrderID, req.Amount, req.Currency, retref))
	if err != nil {
		return nil, err
	}
	res = p.result(vpos.OpCapture, req.OrderID, rep)
	res.Amount, res.Currency = req.Amount, req.Currency
	return res, nil
}

// Void cancels a same-day sale, pre-authorisation or capture (Type void,
// refund user). The bank ignores the amount; the request carries the fixed
// 1.00 of garanti.md §4. The original is named by its RetrefNum,
// BankTransactionID; when that is empty it is looked up with an orderinq.
func (p *Provider) Void(ctx context.Context, req *vpos.VoidRequest) (*vpos.Result, error) {
	retref, res, err := p.originalRetref(ctx, vpos.OpVoid, req.OrderID, req.BankTransactionID, req.Currency)
	if res != nil || err != nil {
		return res, err
	}
	rep, err := p.call(ctx, vpos.OpVoid, voidRequest(req.OrderID, req.Currency, retref))
	if err != nil {
		return nil, err
	}
	res = p.result(vpos.OpVoid, req.OrderID, rep)
	res.Amount, res.Currency = req.Amount, req.Currency
	return res, nil
}

// Refund returns money of a sale or captured pre-authorisation (Type
// refund, refund user), fully or partly; several partial refunds may
// follow each other. The original is named by its RetrefNum,
// BankTransactionID; when that is empty it is looked up with an orderinq.
func (p *Provider) Refund(ctx context.Context, req *vpos.RefundRequest) (*vpos.Result, error) {
	retref, res, err := p.originalRetref(ctx, vpos.OpRefund, req.OrderID, req.BankTransactionID, req.Currency)
	if res != nil || err != nil {
		return res, err
	}
	rep, err := p.call(ctx, vpos.OpRefund, refundRequest(req.OrderID, req.Amount, req.Currency, retref))
	if err != nil {
		return nil, err
	}
	res = p.result(vpos.OpRefund, req.OrderID, rep)
	res.Amount, res.Currency = req.Amount, req.Currency
	return res, nil
}

// originalRetref returns the OriginalRetrefNum for a capture, void or
// refund: known, or read from an orderinq of the order (for a request the
// Client could not complete from its store, e.g. another system's sale).
// When the bank does not know the order, or knows no RetrefNum for it, it
// returns a definite Result for op instead (Return NotFound, or the
// query's refusal); query failures are returned as errors.
func (p *Provider) originalRetref(ctx context.Context, op vpos.Op, orderID, known string, cur vpos.Currency) (string, *vpos.Result, error) {
	if known != "" {
		return known, nil, nil
	}
	rep, err := p.call(ctx, vpos.OpStatus, inquiryRequest("orderinq", orderID, cur))
	if err != nil {
		return "", nil, err
	}
	if rep.Code == "00" && rep.Inq != nil && rep.Inq.RetrefNum != "" {
		return rep.Inq.RetrefNum, nil, nil
	}
	res := p.result(op, orderID, rep)
	res.Approved, res.Status, res.TransactionID, res.RRN, res.AuthCode = false, vpos.StatusDeclined, "", "", ""
	if rep.Code == "00" {
		res.Return, res.BankCode = returncodes.NotFound, "00"
		res.BankMessage = "garanti: the bank reports no original transaction for the order"
	}
	return "", res, nil
}
