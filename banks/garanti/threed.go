package garanti

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/threed"
)

// securityLevel is the secure3dsecuritylevel of a model (garanti.md §5.1):
// "3D" for threed.Model3D, "3D_PAY" for threed.Model3DPay, "" for the
// models Garanti does not offer through this adapter.
func securityLevel(m threed.Model) string {
	switch m {
	case threed.Model3D:
		return "3D"
	case threed.Model3DPay:
		return "3D_PAY"
	}
	return ""
}

// modelOf reads a callback's secure3dsecuritylevel.
func modelOf(level string) (threed.Model, bool) {
	switch strings.ToUpper(strings.TrimSpace(level)) {
	case "3D":
		return threed.Model3D, true
	case "3D_PAY":
		return threed.Model3DPay, true
	}
	return "", false
}

// txnType is txntype / Transaction/Type of a payment.
func txnType(preAuth bool) string {
	if preAuth {
		return "preauth"
	}
	return "sales"
}

// Begin3D builds the signed form that sends the shopper to the bank's 3-D
// Secure gate (gt3dengine, garanti.md §5.1). It does no I/O. The card
// travels in the form (cardnumber, cardexpiredatemonth, cardexpiredateyear,
// cardcvv2); secure3dhash signs the order with the store key and the
// provision user's SecurityData. An empty Model means the Config's
// DefaultModel.
func (p *Provider) Begin3D(_ context.Context, req *vpos.ThreeDRequest) (*threed.Form, error) {
	model := req.Model
	if model == "" {
		model = p.feat.ThreeD[0]
	}
	level := securityLevel(model)
	if level == "" || !p.feat.Supports3D(model) {
		return nil, &vpos.Error{Code: vpos.Unsupported, Op: vpos.OpBegin3D, OrderID: req.OrderID, Field: "Model",
			Msg: fmt.Sprintf("garanti: 3-D Secure model %q is not offered", string(model))}
	}
	if req.CustomerIP == "" {
		return nil, &vpos.Error{Code: vpos.InvalidRequest, Op: vpos.OpBegin3D, OrderID: req.OrderID, Field: "CustomerIP",
			Return: returncodes.InvalidRequest, Msg: "garanti: the bank requires the customer's IP address"}
	}
	failURL := req.FailURL
	if failURL == "" {
		failURL = req.OkURL
	}
	card := req.Card.Normalize()
	f := url.Values{
		"secure3dsecuritylevel": {level},
		"mode":                  {p.cfg.Endpoint.mode()},
		"apiversion":            {p.cfg.version()},
		"terminalprovuserid":    {p.cfg.provUser()},
		"terminaluserid":        {p.cfg.provUser()},
		"terminalmerchantid":    {p.cfg.MerchantID},
		"terminalid":            {p.cfg.TerminalID},
		"txntype":               {txnType(req.PreAuth)},
		"txnamount":             {amount(req.Amount)},
		"txncurrencycode":       {currencyCode(req.Currency)},
		"txninstallmentcount":   {installments(req.Installments)},
		"orderid":               {req.OrderID},
		"successurl":            {req.OkURL},
		"errorurl":              {failURL},
		"customeripaddress":     {req.CustomerIP},
		"customeremailaddress":  {req.CustomerEmail},
		"cardnumber":            {card.Number},
		"cardexpiredatemonth":   {fmt.Sprintf("%02d", card.ExpMonth)},
		"cardexpiredateyear":    {fmt.Sprintf("%02d", card.ExpYear%100)},
		"cardcvv2":              {card.CVV},
		"lang":                  {p.cfg.lang(req.Lang)},
	}
	f.Set("secure3dhash", secure3DHash(p.cfg.legacy(), f, p.cfg.StoreKey, p.provSec))
	return &threed.Form{Action: p.cfg.Endpoint.Gate3D, Method: http.MethodPost, Fields: f}, nil
}

// one returns the single value of a callback field, and false when the
// field is missing, empty or repeated.
func one(form url.Values, name string) (string, bool) {
	v := form[name]
	if len(v) != 1 || v[0] == "" {
		return "", false
	}
	return v[0], true
}

// ParseCallback verifies the callback's signature (VerifyCallback) before
// reading anything, then reads the order, amount, currency, model and
// mdstatus. Beyond the signature it refuses, as InvalidCallback:
//
//   - a hashparams list that leaves out mdstatus or the order id (oid or
//     orderid), or, in 3D_PAY, procreturncode or response: those fields
//     decide what the callback means, so the bank must have signed them;
//   - an oid, orderid, clientid or terminalid that disagrees with the
//     signed order id or with the Config's terminal;
//   - a missing, empty, repeated or unreadable txnamount, txncurrencycode,
//     txntype or secure3dsecuritylevel (the echo of the form, which the
//     Client binds to the payment that was started), or a model this
//     Provider does not offer.
func (p *Provider) ParseCallback(_ context.Context, form url.Values) (*vpos.Callback, error) {
	if err := p.cfg.VerifyCallback(form); err != nil {
		return nil, err
	}
	signed := strings.Split(form.Get("hashparams"), ":")
	level, ok := one(form, "secure3dsecuritylevel")
	model, known := modelOf(level)
	switch {
	case !ok || !known || !p.feat.Supports3D(model):
		return nil, badCallback("garanti: callback secure3dsecuritylevel is missing or not an offered model")
	case !slices.Contains(signed, "mdstatus"):
		return nil, badCallback("garanti: callback hashparams does not sign mdstatus")
	case model == threed.Model3DPay && (!slices.Contains(signed, "procreturncode") || !slices.Contains(signed, "response")):
		return nil, badCallback("garanti: 3D_PAY callback hashparams does not sign the payment result")
	}
	var orderID string
	switch {
	case slices.Contains(signed, "oid"):
		orderID = form.Get("oid")
	case slices.Contains(signed, "orderid"):
		orderID = form.Get("orderid")
	default:
		return nil, badCallback("garanti: callback hashparams does not sign the order id")
	}
	if orderID == "" {
		return nil, badCallback("garanti: callback order id is empty")
	}
	if v, ok := one(form, "orderid"); !ok || v != orderID {
		return nil, badCallback("garanti: callback orderid is missing or differs from the signed order id")
	}
	for _, name := range []string{"oid", "orderid", "clientid", "terminalid"} {
		vs, present := form[name]
		if !present {
			continue
		}
		want := orderID
		if name == "clientid" || name == "terminalid" {
			want = p.cfg.TerminalID
		}
		if len(vs) != 1 || vs[0] != want {
			return nil, badCallback("garanti: callback " + name + " does not match")
		}
	}
	amt, ok := one(form, "txnamount")
	n, err := strconv.ParseInt(amt, 10, 64)
	if !ok || err != nil || n <= 0 {
		return nil, badCallback("garanti: callback txnamount is missing or not a positive amount in minor units")
	}
	code, ok := one(form, "txncurrencycode")
	num, err := strconv.Atoi(code)
	cur, known := vpos.CurrencyByNumeric(num)
	if !ok || err != nil || !known {
		return nil, badCallback("garanti: callback txncurrencycode is missing or unknown")
	}
	if typ, ok := one(form, "txntype"); !ok || (typ != "sales" && typ != "preauth") {
		return nil, badCallback("garanti: callback txntype is missing or unknown")
	}
	md := form.Get("mdstatus")
	return &vpos.Callback{
		OrderID:  orderID,
		Amount:   vpos.Amount(n),
		Currency: cur,
		Model:    model,
		Status:   threed.MDStatus(md),
		MDStatus: md,
		ECI:      form.Get("eci"),
		Message:  form.Get("mderrormessage"),
		Fields:   form,
	}, nil
}

// Complete3D finishes a verified callback the Client bound to pending.
//
// In the 3d model it sends the provisioning request (garanti.md §4: Type
// sales or preauth, CardholderPresentCode 13, Secure3D with the callback's
// cavv, eci, xid and md, no Card) and the bank books or declines. The
// amount, currency and installments are those of the pending payment, which
// the Client has checked against the callback.
//
// In 3d_pay the bank already charged or declined, and the Result is read
// from the signed callback without I/O: approved exactly when
// procreturncode is "00" (garanti.md §5.3). The Client's attempt policy
// does not apply there: the bank has decided. A callback whose
// authentication did not succeed and that carries no approval is a
// ThreeDSFailed decline; an authenticated one without a payment result
// wraps vpos.ErrUnknownOutcome (the Client settles it with Status).
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
	f := cb.Fields
	var res *vpos.Result
	switch model {
	case threed.Model3D:
		rep, err := p.call(ctx, vpos.OpComplete, provisionRequest(pending, f))
		if err != nil {
			return nil, err
		}
		res = p.result(op, pending.OrderID, rep)
	case threed.Model3DPay:
		var err error
		if res, err = p.payResult(op, pending.OrderID, cb); err != nil {
			return nil, err
		}
	default:
		return nil, &vpos.Error{Code: vpos.Unsupported, Op: vpos.OpComplete, OrderID: pending.OrderID, Field: "Model",
			Msg: fmt.Sprintf("garanti: 3-D Secure model %q is not offered", string(model))}
	}
	res.Amount, res.Currency, res.Installments = pending.Amount, pending.Currency, pending.Installments
	if res.MaskedPAN == "" {
		res.MaskedPAN = pending.MaskedPAN
	}
	res.ThreeD = three
	return res, nil
}

// provisionRequest is the 3d model's provisioning GVPSRequest.
func provisionRequest(pending *vpos.Pending3D, f url.Values) *request {
	return &request{
		Type: txnType(pending.PreAuth), OrderID: pending.OrderID,
		CustomerIP: f.Get("customeripaddress"), Email: f.Get("customeremailaddress"),
		Amount: amount(pending.Amount), Currency: currencyCode(pending.Currency),
		Before: []field{{"InstallmentCnt", installments(pending.Installments)}},
		After:  []field{{"CardholderPresentCode", "13"}, {"MotoInd", "N"}},
		Secure3D: []field{
			{"AuthenticationCode", f.Get("cavv")},
			{"SecurityLevel", f.Get("eci")},
			{"TxnID", f.Get("xid")},
			{"Md", f.Get("md")},
		},
	}
}

// payResult reads a 3D_PAY callback's payment result (garanti.md §12.6).
func (p *Provider) payResult(op vpos.Op, orderID string, cb *vpos.Callback) (*vpos.Result, error) {
	f := cb.Fields
	prc := strings.TrimSpace(f.Get("procreturncode"))
	response := strings.TrimSpace(f.Get("response"))
	msg := bankMessage("", f.Get("errmsg"), "")
	if msg == "" {
		msg = strings.TrimSpace(f.Get("hostmsg"))
	}
	if msg == "" && prc == "00" {
		msg = response
	}
	if msg == "" {
		msg = strings.TrimSpace(f.Get("mderrormessage"))
	}
	res := &vpos.Result{
		Op: op, OrderID: orderID, Status: vpos.StatusDeclined,
		TransactionID: strings.TrimSpace(f.Get("hostrefnum")), RRN: strings.TrimSpace(f.Get("hostrefnum")),
		AuthCode: strings.TrimSpace(f.Get("authcode")), BankCode: prc, BankMessage: msg,
		MaskedPAN: f.Get("MaskedPan"), Time: p.tr.Now(),
		Extra: extra(map[string]string{"response": response, "txnstatus": f.Get("txnstatus")}),
	}
	authenticated := cb.Status == threed.StatusAuthenticated
	switch {
	case prc == "00" && (response == "" || strings.EqualFold(response, "Approved")):
		res.Approved, res.Status, res.Return = true, vpos.StatusApproved, returncodes.Approved
	case prc == "00":
		return nil, fmt.Errorf("garanti: 3D_PAY callback says procreturncode 00 but response %q: %w", response, vpos.ErrUnknownOutcome)
	case !authenticated:
		// The bank did not charge: authentication was not good enough.
		res.Return, res.BankCode = returncodes.ThreeDSFailed, "mdStatus:"+cb.MDStatus
		if prc != "" {
			res.BankCode += " " + prc
		}
		res.TransactionID, res.RRN, res.AuthCode = "", "", ""
	case prc == "":
		return nil, fmt.Errorf("garanti: authenticated 3D_PAY callback carries no procreturncode: %w", vpos.ErrUnknownOutcome)
	default:
		res.Return, _ = normalise(prc, "", f.Get("errmsg"))
	}
	return res, nil
}

// SignCallback returns a copy of form with its "hash" set to a valid
// signature under the Config's store key and hash scheme; a form without
// hashparams gets the usual list (garanti.md §5.2:
// clientid:oid:authcode:procreturncode:response:mdstatus:cavv:eci:md:rnd:).
// It is a test signer, for tests that need a well-signed callback saying
// something the bank never said; form is not modified.
func (cfg Config) SignCallback(form url.Values) url.Values {
	out := make(url.Values, len(form)+2)
	for k, v := range form {
		out[k] = append([]string(nil), v...)
	}
	if out.Get("hashparams") == "" {
		out.Set("hashparams", DefaultHashParams)
	}
	if _, ok := out["hashparamsval"]; ok {
		out.Set("hashparamsval", concatSigned(out))
	}
	out.Set("hash", callbackHash(cfg.legacy(), out, cfg.StoreKey))
	return out
}

// DefaultHashParams is the hashparams list Garanti's callbacks usually carry
// (garanti.md §5.2), which SignCallback uses for a form without one.
const DefaultHashParams = "clientid:oid:authcode:procreturncode:response:mdstatus:cavv:eci:md:rnd:"
