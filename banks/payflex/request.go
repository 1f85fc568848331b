package payflex

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/sanalpos/vpos/internal/check"

	"github.com/beevik/etree"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/internal/xmlx"
)

// The TransactionType values of VposRequest (payflex.md §5).
const (
	typeSale    = "Sale"
	typeAuth    = "Auth"
	typeCapture = "Capture"
	typeCancel  = "Cancel"
	typeRefund  = "Refund"
)

// deviceSource is TransactionDeviceSource: 0 = e-commerce (payflex.md §3).
const deviceSource = "0"

// field is one element of a VposRequest, in document order.
type field struct{ name, value string }

// request is a VposRequest: its fields in the order mewebstudio sends them
// (payflex.md §4.4, §5). Empty optional fields are left out by the
// builders.
type request struct {
	Type    string
	OrderID string
	Fields  []field
}

// amount formats a as PayFlex's decimal with a dot and two decimals
// ("100.00", "1.01"), whatever the currency's exponent.
func amount(a vpos.Amount, c vpos.Currency) string {
	exp := c.Exponent()
	if exp < 0 || exp > 2 {
		exp = 2
	}
	v := int64(a)
	for i := exp; i < 2; i++ {
		v *= 10
	}
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// parseAmount reads a reply amount ("1.01", "100", "90,50") into minor
// units of c; ok is false for an empty or unreadable value.
func parseAmount(s string, c vpos.Currency) (vpos.Amount, bool) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	if s == "" {
		return 0, false
	}
	whole, frac, _ := strings.Cut(s, ".")
	if !check.Digits(whole) || (frac != "" && !check.Digits(frac)) || len(frac) > 2 || len(whole) > 15 {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return 0, false
	}
	exp := c.Exponent()
	if exp < 0 || exp > 2 {
		exp = 2
	}
	for i := exp; i < 2; i++ {
		if n%10 != 0 {
			return 0, false
		}
		n /= 10
	}
	return vpos.Amount(n), true
}

// currencyCode is the numeric ISO 4217 code as a string ("949").
func currencyCode(c vpos.Currency) string { return strconv.Itoa(c.Numeric()) }

// installments is NumberOfInstallments / InstallmentCount: sent only when
// more than one (payflex.md §3).
func installments(n int) string {
	if n > 1 {
		return strconv.Itoa(n)
	}
	return ""
}

// expiry is the VPOS Expiry, YYYYMM.
func expiry(c vpos.Card) string { return fmt.Sprintf("%04d%02d", fullYear(c.ExpYear), c.ExpMonth) }

// mpiExpiry is the MPI ExpiryDate, YYMM.
func mpiExpiry(c vpos.Card) string {
	return fmt.Sprintf("%02d%02d", fullYear(c.ExpYear)%100, c.ExpMonth)
}

func fullYear(y int) int {
	if y < 100 {
		return 2000 + y
	}
	return y
}

// brand is the MPI BrandName of a card number (payflex.md §3): 100 Visa,
// 200 Mastercard, 300 Troy, 400 Amex; "" when the BIN is not recognised.
func brand(pan string) string {
	switch {
	case strings.HasPrefix(pan, "4"):
		return "100"
	case strings.HasPrefix(pan, "34"), strings.HasPrefix(pan, "37"):
		return "400"
	case strings.HasPrefix(pan, "9792"), strings.HasPrefix(pan, "65"):
		return "300"
	}
	if len(pan) >= 4 {
		p2, _ := strconv.Atoi(pan[:2])
		p4, _ := strconv.Atoi(pan[:4])
		if (p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720) {
			return "200"
		}
	}
	return ""
}

// head is the authentication part of every VposRequest.
func (cfg Config) head(typ string, terminal bool) []field {
	f := []field{{"MerchantId", cfg.MerchantID}, {"Password", cfg.Password}}
	if terminal {
		f = append(f, field{"TerminalNo", cfg.TerminalNo})
	}
	return append(f, field{"TransactionType", typ})
}

// chargeRequest is a non-3D Sale or Auth (payflex.md §5).
func (cfg Config) chargeRequest(typ string, r *vpos.SaleRequest) *request {
	card := r.Card.Normalize()
	f := cfg.head(typ, true)
	f = append(f,
		field{"OrderId", r.OrderID},
		field{"CurrencyAmount", amount(r.Amount, r.Currency)},
		field{"CurrencyCode", currencyCode(r.Currency)},
		field{"ClientIp", cfg.clientIP(r.CustomerIP)},
		field{"TransactionDeviceSource", deviceSource},
	)
	if card.Holder != "" {
		f = append(f, field{"CardHoldersName", card.Holder})
	}
	f = append(f, field{"Pan", card.Number}, field{"Expiry", expiry(card)}, field{"Cvv", card.CVV})
	if n := installments(r.Installments); n != "" {
		f = append(f, field{"NumberOfInstallments", n})
	}
	return &request{Type: typ, OrderID: r.OrderID, Fields: f}
}

// captureRequest closes a pre-authorisation (payflex.md §5).
func (cfg Config) captureRequest(orderID, ref string, a vpos.Amount, c vpos.Currency) *request {
	f := append(cfg.head(typeCapture, true),
		field{"ReferenceTransactionId", ref},
		field{"CurrencyAmount", amount(a, c)},
		field{"CurrencyCode", currencyCode(c)},
		field{"ClientIp", cfg.clientIP("")},
	)
	return &request{Type: typeCapture, OrderID: orderID, Fields: f}
}

// cancelRequest voids a transaction (payflex.md §5: no TerminalNo).
func (cfg Config) cancelRequest(orderID, ref string) *request {
	f := append(cfg.head(typeCancel, false),
		field{"ReferenceTransactionId", ref},
		field{"ClientIp", cfg.clientIP("")},
	)
	return &request{Type: typeCancel, OrderID: orderID, Fields: f}
}

// refundRequest returns a, fully or partly (payflex.md §5). A non-empty
// id is sent as the refund's own TransactionId (the merchant-chosen id the
// bank echoes, §10.1), by which the search finds this one refund later.
func (cfg Config) refundRequest(orderID, ref, id string, a vpos.Amount, c vpos.Currency) *request {
	f := cfg.head(typeRefund, false)
	if id != "" {
		f = append(f, field{"TransactionId", id})
	}
	f = append(f,
		field{"ReferenceTransactionId", ref},
		field{"ClientIp", cfg.clientIP("")},
		field{"CurrencyAmount", amount(a, c)},
	)
	return &request{Type: typeRefund, OrderID: orderID, Fields: f}
}

// provisionRequest is the 3-D Secure provision (payflex.md §4.4, CP.VPOS
// style: no card; no amount unless Config.Send3DAmount).
func (cfg Config) provisionRequest(p *vpos.Pending3D, eci, cavv, mpiID string) *request {
	typ := typeSale
	if p.PreAuth {
		typ = typeAuth
	}
	f := cfg.head(typ, true)
	if cfg.Send3DAmount {
		f = append(f, field{"CurrencyAmount", amount(p.Amount, p.Currency)}, field{"CurrencyCode", currencyCode(p.Currency)})
	}
	f = append(f,
		field{"ECI", eci},
		field{"CAVV", cavv},
		field{"MpiTransactionId", mpiID},
		field{"OrderId", p.OrderID},
		field{"ClientIp", cfg.clientIP("")},
		field{"TransactionDeviceSource", deviceSource},
	)
	if n := installments(p.Installments); n != "" {
		f = append(f, field{"NumberOfInstallments", n})
	}
	return &request{Type: typ, OrderID: p.OrderID, Fields: f}
}

// searchRequest is the transaction search by OrderId and/or TransactionId
// (payflex.md §6).
func (cfg Config) searchRequest(orderID, txID string) *request {
	return &request{Type: "Search", OrderID: orderID, Fields: []field{{"TransactionId", txID}, {"OrderId", orderID}}}
}

// encodeXML serialises r: a VposRequest without declaration (mewebstudio),
// or a SearchRequest with one.
func (cfg Config) encodeXML(r *request) ([]byte, error) {
	if r.Type == "Search" {
		doc := xmlx.NewDocument("UTF-8")
		root := doc.CreateElement("SearchRequest")
		mc := root.CreateElement("MerchantCriteria")
		mc.CreateElement("HostMerchantId").SetText(cfg.MerchantID)
		mc.CreateElement("MerchantPassword").SetText(cfg.Password)
		tc := root.CreateElement("TransactionCriteria")
		for _, f := range r.Fields {
			tc.CreateElement(f.name).SetText(f.value)
		}
		tc.CreateElement("AuthCode")
		return xmlx.Encode(doc, "UTF-8")
	}
	doc := etree.NewDocument()
	root := doc.CreateElement("VposRequest")
	for _, f := range r.Fields {
		root.CreateElement(f.name).SetText(f.value)
	}
	return xmlx.Encode(doc, "UTF-8")
}

// encode is the HTTP body: the single form field prmstr (payflex.md §4.4).
func (cfg Config) encode(r *request) ([]byte, error) {
	x, err := cfg.encodeXML(r)
	if err != nil {
		return nil, err
	}
	return []byte("prmstr=" + url.QueryEscape(string(x))), nil
}

// enrollmentForm is the MPI VerifyEnrollmentRequest (payflex.md §4.1),
// sent form-urlencoded. SessionInfo carries the order id, which the MPI
// echoes in the callback.
func (cfg Config) enrollmentForm(r *vpos.ThreeDRequest, verifyID string) url.Values {
	card := r.Card.Normalize()
	f := url.Values{
		"MerchantId":                {cfg.MerchantID},
		"MerchantPassword":          {cfg.Password},
		"MerchantType":              {cfg.merchantType()},
		"PurchaseAmount":            {amount(r.Amount, r.Currency)},
		"VerifyEnrollmentRequestId": {verifyID},
		"Currency":                  {currencyCode(r.Currency)},
		"SuccessUrl":                {r.OkURL},
		"FailureUrl":                {failURL(r)},
		"Pan":                       {card.Number},
		"ExpiryDate":                {mpiExpiry(card)},
		"BrandName":                 {brand(card.Number)},
		"IsRecurring":               {"false"},
		"SessionInfo":               {r.OrderID},
	}
	if n := installments(r.Installments); n != "" {
		f.Set("InstallmentCount", n)
	}
	if cfg.MerchantType == "2" {
		f.Set("SubMerchantId", cfg.SubMerchantID)
	}
	return f
}

func failURL(r *vpos.ThreeDRequest) string {
	if r.FailURL != "" {
		return r.FailURL
	}
	return r.OkURL
}
