package garanti

import (
	"strconv"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/internal/xmlx"
)

// field is one element of a request section, in the order it is written.
type field struct{ name, value string }

// request is one GVPSRequest (garanti.md §3, §4) before encoding.
type request struct {
	// Type is Transaction/Type: sales, preauth, postauth, void, refund,
	// orderinq, orderhistoryinq, orderlistinq.
	Type string
	// refund selects the refund user (PROVRFN) and its SecurityData.
	refund bool
	// OrderID is Order/OrderID (hashed; empty for orderlistinq).
	OrderID string
	// CustomerIP and Email fill Customer.
	CustomerIP, Email string
	// Card, when set, is written as Card{Number, ExpireDate, CVV2} and its
	// number is hashed.
	Card *vpos.Card
	// Order are the Order elements after OrderID.
	Order []field
	// Amount and Currency are Transaction/Amount and CurrencyCode, exactly
	// as sent and hashed.
	Amount, Currency string
	// Before are the Transaction elements between Type and Amount
	// (InstallmentCnt); After those following CurrencyCode.
	Before, After []field
	// Secure3D, when set, is Transaction/Secure3D (3-D Secure provisioning).
	Secure3D []field
}

// encode writes r as the GVPSRequest document, signed with the user's
// SecurityData.
func (p *Provider) encode(r *request) ([]byte, error) {
	user, sec := p.cfg.provUser(), p.provSec
	if r.refund {
		user, sec = p.cfg.refundUser(), p.refundSec
	}
	pan := ""
	if r.Card != nil {
		pan = r.Card.Number
	}
	doc := xmlx.NewDocument(xmlx.UTF8)
	root := doc.CreateElement("GVPSRequest")
	xmlx.SetText(root, "Mode", p.cfg.Endpoint.mode())
	xmlx.SetText(root, "Version", p.cfg.version())
	term := root.CreateElement("Terminal")
	xmlx.SetText(term, "ProvUserID", user)
	xmlx.SetText(term, "UserID", user)
	xmlx.SetText(term, "HashData", hashData(p.cfg.legacy(), r.OrderID, p.cfg.TerminalID, pan, r.Amount, r.Currency, sec))
	xmlx.SetText(term, "ID", p.cfg.TerminalID)
	xmlx.SetText(term, "MerchantID", p.cfg.MerchantID)
	cust := root.CreateElement("Customer")
	xmlx.SetText(cust, "IPAddress", r.CustomerIP)
	xmlx.SetText(cust, "EmailAddress", r.Email)
	if r.Card != nil {
		card := root.CreateElement("Card")
		xmlx.SetText(card, "Number", pan)
		xmlx.SetText(card, "ExpireDate", r.Card.ExpiryMMYY())
		xmlx.SetText(card, "CVV2", r.Card.CVV)
	}
	order := root.CreateElement("Order")
	xmlx.SetText(order, "OrderID", r.OrderID)
	for _, f := range r.Order {
		xmlx.SetText(order, f.name, f.value)
	}
	txn := root.CreateElement("Transaction")
	xmlx.SetText(txn, "Type", r.Type)
	for _, f := range r.Before {
		xmlx.SetText(txn, f.name, f.value)
	}
	xmlx.SetText(txn, "Amount", r.Amount)
	xmlx.SetText(txn, "CurrencyCode", r.Currency)
	for _, f := range r.After {
		xmlx.SetText(txn, f.name, f.value)
	}
	if r.Secure3D != nil {
		s3 := txn.CreateElement("Secure3D")
		for _, f := range r.Secure3D {
			xmlx.SetText(s3, f.name, f.value)
		}
	}
	return xmlx.Encode(doc, xmlx.UTF8)
}

// amount formats an amount as garanti.md §10 wants it: integer minor units.
func amount(a vpos.Amount) string { return strconv.FormatInt(int64(a), 10) }

// currencyCode is the ISO 4217 numeric code sent as CurrencyCode ("949").
func currencyCode(c vpos.Currency) string {
	if c == "" {
		c = vpos.TRY
	}
	return strconv.Itoa(c.Numeric())
}

// installments is InstallmentCnt / txninstallmentcount: empty for a single
// payment (0 or 1), else the count.
func installments(n int) string {
	if n <= 1 {
		return ""
	}
	return strconv.Itoa(n)
}

// motoInd is MotoInd: Y for a mail/telephone order, N for e-commerce.
func motoInd(moto bool) string {
	if moto {
		return "Y"
	}
	return "N"
}

// chargeRequest is a non-3D sales or preauth (garanti.md §4).
func chargeRequest(typ string, req *vpos.SaleRequest) *request {
	card := req.Card.Normalize()
	r := &request{
		Type: typ, OrderID: req.OrderID, CustomerIP: req.CustomerIP, Email: req.CustomerEmail, Card: &card,
		Amount: amount(req.Amount), Currency: currencyCode(req.Currency),
		Before: []field{{"InstallmentCnt", installments(req.Installments)}},
		After:  []field{{"CardholderPresentCode", "0"}, {"MotoInd", motoInd(req.MOTO)}},
	}
	if req.Description != "" {
		r.Order = []field{{"Description", req.Description}}
	}
	return r
}

// postAuthRequest captures a pre-authorisation (garanti.md §4: Amount,
// CurrencyCode, OriginalRetrefNum; no Card).
func postAuthRequest(orderID string, a vpos.Amount, cur vpos.Currency, retref string) *request {
	return &request{
		Type: "postauth", OrderID: orderID, Amount: amount(a), Currency: currencyCode(cur),
		After: []field{{"OriginalRetrefNum", retref}},
	}
}

// voidAmount is the fixed Amount of a void (garanti.md §4: "Amount=100
// (fixed 1.00)"; the bank ignores it, §12.2).
const voidAmount = "100"

// voidRequest cancels a same-day transaction with the refund user.
func voidRequest(orderID string, cur vpos.Currency, retref string) *request {
	return &request{
		Type: "void", refund: true, OrderID: orderID, Amount: voidAmount, Currency: currencyCode(cur),
		Before: []field{{"InstallmentCnt", ""}},
		After:  []field{{"CardholderPresentCode", "0"}, {"MotoInd", "N"}, {"OriginalRetrefNum", retref}},
	}
}

// refundRequest returns a (part of a) sale with the refund user.
func refundRequest(orderID string, a vpos.Amount, cur vpos.Currency, retref string) *request {
	return &request{
		Type: "refund", refund: true, OrderID: orderID, Amount: amount(a), Currency: currencyCode(cur),
		After: []field{{"CardholderPresentCode", "0"}, {"MotoInd", "N"}, {"OriginalRetrefNum", retref}},
	}
}

// queryAmount is the fixed Amount of the queries (garanti.md §4).
const queryAmount = "100"

// inquiryRequest is an orderinq or orderhistoryinq of one order.
func inquiryRequest(typ, orderID string, cur vpos.Currency) *request {
	return &request{
		Type: typ, OrderID: orderID, Amount: queryAmount, Currency: currencyCode(cur),
		After: []field{{"CardholderPresentCode", "0"}, {"MotoInd", "N"}},
	}
}

// listDateLayout is the StartDate/EndDate format of orderlistinq
// (garanti.md §4: dd/MM/yyyy HH:mm).
const listDateLayout = "02/01/2006 15:04"

// listRequest is an orderlistinq of [from, to] (Europe/Istanbul, minutes)
// for one page (garanti.md §4, §12.5).
func listRequest(from, to time.Time, page int) *request {
	loc := vpos.Istanbul()
	return &request{
		Type: "orderlistinq", Amount: queryAmount, Currency: currencyCode(vpos.TRY),
		Order: []field{
			{"GroupID", ""}, {"Description", ""},
			{"StartDate", from.In(loc).Format(listDateLayout)},
			{"EndDate", to.In(loc).Format(listDateLayout)},
			{"ListPageNum", strconv.Itoa(page)},
		},
		After: []field{{"CardholderPresentCode", "0"}, {"MotoInd", "N"}},
	}
}
