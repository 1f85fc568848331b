package nestpay

import (
	"context"
	"fmt"
	"net/http"

	"github.com/sanalpos/vpos"
)

// contentType is the request's content type: the raw CC5Request, in the
// charset its prolog declares (nestpay.md §1).
var contentType = []string{"text/xml; charset=ISO-8859-9"}

// call sends one CC5Request and reads the reply. Transport errors are
// returned unchanged; a reply that cannot be read, or that is not a
// definite answer (reply.check), wraps vpos.ErrUnknownOutcome: for a
// money-moving op the bank may have booked it.
func (p *Provider) call(ctx context.Context, op vpos.Op, orderID string, body []byte) (*reply, error) {
	resp, err := p.tr.Do(ctx, &vpos.BankRequest{
		Op:      op,
		OrderID: orderID,
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
	if err == nil {
		err = rep.check()
	}
	if err == nil && rep.OrderID != "" && orderID != "" && rep.OrderID != orderID {
		err = fmt.Errorf("%w: the reply is for another order", errMalformed)
	}
	if err != nil {
		return nil, fmt.Errorf("nestpay: unusable %s reply (HTTP %d): %v: %w", op, resp.StatusCode, err, vpos.ErrUnknownOutcome)
	}
	return rep, nil
}

// Sale charges a card (Type Auth).
func (p *Provider) Sale(ctx context.Context, req *vpos.SaleRequest) (*vpos.Result, error) {
	return p.charge(ctx, vpos.OpSale, typeAuth, req)
}

// PreAuth reserves an amount on a card (Type PreAuth); Capture takes it.
func (p *Provider) PreAuth(ctx context.Context, req *vpos.SaleRequest) (*vpos.Result, error) {
	return p.charge(ctx, vpos.OpPreAuth, typePreAuth, req)
}

func (p *Provider) charge(ctx context.Context, op vpos.Op, typ string, req *vpos.SaleRequest) (*vpos.Result, error) {
	if req.MOTO {
		return nil, &vpos.Error{Code: vpos.Unsupported, Op: op, Field: "MOTO", Msg: "nestpay: mail/telephone orders are not supported"}
	}
	body, err := buildCharge(&p.cfg, typ, req)
	if err != nil {
		return nil, err
	}
	rep, err := p.call(ctx, op, req.OrderID, body)
	if err != nil {
		return nil, err
	}
	res := p.result(op, req.OrderID, rep)
	res.Amount, res.Currency, res.Installments = req.Amount, req.Currency, req.Installments
	res.MaskedPAN = req.Card.Masked()
	return res, nil
}

// Capture takes a pre-authorisation (Type PostAuth), fully (Amount 0: the
// bank takes the pre-authorised amount) or partly.
func (p *Provider) Capture(ctx context.Context, req *vpos.CaptureRequest) (*vpos.Result, error) {
	body, err := buildPostAuth(&p.cfg, req)
	if err != nil {
		return nil, err
	}
	rep, err := p.call(ctx, vpos.OpCapture, req.OrderID, body)
	if err != nil {
		return nil, err
	}
	res := p.result(vpos.OpCapture, req.OrderID, rep)
	res.Amount, res.Currency = req.Amount, req.Currency
	return res, nil
}

// Void cancels an order's sale, pre-authorisation or capture before the
// bank's end of day (Type Void). The bank voids the whole order; the
// request's amount is not sent.
func (p *Provider) Void(ctx context.Context, req *vpos.VoidRequest) (*vpos.Result, error) {
	body, err := buildVoid(&p.cfg, req)
	if err != nil {
		return nil, err
	}
	rep, err := p.call(ctx, vpos.OpVoid, req.OrderID, body)
	if err != nil {
		return nil, err
	}
	res := p.result(vpos.OpVoid, req.OrderID, rep)
	res.Amount, res.Currency = req.Amount, req.Currency
	return res, nil
}

// Refund returns money of a sale or captured pre-authorisation (Type
// Credit), fully (Amount 0: the bank refunds what is left) or partly;
// several partial refunds may follow each other.
func (p *Provider) Refund(ctx context.Context, req *vpos.RefundRequest) (*vpos.Result, error) {
	body, err := buildCredit(&p.cfg, req)
	if err != nil {
		return nil, err
	}
	rep, err := p.call(ctx, vpos.OpRefund, req.OrderID, body)
	if err != nil {
		return nil, err
	}
	res := p.result(vpos.OpRefund, req.OrderID, rep)
	res.Amount, res.Currency = req.Amount, req.Currency
	return res, nil
}
