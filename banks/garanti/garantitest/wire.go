package garantitest

// The GVPSRequest and GVPSResponse documents (garanti.md §3, §7, §12) as the
// bank reads and writes them.

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// gvpsRequest is the request as the bank reads it. Every value is trimmed
// of surrounding white space after decoding.
type gvpsRequest struct {
	XMLName  xml.Name `xml:"GVPSRequest"`
	Mode     string   `xml:"Mode"`
	Version  string   `xml:"Version"`
	Terminal struct {
		ProvUserID string `xml:"ProvUserID"`
		HashData   string `xml:"HashData"`
		UserID     string `xml:"UserID"`
		ID         string `xml:"ID"`
		MerchantID string `xml:"MerchantID"`
	} `xml:"Terminal"`
	Customer struct {
		IPAddress    string `xml:"IPAddress"`
		EmailAddress string `xml:"EmailAddress"`
	} `xml:"Customer"`
	Card *struct {
		Number     string `xml:"Number"`
		ExpireDate string `xml:"ExpireDate"`
		CVV2       string `xml:"CVV2"`
	} `xml:"Card"`
	Order struct {
		OrderID     string `xml:"OrderID"`
		GroupID     string `xml:"GroupID"`
		Description string `xml:"Description"`
		StartDate   string `xml:"StartDate"`
		EndDate     string `xml:"EndDate"`
		ListPageNum string `xml:"ListPageNum"`
	} `xml:"Order"`
	Transaction struct {
		Type                  string `xml:"Type"`
		InstallmentCnt        string `xml:"InstallmentCnt"`
		Amount                string `xml:"Amount"`
		CurrencyCode          string `xml:"CurrencyCode"`
		CardholderPresentCode string `xml:"CardholderPresentCode"`
		MotoInd               string `xml:"MotoInd"`
		OriginalRetrefNum     string `xml:"OriginalRetrefNum"`
		Secure3D              *struct {
			AuthenticationCode string `xml:"AuthenticationCode"`
			SecurityLevel      string `xml:"SecurityLevel"`
			TxnID              string `xml:"TxnID"`
			Md                 string `xml:"Md"`
		} `xml:"Secure3D"`
	} `xml:"Transaction"`
}

// cardNumber returns Card/Number, "" without a Card element.
func (r *gvpsRequest) cardNumber() string {
	if r.Card == nil {
		return ""
	}
	return r.Card.Number
}

// trim trims every string of the request.
func (r *gvpsRequest) trim() {
	for _, p := range []*string{
		&r.Mode, &r.Version,
		&r.Terminal.ProvUserID, &r.Terminal.HashData, &r.Terminal.UserID, &r.Terminal.ID, &r.Terminal.MerchantID,
		&r.Customer.IPAddress, &r.Customer.EmailAddress,
		&r.Order.OrderID, &r.Order.GroupID, &r.Order.Description, &r.Order.StartDate, &r.Order.EndDate, &r.Order.ListPageNum,
		&r.Transaction.Type, &r.Transaction.InstallmentCnt, &r.Transaction.Amount, &r.Transaction.CurrencyCode,
		&r.Transaction.CardholderPresentCode, &r.Transaction.MotoInd, &r.Transaction.OriginalRetrefNum,
	} {
		*p = strings.TrimSpace(*p)
	}
	if c := r.Card; c != nil {
		c.Number, c.ExpireDate, c.CVV2 = strings.TrimSpace(c.Number), strings.TrimSpace(c.ExpireDate), strings.TrimSpace(c.CVV2)
	}
	if s := r.Transaction.Secure3D; s != nil {
		s.AuthenticationCode, s.SecurityLevel = strings.TrimSpace(s.AuthenticationCode), strings.TrimSpace(s.SecurityLevel)
		s.TxnID, s.Md = strings.TrimSpace(s.TxnID), strings.TrimSpace(s.Md)
	}
}

// maxBody is the largest request body the bank reads.
const maxBody = 1 << 20

// readRequest reads a GVPSRequest from the body, whatever the Content-Type
// says (garanti.md §1): raw XML, or a form whose "data" field holds it (as
// some older clients post it).
func readRequest(w http.ResponseWriter, r *http.Request) (*gvpsRequest, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return nil, fmt.Errorf("request body too large or unreadable")
	}
	body = bytes.TrimSpace(body)
	if len(body) > 0 && body[0] != '<' {
		if form, err := url.ParseQuery(string(body)); err == nil && form.Get("data") != "" {
			body = bytes.TrimSpace([]byte(form.Get("data")))
		}
	}
	var req gvpsRequest
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "iso-8859-9", "iso8859-9", "latin5", "windows-1254", "cp1254":
			return charmap.ISO8859_9.NewDecoder().Reader(in), nil
		}
		return nil, fmt.Errorf("unsupported charset %q", label)
	}
	if err := dec.Decode(&req); err != nil {
		return nil, fmt.Errorf("request is not a GVPSRequest XML document")
	}
	req.trim()
	return &req, nil
}

// gvpsResponse is the reply (§7, §12.1): every reply carries all blocks.
type gvpsResponse struct {
	XMLName     xml.Name     `xml:"GVPSResponse"`
	Mode        string       `xml:"Mode"`
	Terminal    respTerminal `xml:"Terminal"`
	Customer    respCustomer `xml:"Customer"`
	Order       respOrder    `xml:"Order"`
	Transaction respTxn      `xml:"Transaction"`
}

type respTerminal struct {
	ProvUserID string `xml:"ProvUserID"`
	UserID     string `xml:"UserID"`
	ID         string `xml:"ID"`
	MerchantID string `xml:"MerchantID"`
}

type respCustomer struct {
	IPAddress    string `xml:"IPAddress"`
	EmailAddress string `xml:"EmailAddress"`
}

type respOrder struct {
	OrderID            string          `xml:"OrderID"`
	GroupID            string          `xml:"GroupID"`
	OrderInqResult     *orderInqResult `xml:"OrderInqResult,omitempty"`
	OrderHistInqResult *orderHistInq   `xml:"OrderHistInqResult,omitempty"`
	OrderListInqResult *orderListInq   `xml:"OrderListInqResult,omitempty"`
}

type respResponse struct {
	Source     string `xml:"Source"`
	Code       string `xml:"Code"`
	ReasonCode string `xml:"ReasonCode"`
	Message    string `xml:"Message"`
	ErrorMsg   string `xml:"ErrorMsg"`
	SysErrMsg  string `xml:"SysErrMsg"`
}

type respTxn struct {
	Response         respResponse `xml:"Response"`
	RetrefNum        string       `xml:"RetrefNum"`
	AuthCode         string       `xml:"AuthCode"`
	BatchNum         string       `xml:"BatchNum"`
	SequenceNum      string       `xml:"SequenceNum"`
	ProvDate         string       `xml:"ProvDate"`
	CardNumberMasked string       `xml:"CardNumberMasked"`
	CardHolderName   string       `xml:"CardHolderName"`
	CardType         string       `xml:"CardType"`
	HashData         string       `xml:"HashData"`
	HostMsgList      string       `xml:"HostMsgList"`
	RewardInqResult  struct {
		RewardList string `xml:"RewardList"`
		ChequeList string `xml:"ChequeList"`
	} `xml:"RewardInqResult"`
	GarantiCardInd string `xml:"GarantiCardInd"`
}

// orderInqResult is Order/OrderInqResult (§12.3).
type orderInqResult struct {
	ChargeType         string `xml:"ChargeType"`
	PreAuthAmount      string `xml:"PreAuthAmount"`
	PreAuthDate        string `xml:"PreAuthDate"`
	AuthAmount         string `xml:"AuthAmount"`
	AuthDate           string `xml:"AuthDate"`
	RecurringInfo      string `xml:"RecurringInfo"`
	RecurringStatus    string `xml:"RecurringStatus"`
	Status             string `xml:"Status"`
	RemainingBNSAmount string `xml:"RemainingBNSAmount"`
	UsedFBBAmount      string `xml:"UsedFBBAmount"`
	UsedChequeType     string `xml:"UsedChequeType"`
	UsedChequeCount    string `xml:"UsedChequeCount"`
	UsedChequeAmount   string `xml:"UsedChequeAmount"`
	UsedBnsAmount      string `xml:"UsedBnsAmount"`
	InstallmentCnt     string `xml:"InstallmentCnt"`
	CardNumberMasked   string `xml:"CardNumberMasked"`
	CardRef            string `xml:"CardRef"`
	Code               string `xml:"Code"`
	ReasonCode         string `xml:"ReasonCode"`
	SysErrMsg          string `xml:"SysErrMsg"`
	RetrefNum          string `xml:"RetrefNum"`
	GPID               string `xml:"GPID"`
	AuthCode           string `xml:"AuthCode"`
	BatchNum           string `xml:"BatchNum"`
	SequenceNum        string `xml:"SequenceNum"`
	ProvDate           string `xml:"ProvDate"`
	CardHolderName     string `xml:"CardHolderName"`
	CardType           string `xml:"CardType"`
}

// orderHistInq is Order/OrderHistInqResult (§12.4).
type orderHistInq struct {
	OrderTxnList struct {
		OrderTxn []histTxn `xml:"OrderTxn"`
	} `xml:"OrderTxnList"`
}

type histTxn struct {
	Type               string `xml:"Type"`
	Status             string `xml:"Status"`
	PreAuthAmount      string `xml:"PreAuthAmount"`
	AuthAmount         string `xml:"AuthAmount"`
	PreAuthDate        string `xml:"PreAuthDate"`
	AuthDate           string `xml:"AuthDate"`
	VoidDate           string `xml:"VoidDate"`
	RetrefNum          string `xml:"RetrefNum"`
	AuthCode           string `xml:"AuthCode"`
	ReturnCode         string `xml:"ReturnCode"`
	BatchNum           string `xml:"BatchNum"`
	RemainingBNSAmount string `xml:"RemainingBNSAmount"`
	UsedFBBAmount      string `xml:"UsedFBBAmount"`
	UsedChequeType     string `xml:"UsedChequeType"`
	UsedChequeCount    string `xml:"UsedChequeCount"`
	UsedChequeAmount   string `xml:"UsedChequeAmount"`
	InstallmentCnt     string `xml:"InstallmentCnt"`
	CurrencyCode       string `xml:"CurrencyCode"`
	Settlement         string `xml:"Settlement"`
}

// orderListInq is Order/OrderListInqResult (§12.5).
type orderListInq struct {
	OrderTxnList struct {
		TotalTxnCount  string    `xml:"TotalTxnCount"`
		TotalPageCount string    `xml:"TotalPageCount"`
		ActPageNum     string    `xml:"ActPageNum"`
		OrderTxn       []listTxn `xml:"OrderTxn"`
	} `xml:"OrderTxnList"`
}

type listTxn struct {
	ID                       string `xml:"Id"`
	LastTrxDate              string `xml:"LastTrxDate"`
	TrxType                  string `xml:"TrxType"`
	OrderID                  string `xml:"OrderID"`
	Name                     string `xml:"Name"`
	CardNumberMasked         string `xml:"CardNumberMasked"`
	ExpireDate               string `xml:"ExpireDate"`
	BankBin                  string `xml:"BankBin"`
	BatchNum                 string `xml:"BatchNum"`
	AuthCode                 string `xml:"AuthCode"`
	RetrefNum                string `xml:"RetrefNum"`
	OrigRetrefNum            string `xml:"OrigRetrefNum"`
	InstallmentCnt           string `xml:"InstallmentCnt"`
	Status                   string `xml:"Status"`
	AuthAmount               string `xml:"AuthAmount"`
	CurrencyCode             string `xml:"CurrencyCode"`
	RemainingBNSAmount       string `xml:"RemainingBNSAmount"`
	UsedFBBAmount            string `xml:"UsedFBBAmount"`
	UsedChequeType           string `xml:"UsedChequeType"`
	UsedChequeCount          string `xml:"UsedChequeCount"`
	UsedChequeAmount         string `xml:"UsedChequeAmount"`
	SafeType                 string `xml:"SafeType"`
	Comment1                 string `xml:"Comment1"`
	Comment2                 string `xml:"Comment2"`
	Comment3                 string `xml:"Comment3"`
	UserID                   string `xml:"UserId"`
	Settlement               string `xml:"Settlement"`
	EmailAddress             string `xml:"EmailAddress"`
	RecurringTotalPaymentNum string `xml:"RecurringTotalPaymentNum"`
	RecurringLastPaymentNum  string `xml:"RecurringLastPaymentNum"`
	RecurringTxnAmount       string `xml:"RecurringTxnAmount"`
	ResponseCode             string `xml:"ResponseCode"`
	SysErrMsg                string `xml:"SysErrMsg"`
}

// writeResponse writes rep as the bank does: 200, UTF-8 XML declaration.
func writeResponse(w http.ResponseWriter, rep *gvpsResponse) {
	out, err := xml.Marshal(rep)
	if err != nil {
		http.Error(w, "garantitest: cannot encode the reply", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, xml.Header[:len(xml.Header)-1]) // no newline, as the bank
	_, _ = w.Write(out)
}
