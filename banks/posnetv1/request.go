package posnetv1

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/sanalpos/vpos"
)

// The MACParams of each request (posnet.md §10, mewebstudio's mapper).
const (
	macParamsCard   = "MerchantNo:TerminalNo:CardNo:Cvc2:ExpireDate:Amount"
	macParamsPlain  = "MerchantNo:TerminalNo"
	macParamsRef    = "MerchantNo:TerminalNo:ReferenceCode:OrderId"
	macParams3DSale = "MerchantNo:TerminalNo:SecureTransactionId:CavvData:Eci:MdStatus"
)

// cardData is a request's CardInformationData.
type cardData struct {
	CardNo         string `json:"CardNo"`
	ExpireDate     string `json:"ExpireDate"`
	Cvc2           string `json:"Cvc2"`
	CardHolderName string `json:"CardHolderName"`
}

// threeDData is a 3-D Secure provision's ThreeDSecureData.
type threeDData struct {
	SecureTransactionID string `json:"SecureTransactionId"`
	CavvData            string `json:"CavvData"`
	Eci                 string `json:"Eci"`
	MdStatus            int    `json:"MdStatus"`
	MD                  string `json:"MD"`
}

// request is one JSON request; op is the URL suffix (Sale, Auth, ...).
type request struct {
	op      string
	orderID string // the merchant's order id, for labels

	APIType                string      `json:"ApiType"`
	APIVersion             string      `json:"ApiVersion"`
	MerchantNo             string      `json:"MerchantNo"`
	TerminalNo             string      `json:"TerminalNo"`
	MACParams              string      `json:"MACParams"`
	MAC                    string      `json:"MAC"`
	CipheredData           *string     `json:"CipheredData"`
	DealerData             *string     `json:"DealerData"`
	IsEncrypted            string      `json:"IsEncrypted"`
	PaymentFacilitatorData *string     `json:"PaymentFacilitatorData"`
	PaymentInstrumentType  string      `json:"PaymentInstrumentType,omitempty"`
	IsMailOrder            string      `json:"IsMailOrder,omitempty"`
	IsTDSecureMerchant     string      `json:"IsTDSecureMerchant,omitempty"`
	CardInformationData    *cardData   `json:"CardInformationData,omitempty"`
	ThreeDSecureData       *threeDData `json:"ThreeDSecureData,omitempty"`
	Amount                 *int64      `json:"Amount,omitempty"`
	CurrencyCode           string      `json:"CurrencyCode,omitempty"`
	PointAmount            *int64      `json:"PointAmount,omitempty"`
	OrderID                string      `json:"OrderId,omitempty"`
	ReferenceCode          string      `json:"ReferenceCode,omitempty"`
	InstallmentCount       string      `json:"InstallmentCount,omitempty"`
	InstallmentType        string      `json:"InstallmentType,omitempty"`
	TransactionType        string      `json:"TransactionType,omitempty"`
}

// value returns the value of a MACParams name, looked up in the request
// and its nested objects as mewebstudio does.
func (r *request) value(name string) string {
	switch name {
	case "MerchantNo":
		return r.MerchantNo
	case "TerminalNo":
		return r.TerminalNo
	case "Amount":
		if r.Amount != nil {
			return strconv.FormatInt(*r.Amount, 10)
		}
	case "CurrencyCode":
		return r.CurrencyCode
	case "OrderId":
		return r.OrderID
	case "ReferenceCode":
		return r.ReferenceCode
	}
	if c := r.CardInformationData; c != nil {
		switch name {
		case "CardNo":
			return c.CardNo
		case "ExpireDate":
			return c.ExpireDate
		case "Cvc2":
			return c.Cvc2
		}
	}
	if t := r.ThreeDSecureData; t != nil {
		switch name {
		case "SecureTransactionId":
			return t.SecureTransactionID
		case "CavvData":
			return t.CavvData
		case "Eci":
			return t.Eci
		case "MdStatus":
			return strconv.Itoa(t.MdStatus)
		case "MD":
			return t.MD
		}
	}
	return ""
}

// newRequest starts a request with the common fields (posnet.md §10).
func (p *Provider) newRequest(op, orderID, macParams string) *request {
	return &request{op: op, orderID: orderID, APIType: APIType, APIVersion: APIVersion,
		MerchantNo: p.cfg.MerchantNo, TerminalNo: p.cfg.TerminalNo, MACParams: macParams, IsEncrypted: "N"}
}

// encode signs r (MAC over its MACParams) and marshals it.
func (p *Provider) encode(r *request) ([]byte, error) {
	r.MAC = MACOf(p.cfg.EncKey, r.MACParams, r.value)
	return json.Marshal(r)
}

func ptr(n int64) *int64 { return &n }

// chargeRequest is a non-3D Sale or Auth.
func (p *Provider) chargeRequest(op string, req *vpos.SaleRequest) *request {
	card := req.Card.Normalize()
	holder := card.Holder
	if holder == "" {
		holder = req.CustomerName
	}
	r := p.newRequest(op, req.OrderID, macParamsCard)
	r.PaymentInstrumentType, r.IsMailOrder = "CARD", "N"
	if req.MOTO {
		r.IsMailOrder = "Y"
	}
	r.CardInformationData = &cardData{CardNo: card.Number, ExpireDate: expDate(card), Cvc2: card.CVV, CardHolderName: holder}
	r.Amount = ptr(int64(req.Amount))
	r.CurrencyCode = currencyCode(req.Currency)
	r.OrderID = orderID(req.OrderID)
	r.InstallmentCount, r.InstallmentType = installments(req.Installments)
	return r
}

// installments is InstallmentCount and InstallmentType: "0"/"N" for a
// single payment.
func installments(n int) (string, string) {
	if n <= 1 {
		return "0", "N"
	}
	return strconv.Itoa(n), "Y"
}

// expDate is YYMM.
func expDate(c vpos.Card) string { return fmt.Sprintf("%02d%02d", c.ExpYear%100, c.ExpMonth) }

// posnetCurrencies are the POSNET currency codes (posnet.md §10).
var posnetCurrencies = map[vpos.Currency]string{
	vpos.TRY: "TL", vpos.USD: "US", vpos.EUR: "EU", "GBP": "GB", "JPY": "JP", "RUB": "RU",
}

func currencyCode(c vpos.Currency) string { return posnetCurrencies[c] }

// currencyOf reads a POSNET code (TL), an ISO letter code (TRY) or an ISO
// numeric code (949, as the 3-D Secure callback sends it).
func currencyOf(code string) (vpos.Currency, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	for c, s := range posnetCurrencies {
		if s == code || string(c) == code {
			return c, true
		}
	}
	if n, err := strconv.Atoi(code); err == nil {
		if c, ok := vpos.CurrencyByNumeric(n); ok && currencyCode(c) != "" {
			return c, true
		}
	}
	return "", false
}

// orderID is the 20-character OrderId of a merchant order id.
func orderID(id string) string {
	if len(id) >= OrderIDLen {
		return id
	}
	return strings.Repeat("0", OrderIDLen-len(id)) + id
}

// unpad reads a merchant order id back from an OrderId: the ThreeDPrefix,
// then the zero padding, removed.
func unpad(id string) string {
	if len(id) == OrderIDLen+len(ThreeDPrefix) {
		id = strings.TrimPrefix(id, ThreeDPrefix)
	}
	return strings.TrimLeft(id, "0")
}

// checkOrderID refuses order ids POSNET V1 cannot carry: longer than 20
// characters, starting with '0' (the padding could not be told apart), or
// with characters other than letters, digits and '_'.
func checkOrderID(op vpos.Op, id string) error {
	msg := ""
	switch {
	case len(id) > OrderIDLen:
		msg = "posnetv1: the order id must be at most 20 characters"
	case strings.HasPrefix(id, "0"):
		msg = "posnetv1: the order id must not start with '0' (POSNET pads order ids with '0')"
	default:
		for i := 0; i < len(id); i++ {
			c := id[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
				msg = "posnetv1: the order id may hold letters, digits and '_' only"
				break
			}
		}
	}
	if msg == "" {
		return nil
	}
	return &vpos.Error{Code: vpos.InvalidRequest, Op: op, OrderID: id, Field: "OrderID", Msg: msg}
}

// errReply marks a reply that cannot be read.
var errReply = errors.New("posnetv1: unreadable reply")

// flex is a JSON value read as a string whether it is a string, a number
// or null.
type flex string

// UnmarshalJSON implements json.Unmarshaler.
func (f *flex) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*f = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flex(s)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		*f = flex(n.String())
	}
	return nil
}

// txn is one TransactionData row of a TransactionInquiry reply.
type txn struct {
	Amount            flex `json:"Amount"`
	AuthCode          flex `json:"AuthCode"`
	CardNo            flex `json:"CardNo"`
	CurrencyCode      flex `json:"CurrencyCode"`
	HostLogKey        flex `json:"HostLogKey"`
	OrderID           flex `json:"OrderId"`
	TransactionDate   flex `json:"TransactionDate"`
	TransactionStatus flex `json:"TransactionStatus"`
	TransactionType   flex `json:"TransactionType"`
}

// reply is a JSON reply (posnet.md §12).
type reply struct {
	ServiceResponseData *struct {
		ResponseCode        flex `json:"ResponseCode"`
		ResponseDescription flex `json:"ResponseDescription"`
	} `json:"ServiceResponseData"`
	AuthCode        flex  `json:"AuthCode"`
	ReferenceCode   flex  `json:"ReferenceCode"`
	TransactionData []txn `json:"TransactionData"`
}

func (r *reply) code() string {
	return strings.TrimSpace(string(r.ServiceResponseData.ResponseCode))
}

func (r *reply) text() string { return string(r.ServiceResponseData.ResponseDescription) }

// parseReply reads a reply; it needs ServiceResponseData with a
// ResponseCode.
func parseReply(body []byte) (*reply, error) {
	var r reply
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("%w: %v", errReply, err)
	}
	if r.ServiceResponseData == nil || r.code() == "" {
		return nil, fmt.Errorf("%w: no ServiceResponseData.ResponseCode", errReply)
	}
	return &r, nil
}

var contentType = []string{"application/json; charset=utf-8"}

// call encodes r, posts it to the API base + "/" + r.op and reads the
// reply. Transport errors are returned unchanged; a reply that cannot be
// read wraps vpos.ErrUnknownOutcome: for a money-moving op the bank may
// have booked it.
func (p *Provider) call(ctx context.Context, op vpos.Op, r *request) (*reply, error) {
	body, err := p.encode(r)
	if err != nil {
		return nil, fmt.Errorf("posnetv1: encoding the %s request: %w", r.op, err)
	}
	resp, err := p.tr.Do(ctx, &vpos.BankRequest{
		Op:      op,
		OrderID: r.orderID,
		Method:  http.MethodPost,
		URL:     p.cfg.Endpoint.API + "/" + r.op,
		Header:  http.Header{"Content-Type": contentType, "Accept": {"application/json"}},
		Body:    body,
		Format:  "json",
	})
	if err != nil {
		return nil, err
	}
	rep, err := parseReply(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("posnetv1: unusable %s reply (HTTP %d): %v: %w", r.op, resp.StatusCode, err, vpos.ErrUnknownOutcome)
	}
	return rep, nil
}
