package refpos

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
)

// Begin3D builds the signed form that sends the shopper to the bank's 3-D
// Secure gate. It does no I/O. The card travels in the form only in the 3d
// and 3d_pay models; in 3d_host and 3d_pay_hosting the shopper types it on
// the bank's page. An empty Model means 3d.
func (p *Provider) Begin3D(_ context.Context, req *vpos.ThreeDRequest) (*threed.Form, error) {
	model := req.Model
	if model == "" {
		model = threed.Model3D
	}
	if !model.Valid() {
		return nil, vpos.InvalidField("Model", "is not a 3-D Secure model")
	}
	kind := "sale"
	if req.PreAuth {
		kind = "preauth"
	}
	failURL := req.FailURL
	if failURL == "" {
		failURL = req.OkURL
	}
	f := url.Values{
		"merchant":     {p.cfg.MerchantID},
		"order_id":     {req.OrderID},
		"amount":       {strconv.FormatInt(int64(req.Amount), 10)},
		"currency":     {string(req.Currency)},
		"installments": {strconv.Itoa(req.Installments)},
		"kind":         {kind},
		"model":        {string(model)},
		"ok_url":       {req.OkURL},
		"fail_url":     {failURL},
		"rnd":          {rand.Text()},
	}
	if req.Lang != "" {
		f.Set("lang", req.Lang)
	}
	if !model.CardOnBankPage() {
		card := req.Card.Normalize()
		f.Set("pan", card.Number)
		f.Set("expiry", card.ExpiryMMYY())
		f.Set("cvv", card.CVV)
	}
	f.Set("hash", p.cfg.sign(f))
	return &threed.Form{Action: p.endpoint + "/3d/gate", Method: http.MethodPost, Fields: f}, nil
}

// callbackRequired are the fields every callback carries (doc.go).
var callbackRequired = []string{"order_id", "amount", "currency", "model", "md_status"}

// ParseCallback verifies the callback's signature (VerifyCallback) before
// reading anything, then reads the order, amount, currency, model and 3-D
// Secure outcome. A callback without one of those fields, or with a value
// that does not parse, is an InvalidCallback error even when signed.
func (p *Provider) ParseCallback(_ context.Context, form url.Values) (*vpos.Callback, error) {
	if err := p.cfg.VerifyCallback(form); err != nil {
		return nil, err
	}
	for _, name := range callbackRequired {
		if len(form[name]) != 1 || form.Get(name) == "" {
			return nil, badCallback("refpos: callback field " + name + " is missing or repeated")
		}
	}
	amount, err := strconv.ParseInt(form.Get("amount"), 10, 64)
	if err != nil || amount <= 0 {
		return nil, badCallback("refpos: callback amount is not a positive integer")
	}
	cur := vpos.Currency(form.Get("currency"))
	if !cur.Valid() {
		return nil, badCallback("refpos: callback currency is unknown")
	}
	model, err := threed.ParseModel(form.Get("model"))
	if err != nil {
		return nil, badCallback("refpos: callback model is unknown")
	}
	md := form.Get("md_status")
	return &vpos.Callback{
		OrderID:  form.Get("order_id"),
		Amount:   vpos.Amount(amount),
		Currency: cur,
		Model:    model,
		Status:   threed.MDStatus(md),
		MDStatus: md,
		ECI:      form.Get("eci"),
		Message:  form.Get("md_message"),
		Fields:   form,
	}, nil
}

// Complete3D finishes a verified callback the Client bound to pending. In
// the 3d model it sends the provision (op "provision" with the callback's
// md; the bank books). In 3d_pay, 3d_host and 3d_pay_hosting the bank
// already charged or declined, and the Result is read from the signed
// callback without I/O.
func (p *Provider) Complete3D(ctx context.Context, cb *vpos.Callback, pending *vpos.Pending3D) (*vpos.Result, error) {
	model := pending.Model
	if model == "" {
		model = cb.Model
	}
	op := vpos.OpSale
	if pending.PreAuth {
		op = vpos.OpPreAuth
	}
	three := &vpos.ThreeDResult{Model: model, Status: cb.Status, MDStatus: cb.MDStatus, ECI: cb.ECI, Message: cb.Message}
	var res *vpos.Result
	if !model.BankProvisions() {
		md := cb.Fields.Get("md")
		if md == "" {
			return nil, badCallback("refpos: callback has no md to provision with")
		}
		rep, err := p.call(ctx, vpos.OpComplete, pending.OrderID, &apiRequest{
			Op:             "provision",
			OrderID:        pending.OrderID,
			Amount:         int64(pending.Amount),
			Currency:       string(pending.Currency),
			MD:             md,
			AcceptAttempts: p.acceptAttempts,
		})
		if err != nil {
			return nil, err
		}
		res = p.result(op, pending.OrderID, rep)
	} else {
		f := cb.Fields
		rep := &apiReply{
			Result:    f.Get("result"),
			Code:      f.Get("code"),
			Message:   f.Get("message"),
			TransID:   f.Get("trans_id"),
			AuthCode:  f.Get("auth_code"),
			RRN:       f.Get("rrn"),
			MaskedPAN: f.Get("masked_pan"),
		}
		if !rep.definite() {
			return nil, fmt.Errorf("refpos: callback carries no payment result: %w", vpos.ErrUnknownOutcome)
		}
		res = p.result(op, pending.OrderID, rep)
		res.Time = p.tr.Now()
	}
	fill(res, pending.Amount, pending.Currency, pending.Installments)
	if res.MaskedPAN == "" {
		res.MaskedPAN = pending.MaskedPAN
	}
	res.ThreeD = three
	return res, nil
}
