package posnet

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/internal/xmlx"
)

// field is one child element of the operation element, in the order it is
// written.
type field struct{ name, value string }

// request is one posnetRequest (posnet.md §4) before encoding: mid, tid,
// tranDateRequired, then the operation element with its fields.
type request struct {
	// Op is the operation element: sale, auth, capt, reverse, return,
	// agreement, oosRequestData, oosResolveMerchantData, oosTranData.
	Op string
	// OrderID is the merchant's order id, for labelling the exchange.
	OrderID string
	// Fields are the children of the operation element.
	Fields []field
}

// encode writes r as the xmldata form body: the ISO-8859-9 posnetRequest
// document, URL-encoded as the value of the single field xmldata
// (posnet.md §1).
func (p *Provider) encode(r *request) ([]byte, error) {
	doc := xmlx.NewDocument(xmlx.ISO88599)
	root := doc.CreateElement("posnetRequest")
	xmlx.SetText(root, "mid", p.cfg.MerchantID)
	xmlx.SetText(root, "tid", p.cfg.TerminalID)
	if tranDateRequired(r.Op) {
		xmlx.SetText(root, "tranDateRequired", "1")
	}
	op := root.CreateElement(r.Op)
	for _, f := range r.Fields {
		op.CreateElement(f.name).SetText(f.value)
	}
	x, err := xmlx.Encode(doc, xmlx.ISO88599)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.Grow(len(x)*3/2 + 8)
	b.WriteString("xmldata=")
	b.WriteString(url.QueryEscape(string(x)))
	return []byte(b.String()), nil
}

// tranDateRequired reports whether the request asks for tranDate
// (posnet.md §3): the financial operations.
func tranDateRequired(op string) bool {
	switch op {
	case "sale", "auth", "capt", "reverse", "return", "oosTranData":
		return true
	}
	return false
}

// amount formats an amount as POSNET wants it: integer kuruş.
func amount(a vpos.Amount) string { return strconv.FormatInt(int64(a), 10) }

// posnetCurrencies are the two-letter POSNET currency codes (posnet.md §3).
var posnetCurrencies = map[vpos.Currency]string{
	vpos.TRY: "TL", vpos.USD: "US", vpos.EUR: "EU", vpos.GBP: "GB", vpos.JPY: "JP", vpos.RUB: "RU",
}

// currencyCode is the POSNET currencyCode of c ("" when it has none).
func currencyCode(c vpos.Currency) string { return posnetCurrencies[c] }

// currencyOf reads a POSNET currency code (TL, US, ...; also "YT" and
// "TRY"/ISO letters as some replies spell them).
func currencyOf(code string) (vpos.Currency, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	for c, s := range posnetCurrencies {
		if s == code || string(c) == code {
			return c, true
		}
	}
	if code == "YT" || code == "949" {
		return vpos.TRY, true
	}
	return "", false
}

// installment is the two-digit installment field: "00" for a single
// payment (0 or 1), else the count ("02".."12").
func installment(n int) string {
	if n <= 1 {
		return "00"
	}
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// pad left-pads id with '0' to n characters (posnet.md §3.1).
func pad(id string, n int) string {
	if len(id) >= n {
		return id
	}
	return strings.Repeat("0", n-len(id)) + id
}

// unpad removes the '0' padding of an XID or orderID. Because of this
// the adapter refuses merchant order ids that start with '0'.
func unpad(id string) string { return strings.TrimLeft(id, "0") }

// orderID is the 24-character non-3D orderID of a merchant order id.
func orderID(id string) string { return pad(id, OrderIDLen) }

// xid is the 20-character 3-D Secure XID of a merchant order id.
func xid(id string) string { return pad(id, XIDLen) }

// checkOrderID refuses order ids POSNET cannot carry: longer than max
// characters, starting with '0' (the padding could not be told apart), or
// with characters other than letters, digits and '_'.
func checkOrderID(op vpos.Op, id string, max int) error {
	msg := ""
	switch {
	case len(id) > max:
		msg = "posnet: the order id must be at most " + strconv.Itoa(max) + " characters"
	case strings.HasPrefix(id, "0"):
		msg = "posnet: the order id must not start with '0' (POSNET pads order ids with '0')"
	default:
		for i := 0; i < len(id); i++ {
			c := id[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
				msg = "posnet: the order id may hold letters, digits and '_' only"
				break
			}
		}
	}
	if msg == "" {
		return nil
	}
	return &vpos.Error{Code: vpos.InvalidRequest, Op: op, OrderID: id, Field: "OrderID", Msg: msg}
}

// chargeRequest is a non-3D sale or auth (posnet.md §4).
func chargeRequest(op string, req *vpos.SaleRequest) *request {
	card := req.Card.Normalize()
	return &request{Op: op, OrderID: req.OrderID, Fields: []field{
		{"orderID", orderID(req.OrderID)},
		{"installment", installment(req.Installments)},
		{"amount", amount(req.Amount)},
		{"currencyCode", currencyCode(req.Currency)},
		{"ccno", card.Number},
		{"expDate", expDate(card)},
		{"cvc", card.CVV},
	}}
}

// expDate is the card's expiry as YYMM.
func expDate(c vpos.Card) string {
	return pad2(c.ExpYear%100) + pad2(c.ExpMonth)
}

func pad2(n int) string {
	if n < 10 && n >= 0 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// captRequest captures an auth by its hostLogKey (posnet.md §4).
func captRequest(order, hostLogKey string, a vpos.Amount, cur vpos.Currency, inst int) *request {
	return &request{Op: "capt", OrderID: order, Fields: []field{
		{"hostLogKey", hostLogKey},
		{"amount", amount(a)},
		{"currencyCode", currencyCode(cur)},
		{"installment", installment(inst)},
	}}
}

// reverseRequest voids the transaction of kind txn (sale, auth, capt) named
// by hostLogKey (posnet.md §4).
func reverseRequest(order, txn, hostLogKey string) *request {
	return &request{Op: "reverse", OrderID: order, Fields: []field{
		{"transaction", txn},
		{"hostLogKey", hostLogKey},
	}}
}

// returnRequest refunds amount of the sale (or capture) named by
// hostLogKey, or by the padded orderID when ref is an order id.
func returnRequest(order string, a vpos.Amount, cur vpos.Currency, refName, ref string) *request {
	return &request{Op: "return", OrderID: order, Fields: []field{
		{"amount", amount(a)},
		{"currencyCode", currencyCode(cur)},
		{refName, ref},
	}}
}

// agreementRequest is the status query of one (padded or prefixed) order id.
func agreementRequest(order, ref string) *request {
	return &request{Op: "agreement", OrderID: order, Fields: []field{{"orderID", ref}}}
}
