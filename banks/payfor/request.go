package payfor

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/internal/check"
)

// The PayforRequest documents of the XML API (payfor.md §1, §3). Requests
// are flat: PayforRequest holding one level of elements, written directly
// in UTF-8. The account fields come first, in the order of mewebstudio's
// serializer example (payfor.md §3); the operation's fields follow in the
// order of the field lists of §3.

// xmlProlog starts every request.
const xmlProlog = `<?xml version="1.0" encoding="UTF-8"?>`

// The SecureType values (payfor.md §2).
const (
	secureNonSecure = "NonSecure"
	secure3DModel   = "3DModel"
	secure3DPay     = "3DPay"
	secure3DHost    = "3DHost"
	secure3DPayment = "3DModelPayment"
	secureInquiry   = "Inquiry"
	secureReport    = "Report"
)

// The TxnType values (payfor.md §2).
const (
	txnAuth         = "Auth"
	txnPreAuth      = "PreAuth"
	txnPostAuth     = "PostAuth"
	txnVoid         = "Void"
	txnRefund       = "Refund"
	txnOrderInquiry = "OrderInquiry"
	txnHistory      = "TxnHistory"
)

// writer writes one PayforRequest.
type writer struct {
	b   []byte
	err error
}

// newRequest starts a request; account adds the merchant's credentials.
func newRequest() *writer {
	w := &writer{b: make([]byte, 0, 640)}
	w.b = append(w.b, xmlProlog...)
	w.b = append(w.b, "<PayforRequest>"...)
	return w
}

// account writes MerchantId, UserCode, UserPass and MbrId.
func (w *writer) account(cfg *Config) *writer {
	w.elem("MerchantId", cfg.MerchantID)
	w.elem("UserCode", cfg.UserCode)
	w.elem("UserPass", cfg.UserPass)
	w.elem("MbrId", cfg.mbrID())
	return w
}

// elem writes <name>value</name>.
func (w *writer) elem(name, value string) {
	w.b = append(w.b, '<')
	w.b = append(w.b, name...)
	w.b = append(w.b, '>')
	w.text(name, value)
	w.b = append(w.b, "</"...)
	w.b = append(w.b, name...)
	w.b = append(w.b, '>')
}

// text writes value escaped. A value that is not valid UTF-8 or holds a
// character XML 1.0 cannot carry fails the request; the error names the
// element, never the value.
func (w *writer) text(name, value string) {
	for i := 0; i < len(value); {
		c := value[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == '&':
				w.b = append(w.b, "&amp;"...)
			case c == '<':
				w.b = append(w.b, "&lt;"...)
			case c == '>':
				w.b = append(w.b, "&gt;"...)
			case c < 0x20 && c != '\t' && c != '\n' && c != '\r', c == 0x7f:
				w.fail(name)
			default:
				w.b = append(w.b, c)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(value[i:])
		if r == utf8.RuneError && size <= 1 || r >= 0x80 && r < 0xa0 || r == 0xfffe || r == 0xffff {
			w.fail(name)
		} else {
			w.b = append(w.b, value[i:i+size]...)
		}
		i += size
	}
}

func (w *writer) fail(name string) {
	if w.err == nil {
		w.err = fmt.Errorf("payfor: the %s value holds a character the request cannot carry", name)
	}
}

// bytes ends the document and returns it.
func (w *writer) bytes() ([]byte, error) {
	w.b = append(w.b, "</PayforRequest>"...)
	if w.err != nil {
		return nil, &vpos.Error{Code: vpos.InvalidRequest, Msg: w.err.Error()}
	}
	return w.b, nil
}

// formatAmount writes an amount as PayFor wants it: major units with a
// dot and the currency's decimals ("100.25"; payfor.md §2, §10).
func formatAmount(a vpos.Amount, c vpos.Currency) string { return a.Decimal(c) }

// parseAmount reads a bank amount ("1.01", "1", "2.03") in currency c.
// Trailing zero decimals beyond the currency's exponent are accepted
// ("500.00" JPY). ok is false for an empty or unreadable value.
func parseAmount(s string, c vpos.Currency) (vpos.Amount, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	a, err := vpos.ParseAmount(check.TrimZeroDecimals(s, c.Exponent()), c)
	if err != nil {
		return 0, false
	}
	return a, true
}

// currencyCode returns the ISO 4217 numeric code ("949").
func currencyCode(c vpos.Currency) (string, error) {
	n := c.Numeric()
	if n == 0 {
		return "", vpos.InvalidField("Currency", fmt.Sprintf("%q has no ISO 4217 numeric code", string(c)))
	}
	return strconv.Itoa(n), nil
}

// currencyOf reads a numeric currency code ("949").
func currencyOf(code string) (vpos.Currency, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(code))
	if err != nil {
		return "", false
	}
	return vpos.CurrencyByNumeric(n)
}

// installments returns InstallmentCount: "0" for a single payment, never
// empty (payfor.md §2, §10).
func installments(n int) string {
	if n <= 1 {
		return "0"
	}
	return strconv.Itoa(n)
}

// checkOrderID refuses an order id PayFor cannot take: empty, longer than
// MaxOrderIDLength, or holding characters unsafe in XML and hashes.
func checkOrderID(field, id string) error {
	switch {
	case id == "":
		return vpos.InvalidField(field, "is empty")
	case len(id) > MaxOrderIDLength:
		return vpos.InvalidField(field, fmt.Sprintf("is longer than %d characters, PayFor's limit", MaxOrderIDLength))
	case strings.ContainsAny(id, xmlUnsafe):
		return vpos.InvalidField(field, "holds spaces or XML special characters")
	}
	return nil
}

// checkInstallments refuses an installment count PayFor does not take.
func checkInstallments(n int) error {
	if n < 0 || n > MaxInstallments {
		return vpos.InvalidField("Installments", fmt.Sprintf("must be 0 to %d", MaxInstallments))
	}
	return nil
}

// checkMoney refuses a non-positive amount and a currency without a
// numeric code, and returns the currency code.
func checkMoney(a vpos.Amount, c vpos.Currency) (string, error) {
	cur, err := currencyCode(c)
	if err != nil {
		return "", err
	}
	if a <= 0 {
		return "", vpos.InvalidField("Amount", "must be positive")
	}
	if a > MaxAmount {
		return "", vpos.InvalidField("Amount", "exceeds PayFor's limit of 200,000.00 (M019)")
	}
	return cur, nil
}

// holder is the CardHolderName: the card's holder, else the customer's
// name.
func holder(card vpos.Card, customer string) string {
	if card.Holder != "" {
		return card.Holder
	}
	return strings.TrimSpace(customer)
}

// moto is the MOTO field: "1" for a mail/telephone order, "0" for
// e-commerce.
func moto(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// buildCharge writes a non-3D sale (TxnType Auth) or pre-authorisation
// (PreAuth) with the card, in the field order of payfor.md §3's serialized
// example.
func buildCharge(cfg *Config, txn string, req *vpos.SaleRequest) ([]byte, error) {
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
	card := req.Card.Normalize()
	if card.Number == "" {
		return nil, vpos.InvalidField("Card.Number", "is empty")
	}
	w := newRequest().account(cfg)
	w.elem("MOTO", moto(req.MOTO))
	w.elem("OrderId", req.OrderID)
	w.elem("SecureType", secureNonSecure)
	w.elem("TxnType", txn)
	w.elem("PurchAmount", formatAmount(req.Amount, req.Currency))
	w.elem("Currency", cur)
	w.elem("InstallmentCount", installments(req.Installments))
	w.elem("Lang", cfg.lang(""))
	w.elem("CardHolderName", holder(card, req.CustomerName))
	w.elem("Pan", card.Number)
	w.elem("Expiry", card.ExpiryMMYY())
	if card.CVV != "" || !req.MOTO {
		w.elem("Cvv2", card.CVV)
	}
	return w.bytes()
}

// buildPostAuth writes the capture of a pre-authorisation (payfor.md §3).
func buildPostAuth(cfg *Config, orderID string, a vpos.Amount, c vpos.Currency) ([]byte, error) {
	if err := checkOrderID("OrderID", orderID); err != nil {
		return nil, err
	}
	cur, err := checkMoney(a, c)
	if err != nil {
		return nil, err
	}
	w := newRequest().account(cfg)
	w.elem("OrgOrderId", orderID)
	w.elem("SecureType", secureNonSecure)
	w.elem("TxnType", txnPostAuth)
	w.elem("PurchAmount", formatAmount(a, c))
	w.elem("Currency", cur)
	w.elem("Lang", cfg.lang(""))
	return w.bytes()
}

// buildVoid writes the void of an order (payfor.md §3): no amount; the
// bank voids the order's latest financial record (§12.6).
func buildVoid(cfg *Config, orderID string, c vpos.Currency) ([]byte, error) {
	if err := checkOrderID("OrderID", orderID); err != nil {
		return nil, err
	}
	cur, err := currencyCode(c)
	if err != nil {
		return nil, err
	}
	w := newRequest().account(cfg)
	w.elem("OrgOrderId", orderID)
	w.elem("SecureType", secureNonSecure)
	w.elem("TxnType", txnVoid)
	w.elem("Currency", cur)
	w.elem("Lang", cfg.lang(""))
	return w.bytes()
}

// buildRefund writes a full or partial refund (payfor.md §3).
func buildRefund(cfg *Config, orderID string, a vpos.Amount, c vpos.Currency) ([]byte, error) {
	if err := checkOrderID("OrderID", orderID); err != nil {
		return nil, err
	}
	cur, err := checkMoney(a, c)
	if err != nil {
		return nil, err
	}
	w := newRequest().account(cfg)
	w.elem("OrgOrderId", orderID)
	w.elem("SecureType", secureNonSecure)
	w.elem("TxnType", txnRefund)
	w.elem("PurchAmount", formatAmount(a, c))
	w.elem("Currency", cur)
	w.elem("Lang", cfg.lang(""))
	return w.bytes()
}

// buildInquiry writes an OrderInquiry (payfor.md §3, §12.4).
func buildInquiry(cfg *Config, orderID string) ([]byte, error) {
	if err := checkOrderID("OrderID", orderID); err != nil {
		return nil, err
	}
	w := newRequest().account(cfg)
	w.elem("OrgOrderId", orderID)
	w.elem("SecureType", secureInquiry)
	w.elem("TxnType", txnOrderInquiry)
	w.elem("Lang", cfg.lang(""))
	return w.bytes()
}

// reqDateLayout is the layout of ReqDate (payfor.md §10).
const reqDateLayout = "20060102"

// buildHistory writes a TxnHistory of one order (orderID set) or of one
// day (orderID empty, day yyyyMMdd; payfor.md §3, §12.5).
func buildHistory(cfg *Config, orderID, day string) ([]byte, error) {
	w := newRequest().account(cfg)
	w.elem("SecureType", secureReport)
	if orderID != "" {
		if err := checkOrderID("OrderID", orderID); err != nil {
			return nil, err
		}
		w.elem("OrderId", orderID)
	} else {
		w.elem("ReqDate", day)
	}
	w.elem("TxnType", txnHistory)
	w.elem("Lang", cfg.lang(""))
	return w.bytes()
}

// build3DPayment writes the 3DModel provisioning request: the callback's
// RequestGuid, the API user and the order, without MbrId or MerchantId
// (payfor.md §3).
func build3DPayment(cfg *Config, orderID, requestGUID string) ([]byte, error) {
	if err := checkOrderID("OrderID", orderID); err != nil {
		return nil, err
	}
	w := newRequest()
	w.elem("RequestGuid", requestGUID)
	w.elem("UserCode", cfg.UserCode)
	w.elem("UserPass", cfg.UserPass)
	w.elem("OrderId", orderID)
	w.elem("SecureType", secure3DPayment)
	return w.bytes()
}
