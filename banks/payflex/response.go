package payflex

import (
	"errors"
	"fmt"
	"strings"

	"github.com/beevik/etree"

	"github.com/sanalpos/vpos/internal/xmlx"
)

// reply is a VposResponse as the adapter reads it (payflex.md §5, §10.2).
// Unknown elements are ignored, as a client of a real bank should.
type reply struct {
	MerchantID, TransactionType, TransactionID, ReferenceTransactionID string
	ResultCode, ResultDetail, AuthCode, HostDate, Rrn, TerminalNo      string
	CurrencyAmount, CurrencyCode, OrderID, ECI, ThreeDSecureType       string
	BatchNo, TLAmount                                                  string
}

// enrollment is an MPI IPaySecure reply (payflex.md §4.1, §10.3).
type enrollment struct {
	Status, PaReq, TermURL, MD, ACSURL string
	VerifyEnrollmentRequestID          string
	MessageErrorCode, ErrorMessage     string
}

// search is a SearchResponse (payflex.md §6, §10.5).
type search struct {
	Status, ResponseCode, ResponseMessage string
	Items                                 []searchItem
}

// searchItem is one TransactionSearchResultInfo.
type searchItem struct {
	TransactionType, TransactionID, OrderID, ResultCode, ResponseMessage string
	AuthCode, HostDate, Rrn, CurrencyAmount, AmountCode, CurrencyCode    string
	IsReversed, IsCanceled, IsRefunded                                   bool
}

// errReply is wrapped by every parse error.
var errReply = errors.New("payflex: unreadable reply")

func replyErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errReply}, args...)...)
}

// root decodes body and returns its root element if it is named want. A
// non-XML body (the WAF's HTML "Request Rejected" page, JSON) is an error.
func root(body []byte, want string) (*etree.Element, error) {
	doc, err := xmlx.Decode(body)
	if err != nil {
		return nil, replyErr("not XML")
	}
	r := doc.Root()
	if r == nil || r.Tag != want {
		return nil, replyErr("root element is not %s", want)
	}
	return r, nil
}

// child returns the trimmed text of el's first child named name.
func child(el *etree.Element, name string) string {
	if el == nil {
		return ""
	}
	if c := el.SelectElement(name); c != nil {
		return strings.TrimSpace(c.Text())
	}
	return ""
}

// parseReply reads a VposResponse. A body that is not one, or that has no
// ResultCode, is an error wrapping errReply: the caller cannot tell what
// the bank did.
func parseReply(body []byte) (*reply, error) {
	r, err := root(body, "VposResponse")
	if err != nil {
		return nil, err
	}
	rep := &reply{
		MerchantID:             child(r, "MerchantId"),
		TransactionType:        child(r, "TransactionType"),
		TransactionID:          child(r, "TransactionId"),
		ReferenceTransactionID: child(r, "ReferenceTransactionId"),
		ResultCode:             child(r, "ResultCode"),
		ResultDetail:           child(r, "ResultDetail"),
		AuthCode:               child(r, "AuthCode"),
		HostDate:               child(r, "HostDate"),
		Rrn:                    child(r, "Rrn"),
		TerminalNo:             child(r, "TerminalNo"),
		CurrencyAmount:         child(r, "CurrencyAmount"),
		CurrencyCode:           child(r, "CurrencyCode"),
		OrderID:                child(r, "OrderId"),
		ECI:                    child(r, "ECI"),
		ThreeDSecureType:       child(r, "ThreeDSecureType"),
		BatchNo:                child(r, "BatchNo"),
		TLAmount:               child(r, "TLAmount"),
	}
	if rep.ResultCode == "" {
		return nil, replyErr("no ResultCode")
	}
	return rep, nil
}

// parseEnrollment reads an IPaySecure reply. A reply without a VERes
// Status and without a MessageErrorCode says nothing and is an error.
func parseEnrollment(body []byte) (*enrollment, error) {
	r, err := root(body, "IPaySecure")
	if err != nil {
		return nil, err
	}
	var veres *etree.Element
	if m := r.SelectElement("Message"); m != nil {
		veres = m.SelectElement("VERes")
	}
	e := &enrollment{
		Status:                    strings.ToUpper(child(veres, "Status")),
		PaReq:                     child(veres, "PaReq"),
		TermURL:                   child(veres, "TermUrl"),
		MD:                        child(veres, "MD"),
		ACSURL:                    child(veres, "ACSUrl"),
		VerifyEnrollmentRequestID: child(r, "VerifyEnrollmentRequestId"),
		MessageErrorCode:          child(r, "MessageErrorCode"),
		ErrorMessage:              child(r, "ErrorMessage"),
	}
	if strings.EqualFold(e.ErrorMessage, "Default") {
		e.ErrorMessage = "" // CP.VPOS: "Default" means none
	}
	if e.Status == "" && e.MessageErrorCode == "" {
		return nil, replyErr("no VERes Status and no MessageErrorCode")
	}
	return e, nil
}

// parseSearch reads a SearchResponse. A reply without a ResponseCode is an
// error.
func parseSearch(body []byte) (*search, error) {
	r, err := root(body, "SearchResponse")
	if err != nil {
		return nil, err
	}
	info := r.SelectElement("ResponseInfo")
	s := &search{
		Status:          child(info, "Status"),
		ResponseCode:    child(info, "ResponseCode"),
		ResponseMessage: child(info, "ResponseMessage"),
	}
	if s.ResponseCode == "" {
		return nil, replyErr("no ResponseInfo/ResponseCode")
	}
	if list := r.SelectElement("TransactionSearchResultInfo"); list != nil {
		for _, el := range list.SelectElements("TransactionSearchResultInfo") {
			s.Items = append(s.Items, searchItem{
				TransactionType: child(el, "TransactionType"),
				TransactionID:   child(el, "TransactionId"),
				OrderID:         child(el, "OrderId"),
				ResultCode:      child(el, "ResultCode"),
				ResponseMessage: child(el, "ResponseMessage"),
				AuthCode:        child(el, "AuthCode"),
				HostDate:        child(el, "HostDate"),
				Rrn:             child(el, "Rrn"),
				CurrencyAmount:  child(el, "CurrencyAmount"),
				AmountCode:      child(el, "AmountCode"),
				CurrencyCode:    child(el, "CurrencyCode"),
				IsReversed:      isTrue(child(el, "IsReversed")),
				IsCanceled:      isTrue(child(el, "IsCanceled")),
				IsRefunded:      isTrue(child(el, "IsRefunded")),
			})
		}
	}
	return s, nil
}

func isTrue(s string) bool { return strings.EqualFold(s, "true") || s == "1" }
