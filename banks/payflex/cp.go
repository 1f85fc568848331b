package payflex

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/sanalpos/vpos/internal/check"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/threed"
)

// Common Payment v4 (payflex.md §9): the hosted payment page. The merchant
// registers the payment server to server (RegisterTransaction, with the
// CPHash HashedData), sends the browser to CommonPaymentUrl?Ptkn=token,
// the bank authenticates and books, and redirects the browser back to
// SuccessUrl / FailUrl with unsigned result fields. The adapter confirms
// every result with the VposTransaction query and decides from that reply
// only.

// isCP reports whether m is one of the Common Payment models.
func isCP(m threed.Model) bool { return m == threed.Model3DPay || m == threed.Model3DHost }

// cpRegistration is a CommonPaymentResponse (payflex.md §9: CommonPaymentUrl,
// PaymentToken, ErrorCode, ResponseMessage).
type cpRegistration struct {
	CommonPaymentURL, PaymentToken, ErrorCode, ResponseMessage string
}

// cpResult is a VposTransaction reply: the bank's record of the hosted
// page payment.
type cpResult struct {
	Rc, Message, ErrorCode, HostRc, TransactionID, PaymentToken string
	OrderID, TransactionType, AuthCode, Rrn, Amount, AmountCode string
	ThreeDSecureType, HostDate                                  string
}

// parseCPRegistration reads a CommonPaymentResponse.
func parseCPRegistration(body []byte) (*cpRegistration, error) {
	r, err := root(body, "CommonPaymentResponse")
	if err != nil {
		return nil, err
	}
	reg := &cpRegistration{
		CommonPaymentURL: child(r, "CommonPaymentUrl"),
		PaymentToken:     child(r, "PaymentToken"),
		ErrorCode:        child(r, "ErrorCode"),
		ResponseMessage:  child(r, "ResponseMessage"),
	}
	if reg.ErrorCode == "" && reg.PaymentToken == "" {
		return nil, replyErr("neither PaymentToken nor ErrorCode")
	}
	return reg, nil
}

// parseCPResult reads a VposTransactionResponse. A reply without Rc is an
// error wrapping errReply.
func parseCPResult(body []byte) (*cpResult, error) {
	r, err := root(body, "VposTransactionResponse")
	if err != nil {
		return nil, err
	}
	res := &cpResult{
		Rc: child(r, "Rc"), Message: child(r, "Message"), ErrorCode: child(r, "ErrorCode"), HostRc: child(r, "HostRc"),
		TransactionID: child(r, "TransactionId"), PaymentToken: child(r, "PaymentToken"), OrderID: child(r, "OrderID"),
		TransactionType: child(r, "TransactionType"), AuthCode: child(r, "AuthCode"), Rrn: child(r, "Rrn"),
		Amount: child(r, "Amount"), AmountCode: child(r, "AmountCode"), ThreeDSecureType: child(r, "ThreeDSecureType"),
		HostDate: child(r, "HostDate"),
	}
	if res.Rc == "" {
		return nil, replyErr("no Rc")
	}
	return res, nil
}

// cpLanguage is the RequestLanguage of the hosted page.
func cpLanguage(lang string) string {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(lang)), "en") {
		return "en-US"
	}
	return "tr-TR"
}

// cpBrand is the Common Payment BrandNumber (payflex.md §3): the MPI
// BrandName codes.
func cpBrand(pan string) string { return brand(pan) }

// registerForm is the RegisterTransaction request (payflex.md §9), sent
// form-urlencoded. For 3d_pay the card goes in the registration (BrandNumber,
// PAN, CVV, ExpireMonth, ExpireYear, CardHoldersName); for 3d_host the
// shopper types it on the bank's page.
func (cfg Config) registerForm(r *vpos.ThreeDRequest) url.Values {
	typ := typeSale
	if r.PreAuth {
		typ = typeAuth
	}
	amt, code := amount(r.Amount, r.Currency), currencyCode(r.Currency)
	f := url.Values{
		"HostMerchantId":       {cfg.MerchantID},
		"MerchantPassword":     {cfg.Password},
		"HostTerminalId":       {cfg.TerminalNo},
		"TransactionType":      {typ},
		"AmountCode":           {code},
		"Amount":               {amt},
		"OrderID":              {r.OrderID},
		"IsSecure":             {"true"},
		"AllowNotEnrolledCard": {"false"},
		"SuccessUrl":           {r.OkURL},
		"FailUrl":              {failURL(r)},
		"RequestLanguage":      {cpLanguage(r.Lang)},
		"HashedData":           {CPHash(cfg.MerchantID, code, amt, cfg.Password)},
	}
	if n := installments(r.Installments); n != "" {
		f.Set("InstallmentCount", n)
	}
	if r.Model == threed.Model3DPay {
		card := r.Card.Normalize()
		f.Set("BrandNumber", cpBrand(card.Number))
		f.Set("PAN", card.Number)
		f.Set("CVV", card.CVV)
		f.Set("ExpireMonth", fmt.Sprintf("%02d", card.ExpMonth))
		f.Set("ExpireYear", strconv.Itoa(fullYear(card.ExpYear)))
		if card.Holder != "" {
			f.Set("CardHoldersName", card.Holder)
		}
	}
	return f
}

// beginCP registers a Common Payment transaction and returns the form that
// sends the browser to the hosted page with GET ?Ptkn=token (payflex.md
// §9). An ErrorCode in the reply ends the payment here (nothing was
// charged): an error with the mapped Return and BankCode the ErrorCode.
func (p *Provider) beginCP(ctx context.Context, req *vpos.ThreeDRequest) (*threed.Form, error) {
	if p.cfg.Endpoint.CPRegister == "" {
		return nil, &vpos.Error{Code: vpos.Unsupported, Op: vpos.OpBegin3D, OrderID: req.OrderID, Field: "Model",
			Msg: "payflex: the endpoint has no Common Payment (Endpoint.CPRegister is empty)"}
	}
	if req.Model == threed.Model3DPay && brand(req.Card.Normalize().Number) == "" {
		return nil, &vpos.Error{Code: vpos.InvalidRequest, Op: vpos.OpBegin3D, OrderID: req.OrderID, Field: "Card",
			Return: returncodes.InvalidCard, Msg: "payflex: the card brand is not one Common Payment knows (Visa, Mastercard, Troy, Amex)"}
	}
	body := []byte(p.cfg.registerForm(req).Encode())
	resp, err := p.post(ctx, vpos.OpBegin3D, req.OrderID, p.cfg.Endpoint.CPRegister, body)
	if err != nil {
		return nil, err
	}
	reg, err := parseCPRegistration(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("payflex: unusable RegisterTransaction reply (HTTP %d): %v: %w", resp.StatusCode, err, vpos.ErrUnknownOutcome)
	}
	if reg.ErrorCode != "" {
		rc, _ := normalise(reg.ErrorCode)
		if rc == returncodes.Approved || rc == returncodes.TimeoutUnknown {
			rc = returncodes.InvalidRequest
		}
		return nil, &vpos.Error{Code: vpos.ErrorCodeFor(rc), Op: vpos.OpBegin3D, OrderID: req.OrderID, Return: rc,
			BankCode: reg.ErrorCode, BankMessage: reg.ResponseMessage,
			Msg: "payflex: Common Payment refused the registration"}
	}
	gate := p.cfg.Endpoint.CPGate
	if gate == "" {
		gate = reg.CommonPaymentURL
	}
	u, err := url.Parse(gate)
	if err != nil || !check.AbsoluteHTTPURL(gate) {
		return nil, fmt.Errorf("payflex: RegisterTransaction reply without a usable CommonPaymentUrl: %w", vpos.ErrUnknownOutcome)
	}
	// A GET form replaces the query of its action: move it into the fields.
	fields := u.Query()
	u.RawQuery = ""
	fields.Set("Ptkn", reg.PaymentToken)
	// The page ignores OrderId; it lets the form name its payment.
	fields.Set("OrderId", req.OrderID)
	return &threed.Form{Action: u.String(), Method: http.MethodGet, Fields: fields}, nil
}

// parseCPCallback reads the hosted page's result redirect (payflex.md §9:
// Rc, Message, TransactionId, PaymentToken, ErrorCode, HostRc, OrderID,
// ...). Nothing in it is signed, so nothing in it is believed: it only
// names the order (OrderID) and the payment (PaymentToken) that Complete3D
// confirms with the VposTransaction query. Status is StatusError ("says
// nothing about the cardholder") for that reason; the Result's ThreeD comes
// from the query reply.
func (p *Provider) parseCPCallback(form url.Values) (*vpos.Callback, error) {
	orderID, ok := one(form, "OrderID")
	if !ok {
		return nil, badCallback("payflex: Common Payment result OrderID is missing")
	}
	if _, ok := one(form, "PaymentToken"); !ok {
		return nil, badCallback("payflex: Common Payment result PaymentToken is missing")
	}
	if vs, present := form["TransactionId"]; present && len(vs) != 1 {
		return nil, badCallback("payflex: Common Payment result TransactionId is repeated")
	}
	msg := strings.TrimSpace(form.Get("Message"))
	if rc := strings.TrimSpace(form.Get("Rc")); rc != "" && msg != "" {
		msg = rc + " " + msg
	}
	return &vpos.Callback{
		OrderID: orderID,
		Status:  threed.StatusError,
		Message: msg,
		Fields:  form,
	}, nil
}

// queryCP asks the bank (VposTransaction, read-only) about the payment a
// Common Payment result names.
func (p *Provider) queryCP(ctx context.Context, op vpos.Op, cb *vpos.Callback, pending *vpos.Pending3D) (*cpResult, string, error) {
	token, ok := one(cb.Fields, "PaymentToken")
	if !ok || cb.Fields.Has("SessionInfo") {
		return nil, "", badCallback("payflex: the callback is not a Common Payment result")
	}
	q := url.Values{
		"HostMerchantId":   {p.cfg.MerchantID},
		"MerchantPassword": {p.cfg.Password},
		"HostTerminalId":   {p.cfg.TerminalNo},
		"PaymentToken":     {token},
	}
	if id := strings.TrimSpace(cb.Fields.Get("TransactionId")); id != "" {
		q.Set("TransactionId", id)
	}
	resp, err := p.post(ctx, op, pending.OrderID, p.cfg.Endpoint.cpQuery(), []byte(q.Encode()))
	if err != nil {
		return nil, "", err
	}
	rep, err := parseCPResult(resp.Body)
	if err != nil {
		return nil, "", fmt.Errorf("payflex: unusable VposTransaction reply (HTTP %d): %v: %w", resp.StatusCode, err, vpos.ErrUnknownOutcome)
	}
	return rep, token, nil
}

var _ vpos.CallbackBinder = (*Provider)(nil)

// BindCallback checks a Common Payment result against the pending payment
// before the Client claims it. The redirect carries no amount or currency,
// so it asks the bank (the read-only VposTransaction query) what was booked
// for the token and refuses a result whose order, amount or currency
// differs from the payment that was started, or whose token the bank knows
// no transaction for: the payment stays pending, so a forged redirect
// cannot hold up the genuine one. MPI callbacks are bound by their VerifyEnrollmentRequestId in
// ParseCallback and pass.
func (p *Provider) BindCallback(ctx context.Context, cb *vpos.Callback, pending *vpos.Pending3D) error {
	if !isCP(pending.Model) {
		return nil
	}
	rep, _, err := p.queryCP(ctx, vpos.OpStatus, cb, pending)
	if err != nil {
		return err
	}
	if rep.OrderID != "" && rep.OrderID != pending.OrderID {
		return badCallback("payflex: the callback's PaymentToken belongs to another order")
	}
	if rc, _ := normalise(rep.Rc); rep.OrderID == "" && rc == returncodes.NotFound {
		// A token the bank never issued, or one not paid yet: the result
		// names no payment, so the pending one is left for its genuine
		// callback (or the Resolver), not claimed by this one.
		return badCallback("payflex: the bank knows no Common Payment transaction for the callback's PaymentToken")
	}
	if rep.Rc != approvedCode {
		return nil // nothing booked: Complete3D reports the decline
	}
	n, err := strconv.Atoi(rep.AmountCode)
	cur, ok := vpos.CurrencyByNumeric(n)
	if err != nil || !ok {
		return badCallback("payflex: the bank's reply names no currency for the payment")
	}
	if cur != pending.Currency {
		return badCallback("payflex: the bank booked another currency than the payment that was started")
	}
	if a, ok := parseAmount(rep.Amount, cur); !ok || a != pending.Amount {
		return badCallback("payflex: the bank booked another amount than the payment that was started")
	}
	return nil
}

// completeCP confirms a hosted page payment with the VposTransaction query
// (payflex.md §9 step 3) and builds the Result from its reply alone:
// approved exactly when Rc is 0000, for this order, this payment token and
// the transaction type started; Amount and Currency are the reply's
// Amount and AmountCode, so the Client refuses a booking that differs from
// the pending payment.
//
// A query the bank refuses without naming a payment (no OrderID in the
// reply) says nothing about the order: a token it does not know (9601) is
// an InvalidCallback (a forged or mistyped redirect; the record stays
// undecided, it is not declined, since the shopper may still be paying),
// anything else (wrong credentials, an unreadable reply) an unknown outcome
// that the Client settles with Status.
func (p *Provider) completeCP(ctx context.Context, cb *vpos.Callback, pending *vpos.Pending3D) (*vpos.Result, error) {
	op, typ := vpos.OpSale, typeSale
	if pending.PreAuth {
		op, typ = vpos.OpPreAuth, typeAuth
	}
	refuse := func(msg string) (*vpos.Result, error) {
		return nil, &vpos.Error{Code: vpos.InvalidCallback, Op: vpos.OpComplete, OrderID: pending.OrderID,
			Return: returncodes.TimeoutUnknown, Msg: msg}
	}
	rep, token, err := p.queryCP(ctx, vpos.OpComplete, cb, pending)
	if err != nil {
		var e *vpos.Error
		if errors.As(err, &e) && e.Code == vpos.InvalidCallback {
			return refuse(e.Msg)
		}
		return nil, err
	}
	if rep.OrderID == "" {
		if rc, _ := normalise(rep.Rc); rc == returncodes.NotFound {
			return refuse("payflex: the bank knows no Common Payment transaction for the callback's PaymentToken")
		}
		return nil, fmt.Errorf("payflex: the VposTransaction query was refused (Rc %s %s): %w", rep.Rc, rep.Message, vpos.ErrUnknownOutcome)
	}
	switch {
	case rep.OrderID != pending.OrderID:
		return refuse("payflex: the callback's PaymentToken belongs to another order")
	case rep.PaymentToken != "" && rep.PaymentToken != token:
		return refuse("payflex: the VposTransaction reply is for another PaymentToken")
	case rep.Rc == approvedCode && rep.TransactionType != "" && !strings.EqualFold(rep.TransactionType, typ):
		return refuse(fmt.Sprintf("payflex: the bank booked a %s, the payment started was a %s", rep.TransactionType, typ))
	}
	rc, _ := normalise(rep.Rc)
	res := &vpos.Result{
		Op:            op,
		OrderID:       pending.OrderID,
		Approved:      rep.Rc == approvedCode,
		Status:        vpos.StatusDeclined,
		TransactionID: rep.TransactionID,
		AuthCode:      rep.AuthCode,
		RRN:           rep.Rrn,
		Return:        rc,
		BankCode:      rep.Rc,
		BankMessage:   rep.Message,
		Installments:  pending.Installments,
		MaskedPAN:     pending.MaskedPAN,
		Time:          p.tr.Now(),
	}
	if t, ok := hostDate(rep.HostDate, res.Time); ok {
		res.Time = t
	}
	if n, err := strconv.Atoi(rep.AmountCode); err == nil {
		if cur, ok := vpos.CurrencyByNumeric(n); ok {
			if a, ok := parseAmount(rep.Amount, cur); ok && a > 0 {
				res.Amount, res.Currency = a, cur
			}
		}
	}
	three := &vpos.ThreeDResult{Model: pending.Model, Status: threed.StatusError, Message: rep.Message}
	switch {
	case res.Approved:
		if res.Amount == 0 {
			// An approval whose amount cannot be checked is not taken.
			return nil, fmt.Errorf("payflex: approved VposTransaction reply without a readable Amount and AmountCode: %w", vpos.ErrUnknownOutcome)
		}
		res.Status = vpos.StatusApproved
		three.Status = threed.StatusAuthenticated
	case rep.ThreeDSecureType == "3":
		// Authenticated, then declined by the host.
		three.Status = threed.StatusAuthenticated
	case rc == returncodes.ThreeDSFailed:
		three.Status = threed.StatusFailed
	}
	if !res.Approved && strings.Trim(res.AuthCode, "0") == "" {
		res.AuthCode = ""
	}
	res.ThreeD = three
	res.Extra = extra(map[string]string{
		"payment_token":       token,
		"host_rc":             rep.HostRc,
		"three_d_secure_type": rep.ThreeDSecureType,
		"transaction_type":    rep.TransactionType,
	})
	return res, nil
}
