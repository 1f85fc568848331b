package posnetv1

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/internal/hashx"
	"github.com/sanalpos/vpos/internal/redact"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/threed"
)

// tranType is the TransactionType of a 3-D Secure payment.
func tranType(preAuth bool) string {
	if preAuth {
		return "Auth"
	}
	return "Sale"
}

// lang is the gate's Language ("tr" unless "en" is asked for).
func lang(want string) string {
	if strings.EqualFold(strings.TrimSpace(want), "en") {
		return "en"
	}
	return "tr"
}

// Begin3D builds the form that posts the card to the 3-D Secure gate
// (posnet.md §10): MerchantNo, TerminalNo, PosnetID, TransactionType,
// OrderId (20 characters), Amount (kuruş), CurrencyCode, MerchantReturnURL,
// InstallmentCount, Language, TxnState INITIAL, OpenNewWindow 0, the card
// (CardNo, ExpiredDate, Cvv, CardHolderName), MacParams, UseOOS 0 and Mac
// (the 3D form MAC of §10). It does no I/O; nothing is booked.
func (p *Provider) Begin3D(_ context.Context, req *vpos.ThreeDRequest) (*threed.Form, error) {
	if req.Model != "" && req.Model != threed.Model3D {
		return nil, &vpos.Error{Code: vpos.Unsupported, Op: vpos.OpBegin3D, OrderID: req.OrderID, Field: "Model",
			Msg: fmt.Sprintf("posnetv1: 3-D Secure model %q is not offered", string(req.Model))}
	}
	if err := checkOrderID(vpos.OpBegin3D, req.OrderID); err != nil {
		return nil, err
	}
	if currencyCode(req.Currency) == "" {
		return nil, &vpos.Error{Code: vpos.InvalidRequest, Op: vpos.OpBegin3D, OrderID: req.OrderID, Field: "Currency",
			Msg: "posnetv1: the currency has no POSNET code"}
	}
	card := req.Card.Normalize()
	holder := card.Holder
	if holder == "" {
		holder = req.CustomerName
	}
	inst, _ := installments(req.Installments)
	amt := strconv.FormatInt(int64(req.Amount), 10)
	exp := expDate(card)
	f := url.Values{
		"MerchantNo":        {p.cfg.MerchantNo},
		"TerminalNo":        {p.cfg.TerminalNo},
		"PosnetID":          {p.cfg.PosnetID},
		"TransactionType":   {tranType(req.PreAuth)},
		"OrderId":           {orderID(req.OrderID)},
		"Amount":            {amt},
		"CurrencyCode":      {currencyCode(req.Currency)},
		"MerchantReturnURL": {req.OkURL},
		"InstallmentCount":  {inst},
		"Language":          {lang(req.Lang)},
		"TxnState":          {"INITIAL"},
		"OpenNewWindow":     {"0"},
		"CardNo":            {card.Number},
		"ExpiredDate":       {exp},
		"Cvv":               {card.CVV},
		"CardHolderName":    {holder},
		"MacParams":         {macParamsCard},
		"UseOOS":            {"0"},
		"Mac":               {FormMAC(p.cfg.MerchantNo, p.cfg.TerminalNo, card.Number, card.CVV, exp, amt, p.cfg.EncKey)},
	}
	return &threed.Form{Action: p.cfg.Endpoint.Gate3D, Method: http.MethodPost, Fields: f}, nil
}

// FormMAC is the MAC of the 3-D Secure form (posnet.md §10):
// MAC over MerchantNo, TerminalNo, CardNo, Cvc2, ExpireDate (YYMM) and
// Amount (kuruş).
func FormMAC(merchantNo, terminalNo, cardNo, cvv, expYYMM, amount, encKey string) string {
	return MAC(encKey, merchantNo, terminalNo, cardNo, cvv, expYYMM, amount)
}

// ProvisionMAC is the MAC of a 3-D Secure provision (posnet.md §10): over
// MerchantNo, TerminalNo, SecureTransactionId, CavvData, Eci and MdStatus.
func ProvisionMAC(merchantNo, terminalNo, secureTransactionID, cavv, eci, mdStatus, encKey string) string {
	return MAC(encKey, merchantNo, terminalNo, secureTransactionID, cavv, eci, mdStatus)
}

// requiredCallbackFields must be present once and non-empty in a
// callback (posnet.md §12).
var requiredCallbackFields = []string{"Mac", "MacParams", "OrderId", "Amount", "CurrencyCode", "MdStatus",
	"TranType", "MerchantId", "InstalmentCode"}

// CallbackMacParams is the MacParams of the 3-D Secure callback
// (posnet.md §12); ParseCallback refuses any other list.
const CallbackMacParams = "ECI:CAVV:MdStatus:MdErrorMessage:MD:SecureTransactionId"

func badCallback(msg string) error {
	return &vpos.Error{Code: vpos.InvalidCallback, Op: vpos.OpComplete, Return: returncodes.AuthError, Msg: msg}
}

// ParseCallback verifies a 3-D Secure callback without I/O. MacParams
// must be exactly CallbackMacParams, and Mac the MAC over those fields
// (posnet.md §10, compared in constant time). OrderId, Amount (kuruş),
// CurrencyCode (ISO numeric, 949), MdStatus, TranType, MerchantId and
// InstalmentCode must be present once and readable; MerchantId must be
// this merchant's and TranType Sale or Auth. The Mac does not cover
// OrderId, Amount, CurrencyCode, TranType or InstalmentCode: the Client
// binds the callback to its pending payment by OrderId and refuses another
// amount or currency, Complete3D refuses another TranType or installment
// count, and the bank checks the 3-D Secure data against the order when
// Complete3D provisions.
//
// MerchantProvisions is set: the merchant provisions with Sale or Auth in
// Complete3D, after the Client's mdStatus policy.
func (p *Provider) ParseCallback(_ context.Context, form url.Values) (*vpos.Callback, error) {
	for _, name := range requiredCallbackFields {
		if v := form[name]; len(v) != 1 || strings.TrimSpace(v[0]) == "" {
			return nil, badCallback("posnetv1: callback " + name + " is missing, empty or repeated")
		}
	}
	params := form.Get("MacParams")
	if params != CallbackMacParams {
		return nil, badCallback("posnetv1: callback MacParams is not " + CallbackMacParams)
	}
	for _, n := range strings.Split(params, ":") {
		if len(form[n]) != 1 {
			return nil, badCallback("posnetv1: callback field " + n + " is missing or repeated")
		}
	}
	if !hashx.Equal(MACOf(p.cfg.EncKey, params, form.Get), form.Get("Mac")) {
		return nil, badCallback("posnetv1: callback Mac does not verify")
	}
	if form.Get("MerchantId") != p.cfg.MerchantNo {
		return nil, badCallback("posnetv1: callback MerchantId is not this merchant's")
	}
	if tt := form.Get("TranType"); tt != "Sale" && tt != "Auth" {
		return nil, badCallback("posnetv1: callback TranType is not Sale or Auth")
	}
	if _, ok := instalments(form.Get("InstalmentCode")); !ok {
		return nil, badCallback("posnetv1: callback InstalmentCode is not an installment count this adapter sends")
	}
	raw := form.Get("OrderId")
	id := unpad(raw)
	if id == "" || checkOrderID(vpos.OpComplete, id) != nil {
		return nil, badCallback("posnetv1: callback OrderId is not an order id")
	}
	amt, err := strconv.ParseInt(form.Get("Amount"), 10, 64)
	if err != nil || amt <= 0 {
		return nil, badCallback("posnetv1: callback Amount is not an amount in kuruş")
	}
	cur, ok := currencyOf(form.Get("CurrencyCode"))
	if !ok {
		return nil, badCallback("posnetv1: callback CurrencyCode is not a known currency")
	}
	md := form.Get("MdStatus")
	if _, err := strconv.Atoi(md); err != nil {
		return nil, badCallback("posnetv1: callback MdStatus is not a number")
	}
	return &vpos.Callback{
		OrderID:            id,
		Amount:             vpos.Amount(amt),
		Currency:           cur,
		Model:              threed.Model3D,
		Status:             threed.MDStatus(md),
		MDStatus:           md,
		ECI:                form.Get("ECI"),
		Message:            redact.String(form.Get("MdErrorMessage")),
		MerchantProvisions: true,
		Fields:             form,
	}, nil
}

var _ vpos.CallbackBinder = (*Provider)(nil)

// BindCallback checks what the callback's Mac does not cover and the Client
// does not compare itself, before the Client claims the payment: TranType
// (Sale or Auth) and InstalmentCode must be those of the payment that was
// started. A mismatch refuses the callback and leaves the payment pending.
func (p *Provider) BindCallback(_ context.Context, cb *vpos.Callback, pending *vpos.Pending3D) error {
	typ := "Sale"
	if pending.PreAuth {
		typ = "Auth"
	}
	switch {
	case cb.Fields.Get("TranType") != typ:
		return badCallback("posnetv1: the callback's TranType differs from the payment that was started")
	case !sameInstalments(cb.Fields.Get("InstalmentCode"), pending.Installments):
		return badCallback("posnetv1: the callback's InstalmentCode differs from the payment that was started")
	}
	return nil
}

// Complete3D provisions a verified callback the Client bound to pending:
// Sale (or Auth) with ThreeDSecureData {SecureTransactionId, CavvData, Eci,
// MdStatus, MD} and the provision MAC (posnet.md §10), the pending
// payment's OrderId, Amount, CurrencyCode and installments. Before any I/O
// it refuses, as InvalidCallback, a callback whose amount, currency or
// TranType differs from the pending payment, and it declines with
// returncodes.ThreeDSFailed an authentication the default policy does not
// allow (the Client normally stops those first).
func (p *Provider) Complete3D(ctx context.Context, cb *vpos.Callback, pending *vpos.Pending3D) (*vpos.Result, error) {
	op, typ := vpos.OpSale, "Sale"
	if pending.PreAuth {
		op, typ = vpos.OpPreAuth, "Auth"
	}
	refuse := func(msg string) (*vpos.Result, error) {
		return nil, &vpos.Error{Code: vpos.InvalidCallback, Op: vpos.OpComplete, OrderID: pending.OrderID, Return: returncodes.AuthError, Msg: msg}
	}
	switch {
	case cb.Amount != 0 && cb.Amount != pending.Amount:
		return refuse("posnetv1: the callback amount differs from the payment that was started")
	case cb.Currency != "" && cb.Currency != pending.Currency:
		return refuse("posnetv1: the callback currency differs from the payment that was started")
	case cb.Fields.Get("TranType") != typ:
		return refuse("posnetv1: the callback's TranType differs from the payment that was started")
	case !sameInstalments(cb.Fields.Get("InstalmentCode"), pending.Installments):
		return refuse("posnetv1: the callback's InstalmentCode differs from the payment that was started")
	}
	three := &vpos.ThreeDResult{Model: threed.Model3D, Status: cb.Status, MDStatus: cb.MDStatus, ECI: cb.ECI, Message: cb.Message}
	if cb.Status != threed.StatusAuthenticated && cb.Status != threed.StatusAttempted {
		return &vpos.Result{Op: op, OrderID: pending.OrderID, Status: vpos.StatusDeclined, Amount: pending.Amount,
			Currency: pending.Currency, Installments: pending.Installments, Return: returncodes.ThreeDSFailed,
			BankCode: "mdStatus:" + cb.MDStatus, BankMessage: cb.Message, ThreeD: three, Time: p.tr.Now()}, nil
	}
	md, err := strconv.Atoi(cb.MDStatus)
	if err != nil {
		return refuse("posnetv1: the callback MdStatus is not a number")
	}
	f := cb.Fields
	r := p.newRequest(typ, pending.OrderID, macParams3DSale)
	r.PaymentInstrumentType, r.IsTDSecureMerchant, r.IsMailOrder = "CARD", "Y", "N"
	r.ThreeDSecureData = &threeDData{SecureTransactionID: f.Get("SecureTransactionId"), CavvData: f.Get("CAVV"),
		Eci: f.Get("ECI"), MdStatus: md, MD: f.Get("MD")}
	r.Amount, r.CurrencyCode, r.PointAmount = ptr(int64(pending.Amount)), currencyCode(pending.Currency), ptr(0)
	r.OrderID = orderID(pending.OrderID)
	r.InstallmentCount, r.InstallmentType = installments(pending.Installments)
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

// instalments reads a callback InstalmentCode as Begin3D sends
// InstallmentCount: "0" for a single payment, else "2" to "12" without
// leading zeros. Any other value cannot belong to a payment this adapter
// started and is refused by ParseCallback, before the Client claims the
// pending payment.
func instalments(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	if err != nil || n == 1 || n < 0 || n > MaxInstallments || strconv.Itoa(n) != s {
		return 0, false
	}
	return n, true
}

// sameInstalments reports whether a callback InstalmentCode is the
// InstallmentCount of the pending payment ("0" for a single payment, as
// the form sent it).
func sameInstalments(code string, want int) bool {
	c, _ := installments(want)
	return code == c
}
