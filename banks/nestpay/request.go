package nestpay

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/sanalpos/vpos"
)

// The CC5Request documents (nestpay.md §3, §4). Requests are flat: a root
// with one level of elements (two under Extra and BillTo), so they are
// written directly instead of through a DOM, in the ISO-8859-9 charset the
// banks declare (characters Latin-5 lacks become character references).
// Element order follows mewebstudio/pos's serializer (nestpay.md §4).

// xmlProlog starts every request.
const xmlProlog = `<?xml version="1.0" encoding="ISO-8859-9"?>`

// The Type values of nestpay.md §4.
const (
	typeAuth     = "Auth"
	typePreAuth  = "PreAuth"
	typePostAuth = "PostAuth"
	typeVoid     = "Void"
	typeCredit   = "Credit"
)

// cc5 writes one CC5Request.
type cc5 struct {
	b   []byte
	err error
}

// newCC5 starts a request with the merchant's credentials.
func newCC5(cfg *Config) *cc5 {
	w := &cc5{b: make([]byte, 0, 768)}
	w.b = append(w.b, xmlProlog...)
	w.b = append(w.b, "<CC5Request>"...)
	w.elem("Name", cfg.User)
	w.elem("Password", cfg.Password)
	w.elem("ClientId", cfg.ClientID)
	return w
}

// elem writes <name>value</name>; an empty value gives <name></name>.
func (w *cc5) elem(name, value string) {
	w.open(name)
	w.text(name, value)
	w.close(name)
}

func (w *cc5) open(name string) {
	w.b = append(w.b, '<')
	w.b = append(w.b, name...)
	w.b = append(w.b, '>')
}

func (w *cc5) close(name string) {
	w.b = append(w.b, "</"...)
	w.b = append(w.b, name...)
	w.b = append(w.b, '>')
}

// text writes value escaped, in ISO-8859-9. A value that is not valid UTF-8
// or holds a character XML 1.0 cannot carry fails the request; the error
// names the element, never the value.
func (w *cc5) text(name, value string) {
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
		i += size
		if r == utf8.RuneError && size <= 1 || r >= 0x80 && r < 0xa0 || r == 0xfffe || r == 0xffff {
			w.fail(name)
			continue
		}
		if b, ok := charmap.ISO8859_9.EncodeRune(r); ok {
			w.b = append(w.b, b)
		} else {
			w.b = fmt.Appendf(w.b, "&#x%X;", r)
		}
	}
}

func (w *cc5) fail(name string) {
	if w.err == nil {
		w.err = fmt.Errorf("nestpay: the %s value holds a character the request cannot carry", name)
	}
}

// bytes ends the document and returns it.
func (w *cc5) bytes() ([]byte, error) {
	w.b = append(w.b, "</CC5Request>"...)
	if w.err != nil {
		return nil, &vpos.Error{Code: vpos.InvalidRequest, Msg: w.err.Error()}
	}
	return w.b, nil
}

// formatAmount writes an amount as NestPay wants it: major units with a dot
// and the currency's decimals ("100.25"; JPY has none).
func formatAmount(a vpos.Amount, c vpos.Currency) string { return a.Decimal(c) }

// currencyCode returns the ISO 4217 numeric code ("949").
func currencyCode(c vpos.Currency) (string, error) {
	n := c.Numeric()
	if n == 0 {
		return "", vpos.InvalidField("Currency", fmt.Sprintf("%q has no ISO 4217 numeric code", string(c)))
	}
	return strconv.Itoa(n), nil
}

// taksit returns the installment field: empty for a single payment
// (nestpay.md §3, §11: never "0" or "1").
func taksit(n int) string {
	if n <= 1 {
		return ""
	}
	return strconv.Itoa(n)
}

// expires returns a card's expiry as MM/YY.
func expires(c vpos.Card) string {
	return fmt.Sprintf("%02d/%02d", c.ExpMonth, c.ExpYear%100)
}

// msgNoCard is the error text of a payment without a card number.
const msgNoCard = "nestpay: the card number is empty"

// buildCharge writes an Auth or PreAuth with the card (nestpay.md §4).
func buildCharge(cfg *Config, typ string, req *vpos.SaleRequest) ([]byte, error) {
	cur, err := currencyCode(req.Currency)
	if err != nil {
		return nil, err
	}
	card := req.Card.Normalize()
	if card.Number == "" {
		return nil, &vpos.Error{Code: vpos.InvalidRequest, Field: "Card.Number", Msg: msgNoCard}
	}
	w := newCC5(cfg)
	w.elem("Type", typ)
	w.elem("IPAddress", req.CustomerIP)
	w.elem("Email", req.CustomerEmail)
	w.elem("OrderId", req.OrderID)
	w.elem("UserId", "")
	w.elem("Total", formatAmount(req.Amount, req.Currency))
	w.elem("Currency", cur)
	w.elem("Taksit", taksit(req.Installments))
	w.elem("Number", card.Number)
	w.elem("Expires", expires(card))
	w.elem("Cvv2Val", card.CVV)
	w.elem("Mode", "P")
	if req.CustomerName != "" {
		w.open("BillTo")
		w.elem("Name", req.CustomerName)
		w.close("BillTo")
	}
	return w.bytes()
}

// buildPostAuth writes a capture; Total is left out for a full capture
// (amount 0).
func buildPostAuth(cfg *Config, req *vpos.CaptureRequest) ([]byte, error) {
	w := newCC5(cfg)
	w.elem("Type", typePostAuth)
	w.elem("OrderId", req.OrderID)
	if req.Amount > 0 {
		w.elem("Total", formatAmount(req.Amount, req.Currency))
	}
	return w.bytes()
}

// buildVoid writes a void of the whole order.
func buildVoid(cfg *Config, req *vpos.VoidRequest) ([]byte, error) {
	w := newCC5(cfg)
	w.elem("Type", typeVoid)
	w.elem("OrderId", req.OrderID)
	return w.bytes()
}

// buildCredit writes a refund; Total is left out to refund what is left
// (amount 0).
func buildCredit(cfg *Config, req *vpos.RefundRequest) ([]byte, error) {
	cur, err := currencyCode(req.Currency)
	if err != nil {
		return nil, err
	}
	w := newCC5(cfg)
	w.elem("Type", typeCredit)
	w.elem("OrderId", req.OrderID)
	if req.Amount > 0 {
		w.elem("Total", formatAmount(req.Amount, req.Currency))
	}
	w.elem("Currency", cur)
	return w.bytes()
}

// buildQuery writes an ORDERSTATUS or ORDERHISTORY query (extra names the
// Extra element).
func buildQuery(cfg *Config, orderID, extra string) ([]byte, error) {
	w := newCC5(cfg)
	w.elem("OrderId", orderID)
	w.open("Extra")
	w.elem(extra, "QUERY")
	w.close("Extra")
	return w.bytes()
}

// provision3D is the 3d model's provisioning request after a callback.
type provision3D struct {
	typ          string
	orderID      string
	ip           string
	email        string
	amount       vpos.Amount
	currency     vpos.Currency
	installments int
	md, xid      string
	eci, cavv    string
}

// buildProvision writes the 3d model's Auth or PreAuth with the callback's
// md (as Number), xid, eci and cavv (nestpay.md §4).
func buildProvision(cfg *Config, p *provision3D) ([]byte, error) {
	cur, err := currencyCode(p.currency)
	if err != nil {
		return nil, err
	}
	w := newCC5(cfg)
	w.elem("Type", p.typ)
	w.elem("IPAddress", p.ip)
	w.elem("Email", p.email)
	w.elem("OrderId", p.orderID)
	w.elem("UserId", "")
	w.elem("Total", formatAmount(p.amount, p.currency))
	w.elem("Currency", cur)
	w.elem("Taksit", taksit(p.installments))
	w.elem("Number", p.md)
	w.elem("PayerTxnId", p.xid)
	w.elem("PayerSecurityLevel", p.eci)
	w.elem("PayerAuthenticationCode", p.cavv)
	w.elem("Mode", "P")
	return w.bytes()
}
