package payfor

import (
	"errors"
	"fmt"
	"strings"

	"github.com/beevik/etree"

	"github.com/sanalpos/vpos/internal/xmlx"
)

// The replies of the XML API (payfor.md §4, §12): a flat PayforResponse for
// payments, post-auths, voids, refunds, 3DModelPayment (about ten elements)
// and OrderInquiry (about 120), and a TxnHistoryReport holding one
// PaymentRequestExtended/PaymentRequest record per transaction for
// TxnHistory. Unknown elements are ignored, as a client of a real bank
// should; values are trimmed of surrounding white space.

// fields is one flat PayFor record: element (or callback field) names and
// their text.
type fields map[string]string

// get returns the value of name ("" when absent).
func (f fields) get(name string) string { return f[name] }

// errMalformed is wrapped by every parse and consistency error.
var errMalformed = errors.New("payfor: malformed reply")

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errMalformed}, args...)...)
}

// decisive are the elements a reply must not carry twice with different
// values: what the adapter decides on.
var decisive = map[string]bool{
	"ProcReturnCode": true, "TxnResult": true, "TransId": true, "AuthCode": true, "OrderId": true,
	"OrgOrderId": true, "TxnType": true, "TxnStatus": true, "PurchAmount": true, "Currency": true,
	"IsVoided": true, "IsRefunded": true, "RefundedAmount": true, "HostRefNum": true,
}

// root decodes body and returns its root element. A body that is not XML
// (an HTML error page, the text reply of Default.aspx) is an error.
func root(body []byte) (*etree.Element, error) {
	doc, err := xmlx.Decode(body)
	if err != nil {
		return nil, malformed("not XML")
	}
	r := doc.Root()
	if r == nil {
		return nil, malformed("no root element")
	}
	return r, nil
}

// flat reads the child elements of el: the first of each name wins; a
// decisive element that repeats with another value is an error.
func flat(el *etree.Element) (fields, error) {
	kids := el.ChildElements()
	f := make(fields, len(kids))
	for _, c := range kids {
		v := elemText(c)
		if old, dup := f[c.Tag]; dup {
			if decisive[c.Tag] && old != v {
				return nil, malformed("%s appears twice with different values", c.Tag)
			}
			continue
		}
		f[c.Tag] = v
	}
	return f, nil
}

// elemText is the element's character data (CDATA included), trimmed; the
// text of child elements is not included.
func elemText(el *etree.Element) string {
	if len(el.Child) == 1 {
		if cd, ok := el.Child[0].(*etree.CharData); ok {
			return strings.TrimSpace(cd.Data)
		}
	}
	var b strings.Builder
	for _, t := range el.Child {
		if cd, ok := t.(*etree.CharData); ok {
			b.WriteString(cd.Data)
		}
	}
	return strings.TrimSpace(b.String())
}

// parseReply reads a PayforResponse: the reply of a payment, post-auth,
// void, refund, 3DModelPayment or OrderInquiry.
func parseReply(body []byte) (fields, error) {
	r, err := root(body)
	if err != nil {
		return nil, err
	}
	if r.Tag != "PayforResponse" {
		return nil, malformed("the root element is not PayforResponse")
	}
	return flat(r)
}

// checkPayment reports whether a payment reply is a definite answer for
// orderID: it must carry a ProcReturnCode; a TxnResult, when present, must
// agree with it (Success exactly with 00); and its TransId, which echoes
// the order id (payfor.md §12.1), must name this order. Otherwise the
// caller cannot tell whether money moved.
func checkPayment(f fields, orderID string) error {
	prc := f.get("ProcReturnCode")
	if prc == "" {
		return malformed("no ProcReturnCode")
	}
	switch tr := f.get("TxnResult"); {
	case tr == "":
	case strings.EqualFold(tr, "Success") && prc != approvedCode,
		strings.EqualFold(tr, "Failed") && prc == approvedCode:
		return malformed("TxnResult %q contradicts ProcReturnCode %q", clip(tr), clip(prc))
	}
	if id := f.get("TransId"); id != "" && orderID != "" && id != orderID {
		return malformed("the reply is for another order")
	}
	return nil
}

// clip shortens a value quoted in an error.
func clip(s string) string {
	if len(s) > 16 {
		return s[:16] + "..."
	}
	return s
}

// report is a TxnHistory answer: its records, oldest first, or the
// PayforResponse the bank answered instead (a refused query).
type report struct {
	records []fields
	refusal fields
}

// parseHistory reads a TxnHistoryReport (payfor.md §12.5): one
// PaymentRequestExtended per transaction, each holding a PaymentRequest
// record (in the http://ocean.smartway.com/ namespace, which is ignored). A
// PayforResponse root is kept as the refusal.
func parseHistory(body []byte) (*report, error) {
	r, err := root(body)
	if err != nil {
		return nil, err
	}
	switch r.Tag {
	case "PayforResponse":
		f, err := flat(r)
		if err != nil {
			return nil, err
		}
		if f.get("ProcReturnCode") == "" {
			return nil, malformed("a PayforResponse to a history query without ProcReturnCode")
		}
		return &report{refusal: f}, nil
	case "TxnHistoryReport":
	default:
		return nil, malformed("the root element is not TxnHistoryReport")
	}
	rep := &report{}
	for _, el := range r.ChildElements() {
		rec := el
		if el.Tag == "PaymentRequestExtended" {
			if rec = el.SelectElement("PaymentRequest"); rec == nil {
				continue
			}
		} else if el.Tag != "PaymentRequest" {
			continue
		}
		f, err := flat(rec)
		if err != nil {
			return nil, err
		}
		rep.records = append(rep.records, f)
	}
	return rep, nil
}

// isTrue reads a boolean field ("true", "True", "1").
func isTrue(s string) bool { return strings.EqualFold(strings.TrimSpace(s), "true") || s == "1" }
