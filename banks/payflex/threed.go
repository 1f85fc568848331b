package payflex

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/sanalpos/vpos/internal/check"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/internal/hashx"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/threed"
)

// verifyIDContext separates the VerifyEnrollmentRequestId MAC from any
// other use of the password.
const verifyIDContext = "vpos/payflex VerifyEnrollmentRequestId v1\x00"

// newVerifyID returns a fresh VerifyEnrollmentRequestId bound to orderID:
// 32 lower-case hex characters, a 48-bit random nonce followed by the first
// 80 bits of HMAC-SHA256(password, context | nonce | 0 | orderID). The
// MPI's callback is not signed; this id, which the MPI echoes, lets
// ParseCallback refuse a callback that names an order it was not started
// for (someone else's authentication replayed against another order).
func (cfg Config) newVerifyID(orderID string) (string, error) {
	var nonce [6]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return "", fmt.Errorf("payflex: reading random bytes: %w", err)
	}
	n := hashx.HexLower(nonce[:])
	return n + cfg.verifyMAC(n, orderID), nil
}

func (cfg Config) verifyMAC(nonce, orderID string) string {
	mac := hashx.HMACSHA256([]byte(cfg.Password), []byte(verifyIDContext+nonce+"\x00"+orderID))
	return hashx.HexLower(mac[:10])
}

// verifyIDFor reports whether id is a VerifyEnrollmentRequestId this
// Config issued for orderID (constant-time comparison of the MAC).
func (cfg Config) verifyIDFor(id, orderID string) bool {
	if len(id) != 32 || strings.ToLower(id) != id {
		return false
	}
	return hashx.Equal(id[12:], cfg.verifyMAC(id[:12], orderID))
}

// Begin3D sends the MPI VerifyEnrollmentRequest (payflex.md §4.1, form
// fields, the card included) and, when the card is enrolled (VERes Status
// Y), returns the form that sends the shopper to the issuer's ACS: POST to
// ACSUrl with PaReq, TermUrl and MD verbatim (§4.2), plus an OrderId field
// ACSs ignore, so the page names its payment. The VerifyEnrollmentRequestId
// is a fresh id bound to the order (see ParseCallback) and SessionInfo
// carries the order id, which the MPI echoes in its callback.
//
// A card that is not enrolled (N), or an MPI that cannot tell (U) or errs
// (E), ends the payment here: a Declined *vpos.Error with Return
// ThreeDSFailed (or AuthError for MessageErrorCode 2005, "merchant cannot be
// found"), BankCode the MessageErrorCode or "VERes:<Status>".
func (p *Provider) Begin3D(ctx context.Context, req *vpos.ThreeDRequest) (*threed.Form, error) {
	if isCP(req.Model) {
		return p.beginCP(ctx, req)
	}
	if req.Model != "" && req.Model != threed.Model3D {
		return nil, &vpos.Error{Code: vpos.Unsupported, Op: vpos.OpBegin3D, OrderID: req.OrderID, Field: "Model",
			Msg: fmt.Sprintf("payflex: 3-D Secure model %q is not offered", string(req.Model))}
	}
	card := req.Card.Normalize()
	if brand(card.Number) == "" {
		return nil, &vpos.Error{Code: vpos.InvalidRequest, Op: vpos.OpBegin3D, OrderID: req.OrderID, Field: "Card",
			Return: returncodes.InvalidCard, Msg: "payflex: the card brand is not one the MPI knows (Visa, Mastercard, Troy, Amex)"}
	}
	verifyID, err := p.cfg.newVerifyID(req.OrderID)
	if err != nil {
		return nil, err
	}
	body := []byte(p.cfg.enrollmentForm(req, verifyID).Encode())
	resp, err := p.post(ctx, vpos.OpBegin3D, req.OrderID, p.cfg.Endpoint.MPI, body)
	if err != nil {
		return nil, err
	}
	e, err := parseEnrollment(resp.Body)
	if err == nil && e.VerifyEnrollmentRequestID != "" && e.VerifyEnrollmentRequestID != verifyID {
		err = fmt.Errorf("%w: the reply is for another VerifyEnrollmentRequestId", errReply)
	}
	if err != nil {
		return nil, fmt.Errorf("payflex: unusable enrollment reply (HTTP %d): %v: %w", resp.StatusCode, err, vpos.ErrUnknownOutcome)
	}
	if e.Status != "Y" {
		rc := returncodes.ThreeDSFailed
		code := e.MessageErrorCode
		if c, ok := mpiCodes.Lookup(code); ok {
			rc = c
		} else if c, ok := resultCodes.Lookup(code); ok && c == returncodes.AuthError {
			rc = c // 1105: IP not allow-listed
		}
		if code == "" {
			code = "VERes:" + e.Status
		}
		return nil, &vpos.Error{Code: vpos.ErrorCodeFor(rc), Op: vpos.OpBegin3D, OrderID: req.OrderID, Return: rc,
			BankCode: code, BankMessage: e.ErrorMessage,
			Msg: fmt.Sprintf("payflex: the MPI did not enroll the card (VERes Status %q)", e.Status)}
	}
	if !check.AbsoluteHTTPURL(e.ACSURL) || e.PaReq == "" {
		return nil, fmt.Errorf("payflex: enrollment reply without ACSUrl or PaReq: %w", vpos.ErrUnknownOutcome)
	}
	return &threed.Form{
		Action: e.ACSURL,
		Method: http.MethodPost,
		Fields: url.Values{
			"PaReq":   {e.PaReq},
			"TermUrl": {e.TermURL},
			"MD":      {e.MD},
			"OrderId": {req.OrderID},
		},
	}, nil
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

func badCallback(msg string) error {
	return &vpos.Error{Code: vpos.InvalidCallback, Op: vpos.OpComplete, Return: returncodes.InvalidRequest, Msg: msg}
}

// ParseCallback reads the MPI callback (payflex.md §4.3, §10.4). PayFlex
// does not sign it, so nothing in it is proof of anything: it is read, not
// verified, and approval is decided later from the VPOS provision reply
// alone. What can be checked without a signature is checked, and a failure
// is InvalidCallback:
//
//   - SessionInfo (the order id Begin3D sent) and Status (Y, A, N, R, U or
//     E) must be present once;
//   - VerifyEnrollmentRequestId must be one this Config issued for that
//     order (its MAC, see Begin3D): an authentication of one order cannot
//     be replayed against another;
//   - MerchantId, when present, must be the Config's; PurchAmount (minor
//     units) and PurchCurrency (numeric), when present, must be readable;
//     the Client then binds them, with the order id, to the pending
//     payment.
//
// The Callback has MerchantProvisions set: the Client applies its 3-D
// Secure policy (Y only, or also A) before Complete3D.
func (p *Provider) ParseCallback(_ context.Context, form url.Values) (*vpos.Callback, error) {
	if !form.Has("SessionInfo") && form.Has("PaymentToken") {
		return p.parseCPCallback(form)
	}
	orderID, ok := one(form, "SessionInfo")
	if !ok {
		return nil, badCallback("payflex: callback SessionInfo (the order id) is missing")
	}
	st, ok := one(form, "Status")
	st = strings.ToUpper(strings.TrimSpace(st))
	if !ok || len(st) != 1 || !strings.Contains("YANRUE", st) {
		return nil, badCallback("payflex: callback Status is missing or not Y, A, N, R, U or E")
	}
	id, ok := one(form, "VerifyEnrollmentRequestId")
	if !ok || !p.cfg.verifyIDFor(id, orderID) {
		return nil, badCallback("payflex: callback VerifyEnrollmentRequestId was not issued for this order")
	}
	if vs, present := form["MerchantId"]; present && (len(vs) != 1 || vs[0] != p.cfg.MerchantID) {
		return nil, badCallback("payflex: callback MerchantId is not this merchant's")
	}
	cb := &vpos.Callback{
		OrderID:            orderID,
		Model:              threed.Model3D,
		Status:             threed.TransStatus(st),
		MDStatus:           st,
		ECI:                form.Get("Eci"),
		Message:            callbackMessage(form),
		MerchantProvisions: true,
		Fields:             form,
	}
	if vs, present := form["PurchAmount"]; present {
		n, err := strconv.ParseInt(strings.TrimSpace(strings.Join(vs, ",")), 10, 64)
		if len(vs) != 1 || err != nil || n <= 0 {
			return nil, badCallback("payflex: callback PurchAmount is not a positive amount in minor units")
		}
		cb.Amount = vpos.Amount(n)
	}
	if vs, present := form["PurchCurrency"]; present {
		n, err := strconv.Atoi(strings.TrimSpace(strings.Join(vs, ",")))
		cur, known := vpos.CurrencyByNumeric(n)
		if len(vs) != 1 || err != nil || !known {
			return nil, badCallback("payflex: callback PurchCurrency is not a known currency")
		}
		cb.Currency = cur
	}
	return cb, nil
}

// callbackMessage is ErrorMessage, prefixed with ErrorCode when set.
func callbackMessage(form url.Values) string {
	code, msg := strings.TrimSpace(form.Get("ErrorCode")), strings.TrimSpace(form.Get("ErrorMessage"))
	switch {
	case code != "" && msg != "":
		return code + " " + msg
	case code != "":
		return code
	}
	return msg
}

// Complete3D sends the 3-D Secure provision for a callback the Client has
// bound to pending (payflex.md §4.4): TransactionType Sale or Auth, ECI,
// CAVV and MpiTransactionId (= VerifyEnrollmentRequestId) from the
// callback, the order id, installments of the pending payment, no card
// (and no amount unless Config.Send3DAmount). The bank checks ECI, CAVV
// and the amount against its own MPI record (1115, 1116, 1117, 1126, 1128:
// ThreeDSFailed declines), which is what makes an unsigned callback safe:
// the Result is approved only when that reply's ResultCode is 0000. When
// the reply states CurrencyAmount and CurrencyCode the Result carries them,
// so the Client refuses a booking that differs from the pending payment.
func (p *Provider) Complete3D(ctx context.Context, cb *vpos.Callback, pending *vpos.Pending3D) (*vpos.Result, error) {
	if isCP(pending.Model) {
		return p.completeCP(ctx, cb, pending)
	}
	if pending.Model != "" && pending.Model != threed.Model3D {
		return nil, &vpos.Error{Code: vpos.Unsupported, Op: vpos.OpComplete, OrderID: pending.OrderID, Field: "Model",
			Msg: fmt.Sprintf("payflex: 3-D Secure model %q is not offered", string(pending.Model))}
	}
	op := vpos.OpSale
	if pending.PreAuth {
		op = vpos.OpPreAuth
	}
	f := cb.Fields
	if !f.Has("SessionInfo") {
		return nil, &vpos.Error{Code: vpos.InvalidCallback, Op: vpos.OpComplete, OrderID: pending.OrderID,
			Return: returncodes.TimeoutUnknown, Msg: "payflex: the callback is not an MPI callback"}
	}
	r := p.cfg.provisionRequest(pending, f.Get("Eci"), f.Get("Cavv"), f.Get("VerifyEnrollmentRequestId"))
	rep, err := p.call(ctx, vpos.OpComplete, r)
	if err != nil {
		return nil, err
	}
	res := p.result(op, pending.OrderID, rep)
	echoAmount(res, rep)
	if res.Amount == 0 {
		res.Amount, res.Currency = pending.Amount, pending.Currency
	}
	res.Installments = pending.Installments
	res.MaskedPAN = pending.MaskedPAN
	res.ThreeD = &vpos.ThreeDResult{Model: threed.Model3D, Status: cb.Status, MDStatus: cb.MDStatus, ECI: cb.ECI, Message: cb.Message}
	return res, nil
}
