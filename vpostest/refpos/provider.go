package refpos

// The adapter: what a bank package looks like. It is written from the
// protocol reference in doc.go, like the fake bank, and shares no encoding,
// decoding or signing code with it.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/threed"
)

// Protocol is the protocol name the provider declares in Features.
const Protocol = "refpos"

// MaxAmount is the largest amount the reference protocol accepts in one
// payment, in minor units.
const MaxAmount vpos.Amount = 99999999999

// Provider talks the reference protocol to one merchant's bank. It
// implements vpos.Provider, vpos.PreAuthorizer, vpos.Reporter and
// vpos.ThreeDSecurer; build it with New, or use Open for a ready Client.
// It is safe for concurrent use.
type Provider struct {
	cfg            Config
	endpoint       string
	tr             *vpos.Transport
	acceptAttempts bool
}

// Compile-time checks of the interfaces Features declares.
var (
	_ vpos.Provider      = (*Provider)(nil)
	_ vpos.PreAuthorizer = (*Provider)(nil)
	_ vpos.Reporter      = (*Provider)(nil)
	_ vpos.ThreeDSecurer = (*Provider)(nil)
)

// New validates cfg and returns a Provider whose Transport is built from
// opts (nil means defaults) and masks the password and store key wherever
// they could appear in recorded traffic. opts.Accept3DAttempts is sent
// with every 3d-model provision, so the bank applies the same policy as
// the Client.
func New(cfg Config, opts *vpos.Options) (*Provider, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	tr, err := vpos.NewTransport(opts, cfg.Password, cfg.StoreKey)
	if err != nil {
		return nil, err
	}
	p := &Provider{cfg: cfg, endpoint: cfg.endpoint(), tr: tr}
	if opts != nil {
		p.acceptAttempts = opts.Accept3DAttempts
	}
	return p, nil
}

// Open returns a Client over a new Provider: New followed by
// vpos.NewClient with the same opts.
func Open(cfg Config, opts *vpos.Options) (*vpos.Client, error) {
	p, err := New(cfg, opts)
	if err != nil {
		return nil, err
	}
	return vpos.NewClient(p, opts), nil
}

// Features declares everything: all four 3-D Secure models (3d first, the
// default), pre-authorisation with partial capture, partial and multiple
// refunds, up to 12 installments, six currencies, history, MOTO.
func (p *Provider) Features() vpos.Features {
	return vpos.Features{
		Protocol:        Protocol,
		ThreeD:          []threed.Model{threed.Model3D, threed.Model3DPay, threed.Model3DHost, threed.Model3DPayHosting},
		PreAuth:         true,
		PartialCapture:  true,
		PartialRefund:   true,
		MultipleRefunds: true,
		Installments:    true,
		MaxInstallments: 12,
		Currencies:      []vpos.Currency{vpos.TRY, vpos.USD, vpos.EUR, vpos.GBP, vpos.JPY, vpos.RUB},
		History:         true,
		OrderHistory:    true,
		MOTO:            true,
		MaxAmount:       MaxAmount,
	}
}

// apiRequest is the API request as the adapter writes it.
type apiRequest struct {
	Merchant       string `json:"merchant"`
	Password       string `json:"password"`
	Op             string `json:"op"`
	OrderID        string `json:"order_id,omitempty"`
	Amount         int64  `json:"amount,omitempty"`
	Currency       string `json:"currency,omitempty"`
	Installments   int    `json:"installments,omitempty"`
	PAN            string `json:"pan,omitempty"`
	Expiry         string `json:"expiry,omitempty"`
	CVV            string `json:"cvv,omitempty"`
	MOTO           bool   `json:"moto,omitempty"`
	From           string `json:"from,omitempty"`
	To             string `json:"to,omitempty"`
	MD             string `json:"md,omitempty"`
	AcceptAttempts bool   `json:"accept_attempts,omitempty"`
}

// apiReply is the API reply as the adapter reads it. Unknown fields are
// ignored, as a client of a real bank should.
type apiReply struct {
	Result       string   `json:"result"`
	Code         string   `json:"code"`
	Message      string   `json:"message"`
	OrderID      string   `json:"order_id"`
	TransID      string   `json:"trans_id"`
	AuthCode     string   `json:"auth_code"`
	RRN          string   `json:"rrn"`
	Status       string   `json:"status"`
	OrderCode    string   `json:"order_code"`
	Kind         string   `json:"kind"`
	Amount       int64    `json:"amount"`
	Captured     int64    `json:"captured"`
	Refunded     int64    `json:"refunded"`
	Currency     string   `json:"currency"`
	Installments int      `json:"installments"`
	MaskedPAN    string   `json:"masked_pan"`
	Time         string   `json:"time"`
	Rows         []apiRow `json:"rows"`
}

// apiRow is one history row as the adapter reads it.
type apiRow struct {
	Time         string `json:"time"`
	OrderID      string `json:"order_id"`
	Op           string `json:"op"`
	Result       string `json:"result"`
	Code         string `json:"code"`
	Amount       int64  `json:"amount"`
	Currency     string `json:"currency"`
	Installments int    `json:"installments"`
	TransID      string `json:"trans_id"`
	AuthCode     string `json:"auth_code"`
	RRN          string `json:"rrn"`
	MaskedPAN    string `json:"masked_pan"`
}

// definite reports whether the reply is a complete, consistent answer:
// a known result with a code, and "00" exactly when approved.
func (r *apiReply) definite() bool {
	switch r.Result {
	case "approved":
		return r.Code == "00"
	case "declined", "error":
		return r.Code != "" && r.Code != "00"
	}
	return false
}

// call sends one API request and reads the reply. Transport errors are
// returned unchanged; an unreadable or inconsistent reply wraps
// vpos.ErrUnknownOutcome (for a money-moving op the bank may have booked).
func (p *Provider) call(ctx context.Context, op vpos.Op, orderID string, req *apiRequest) (*apiReply, error) {
	req.Merchant, req.Password = p.cfg.MerchantID, p.cfg.Password
	body, err := json.Marshal(req)
	if err != nil {
		return nil, fmt.Errorf("refpos: encoding the %s request: %w", op, err)
	}
	resp, err := p.tr.Do(ctx, &vpos.BankRequest{
		Op:      op,
		OrderID: orderID,
		Method:  http.MethodPost,
		URL:     p.endpoint + "/api",
		Header:  http.Header{"Content-Type": {"application/json"}, "Accept": {"application/json"}},
		Body:    body,
		Format:  "json",
	})
	if err != nil {
		return nil, err
	}
	var rep apiReply
	if err := json.Unmarshal(resp.Body, &rep); err != nil || !rep.definite() {
		return nil, fmt.Errorf("refpos: unreadable %s reply (HTTP %d): %w", op, resp.StatusCode, vpos.ErrUnknownOutcome)
	}
	return &rep, nil
}

// normalise maps a reference-protocol code to a returncodes.Code. Over-
// capture and over-refund ("AMT") are InvalidAmount: the operation was
// possible, the amount was not.
func normalise(code string) returncodes.Code {
	switch code {
	case "DUP":
		return returncodes.DuplicateOrder
	case "NF":
		return returncodes.NotFound
	case "STATE":
		return returncodes.InvalidTransactionState
	case "AMT":
		return returncodes.InvalidAmount
	case "AUTH":
		return returncodes.AuthError
	case "REQ":
		return returncodes.InvalidRequest
	case "3DS":
		return returncodes.ThreeDSFailed
	case "SYS":
		return returncodes.SystemError
	}
	rc, _ := returncodes.ISOCode(code)
	return rc
}

// bankTime parses a reply time; the transport's clock when absent.
func (p *Provider) bankTime(s string) time.Time {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t
	}
	return p.tr.Now()
}

// result turns a definite reply into a Result.
func (p *Provider) result(op vpos.Op, orderID string, rep *apiReply) *vpos.Result {
	res := &vpos.Result{
		Op:             op,
		OrderID:        orderID,
		Approved:       rep.Result == "approved" && rep.Code == "00",
		Status:         vpos.StatusDeclined,
		TransactionID:  rep.TransID,
		AuthCode:       rep.AuthCode,
		RRN:            rep.RRN,
		Amount:         vpos.Amount(rep.Amount),
		Currency:       vpos.Currency(rep.Currency),
		Installments:   rep.Installments,
		CapturedAmount: vpos.Amount(rep.Captured),
		RefundedAmount: vpos.Amount(rep.Refunded),
		Return:         normalise(rep.Code),
		BankCode:       rep.Code,
		BankMessage:    rep.Message,
		MaskedPAN:      rep.MaskedPAN,
		Time:           p.bankTime(rep.Time),
	}
	if res.Approved {
		res.Status = vpos.StatusApproved
	}
	if rep.Kind != "" || rep.Status != "" {
		res.Extra = map[string]string{}
		if rep.Kind != "" {
			res.Extra["kind"] = rep.Kind
		}
		if rep.Status != "" {
			res.Extra["order_status"] = rep.Status
		}
	}
	return res
}

// fill sets what the reply left out from what was asked.
func fill(res *vpos.Result, amount vpos.Amount, cur vpos.Currency, installments int) {
	if res.Amount == 0 {
		res.Amount = amount
	}
	if res.Currency == "" {
		res.Currency = cur
	}
	if res.Installments == 0 {
		res.Installments = installments
	}
}

// Sale charges a card.
func (p *Provider) Sale(ctx context.Context, req *vpos.SaleRequest) (*vpos.Result, error) {
	return p.charge(ctx, vpos.OpSale, "sale", req)
}

// PreAuth reserves an amount on a card; Capture takes it.
func (p *Provider) PreAuth(ctx context.Context, req *vpos.SaleRequest) (*vpos.Result, error) {
	return p.charge(ctx, vpos.OpPreAuth, "preauth", req)
}

func (p *Provider) charge(ctx context.Context, op vpos.Op, wireOp string, req *vpos.SaleRequest) (*vpos.Result, error) {
	card := req.Card.Normalize()
	rep, err := p.call(ctx, op, req.OrderID, &apiRequest{
		Op:           wireOp,
		OrderID:      req.OrderID,
		Amount:       int64(req.Amount),
		Currency:     string(req.Currency),
		Installments: req.Installments,
		PAN:          card.Number,
		Expiry:       card.ExpiryMMYY(),
		CVV:          card.CVV,
		MOTO:         req.MOTO,
	})
	if err != nil {
		return nil, err
	}
	res := p.result(op, req.OrderID, rep)
	fill(res, req.Amount, req.Currency, req.Installments)
	if res.MaskedPAN == "" {
		res.MaskedPAN = card.Masked()
	}
	return res, nil
}

// Capture takes a pre-authorisation, fully (Amount 0) or partly.
func (p *Provider) Capture(ctx context.Context, req *vpos.CaptureRequest) (*vpos.Result, error) {
	rep, err := p.call(ctx, vpos.OpCapture, req.OrderID, &apiRequest{
		Op: "capture", OrderID: req.OrderID, Amount: int64(req.Amount), Currency: string(req.Currency),
	})
	if err != nil {
		return nil, err
	}
	res := p.result(vpos.OpCapture, req.OrderID, rep)
	fill(res, req.Amount, req.Currency, 0)
	return res, nil
}

// Void cancels an order on the day of its authorisation. The bank voids the
// whole order; Amount and Currency of the request are not sent.
func (p *Provider) Void(ctx context.Context, req *vpos.VoidRequest) (*vpos.Result, error) {
	rep, err := p.call(ctx, vpos.OpVoid, req.OrderID, &apiRequest{Op: "void", OrderID: req.OrderID})
	if err != nil {
		return nil, err
	}
	res := p.result(vpos.OpVoid, req.OrderID, rep)
	fill(res, req.Amount, req.Currency, 0)
	return res, nil
}

// Refund returns money of a sale or captured pre-authorisation, fully
// (Amount 0: what is left) or partly.
func (p *Provider) Refund(ctx context.Context, req *vpos.RefundRequest) (*vpos.Result, error) {
	rep, err := p.call(ctx, vpos.OpRefund, req.OrderID, &apiRequest{
		Op: "refund", OrderID: req.OrderID, Amount: int64(req.Amount), Currency: string(req.Currency),
	})
	if err != nil {
		return nil, err
	}
	res := p.result(vpos.OpRefund, req.OrderID, rep)
	fill(res, req.Amount, req.Currency, 0)
	return res, nil
}

// orderStatuses are the order states a status reply may report.
var orderStatuses = map[string]vpos.TxStatus{
	"approved":           vpos.StatusApproved,
	"declined":           vpos.StatusDeclined,
	"voided":             vpos.StatusVoided,
	"refunded":           vpos.StatusRefunded,
	"partially_refunded": vpos.StatusPartiallyRefunded,
}

// Status asks the bank about an order. For an order the bank knows, Status
// is its state, Amount/CapturedAmount/RefundedAmount its sums, the
// references those of its authorisation, and Approved, Return and BankCode
// describe the authorisation (a declined order reports its decline code).
// For an order it does not know, Return is returncodes.NotFound and Status
// is empty.
func (p *Provider) Status(ctx context.Context, req *vpos.StatusRequest) (*vpos.Result, error) {
	rep, err := p.call(ctx, vpos.OpStatus, req.OrderID, &apiRequest{Op: "status", OrderID: req.OrderID})
	if err != nil {
		return nil, err
	}
	res := p.result(vpos.OpStatus, req.OrderID, rep)
	if !res.Approved {
		res.Status = "" // the query failed: no order state to report
		return res, nil
	}
	st, ok := orderStatuses[rep.Status]
	if !ok {
		return nil, fmt.Errorf("refpos: status reply has no known order status: %w", vpos.ErrUnknownOutcome)
	}
	res.Status = st
	if st == vpos.StatusDeclined {
		res.Approved = false
		res.Return, res.BankCode = normalise(rep.OrderCode), rep.OrderCode
	}
	return res, nil
}

// History returns the bank's journal entries of [From, To), or of one
// order when OrderID is set (the whole life of the order when From and To
// are zero). The protocol does not page: page 0 and 1 hold everything,
// later pages are empty.
func (p *Provider) History(ctx context.Context, req *vpos.HistoryRequest) ([]vpos.BankTransaction, error) {
	if req.Page > 1 {
		return nil, nil
	}
	ar := &apiRequest{Op: "history", OrderID: req.OrderID}
	if !req.From.IsZero() {
		ar.From = req.From.Format(time.RFC3339Nano)
	}
	if !req.To.IsZero() {
		ar.To = req.To.Format(time.RFC3339Nano)
	}
	rep, err := p.call(ctx, vpos.OpHistory, req.OrderID, ar)
	if err != nil {
		return nil, err
	}
	if rep.Result != "approved" {
		rc := normalise(rep.Code)
		return nil, &vpos.Error{Code: vpos.ErrorCodeFor(rc), Op: vpos.OpHistory, OrderID: req.OrderID,
			Return: rc, BankCode: rep.Code, BankMessage: rep.Message}
	}
	rows := make([]vpos.BankTransaction, 0, len(rep.Rows))
	for _, r := range rep.Rows {
		t, err := time.Parse(time.RFC3339, r.Time)
		if err != nil {
			return nil, fmt.Errorf("refpos: history row has an unreadable time: %w", vpos.ErrUnknownOutcome)
		}
		bt := vpos.BankTransaction{
			OrderID:       r.OrderID,
			TransactionID: r.TransID,
			Op:            rowOp(r.Op),
			Status:        vpos.StatusDeclined,
			Amount:        vpos.Amount(r.Amount),
			Currency:      vpos.Currency(r.Currency),
			Installments:  r.Installments,
			AuthCode:      r.AuthCode,
			RRN:           r.RRN,
			MaskedPAN:     r.MaskedPAN,
			BankCode:      r.Code,
			Return:        normalise(r.Code),
			Time:          t,
		}
		if r.Result == "approved" {
			bt.Status = vpos.StatusApproved
		}
		rows = append(rows, bt)
	}
	return rows, nil
}

// rowOp maps the protocol's operation names to vpos.Op.
func rowOp(op string) vpos.Op {
	switch op {
	case "sale":
		return vpos.OpSale
	case "preauth":
		return vpos.OpPreAuth
	case "capture":
		return vpos.OpCapture
	case "void":
		return vpos.OpVoid
	case "refund":
		return vpos.OpRefund
	}
	return vpos.Op(op)
}
