package posnet

import (
	"errors"
	"fmt"
	"strings"

	"github.com/beevik/etree"

	"github.com/sanalpos/vpos/internal/xmlx"
)

// reply is a posnetResponse as the adapter reads it (posnet.md §4, §11).
// Unknown elements are ignored, as a client of a real bank should.
type reply struct {
	// Approved is the approved element: "1" approved, "0" not, "2" already
	// done (duplicate).
	Approved string
	// RespCode and RespText are the error code and text (empty on success).
	RespCode, RespText string
	// HostLogKey, AuthCode and TranDate describe a financial transaction.
	HostLogKey, AuthCode, TranDate string
	// Inst1 and Amnt1 are instInfo (installment count and amount).
	Inst1, Amnt1 string
	// OOS is oosRequestDataResponse, nil when absent.
	OOS *oosData
	// Resolved is oosResolveMerchantDataResponse, nil when absent.
	Resolved *resolved
	// Txns are transactions/transaction of an agreement reply.
	Txns []txn
}

// oosData is oosRequestDataResponse (posnet.md §5.1).
type oosData struct{ Data1, Data2, Sign string }

// resolved is oosResolveMerchantDataResponse (posnet.md §5.4).
type resolved struct {
	XID, Amount, Currency, Installment, TxStatus, MDStatus, MDErrorMessage, MAC string
}

// txn is one transaction of an agreement reply (posnet.md §11.4).
type txn struct {
	OrderID, Amount, CurrencyCode, AuthCode, TranDate, State, TxnStatus, HostLogKey, MaskedPAN string
}

// errReply is wrapped by every parseReply error.
var errReply = errors.New("posnet: unreadable reply")

func replyErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errReply}, args...)...)
}

// parseReply reads a posnetResponse. A body that is not one, or that has no
// approved value of 0, 1 or 2, is an error wrapping errReply: the caller
// cannot tell what the bank did.
func parseReply(body []byte) (*reply, error) {
	doc, err := xmlx.Decode(body)
	if err != nil {
		return nil, replyErr("not XML")
	}
	root := doc.Root()
	if root == nil || root.Tag != "posnetResponse" {
		return nil, replyErr("root element is not posnetResponse")
	}
	r := &reply{
		Approved:   text(root, "approved"),
		RespCode:   text(root, "respCode"),
		RespText:   text(root, "respText"),
		HostLogKey: text(root, "hostlogkey"),
		AuthCode:   text(root, "authCode"),
		TranDate:   text(root, "tranDate"),
		Inst1:      text(root, "instInfo", "inst1"),
		Amnt1:      text(root, "instInfo", "amnt1"),
	}
	switch r.Approved {
	case "0", "1", "2":
	default:
		return nil, replyErr("approved is %q, not 0, 1 or 2", clip(r.Approved))
	}
	if el := child(root, "oosRequestDataResponse"); el != nil {
		r.OOS = &oosData{Data1: text(el, "data1"), Data2: text(el, "data2"), Sign: text(el, "sign")}
	}
	if el := child(root, "oosResolveMerchantDataResponse"); el != nil {
		r.Resolved = &resolved{
			XID: text(el, "xid"), Amount: text(el, "amount"), Currency: text(el, "currency"),
			Installment: text(el, "installment"), TxStatus: text(el, "txStatus"),
			MDStatus: text(el, "mdStatus"), MDErrorMessage: text(el, "mdErrorMessage"), MAC: text(el, "mac"),
		}
	}
	if el := child(root, "transactions"); el != nil {
		for _, t := range el.ChildElements() {
			if !strings.EqualFold(t.Tag, "transaction") {
				continue
			}
			r.Txns = append(r.Txns, txn{
				OrderID: text(t, "orderID"), Amount: text(t, "amount"), CurrencyCode: text(t, "currencyCode"),
				AuthCode: text(t, "authCode"), TranDate: text(t, "tranDate"), State: text(t, "state"),
				TxnStatus: text(t, "txnStatus"), HostLogKey: text(t, "hostlogkey"), MaskedPAN: text(t, "ccno"),
			})
		}
	}
	return r, nil
}

// clip shortens a value quoted in an error.
func clip(s string) string {
	if len(s) > 16 {
		return s[:16] + "…"
	}
	return s
}

// child returns el's child element named name, matched case-insensitively
// (clients and the bank disagree on casing: hostLogKey / hostlogkey,
// posnet.md §11.1), or nil.
func child(el *etree.Element, name string) *etree.Element {
	if el == nil {
		return nil
	}
	if c := el.SelectElement(name); c != nil {
		return c
	}
	for _, c := range el.ChildElements() {
		if strings.EqualFold(c.Tag, name) {
			return c
		}
	}
	return nil
}

// text returns the trimmed text of the element reached by names, "" when
// absent.
func text(el *etree.Element, names ...string) string {
	for _, n := range names {
		el = child(el, n)
	}
	if el == nil {
		return ""
	}
	return strings.TrimSpace(el.Text())
}
