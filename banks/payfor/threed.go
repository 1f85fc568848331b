package payfor

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/threed"
)

// 3-D Secure (payfor.md §5, §6, §12.3). Begin3D builds the form for the
// bank's gate; the bank posts the full PaymentRequest record back to
// OkUrl/FailUrl, signed by ResponseHash over MerchantId, OrderId,
// AuthCode, ProcReturnCode, 3DStatus, ResponseRnd and UserCode only.

// secureModels maps a callback's SecureType to its model.
var secureModels = map[string]threed.Model{
	secure3DModel: threed.Model3D,
	secure3DPay:   threed.Model3DPay,
	secure3DHost:  threed.Model3DHost,
}

// v033 is the ProcReturnCode of a 3DModel callback whose authentication
// succeeded and whose payment is still to be sent (payfor.md §5.2).
const v033 = "V033"

// Begin3D builds the form that sends the shopper to the bank's 3-D Secure
// gate (payfor.md §5.1): Gate3D (Default.aspx) for the 3d (SecureType
// 3DModel) and 3d_pay (3DPay) models, with the card; HostedGate3D
// (3DHost.aspx) for 3d_host (3DHost), where the shopper types the card on
// the bank's page. The form carries MbrId, MerchantID, UserCode (never
// UserPass), TxnType Auth or PreAuth, InstallmentCount, Currency, OkUrl,
// FailUrl, OrderId, an empty OrgOrderId, PurchAmount, Lang, a random Rnd
// and Hash (payfor.md §6). It does no I/O. An empty Model means the
// Config's DefaultModel.
func (p *Provider) Begin3D(_ context.Context, req *vpos.ThreeDRequest) (*threed.Form, error) {
	model := req.Model
	if model == "" {
		if len(p.feat.ThreeD) == 0 {
			return nil, &vpos.Error{Code: vpos.Unsupported, Op: vpos.OpBegin3D, Msg: "payfor: the Config offers no 3-D Secure model"}
		}
		model = p.feat.ThreeD[0]
	}
	secure := payforModels[model]
	if secure == "" || !p.feat.Supports3D(model) {
		return nil, &vpos.Error{Code: vpos.Unsupported, Op: vpos.OpBegin3D, Field: "Model",
			Msg: fmt.Sprintf("payfor: 3-D Secure model %q is not offered", string(model))}
	}
	if err := checkOrderID("OrderID", req.OrderID); err != nil {
		return nil, err
	}
	cur, err := checkMoney(req.Amount, req.Currency)
	if err != nil {
		return nil, err
	}
	if err := checkInstallments(req.Installments); err != nil {
		return nil, err
	}
	if req.OkURL == "" {
		return nil, vpos.InvalidField("OkURL", "is empty")
	}
	failURL := req.FailURL
	if failURL == "" {
		failURL = req.OkURL
	}
	txn := txnAuth
	if req.PreAuth {
		txn = txnPreAuth
	}
	f := make(url.Values, 20)
	f.Set("MbrId", p.cfg.mbrID())
	f.Set("MerchantID", p.cfg.MerchantID)
	f.Set("UserCode", p.cfg.UserCode)
	f.Set("SecureType", secure)
	f.Set("TxnType", txn)
	f.Set("InstallmentCount", installments(req.Installments))
	f.Set("Currency", cur)
	f.Set("OkUrl", req.OkURL)
	f.Set("FailUrl", failURL)
	f.Set("OrderId", req.OrderID)
	f.Set("OrgOrderId", "")
	f.Set("PurchAmount", formatAmount(req.Amount, req.Currency))
	f.Set("Lang", p.cfg.lang(req.Lang))
	f.Set("Rnd", p.rnd())
	if !model.CardOnBankPage() {
		card := req.Card.Normalize()
		if card.Number == "" {
			return nil, vpos.InvalidField("Card.Number", "is empty")
		}
		f.Set("CardHolderName", holder(card, req.CustomerName))
		f.Set("Pan", card.Number)
		f.Set("Expiry", card.ExpiryMMYY())
		f.Set("Cvv2", card.CVV)
	}
	f.Set("Hash", requestHash(f, p.cfg.MerchantPass))
	return &threed.Form{Action: p.cfg.Endpoint.gate(model.CardOnBankPage()), Method: http.MethodPost, Fields: f}, nil
}

// threeDStatus interprets 3DStatus (payfor.md §5.2, returncodes.md §4): 1
// is full authentication; 2, 3 and 4 are half secure; -1 and 0 failed;
// anything else (empty included) says nothing.
func threeDStatus(s string) threed.Status {
	switch strings.TrimSpace(s) {
	case "1":
		return threed.StatusAuthenticated
	case "2", "3", "4":
		return threed.StatusAttempted
	case "-1", "0":
		return threed.StatusFailed
	}
	return threed.StatusError
}

// ParseCallback verifies the callback's ResponseHash (Config.VerifyCallback)
// before it reads anything, then checks that every field the hash covers
// was posted and that the callback is for this merchant (MerchantID, empty
// only in a failure; MbrId when posted) and reads the order
// (OrderId), amount (PurchAmount), currency (Currency), model (SecureType)
// and 3-D Secure outcome (3DStatus, Eci, ErrMsg).
//
// The bank does not sign the amount, currency or model; the Client still
// refuses a callback whose values differ from the payment that was
// started, and Complete3D confirms every approval with an OrderInquiry. A
// callback that reports an authentication or a payment (3DStatus 1-4,
// ProcReturnCode 00 or V033) must carry a readable amount and currency; a
// failed one (the bank's duplicate-order callback carries nothing else,
// payfor.md §12.3) may leave them out. A 3DModel callback whose
// authentication succeeded must carry the RequestGuid to provision with.
// Every refusal is an InvalidCallback *vpos.Error.
func (p *Provider) ParseCallback(_ context.Context, form url.Values) (*vpos.Callback, error) {
	if err := p.cfg.VerifyCallback(form); err != nil {
		return nil, err
	}
	// Every field the ResponseHash covers is posted (empty when unused,
	// payfor.md §12.3); a callback without one was edited.
	for _, names := range [][]string{{"MerchantID", "MerchantId"}, {"OrderId"}, {"AuthCode"}, {"ProcReturnCode"}, {"3DStatus"}, {"ResponseRnd"}} {
		if _, ok := posted(form, names...); !ok {
			return nil, badCallback("payfor: callback field " + names[0] + " is missing")
		}
	}
	// The merchant is this one. Only the bank's duplicate-order callback,
	// a failure, posts MerchantID empty (payfor.md §12.3).
	if id, _ := posted(form, "MerchantID", "MerchantId"); id != p.cfg.MerchantID && (id != "" || reportsSuccess(form)) {
		return nil, badCallback("payfor: callback is for another merchant (MerchantID)")
	}
	if mbr := form.Get("MbrId"); mbr != "" && mbr != p.cfg.mbrID() {
		return nil, badCallback("payfor: callback is for another institution (MbrId)")
	}
	oid := form.Get("OrderId")
	if oid == "" {
		return nil, badCallback("payfor: callback has no OrderId")
	}
	var model threed.Model
	if st := form.Get("SecureType"); st != "" {
		var ok bool
		if model, ok = secureModels[st]; !ok {
			return nil, badCallback("payfor: callback SecureType is not a 3-D Secure model")
		}
	}
	md := form.Get("3DStatus")
	status := threeDStatus(md)
	prc := form.Get("ProcReturnCode")
	succeeded := status == threed.StatusAuthenticated || status == threed.StatusAttempted || prc == approvedCode || prc == v033
	var amount vpos.Amount
	var cur vpos.Currency
	if succeeded || form.Get("Currency") != "" || form.Get("PurchAmount") != "" {
		var ok bool
		if cur, ok = currencyOf(form.Get("Currency")); !ok {
			return nil, badCallback("payfor: callback Currency is missing or unknown")
		}
		if amount, ok = parseAmount(form.Get("PurchAmount"), cur); !ok || amount <= 0 {
			return nil, badCallback("payfor: callback PurchAmount is missing or unreadable")
		}
	}
	provisions := model == threed.Model3D
	if provisions && (status == threed.StatusAuthenticated || status == threed.StatusAttempted) {
		if g := form.Get("RequestGuid"); g == "" || g == "0" {
			return nil, badCallback("payfor: 3DModel callback has no RequestGuid to provision with")
		}
	}
	return &vpos.Callback{
		OrderID:  oid,
		Amount:   amount,
		Currency: cur,
		Model:    model,
		Status:   status,
		MDStatus: md,
		ECI:      form.Get("Eci"),
		Message:  form.Get("ErrMsg"),
		// The 3d model leaves the payment to the merchant (3DModelPayment):
		// the Client applies its 3DStatus policy first. In 3d_pay and
		// 3d_host the bank has already booked or declined.
		MerchantProvisions: provisions,
		Fields:             form,
	}, nil
}

// posted returns the value of the first of names the form carries.
func posted(form url.Values, names ...string) (string, bool) {
	for _, n := range names {
		if v, ok := form[n]; ok && len(v) > 0 {
			return v[0], true
		}
	}
	return "", false
}

// BindCallback checks the fields of a verified callback that the Client
// does not compare itself against the pending payment: TxnType (Auth or
// PreAuth) and InstallmentCount, when posted and not empty. The bank echoes what the
// signed form said; a difference means the callback was edited or belongs
// to another attempt, and it is refused without I/O.
func (p *Provider) BindCallback(_ context.Context, cb *vpos.Callback, pending *vpos.Pending3D) error {
	f := cb.Fields
	want := txnAuth
	if pending.PreAuth {
		want = txnPreAuth
	}
	if t := f.Get("TxnType"); t != "" && t != want {
		return badCallback("payfor: callback TxnType differs from the payment that was started")
	}
	if n := f.Get("InstallmentCount"); n != "" && (atoi(n) < 0 || installments(atoi(n)) != installments(pending.Installments)) {
		return badCallback("payfor: callback InstallmentCount differs from the payment that was started")
	}
	return nil
}

// atoi reads a count; -1 when unreadable.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' || n > 1000 {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// Complete3D finishes a verified callback the Client bound to pending.
//
// In the 3d model (3DModel) the callback of a successful authentication
// carries ProcReturnCode V033, which is not a payment: Complete3D sends
// the 3DModelPayment request with the callback's RequestGuid (payfor.md
// §3, §5.2) and reads the bank's reply, approved exactly on ProcReturnCode
// 00. The Client has applied its 3DStatus policy before (full
// authentication, or an attempt too with vpos.Options.Accept3DAttempts). A
// callback that carries another code reports a failure, declined without
// I/O.
//
// In 3d_pay (3DPay) and 3d_host (3DHost) the bank has already charged or
// declined, and the result is read from the signed callback: approved
// exactly when ProcReturnCode is 00, whatever 3DStatus says (a bank that
// charged must not be reported as a decline). A callback that failed 3-D
// Secure and carries no approval is a ThreeDSFailed decline (MR15, V034,
// or no code); an authenticated callback without a ProcReturnCode is an
// unknown outcome the Client settles with Status.
//
// Every approval is then confirmed with an OrderInquiry, and the Result's
// Amount, Currency and references are the bank's record: the callback's
// amount and currency are not signed, and the form's currency is not part
// of the request hash (payfor.md §6), so only the bank's record tells
// what was booked; the Client refuses a booking that differs from the
// payment that was started. An inquiry that fails or does not show the
// approved payment makes the outcome unknown (the Client settles it with
// Status).
func (p *Provider) Complete3D(ctx context.Context, cb *vpos.Callback, pending *vpos.Pending3D) (*vpos.Result, error) {
	model := pending.Model
	if model == "" {
		model = cb.Model
	}
	op := vpos.OpSale
	if pending.PreAuth {
		op = vpos.OpPreAuth
	}
	f := cb.Fields
	prc := f.Get("ProcReturnCode")
	var res *vpos.Result
	switch model {
	case threed.Model3D:
		switch prc {
		case v033, "":
			if g := f.Get("RequestGuid"); g == "" || g == "0" {
				return nil, badCallback("payfor: 3DModel callback has no RequestGuid to provision with")
			}
			body, err := build3DPayment(&p.cfg, pending.OrderID, f.Get("RequestGuid"))
			if err != nil {
				return nil, err
			}
			rep, err := p.call(ctx, vpos.OpComplete, pending.OrderID, body)
			if err != nil {
				return nil, err
			}
			res = p.result(op, pending.OrderID, rep)
		case approvedCode:
			// A 3DModel authentication never books (payfor.md §5.2).
			return nil, fmt.Errorf("payfor: 3DModel callback says ProcReturnCode 00: %w", vpos.ErrUnknownOutcome)
		default:
			res = p.callbackDecline(op, pending.OrderID, cb)
		}
	case threed.Model3DPay, threed.Model3DHost:
		var err error
		if res, err = p.callbackResult(op, pending.OrderID, cb); err != nil {
			return nil, err
		}
	default:
		return nil, &vpos.Error{Code: vpos.Unsupported, Op: vpos.OpComplete, OrderID: pending.OrderID, Field: "Model",
			Msg: fmt.Sprintf("payfor: 3-D Secure model %q is not offered", string(model))}
	}
	res.Installments = pending.Installments
	res.MaskedPAN = firstOf(pending.MaskedPAN, f.Get("CardMask"))
	res.ThreeD = &vpos.ThreeDResult{Model: model, Status: cb.Status, MDStatus: cb.MDStatus, ECI: cb.ECI, Message: cb.Message}
	if !res.Approved {
		res.Amount, res.Currency = pending.Amount, pending.Currency
		return res, nil
	}
	if err := p.confirm(ctx, res, pending); err != nil {
		return nil, err
	}
	return res, nil
}

// callbackResult reads the payment result of a 3d_pay or 3d_host callback.
func (p *Provider) callbackResult(op vpos.Op, orderID string, cb *vpos.Callback) (*vpos.Result, error) {
	f := cb.Fields
	prc := f.Get("ProcReturnCode")
	switch {
	case prc == approvedCode:
		res := p.result(op, orderID, fields{
			"ProcReturnCode": prc, "AuthCode": f.Get("AuthCode"), "HostRefNum": f.Get("HostRefNum"),
			"TransId": f.Get("TransId"), "ErrMsg": f.Get("ErrMsg"),
		})
		if t := bankTime(insertLayout, f.Get("TransactionDate")); !t.IsZero() {
			res.Time = t
		}
		return res, nil
	case prc == "" && cb.Status == threed.StatusAuthenticated:
		return nil, fmt.Errorf("payfor: authenticated %s callback carries no ProcReturnCode: %w", cb.Model, vpos.ErrUnknownOutcome)
	case prc == v033:
		// The 3DModel step in a model where the bank books: the payment
		// did not happen at the gate, yet the bank reports no failure.
		return nil, fmt.Errorf("payfor: %s callback carries the 3DModel code V033: %w", cb.Model, vpos.ErrUnknownOutcome)
	}
	return p.callbackDecline(op, orderID, cb), nil
}

// callbackDecline is the Result of a callback on which the bank charged
// nothing: its ProcReturnCode mapped (an issuer decline, a duplicate order
// id, ...), or ThreeDSFailed when the 3-D Secure step failed and the code
// says nothing more specific.
func (p *Provider) callbackDecline(op vpos.Op, orderID string, cb *vpos.Callback) *vpos.Result {
	f := cb.Fields
	prc := f.Get("ProcReturnCode")
	rc, mapped := Normalize(prc)
	bank := prc
	if cb.Status != threed.StatusAuthenticated && cb.Status != threed.StatusAttempted && (!mapped || rc == returncodes.DoNotHonor) {
		rc = returncodes.ThreeDSFailed
		if bank == "" {
			bank = "3DStatus:" + cb.MDStatus
		}
	}
	res := &vpos.Result{
		Op: op, OrderID: orderID, Status: vpos.StatusDeclined, TransactionID: f.Get("HostRefNum"), RRN: f.Get("HostRefNum"),
		Return: rc, BankCode: bank, BankMessage: firstOf(f.Get("ErrMsg"), f.Get("IrcDet")), Time: p.tr.Now(),
		Extra: extraOf("irc_code", f.Get("IrcCode"), "txn_result", f.Get("TxnResult")),
	}
	if t := bankTime(insertLayout, f.Get("TransactionDate")); !t.IsZero() {
		res.Time = t
	}
	return res
}

// confirm checks an approved 3-D Secure payment against the bank's record
// (OrderInquiry) and takes the record's amount, currency and reference
// (F37) into res, and its AuthCode when res has none. The record must be an approved payment of the pending kind
// (Auth or PreAuth, or its PostAuth); anything else, or a failed inquiry,
// wraps vpos.ErrUnknownOutcome.
func (p *Provider) confirm(ctx context.Context, res *vpos.Result, pending *vpos.Pending3D) error {
	st, err := p.inquire(ctx, pending.OrderID, pending.Currency)
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		return fmt.Errorf("payfor: the bank approved the 3-D Secure payment, but the order inquiry that confirms it failed: %v: %w",
			err, vpos.ErrUnknownOutcome)
	}
	typ := st.Extra["txn_type"]
	wantPreAuth := pending.PreAuth
	switch {
	case !st.Approved || st.Status == "" || st.Status == vpos.StatusUnknown:
		return fmt.Errorf("payfor: the order inquiry does not show the approved 3-D Secure payment (status %q, code %q): %w",
			st.Status, st.BankCode, vpos.ErrUnknownOutcome)
	case wantPreAuth && typ == txnAuth, !wantPreAuth && typ != txnAuth:
		return fmt.Errorf("payfor: the order inquiry shows a %s, not the payment that was started: %w", typ, vpos.ErrUnknownOutcome)
	case st.Amount <= 0:
		return fmt.Errorf("payfor: the order inquiry states no amount for the approved 3-D Secure payment: %w", vpos.ErrUnknownOutcome)
	}
	res.Amount, res.Currency = st.Amount, st.Currency
	if res.AuthCode == "" {
		res.AuthCode = st.AuthCode
	}
	if st.RRN != "" {
		res.TransactionID, res.RRN = st.TransactionID, st.RRN
	}
	if res.Extra == nil {
		res.Extra = map[string]string{}
	}
	res.Extra["confirmed_by"] = "order_inquiry"
	return nil
}

// reportsSuccess reports whether a callback says the cardholder was
// authenticated or the payment went through (3DStatus 1-4, ProcReturnCode
// 00 or V033).
func reportsSuccess(form url.Values) bool {
	switch form.Get("3DStatus") {
	case "1", "2", "3", "4":
		return true
	}
	switch form.Get("ProcReturnCode") {
	case "00", "V033":
		return true
	}
	return false
}
