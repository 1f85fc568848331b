package payflex

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
)

// formContentType is the content type of every PayFlex request
// (payflex.md §4.1, §4.4).
var formContentType = []string{"application/x-www-form-urlencoded; charset=utf-8"}

// post sends body to u and returns the reply body. Transport errors are
// returned unchanged.
func (p *Provider) post(ctx context.Context, op vpos.Op, orderID, u string, body []byte) (*vpos.BankResponse, error) {
	return p.tr.Do(ctx, &vpos.BankRequest{
		Op:      op,
		OrderID: orderID,
		Method:  http.MethodPost,
		URL:     u,
		Header:  http.Header{"Content-Type": formContentType},
		Body:    body,
		Format:  "form",
	})
}

// call encodes r, sends it to the VPOS service and reads the VposResponse.
// Transport errors are returned unchanged; a reply that cannot be read, or
// that answers for another order, wraps vpos.ErrUnknownOutcome: for a
// money-moving op the bank may have booked it.
func (p *Provider) call(ctx context.Context, op vpos.Op, r *request) (*reply, error) {
	body, err := p.cfg.encode(r)
	if err != nil {
		return nil, fmt.Errorf("payflex: encoding the %s request: %w", r.Type, err)
	}
	resp, err := p.post(ctx, op, r.OrderID, p.cfg.Endpoint.VPOS, body)
	if err != nil {
		return nil, err
	}
	rep, err := parseReply(resp.Body)
	if err == nil && rep.OrderID != "" && r.OrderID != "" && rep.OrderID != r.OrderID &&
		(r.Type == typeSale || r.Type == typeAuth) {
		err = fmt.Errorf("%w: the reply is for another order", errReply)
	}
	if err != nil {
		return nil, fmt.Errorf("payflex: unusable %s reply (HTTP %d): %v: %w", r.Type, resp.StatusCode, err, vpos.ErrUnknownOutcome)
	}
	return rep, nil
}

// hostDate reads HostDate: yyyyMMddHHmmss (VakıfBank) or MMddHHmmss
// (Ziraat, the year taken from now), in Europe/Istanbul.
func hostDate(s string, now time.Time) (time.Time, bool) {
	loc := vpos.Istanbul()
	switch len(s) {
	case 14:
		t, err := time.ParseInLocation("20060102150405", s, loc)
		return t, err == nil
	case 10:
		t, err := time.ParseInLocation("0102150405", s, loc)
		if err != nil {
			return time.Time{}, false
		}
		y := now.In(loc).Year()
		t = t.AddDate(y, 0, 0)
		if t.After(now.Add(24 * time.Hour)) {
			t = t.AddDate(-1, 0, 0) // late December reply read in January
		}
		return t, true
	}
	return time.Time{}, false
}

// result turns a definite VposResponse into a Result: approved exactly
// when ResultCode is "0000". TransactionId is the bank transaction id (the
// ReferenceTransactionId of later captures, cancels and refunds).
func (p *Provider) result(op vpos.Op, orderID string, rep *reply) *vpos.Result {
	rc, _ := normalise(rep.ResultCode)
	res := &vpos.Result{
		Op:            op,
		OrderID:       orderID,
		Approved:      rep.ResultCode == approvedCode,
		Status:        vpos.StatusDeclined,
		TransactionID: rep.TransactionID,
		AuthCode:      rep.AuthCode,
		RRN:           rep.Rrn,
		Return:        rc,
		BankCode:      rep.ResultCode,
		BankMessage:   rep.ResultDetail,
		Time:          p.tr.Now(),
	}
	if res.Approved {
		res.Status = vpos.StatusApproved
	} else if strings.Trim(res.AuthCode, "0") == "" {
		res.AuthCode = ""
	}
	if t, ok := hostDate(rep.HostDate, res.Time); ok {
		res.Time = t
	}
	res.Extra = extra(map[string]string{
		"reference_transaction_id": rep.ReferenceTransactionID,
		"batch_no":                 rep.BatchNo,
		"three_d_secure_type":      rep.ThreeDSecureType,
		"eci":                      rep.ECI,
		"terminal_no":              rep.TerminalNo,
	})
	return res
}

// echoAmount sets res.Amount and Currency from the reply's CurrencyAmount
// and CurrencyCode when both are present and readable.
func echoAmount(res *vpos.Result, rep *reply) {
	n, err := strconv.Atoi(rep.CurrencyCode)
	if err != nil {
		return
	}
	cur, ok := vpos.CurrencyByNumeric(n)
	if !ok {
		return
	}
	if a, ok := parseAmount(rep.CurrencyAmount, cur); ok && a > 0 {
		res.Amount, res.Currency = a, cur
	}
}

// extra drops the empty values; nil when none is left.
func extra(m map[string]string) map[string]string {
	for k, v := range m {
		if v == "" {
			delete(m, k)
		}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

// Sale charges a card (TransactionType Sale).
func (p *Provider) Sale(ctx context.Context, req *vpos.SaleRequest) (*vpos.Result, error) {
	return p.charge(ctx, vpos.OpSale, typeSale, req)
}

// PreAuth reserves an amount on a card (TransactionType Auth); Capture
// takes it.
func (p *Provider) PreAuth(ctx context.Context, req *vpos.SaleRequest) (*vpos.Result, error) {
	return p.charge(ctx, vpos.OpPreAuth, typeAuth, req)
}

func (p *Provider) charge(ctx context.Context, op vpos.Op, typ string, req *vpos.SaleRequest) (*vpos.Result, error) {
	rep, err := p.call(ctx, op, p.cfg.chargeRequest(typ, req))
	if err != nil {
		return nil, err
	}
	res := p.result(op, req.OrderID, rep)
	res.Amount, res.Currency, res.Installments = req.Amount, req.Currency, req.Installments
	res.MaskedPAN = req.Card.Masked()
	return res, nil
}

// Capture closes a pre-authorisation (TransactionType Capture), fully or
// partly: Amount is what is taken. The pre-authorisation is named by its
// TransactionId, BankTransactionID; when that is empty it is looked up
// with a search by order id.
func (p *Provider) Capture(ctx context.Context, req *vpos.CaptureRequest) (*vpos.Result, error) {
	ref, res, err := p.reference(ctx, vpos.OpCapture, req.OrderID, req.BankTransactionID)
	if res != nil || err != nil {
		return res, err
	}
	rep, err := p.call(ctx, vpos.OpCapture, p.cfg.captureRequest(req.OrderID, ref, req.Amount, req.Currency))
	if err != nil {
		return nil, err
	}
	res = p.result(vpos.OpCapture, req.OrderID, rep)
	res.Amount, res.Currency = req.Amount, req.Currency
	return res, nil
}

// Void cancels a same-day transaction (TransactionType Cancel; the bank
// answers 2202 once the batch is closed: refund then). The original is
// named by its TransactionId, BankTransactionID; when that is empty it is
// looked up with a search by order id.
func (p *Provider) Void(ctx context.Context, req *vpos.VoidRequest) (*vpos.Result, error) {
	ref, res, err := p.reference(ctx, vpos.OpVoid, req.OrderID, req.BankTransactionID)
	if res != nil || err != nil {
		return res, err
	}
	rep, err := p.call(ctx, vpos.OpVoid, p.cfg.cancelRequest(req.OrderID, ref))
	if err != nil {
		return nil, err
	}
	res = p.result(vpos.OpVoid, req.OrderID, rep)
	res.Amount, res.Currency = req.Amount, req.Currency
	return res, nil
}

// Refund returns money of a sale or capture (TransactionType Refund),
// fully or partly; several partial refunds may follow each other. The
// original is named by its TransactionId, BankTransactionID; when that is
// empty it is looked up with a search by order id.
func (p *Provider) Refund(ctx context.Context, req *vpos.RefundRequest) (*vpos.Result, error) {
	ref, res, err := p.reference(ctx, vpos.OpRefund, req.OrderID, req.BankTransactionID)
	if res != nil || err != nil {
		return res, err
	}
	rep, err := p.call(ctx, vpos.OpRefund, p.cfg.refundRequest(req.OrderID, ref, req.RequestID, req.Amount, req.Currency))
	if err != nil {
		return nil, err
	}
	res = p.result(vpos.OpRefund, req.OrderID, rep)
	res.Amount, res.Currency = req.Amount, req.Currency
	return res, nil
}

// reference returns the ReferenceTransactionId for a capture, cancel or
// refund: known, or the TransactionId of the order's sale or
// pre-authorisation found by a search. When the bank knows no such
// transaction it returns a definite Result for op instead (Return
// NotFound, or the search's refusal); search failures are errors.
func (p *Provider) reference(ctx context.Context, op vpos.Op, orderID, known string) (string, *vpos.Result, error) {
	if known != "" {
		return known, nil, nil
	}
	s, err := p.search(ctx, orderID)
	if err != nil {
		return "", nil, err
	}
	if it := s.original(orderID); s.ResponseCode == approvedCode && it != nil && it.TransactionID != "" {
		return it.TransactionID, nil, nil
	}
	res := p.searchRefusal(op, orderID, s)
	return "", res, nil
}

// search posts a SearchRequest by order id to the search service.
func (p *Provider) search(ctx context.Context, orderID string) (*search, error) {
	return p.searchBy(ctx, orderID, "")
}

// searchBy posts a SearchRequest by order id and transaction id (which
// wins at the bank, payflex.md §6).
func (p *Provider) searchBy(ctx context.Context, orderID, txID string) (*search, error) {
	r := p.cfg.searchRequest(orderID, txID)
	body, err := p.cfg.encode(r)
	if err != nil {
		return nil, fmt.Errorf("payflex: encoding the search request: %w", err)
	}
	resp, err := p.post(ctx, vpos.OpStatus, orderID, p.cfg.Endpoint.search(), body)
	if err != nil {
		return nil, err
	}
	s, err := parseSearch(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("payflex: unusable search reply (HTTP %d): %v: %w", resp.StatusCode, err, vpos.ErrUnknownOutcome)
	}
	return s, nil
}

// original returns the order's sale or pre-authorisation among the search
// results: an approved one when there is one, else the last (payflex.md
// §6), or nil.
func (s *search) original(orderID string) *searchItem {
	var last *searchItem
	for i := range s.Items {
		it := &s.Items[i]
		if it.OrderID != "" && it.OrderID != orderID {
			continue
		}
		switch it.TransactionType {
		case typeSale, typeAuth, "":
		default:
			continue
		}
		if it.ResultCode == approvedCode {
			return it
		}
		last = it
	}
	return last
}

// searchRefusal is the Result of a search that found nothing usable:
// NotFound when the bank answered 0000 without a matching record (or with
// a not-found code), the mapped refusal otherwise. Its Status is empty:
// it says nothing about the order's state.
func (p *Provider) searchRefusal(op vpos.Op, orderID string, s *search) *vpos.Result {
	rc, _ := normalise(s.ResponseCode)
	if s.ResponseCode == approvedCode || rc == returncodes.InvalidRequest && notFoundText(s.ResponseMessage) {
		rc = returncodes.NotFound
	}
	msg := s.ResponseMessage
	if s.ResponseCode == approvedCode {
		msg = "payflex: the bank reports no transaction for the order"
	}
	return &vpos.Result{Op: op, OrderID: orderID, Return: rc,
		BankCode: s.ResponseCode, BankMessage: msg, Time: p.tr.Now()}
}

// notFoundText reports whether a search message says nothing was found.
func notFoundText(msg string) bool {
	m := strings.ToLower(msg)
	return strings.Contains(m, "bulunamad") || strings.Contains(m, "not found") || strings.Contains(m, "no record")
}

// Status searches the order (payflex.md §6) and reports the state of its
// sale or pre-authorisation: declined when its ResultCode is not 0000,
// voided when IsCanceled or IsReversed, refunded or partially refunded
// when IsRefunded (RefundedAmount is the sum of the approved Refund
// records the search lists; when it lists none, 0: the bank does not say
// how much, see vpos.Result.RefundedAmount), and approved otherwise. CapturedAmount is the sum of the approved Capture
// records. An order the bank does not know is Return NotFound.
func (p *Provider) Status(ctx context.Context, req *vpos.StatusRequest) (*vpos.Result, error) {
	if req.RequestID != "" {
		return p.refundStatus(ctx, req)
	}
	s, err := p.search(ctx, req.OrderID)
	if err != nil {
		return nil, err
	}
	it := s.original(req.OrderID)
	if s.ResponseCode != approvedCode || it == nil {
		// A refusal of the query or an unknown order: no state (Status
		// ""), so that it is never read as a declined payment.
		return p.searchRefusal(vpos.OpStatus, req.OrderID, s), nil
	}
	cur := currencyOf(it, req.Currency)
	res := &vpos.Result{
		Op: vpos.OpStatus, OrderID: req.OrderID, TransactionID: it.TransactionID, AuthCode: it.AuthCode, RRN: it.Rrn,
		Currency: cur, BankCode: it.ResultCode, BankMessage: it.ResponseMessage, Time: p.tr.Now(),
	}
	if t, ok := hostDate(it.HostDate, res.Time); ok {
		res.Time = t
	}
	res.Amount, _ = parseAmount(it.CurrencyAmount, cur)
	var refunded, captured vpos.Amount
	for _, x := range s.Items {
		if x.ResultCode != approvedCode || (x.OrderID != "" && x.OrderID != req.OrderID) {
			continue
		}
		a, _ := parseAmount(x.CurrencyAmount, cur)
		switch x.TransactionType {
		case typeRefund:
			refunded += a
		case typeCapture:
			captured += a
		}
	}
	res.CapturedAmount = captured
	rc, _ := normalise(it.ResultCode)
	res.Return = rc
	switch {
	case it.ResultCode != approvedCode:
		res.Status = vpos.StatusDeclined
	case it.IsCanceled || it.IsReversed:
		res.Approved, res.Status = true, vpos.StatusVoided
	case it.IsRefunded || refunded > 0:
		// IsRefunded is set by partial and full refunds alike: without
		// refund records the amount is unknown (RefundedAmount 0), and
		// the Client sums the refunds it sent (Features.RefundLookup).
		res.Approved, res.Status = true, vpos.StatusRefunded
		if refunded > 0 && refunded < res.Amount {
			res.Status = vpos.StatusPartiallyRefunded
		}
		res.RefundedAmount = refunded
	default:
		res.Approved, res.Status = true, vpos.StatusApproved
	}
	res.Extra = extra(map[string]string{"transaction_type": it.TransactionType})
	return res, nil
}

// currencyOf reads a search record's currency (AmountCode, else
// CurrencyCode), falling back to want, then TRY.
func currencyOf(it *searchItem, want vpos.Currency) vpos.Currency {
	for _, c := range []string{it.AmountCode, it.CurrencyCode} {
		if n, err := strconv.Atoi(c); err == nil {
			if cur, ok := vpos.CurrencyByNumeric(n); ok {
				return cur
			}
		}
	}
	if want != "" {
		return want
	}
	return vpos.TRY
}

// refundStatus answers a StatusRequest about one refund: the search by the
// TransactionId the refund was sent with (req.RequestID; payflex.md §6, by
// TransactionId the after-sales record itself, §10.5). Approved when the
// bank holds an approved Refund of the order under the id, declined when it
// holds a refused one, Return NotFound when it holds nothing (the refund
// never arrived, or the bank refused it without creating a transaction,
// §10.2). A record of another type or order says nothing (Status empty).
func (p *Provider) refundStatus(ctx context.Context, req *vpos.StatusRequest) (*vpos.Result, error) {
	s, err := p.searchBy(ctx, req.OrderID, req.RequestID)
	if err != nil {
		return nil, err
	}
	var it *searchItem
	for i := range s.Items {
		if strings.EqualFold(s.Items[i].TransactionID, req.RequestID) {
			it = &s.Items[i]
		}
	}
	if s.ResponseCode != approvedCode || it == nil {
		return p.searchRefusal(vpos.OpStatus, req.OrderID, s), nil
	}
	res := &vpos.Result{
		Op: vpos.OpStatus, OrderID: req.OrderID, TransactionID: it.TransactionID, AuthCode: it.AuthCode, RRN: it.Rrn,
		BankCode: it.ResultCode, BankMessage: it.ResponseMessage, Time: p.tr.Now(),
		Extra: extra(map[string]string{"transaction_type": it.TransactionType}),
	}
	if t, ok := hostDate(it.HostDate, res.Time); ok {
		res.Time = t
	}
	if !strings.EqualFold(it.TransactionType, typeRefund) || (it.OrderID != "" && it.OrderID != req.OrderID) {
		res.BankMessage = "payflex: the transaction under the refund's id is a " + it.TransactionType + " of order " + it.OrderID
		return res, nil
	}
	res.Currency = currencyOf(it, req.Currency)
	res.Amount, _ = parseAmount(it.CurrencyAmount, res.Currency)
	res.Return, _ = normalise(it.ResultCode)
	res.Status = vpos.StatusDeclined
	if it.ResultCode == approvedCode {
		res.Approved, res.Status = true, vpos.StatusApproved
	}
	return res, nil
}
