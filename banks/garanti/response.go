package garanti

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/beevik/etree"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/internal/xmlx"
)

// reply is a GVPSResponse as the adapter reads it (garanti.md §7, §12).
// Unknown elements are ignored, as a client of a real bank should.
type reply struct {
	// Transaction/Response.
	Source, Code, ReasonCode, Message, ErrorMsg, SysErrMsg string
	// Order/OrderID.
	OrderID string
	// Transaction references.
	RetrefNum, AuthCode, BatchNum, SequenceNum, ProvDate, CardNumberMasked, CardType string
	// Inq is Order/OrderInqResult (orderinq), nil when absent.
	Inq *orderInq
	// Hist is Order/OrderHistInqResult/OrderTxnList/OrderTxn (orderhistoryinq).
	Hist []histTxn
	// List is Order/OrderListInqResult/OrderTxnList (orderlistinq), nil when
	// absent.
	List *orderList
}

// orderInq is Order/OrderInqResult (garanti.md §12.3).
type orderInq struct {
	ChargeType, Status, CardNumberMasked, Code, ReasonCode, SysErrMsg string
	RetrefNum, AuthCode, ProvDate, PreAuthDate, AuthDate              string
	PreAuthAmount, AuthAmount                                         int64
	InstallmentCnt                                                    int
}

// histTxn is one OrderTxn of orderhistoryinq (garanti.md §12.4).
type histTxn struct {
	Type, Status, RetrefNum, AuthCode, ReturnCode, CurrencyCode string
	PreAuthDate, AuthDate, VoidDate, Settlement                 string
	PreAuthAmount, AuthAmount                                   int64
	InstallmentCnt                                              int
}

// orderList is OrderListInqResult/OrderTxnList (garanti.md §12.5).
type orderList struct {
	TotalTxnCount, TotalPageCount, ActPageNum int
	Txns                                      []listTxn
}

// listTxn is one OrderTxn of orderlistinq.
type listTxn struct {
	ID, LastTrxDate, TrxType, OrderID, CardNumberMasked, AuthCode, RetrefNum, OrigRetrefNum string
	InstallmentCnt, Status, CurrencyCode, ResponseCode, SysErrMsg, SafeType                 string
	AuthAmount                                                                              int64
}

// errReply is wrapped by every parseReply error.
var errReply = errors.New("garanti: unreadable reply")

func replyErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errReply}, args...)...)
}

// parseReply reads a GVPSResponse. A body that is not one, or whose
// Transaction/Response/Code is missing, or whose amounts do not parse, is
// an error wrapping errReply: the caller cannot tell what the bank did.
func parseReply(body []byte) (*reply, error) {
	doc, err := xmlx.Decode(body)
	if err != nil {
		return nil, replyErr("not XML")
	}
	root := doc.Root()
	if root == nil || root.Tag != "GVPSResponse" {
		return nil, replyErr("root element is not GVPSResponse")
	}
	resp := find(root, "Transaction", "Response")
	if resp == nil {
		return nil, replyErr("no Transaction/Response")
	}
	r := &reply{
		Source:           text(resp, "Source"),
		Code:             text(resp, "Code"),
		ReasonCode:       text(resp, "ReasonCode"),
		Message:          text(resp, "Message"),
		ErrorMsg:         text(resp, "ErrorMsg"),
		SysErrMsg:        text(resp, "SysErrMsg"),
		OrderID:          text(root, "Order", "OrderID"),
		RetrefNum:        text(root, "Transaction", "RetrefNum"),
		AuthCode:         text(root, "Transaction", "AuthCode"),
		BatchNum:         text(root, "Transaction", "BatchNum"),
		SequenceNum:      text(root, "Transaction", "SequenceNum"),
		ProvDate:         text(root, "Transaction", "ProvDate"),
		CardNumberMasked: text(root, "Transaction", "CardNumberMasked"),
		CardType:         text(root, "Transaction", "CardType"),
	}
	if r.Code == "" {
		return nil, replyErr("empty Transaction/Response/Code")
	}
	if el := find(root, "Order", "OrderInqResult"); el != nil {
		if r.Inq, err = parseInq(el); err != nil {
			return nil, err
		}
	}
	for _, el := range childElements(find(root, "Order", "OrderHistInqResult", "OrderTxnList"), "OrderTxn") {
		t, err := parseHist(el)
		if err != nil {
			return nil, err
		}
		r.Hist = append(r.Hist, t)
	}
	if el := find(root, "Order", "OrderListInqResult", "OrderTxnList"); el != nil {
		if r.List, err = parseList(el); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func parseInq(el *etree.Element) (*orderInq, error) {
	q := &orderInq{
		ChargeType:       text(el, "ChargeType"),
		Status:           text(el, "Status"),
		CardNumberMasked: text(el, "CardNumberMasked"),
		Code:             text(el, "Code"),
		ReasonCode:       text(el, "ReasonCode"),
		SysErrMsg:        text(el, "SysErrMsg"),
		RetrefNum:        text(el, "RetrefNum"),
		AuthCode:         text(el, "AuthCode"),
		ProvDate:         text(el, "ProvDate"),
		PreAuthDate:      text(el, "PreAuthDate"),
		AuthDate:         text(el, "AuthDate"),
	}
	var err error
	if q.PreAuthAmount, err = minor(el, "PreAuthAmount"); err != nil {
		return nil, err
	}
	if q.AuthAmount, err = minor(el, "AuthAmount"); err != nil {
		return nil, err
	}
	if q.InstallmentCnt, err = count(el, "InstallmentCnt"); err != nil {
		return nil, err
	}
	return q, nil
}

func parseHist(el *etree.Element) (histTxn, error) {
	t := histTxn{
		Type:         text(el, "Type"),
		Status:       text(el, "Status"),
		RetrefNum:    text(el, "RetrefNum"),
		AuthCode:     text(el, "AuthCode"),
		ReturnCode:   text(el, "ReturnCode"),
		CurrencyCode: text(el, "CurrencyCode"),
		PreAuthDate:  text(el, "PreAuthDate"),
		AuthDate:     text(el, "AuthDate"),
		VoidDate:     text(el, "VoidDate"),
		Settlement:   text(el, "Settlement"),
	}
	var err error
	if t.PreAuthAmount, err = minor(el, "PreAuthAmount"); err != nil {
		return t, err
	}
	if t.AuthAmount, err = minor(el, "AuthAmount"); err != nil {
		return t, err
	}
	if t.InstallmentCnt, err = count(el, "InstallmentCnt"); err != nil {
		return t, err
	}
	return t, nil
}

func parseList(el *etree.Element) (*orderList, error) {
	l := &orderList{}
	var err error
	if l.TotalTxnCount, err = count(el, "TotalTxnCount"); err != nil {
		return nil, err
	}
	if l.TotalPageCount, err = count(el, "TotalPageCount"); err != nil {
		return nil, err
	}
	if l.ActPageNum, err = count(el, "ActPageNum"); err != nil {
		return nil, err
	}
	for _, row := range childElements(el, "OrderTxn") {
		t := listTxn{
			ID:               text(row, "Id"),
			LastTrxDate:      text(row, "LastTrxDate"),
			TrxType:          text(row, "TrxType"),
			OrderID:          text(row, "OrderID"),
			CardNumberMasked: text(row, "CardNumberMasked"),
			AuthCode:         text(row, "AuthCode"),
			RetrefNum:        text(row, "RetrefNum"),
			OrigRetrefNum:    text(row, "OrigRetrefNum"),
			InstallmentCnt:   text(row, "InstallmentCnt"),
			Status:           text(row, "Status"),
			CurrencyCode:     text(row, "CurrencyCode"),
			ResponseCode:     text(row, "ResponseCode"),
			SysErrMsg:        text(row, "SysErrMsg"),
			SafeType:         text(row, "SafeType"),
		}
		if t.AuthAmount, err = minor(row, "AuthAmount"); err != nil {
			return nil, err
		}
		l.Txns = append(l.Txns, t)
	}
	return l, nil
}

// minor reads an amount in minor units; empty or absent is 0.
func minor(el *etree.Element, name string) (int64, error) {
	s := text(el, name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, replyErr("%s is not an amount in minor units", name)
	}
	return n, nil
}

// count reads a non-negative count; empty, absent or "Pesin" (single
// payment, garanti.md §12.5) is 0.
func count(el *etree.Element, name string) (int, error) {
	s := text(el, name)
	if s == "" || strings.EqualFold(s, "Pesin") || strings.EqualFold(s, "Peşin") {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, replyErr("%s is not a count", name)
	}
	return n, nil
}

// The date layouts of garanti.md §7, §10, §12.
const (
	provDateLayout  = "20060102 15:04:05"       // Transaction/ProvDate
	inqDateLayout   = "2006-01-02 15:04:05.000" // OrderInqResult dates
	listTimeLayout  = "2006-01-02 15:04:05"     // orderlistinq LastTrxDate
	histDateLayout  = "20060102"                // orderhistoryinq dates
	inqDateLayoutNS = "2006-01-02 15:04:05"     // OrderInqResult dates without milliseconds
)

// find returns the element reached from el by the child names, or nil.
// It walks with SelectElement: no path compilation, which dominated the
// parse time with xmlx.Find.
func find(el *etree.Element, names ...string) *etree.Element {
	for _, n := range names {
		if el == nil {
			return nil
		}
		el = el.SelectElement(n)
	}
	return el
}

// childElements returns el's children named name (none for a nil el).
func childElements(el *etree.Element, name string) []*etree.Element {
	if el == nil {
		return nil
	}
	return el.SelectElements(name)
}

// text returns the trimmed text of find(el, names...), "" when absent.
func text(el *etree.Element, names ...string) string {
	if e := find(el, names...); e != nil {
		return strings.TrimSpace(e.Text())
	}
	return ""
}

// bankTime parses s (Europe/Istanbul) with the first layout that fits.
func bankTime(s string, layouts ...string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range layouts {
		if t, err := time.ParseInLocation(l, s, vpos.Istanbul()); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
