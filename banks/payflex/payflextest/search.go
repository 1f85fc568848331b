package payflextest

import (
	"encoding/xml"
	"net/http"
	"strconv"

	"github.com/sanalpos/vpos"
)

// searchRequest is a SearchRequest (payflex.md §6).
type searchRequest struct {
	XMLName          xml.Name `xml:"SearchRequest"`
	MerchantCriteria struct {
		HostMerchantID   string `xml:"HostMerchantId"`
		MerchantPassword string `xml:"MerchantPassword"`
	} `xml:"MerchantCriteria"`
	TransactionCriteria struct {
		TransactionID string `xml:"TransactionId"`
		OrderID       string `xml:"OrderId"`
		AuthCode      string `xml:"AuthCode"`
	} `xml:"TransactionCriteria"`
}

// searchResponse is the search reply (payflex.md §10.5).
type searchResponse struct {
	XMLName      xml.Name `xml:"SearchResponse"`
	ResponseInfo struct {
		Status           string `xml:"Status"`
		ResponseCode     string `xml:"ResponseCode"`
		ResponseMessage  string `xml:"ResponseMessage"`
		ResponseDateTime string `xml:"ResponseDateTime"`
		IsIdempotent     bool   `xml:"IsIdempotent"`
	} `xml:"ResponseInfo"`
	PageIndex      string         `xml:"PageIndex,omitempty"`
	PageSize       string         `xml:"PageSize,omitempty"`
	TotalItemCount string         `xml:"TotalItemCount,omitempty"`
	Results        *searchResults `xml:"TransactionSearchResultInfo,omitempty"`
}

type searchResults struct {
	Items []searchResult `xml:"TransactionSearchResultInfo"`
}

type searchResult struct {
	MerchantID       string `xml:"MerchantId"`
	TransactionType  string `xml:"TransactionType"`
	TransactionID    string `xml:"TransactionId"`
	OrderID          string `xml:"OrderId"`
	ResultCode       string `xml:"ResultCode"`
	ResponseMessage  string `xml:"ResponseMessage"`
	HostResultCode   string `xml:"HostResultCode"`
	AuthCode         string `xml:"AuthCode"`
	HostDate         string `xml:"HostDate"`
	Rrn              string `xml:"Rrn"`
	CurrencyAmount   string `xml:"CurrencyAmount"`
	AmountCode       string `xml:"AmountCode"`
	CurrencyCode     string `xml:"CurrencyCode"`
	ThreeDSecureType string `xml:"ThreeDSecureType"`
	GainedPoint      string `xml:"GainedPoint"`
	TotalPoint       string `xml:"TotalPoint"`
	SurchargeAmount  string `xml:"SurchargeAmount"`
	Extract          string `xml:"Extract"`
	IsReversed       bool   `xml:"IsReversed"`
	IsCanceled       bool   `xml:"IsCanceled"`
	IsRefunded       bool   `xml:"IsRefunded"`
	CustomItems      string `xml:"CustomItems"`
}

// serveSearch answers a SearchRequest: by TransactionId (which wins) that
// transaction, else by OrderId the approved sale or pre-authorisation of the
// order (or the last attempt), with the order's IsCanceled/IsRefunded flags.
// A search that finds nothing answers Error 9601 (record not found).
func (s *Server) serveSearch(w http.ResponseWriter, r *http.Request) {
	var rep searchResponse
	rep.ResponseInfo.ResponseDateTime = s.Now().In(vpos.Istanbul()).Format("2006-01-02T15:04:05.0000000-07:00")
	fail := func(code string) {
		rep.ResponseInfo.Status, rep.ResponseInfo.ResponseCode, rep.ResponseInfo.ResponseMessage = "Error", code, text(code)
		writeXML(w, &rep)
	}
	req, ok := readPrmstr[searchRequest](r)
	if !ok {
		fail(rcFormatError)
		return
	}
	mc, tc := req.MerchantCriteria, req.TransactionCriteria
	if mc.HostMerchantID != s.creds.MerchantID || mc.MerchantPassword != s.creds.Password {
		fail(rcSearchMerchant)
		return
	}
	if tc.TransactionID == "" && tc.OrderID == "" {
		fail(rcSearchCriteria)
		return
	}
	s.opMu.Lock()
	defer s.opMu.Unlock()
	var rec *txRecord
	s.mu.Lock()
	if tc.TransactionID != "" {
		rec = s.txs[tc.TransactionID]
	} else {
		for _, id := range s.orders[tc.OrderID] {
			if t := s.txs[id]; t.Approved || rec == nil || !rec.Approved {
				rec = t
			}
		}
	}
	var copied txRecord
	if rec != nil {
		copied = *rec
	}
	s.mu.Unlock()
	if rec == nil || copied.Merchant != mc.HostMerchantID {
		fail(rcRecordNotFound)
		return
	}
	res := searchResult{
		MerchantID: copied.Merchant, TransactionType: copied.Type, TransactionID: copied.ID, OrderID: copied.OrderID,
		ResultCode: copied.ResultCode, ResponseMessage: text(copied.ResultCode), HostResultCode: copied.ResultCode[1:],
		AuthCode: copied.AuthCode, HostDate: copied.HostDate, Rrn: copied.Rrn,
		CurrencyAmount: formatAmount(copied.Amount, copied.Currency), AmountCode: numeric(copied.Currency),
		ThreeDSecureType: copied.ThreeDType, GainedPoint: "0", TotalPoint: "0", SurchargeAmount: "0",
	}
	if o, ok := s.Ledger().Order(copied.OrderID); ok && (copied.Type == "Sale" || copied.Type == "Auth") && copied.Approved {
		res.IsCanceled = o.Status == vpos.StatusVoided
		res.IsRefunded = o.Status == vpos.StatusRefunded || o.Status == vpos.StatusPartiallyRefunded
	}
	rep.ResponseInfo.Status, rep.ResponseInfo.ResponseCode, rep.ResponseInfo.ResponseMessage = "Success", rcApproved, "Succeeded."
	rep.PageIndex, rep.PageSize, rep.TotalItemCount = "1", "10", strconv.Itoa(1)
	rep.Results = &searchResults{Items: []searchResult{res}}
	writeXML(w, &rep)
}
