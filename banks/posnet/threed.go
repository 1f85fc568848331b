package posnet

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/internal/hashx"
	"github.com/sanalpos/vpos/internal/redact"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/threed"
)

// tranType is oosRequestData's tranType of a payment (posnet.md §5.1).
func tranType(preAuth bool) string {
	if preAuth {
		return "Auth"
	}
	return "Sale"
}

// oosRequest is the oosRequestData of a 3-D Secure payment (posnet.md §5.1).
func (p *Provider) oosRequest(req *vpos.ThreeDRequest) *request {
	card := req.Card.Normalize()
	holder := card.Holder
	if holder == "" {
		holder = req.CustomerName
	}
	return &request{Op: "oosRequestData", OrderID: req.OrderID, Fields: []field{
		{"posnetid", p.cfg.PosnetID},
		{"ccno", card.Number},
		{"expDate", expDate(card)},
		{"cvc", card.CVV},
		{"amount", amount(req.Amount)},
		{"currencyCode", currencyCode(req.Currency)},
		{"installment", installment(req.Installments)},
		{"XID", xid(req.OrderID)},
		{"cardHolderName", latin5(holder)},
		{"tranType", tranType(req.PreAuth)},
	}}
}

// latin5 drops the characters ISO-8859-9 cannot carry (the document is
// encoded in it, posnet.md §9).
func latin5(s string) string {
	return strings.Map(func(r rune) rune {
		if _, err := hashx.ISO88599(string(r)); err != nil {
			return -1
		}
		return r
	}, s)
}

// Begin3D asks the bank to encrypt the payment (oosRequestData, an API
// call labelled vpos.OpBegin3D; nothing is booked) and builds the form that
// sends the shopper to the 3-D Secure gate with posnetData, posnetData2
// and digest (posnet.md §5.2). The form also carries orderID, the
// merchant's order id in clear, for the merchant's own pages; the gate
// ignores it. A refusal of oosRequestData is returned as a *vpos.Error
// with the bank's code.
func (p *Provider) Begin3D(ctx context.Context, req *vpos.ThreeDRequest) (*threed.Form, error) {
	if req.Model != "" && req.Model != threed.Model3D {
		return nil, &vpos.Error{Code: vpos.Unsupported, Op: vpos.OpBegin3D, OrderID: req.OrderID, Field: "Model",
			Msg: fmt.Sprintf("posnet: 3-D Secure model %q is not offered", string(req.Model))}
	}
	if err := checkOrderID(vpos.OpBegin3D, req.OrderID, XIDLen); err != nil {
		return nil, err
	}
	if currencyCode(req.Currency) == "" {
		return nil, &vpos.Error{Code: vpos.InvalidRequest, Op: vpos.OpBegin3D, OrderID: req.OrderID, Field: "Currency",
			Msg: "posnet: the currency has no POSNET code"}
	}
	rep, err := p.call(ctx, vpos.OpBegin3D, p.oosRequest(req))
	if err != nil {
		return nil, err
	}
	if rc, _ := normalise(rep.Approved, rep.RespCode); rc != returncodes.Approved {
		return nil, &vpos.Error{Code: vpos.ErrorCodeFor(rc), Op: vpos.OpBegin3D, OrderID: req.OrderID, Return: rc,
			BankCode: rep.RespCode, BankMessage: redact.String(rep.RespText), Msg: "posnet: oosRequestData refused"}
	}
	if rep.OOS == nil || rep.OOS.Data1 == "" || rep.OOS.Data2 == "" || rep.OOS.Sign == "" {
		return nil, &vpos.Error{Code: vpos.Unavailable, Op: vpos.OpBegin3D, OrderID: req.OrderID, Return: returncodes.SystemError,
			Msg: "posnet: oosRequestData approved without data1, data2 and sign"}
	}
	f := url.Values{
		"mid":               {p.cfg.MerchantID},
		"posnetID":          {p.cfg.PosnetID},
		"posnetData":        {rep.OOS.Data1},
		"posnetData2":       {rep.OOS.Data2},
		"digest":            {rep.OOS.Sign},
		"merchantReturnURL": {req.OkURL},
		"lang":              {p.cfg.lang(req.Lang)},
		"url":               {""},
		"orderID":           {req.OrderID},
	}
	return &threed.Form{Action: p.cfg.Endpoint.Gate3D, Method: http.MethodPost, Fields: f}, nil
}

// callbackFields are the callback fields ParseCallback requires, each once
// and non-empty (posnet.md §5.3). CCPrefix is informational only.
var callbackFields = []string{"MerchantPacket", "BankPacket", "Sign", "Xid", "Amount", "TranType", "MerchantId"}

func badCallback(msg string) error {
	return &vpos.Error{Code: vpos.InvalidCallback, Op: vpos.OpComplete, Return: returncodes.AuthError, Msg: msg}
}

// callbackAmount reads the callback's Amount: "150,75" (posnet.md §3,
// comma decimal, dot thousands) or an integer in kuruş.
func callbackAmount(s string) (vpos.Amount, bool) {
	if strings.ContainsAny(s, ",.") {
		return turkishAmount(s)
	}
	a, ok := parseKurus(s)
	return a, ok && a > 0
}

// ParseCallback checks the callback and has the bank verify it.
//
// POSNET's callback signature (Sign over MerchantPacket and BankPacket)
// can only be checked by the bank: the packets are encrypted with keys the
// merchant does not hold. ParseCallback therefore departs from the
// ThreeDSecurer rule "no I/O": after the structural checks (the fields of
// callbackFields present once and non-empty, MerchantId the Config's, Xid
// a 20-character padded order id, TranType Sale or Auth, Amount readable)
// it sends oosResolveMerchantData (posnet.md §5.4) with the request MAC
// over the callback's Xid and Amount, and checks the reply's MAC
// (posnet.md §6.3), its xid and amount against the callback. The callback
// carries no currency, so the Config's currencies are tried in turn while
// the bank answers E216 (MAC mismatch). A refused, forged or tampered
// callback is InvalidCallback and the Client never claims the pending
// payment. Verified callbacks are remembered (by their packets), so a
// replayed delivery costs no further request.
//
// The Callback's Amount and Currency are the bank's (the resolve reply),
// its Status the reply's mdStatus (mdStatus 9 counts as an attempt when
// Config.AcceptMDStatus9 is set), and MerchantProvisions is set: the
// merchant provisions with oosTranData in Complete3D.
func (p *Provider) ParseCallback(ctx context.Context, form url.Values) (*vpos.Callback, error) {
	for _, name := range callbackFields {
		if v := form[name]; len(v) != 1 || strings.TrimSpace(v[0]) == "" {
			return nil, badCallback("posnet: callback " + name + " is missing, empty or repeated")
		}
	}
	if form.Get("MerchantId") != p.cfg.MerchantID {
		return nil, badCallback("posnet: callback MerchantId is not this merchant's")
	}
	x := form.Get("Xid")
	id := unpad(x)
	if len(x) != XIDLen || id == "" || checkOrderID(vpos.OpComplete, id, XIDLen) != nil {
		return nil, badCallback("posnet: callback Xid is not a 20-character order id")
	}
	tt := form.Get("TranType")
	if tt != "Sale" && tt != "Auth" {
		return nil, badCallback("posnet: callback TranType is not Sale or Auth")
	}
	amt, ok := callbackAmount(form.Get("Amount"))
	if !ok || amt <= 0 {
		return nil, badCallback("posnet: callback Amount is not an amount")
	}
	v, err := p.verified.do(cacheKey(form), func() (*verification, error) { return p.resolve(ctx, id, x, amt, form) })
	if err != nil {
		return nil, err
	}
	status := threed.MDStatus(v.md)
	if v.md == "9" && p.cfg.AcceptMDStatus9 {
		status = threed.StatusAttempted
	}
	return &vpos.Callback{
		OrderID:            id,
		Amount:             v.amount,
		Currency:           v.currency,
		Model:              threed.Model3D,
		Status:             status,
		MDStatus:           v.md,
		Message:            v.message,
		MerchantProvisions: true,
		Fields:             form,
	}, nil
}

// verification is what oosResolveMerchantData established about a callback.
type verification struct {
	md, message string
	amount      vpos.Amount
	currency    vpos.Currency
}

// cacheKey identifies a callback by the values the verification covers.
func cacheKey(form url.Values) string {
	var b strings.Builder
	for _, n := range callbackFields {
		b.WriteString(form.Get(n))
		b.WriteByte(0)
	}
	return hashx.Base64(hashx.SHA256([]byte(b.String())))
}

// resolve sends oosResolveMerchantData for a callback and checks the reply.
func (p *Provider) resolve(ctx context.Context, id, x string, amt vpos.Amount, form url.Values) (*verification, error) {
	for _, cur := range p.feat.Currencies {
		code := currencyCode(cur)
		r := &request{Op: "oosResolveMerchantData", OrderID: id, Fields: []field{
			{"bankData", form.Get("BankPacket")},
			{"merchantData", form.Get("MerchantPacket")},
			{"sign", form.Get("Sign")},
			{"mac", RequestMAC(x, amount(amt), code, p.cfg.MerchantID, p.firstHash)},
		}}
		rep, err := p.call(ctx, vpos.OpComplete, r)
		if err != nil {
			return nil, err
		}
		if rep.Resolved == nil {
			if strings.EqualFold(rep.RespCode, "E216") {
				continue // MAC mismatch: maybe another currency
			}
			rc, _ := normalise(rep.Approved, rep.RespCode)
			if rep.Approved == "1" {
				return nil, fmt.Errorf("posnet: oosResolveMerchantData approved without its response block: %w", vpos.ErrUnknownOutcome)
			}
			return nil, &vpos.Error{Code: vpos.InvalidCallback, Op: vpos.OpComplete, OrderID: id, Return: rc,
				BankCode: rep.RespCode, BankMessage: redact.String(rep.RespText), Msg: "posnet: the bank refused the callback"}
		}
		return p.checkResolved(id, x, amt, rep.Resolved)
	}
	return nil, &vpos.Error{Code: vpos.InvalidCallback, Op: vpos.OpComplete, OrderID: id, Return: returncodes.AuthError,
		BankCode: "E216", Msg: "posnet: the bank could not verify the callback (MAC)"}
}

// checkResolved verifies an oosResolveMerchantDataResponse: its MAC
// (posnet.md §6.3, over its own values), then its xid and amount against
// the callback.
func (p *Provider) checkResolved(id, x string, amt vpos.Amount, r *resolved) (*verification, error) {
	want := ResponseMAC(r.MDStatus, r.XID, r.Amount, r.Currency, p.cfg.MerchantID, p.firstHash)
	if r.MAC == "" || !hashx.Equal(want, r.MAC) {
		return nil, badCallback("posnet: the oosResolveMerchantData reply's mac does not verify")
	}
	if r.XID != x && unpad(r.XID) != id {
		return nil, badCallback("posnet: the bank resolved another order than the callback's Xid")
	}
	got, ok := parseKurus(r.Amount)
	if !ok || got != amt {
		return nil, badCallback("posnet: the bank resolved another amount than the callback's")
	}
	cur, ok := currencyOf(r.Currency)
	if !ok {
		return nil, badCallback("posnet: the bank resolved an unknown currency")
	}
	return &verification{md: r.MDStatus, message: redact.String(r.MDErrorMessage), amount: got, currency: cur}, nil
}

// Complete3D provisions a verified callback the Client bound to pending:
// oosTranData (posnet.md §5.5) with the packets, wpAmount 0 and the MAC
// over the pending payment's XID, amount and currency. Before any I/O it
// refuses, as InvalidCallback, a callback whose resolved amount or
// currency, or whose TranType, differs from the pending payment; and it
// declines with returncodes.ThreeDSFailed an authentication the default
// policy does not allow (the Client normally stops those first).
func (p *Provider) Complete3D(ctx context.Context, cb *vpos.Callback, pending *vpos.Pending3D) (*vpos.Result, error) {
	op := vpos.OpSale
	if pending.PreAuth {
		op = vpos.OpPreAuth
	}
	refuse := func(msg string) (*vpos.Result, error) {
		return nil, &vpos.Error{Code: vpos.InvalidCallback, Op: vpos.OpComplete, OrderID: pending.OrderID, Msg: msg}
	}
	switch {
	case cb.Amount != pending.Amount:
		return refuse("posnet: the resolved amount differs from the payment that was started")
	case cb.Currency != pending.Currency:
		return refuse("posnet: the resolved currency differs from the payment that was started")
	case cb.Fields.Get("TranType") != tranType(pending.PreAuth):
		return refuse("posnet: the callback's TranType differs from the payment that was started")
	}
	three := &vpos.ThreeDResult{Model: threed.Model3D, Status: cb.Status, MDStatus: cb.MDStatus, Message: cb.Message}
	if cb.Status != threed.StatusAuthenticated && cb.Status != threed.StatusAttempted {
		return &vpos.Result{Op: op, OrderID: pending.OrderID, Status: vpos.StatusDeclined, Amount: pending.Amount,
			Currency: pending.Currency, Installments: pending.Installments, Return: returncodes.ThreeDSFailed,
			BankCode: "mdStatus:" + cb.MDStatus, BankMessage: cb.Message, ThreeD: three, Time: p.tr.Now()}, nil
	}
	f := cb.Fields
	r := &request{Op: "oosTranData", OrderID: pending.OrderID, Fields: []field{
		{"bankData", f.Get("BankPacket")},
		{"merchantData", f.Get("MerchantPacket")},
		{"sign", f.Get("Sign")},
		{"wpAmount", "0"},
		{"mac", RequestMAC(xid(pending.OrderID), amount(pending.Amount), currencyCode(pending.Currency), p.cfg.MerchantID, p.firstHash)},
	}}
	rep, err := p.call(ctx, vpos.OpComplete, r)
	if err != nil {
		return nil, err
	}
	res := p.result(op, pending.OrderID, rep)
	res.Amount, res.Currency, res.Installments = pending.Amount, pending.Currency, pending.Installments
	res.MaskedPAN = pending.MaskedPAN
	res.ThreeD = three
	return res, nil
}
