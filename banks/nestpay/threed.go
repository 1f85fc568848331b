package nestpay

import (
	"context"
	"crypto/rand"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
)

// Begin3D builds the form that sends the shopper to the bank's 3-D Secure
// gate (est3Dgate, nestpay.md §6.1), signed with the Config's hash
// version. It does no I/O. The card travels in the form only in the 3d and
// 3d_pay models; in 3d_host and 3d_pay_hosting the shopper types it on the
// bank's page. An empty Model means the Config's StoreType.
func (p *Provider) Begin3D(_ context.Context, req *vpos.ThreeDRequest) (*threed.Form, error) {
	model := req.Model
	if model == "" {
		if len(p.feat.ThreeD) == 0 {
			return nil, &vpos.Error{Code: vpos.Unsupported, Op: vpos.OpBegin3D, Msg: "nestpay: the Config offers no 3-D Secure model"}
		}
		model = p.feat.ThreeD[0]
	}
	if !model.Valid() {
		return nil, vpos.InvalidField("Model", "is not a 3-D Secure model")
	}
	cur, err := currencyCode(req.Currency)
	if err != nil {
		return nil, err
	}
	failURL := req.FailURL
	if failURL == "" {
		failURL = req.OkURL
	}
	typ := typeAuth
	if req.PreAuth {
		typ = typePreAuth
	}
	f := make(url.Values, 20)
	f.Set("clientid", p.cfg.ClientID)
	f.Set("storetype", string(model))
	f.Set("amount", formatAmount(req.Amount, req.Currency))
	f.Set("oid", req.OrderID)
	f.Set("okUrl", req.OkURL)
	f.Set("failUrl", failURL)
	f.Set("rnd", rand.Text())
	f.Set("lang", p.cfg.lang(req.Lang))
	f.Set("currency", cur)
	f.Set("taksit", taksit(req.Installments))
	f.Set("islemtipi", typ)
	if req.CustomerEmail != "" {
		f.Set("Email", req.CustomerEmail)
	}
	if req.CustomerName != "" {
		f.Set("BillToName", req.CustomerName)
	}
	if !model.CardOnBankPage() {
		card := req.Card.Normalize()
		if card.Number == "" {
			return nil, &vpos.Error{Code: vpos.InvalidRequest, Field: "Card.Number", Msg: msgNoCard}
		}
		f.Set("pan", card.Number)
		f.Set("Ecom_Payment_Card_ExpDate_Month", fmt.Sprintf("%02d", card.ExpMonth))
		f.Set("Ecom_Payment_Card_ExpDate_Year", fmt.Sprintf("%02d", card.ExpYear%100))
		f.Set("cv2", card.CVV)
	}
	if p.cfg.legacy() {
		f.Set("hash", legacyRequestHash(f, p.cfg.StoreKey))
	} else {
		f.Set("hashAlgorithm", HashVer3)
		f.Set("hash", ver3Hash(f, p.cfg.StoreKey))
	}
	return &threed.Form{Action: p.cfg.Endpoint.gate(model.CardOnBankPage()), Method: http.MethodPost, Fields: f}, nil
}

// ParseCallback verifies the callback's signature (Config.VerifyCallback)
// before it reads anything, then checks that the callback is for this
// store (clientid) and reads the order (oid), amount, currency, model
// (storetype) and 3-D Secure outcome (mdStatus, eci, mdErrorMsg). A signed
// callback without an order, amount or currency, or with values that do
// not parse, is an InvalidCallback error too, as is a 3d or 3d_host
// callback whose authentication succeeded but that carries no md to
// provision with.
func (p *Provider) ParseCallback(_ context.Context, form url.Values) (*vpos.Callback, error) {
	if err := p.cfg.VerifyCallback(form); err != nil {
		return nil, err
	}
	if id := form.Get("clientid"); id != "" && id != p.cfg.ClientID {
		return nil, badCallback("nestpay: callback is for another store (clientid)")
	}
	oid := form.Get("oid")
	if oid == "" {
		return nil, badCallback("nestpay: callback has no oid")
	}
	num, err := strconv.Atoi(form.Get("currency"))
	if err != nil {
		return nil, badCallback("nestpay: callback currency is missing or not numeric")
	}
	cur, ok := vpos.CurrencyByNumeric(num)
	if !ok {
		return nil, badCallback("nestpay: callback currency is unknown")
	}
	amount, err := vpos.ParseAmount(form.Get("amount"), cur)
	if err != nil || amount <= 0 {
		return nil, badCallback("nestpay: callback amount is missing or unreadable")
	}
	var model threed.Model
	if st := form.Get("storetype"); st != "" {
		if model, err = threed.ParseModel(st); err != nil {
			return nil, badCallback("nestpay: callback storetype is not a 3-D Secure model")
		}
	}
	md := form.Get("mdStatus")
	status := threed.MDStatus(md)
	provisions := model == threed.Model3D || model == threed.Model3DHost && form.Get("Response") == "" && form.Get("ProcReturnCode") == ""
	if provisions && (status == threed.StatusAuthenticated || status == threed.StatusAttempted) && form.Get("md") == "" {
		return nil, badCallback("nestpay: callback has no md to provision with")
	}
	return &vpos.Callback{
		OrderID:  oid,
		Amount:   amount,
		Currency: cur,
		Model:    model,
		Status:   status,
		MDStatus: md,
		ECI:      form.Get("eci"),
		Message:  formText(form.Get("mdErrorMsg")),
		// NestPay's 3d_host leaves the provision to the merchant: the
		// Client applies the mdStatus policy to it as to the 3d model.
		MerchantProvisions: provisions,
		Fields:             form,
	}, nil
}

// Complete3D finishes a verified callback the Client bound to pending. In
// the 3d model it sends the provisioning request (Auth or PreAuth with the
// callback's md, xid, eci and cavv, nestpay.md §4) and reads the bank's
// reply. NestPay's 3d_host only authenticates on the bank's page (nestpay.md
// §6.2): a 3d_host callback without payment fields is provisioned the same
// way, after the Client's mdStatus policy (full authentication, or an
// attempt too with vpos.Options.Accept3DAttempts) allowed it. In 3d_pay and
// 3d_pay_hosting (and a 3d_host callback that carries a payment result) the
// bank has already charged or declined: the Result is read from the signed
// callback (Response, ProcReturnCode, AuthCode, HostRefNum, TransId)
// without I/O.
// Money moved only when Response is "Approved" and ProcReturnCode "00"; a
// callback that failed 3-D Secure and carries no approval is a decline for
// the 3-D Secure reason; an authenticated callback that carries no payment
// result at all is an unknown outcome (the Client settles it with Status).
func (p *Provider) Complete3D(ctx context.Context, cb *vpos.Callback, pending *vpos.Pending3D) (*vpos.Result, error) {
	model := pending.Model
	if model == "" {
		model = cb.Model
	}
	op := vpos.OpSale
	typ := typeAuth
	if pending.PreAuth {
		op, typ = vpos.OpPreAuth, typePreAuth
	}
	three := &vpos.ThreeDResult{Model: model, Status: cb.Status, MDStatus: cb.MDStatus, ECI: cb.ECI, Message: cb.Message}
	f := cb.Fields
	var res *vpos.Result
	var err error
	switch {
	case model == threed.Model3D:
		res, err = p.provision(ctx, op, typ, cb, pending)
	case model == threed.Model3DHost && f.Get("Response") == "" && f.Get("ProcReturnCode") == "":
		// NestPay's 3d_host authenticates on the bank's page and leaves
		// the provision to the merchant, as in the 3d model (nestpay.md
		// §6.2, mewebstudio/pos); ParseCallback marked it
		// MerchantProvisions, so the Client has applied the mdStatus policy.
		res, err = p.provision(ctx, op, typ, cb, pending)
	default:
		res, err = p.callbackResult(op, pending.OrderID, cb)
	}
	if err != nil {
		return nil, err
	}
	res.Amount, res.Currency, res.Installments = pending.Amount, pending.Currency, pending.Installments
	res.MaskedPAN = pending.MaskedPAN
	if res.MaskedPAN == "" {
		res.MaskedPAN = firstOf(f.Get("maskedCreditCard"), f.Get("MaskedPan"))
	}
	res.ThreeD = three
	return res, nil
}

// provision sends the provisioning request of a 3d (or 3d_host) callback:
// Auth or PreAuth with the callback's md as Number and its xid, eci and
// cavv (nestpay.md §4), for the amount, currency and installments of the
// pending payment.
func (p *Provider) provision(ctx context.Context, op vpos.Op, typ string, cb *vpos.Callback, pending *vpos.Pending3D) (*vpos.Result, error) {
	f := cb.Fields
	md := f.Get("md")
	if md == "" {
		return nil, badCallback("nestpay: callback has no md to provision with")
	}
	ip := f.Get("clientIp")
	if net.ParseIP(ip) == nil {
		ip = ""
	}
	body, err := buildProvision(&p.cfg, &provision3D{
		typ: typ, orderID: pending.OrderID, ip: ip, email: f.Get("Email"),
		amount: pending.Amount, currency: pending.Currency, installments: pending.Installments,
		md: md, xid: f.Get("xid"), eci: f.Get("eci"), cavv: f.Get("cavv"),
	})
	if err != nil {
		return nil, err
	}
	rep, err := p.call(ctx, vpos.OpComplete, pending.OrderID, body)
	if err != nil {
		return nil, err
	}
	return p.result(op, pending.OrderID, rep), nil
}

// callbackResult reads the payment result a 3d_pay, 3d_host or
// 3d_pay_hosting callback carries.
func (p *Provider) callbackResult(op vpos.Op, orderID string, cb *vpos.Callback) (*vpos.Result, error) {
	f := cb.Fields
	r := &reply{
		OrderID:        orderID,
		Response:       f.Get("Response"),
		AuthCode:       f.Get("AuthCode"),
		HostRefNum:     f.Get("HostRefNum"),
		ProcReturnCode: f.Get("ProcReturnCode"),
		TransID:        firstOf(f.Get("TransId"), f.Get("TRANID")),
		ErrMsg:         formText(f.Get("ErrMsg")),
	}
	if e := firstOf(f.Get("ErrCode"), f.Get("ErrorCode")); e != "" {
		r.extra = append(r.extra, field{"ERRORCODE", e})
	}
	if s := f.Get("SettleId"); s != "" {
		r.extra = append(r.extra, field{"SETTLEID", s})
	}
	if b := f.Get("EXTRA_CARDBRAND"); b != "" {
		r.extra = append(r.extra, field{"CARDBRAND", b})
	}
	authenticated := cb.Status == threed.StatusAuthenticated
	if r.Response == "" && r.ProcReturnCode == "" {
		if authenticated {
			return nil, fmt.Errorf("nestpay: %s callback carries no payment result: %w", cb.Model, vpos.ErrUnknownOutcome)
		}
		return p.threeDDecline(op, orderID, cb, r), nil
	}
	if err := r.check(); err != nil {
		return nil, fmt.Errorf("nestpay: callback payment result: %v: %w", err, vpos.ErrUnknownOutcome)
	}
	if !r.approved() && !authenticated {
		return p.threeDDecline(op, orderID, cb, r), nil
	}
	res := p.result(op, orderID, r)
	res.Time = p.bankTime(trxLayout, f.Get("EXTRA_TRXDATE"))
	return res, nil
}

// threeDDecline is the Result of a callback whose 3-D Secure step failed
// and on which the bank charged nothing.
func (p *Provider) threeDDecline(op vpos.Op, orderID string, cb *vpos.Callback, r *reply) *vpos.Result {
	errCode := r.Extra("ERRORCODE")
	bank := "mdStatus:" + cb.MDStatus
	if errCode != "" {
		bank = errCode
	}
	msg := firstOf(r.ErrMsg, cb.Message)
	return &vpos.Result{
		Op: op, OrderID: orderID, Status: vpos.StatusDeclined,
		TransactionID: r.TransID, Return: MDStatusReturn(cb.MDStatus, errCode),
		BankCode: bank, BankMessage: msg, Time: p.tr.Now(), Extra: extras(r),
	}
}

// formText returns a callback text as UTF-8. The bank's pages post in
// ISO-8859-9 (the callback's encoding field says so), so a value that is
// not valid UTF-8 is read as Latin-5. Signatures are always checked over
// the values as received.
func formText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	out, err := charmap.ISO8859_9.NewDecoder().String(s)
	if err != nil {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	return out
}

// firstOf returns the first non-empty value.
func firstOf(values ...string) string {
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
