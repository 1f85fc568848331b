package nestpay

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
)

// The order queries (nestpay.md §4, §5, §13.3, §13.4): ORDERSTATUS tells
// the state of one transaction of an order (the latest successful one: the
// refund after a refund, the voided sale after a void), ORDERHISTORY lists
// every transaction of the order, newest first. Amounts in both are minor
// units. NestPay has no date-range query.

// dttmLayout is the layout of AUTH_DTTM, CAPTURE_DTTM and VOID_DTTM
// ("2024-01-03 21:37:57.259"; the fraction is optional when parsing).
const dttmLayout = "2006-01-02 15:04:05"

// The CHARGE_TYPE_CD values: S sale, pre-auth or post-auth; C credit.
const (
	chargeSale   = "S"
	chargeCredit = "C"
)

// txRecord is one transaction as ORDERSTATUS or ORDERHISTORY describe it.
type txRecord struct {
	chargeType string // CHARGE_TYPE_CD
	transStat  string // TRANS_STAT
	orig       vpos.Amount
	capture    vpos.Amount
	hasCapture bool // CAPTURE_AMT was not empty
	authTime   string
	capTime    string
	voidTime   string
	hostRef    string
	authCode   string
	procRetCd  string
	transID    string
	pan        string
}

// txStatus maps TRANS_STAT (nestpay.md §5, returncodes.md §3.1): A
// authorised, C closed (captured), S settled are approved; V void and CNCL
// cancelled are voided; D failed and ERR errored are declined; PN pending
// and R (technical reversal required) are unknown, for an operator or a
// later inquiry.
func txStatus(stat string) vpos.TxStatus {
	switch strings.ToUpper(stat) {
	case "A", "C", "S":
		return vpos.StatusApproved
	case "V", "CNCL":
		return vpos.StatusVoided
	case "D", "ERR":
		return vpos.StatusDeclined
	}
	return vpos.StatusUnknown
}

// approvedAuth reports whether the record's authorisation was approved.
func (t *txRecord) approvedAuth() bool {
	if t.procRetCd != "" {
		return t.procRetCd == "00"
	}
	st := txStatus(t.transStat)
	return st == vpos.StatusApproved || st == vpos.StatusVoided
}

// amount is the record's amount: ORIG_TRANS_AMT, else CAPTURE_AMT.
func (t *txRecord) amount() vpos.Amount {
	if t.orig != 0 {
		return t.orig
	}
	return t.capture
}

// captured is what the record took: CAPTURE_AMT when given, else the
// amount of a closed or settled record.
func (t *txRecord) captured() vpos.Amount {
	if t.hasCapture {
		return t.capture
	}
	switch strings.ToUpper(t.transStat) {
	case "C", "S":
		return t.orig
	}
	return 0
}

// parseMinor parses an amount in minor units ("" is 0).
func parseMinor(name, s string) (vpos.Amount, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%w: %s is not an amount in minor units", errMalformed, name)
	}
	return vpos.Amount(n), nil
}

// statusRecord reads the transaction of an ORDERSTATUS reply from its
// Extra elements, or from the tab-separated ORDERSTATUS summary for those
// it lacks.
func statusRecord(r *reply) (*txRecord, error) {
	summary := map[string]string{}
	for part := range strings.SplitSeq(r.Extra("ORDERSTATUS"), "\t") {
		if k, v, ok := strings.Cut(part, ":"); ok {
			summary[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	get := func(k string) string {
		for _, f := range r.extra {
			if f.name == k {
				return f.value
			}
		}
		return summary[k]
	}
	t := &txRecord{
		chargeType: get("CHARGE_TYPE_CD"),
		transStat:  get("TRANS_STAT"),
		authTime:   get("AUTH_DTTM"),
		capTime:    get("CAPTURE_DTTM"),
		voidTime:   get("VOID_DTTM"),
		hostRef:    get("HOST_REF_NUM"),
		authCode:   get("AUTH_CODE"),
		procRetCd:  get("PROC_RET_CD"),
		transID:    firstOf(get("TRANS_ID"), r.TransID),
		pan:        get("PAN"),
	}
	if t.transStat == "" {
		return nil, fmt.Errorf("%w: the status reply has no TRANS_STAT", errMalformed)
	}
	var err error
	if t.orig, err = parseMinor("ORIG_TRANS_AMT", get("ORIG_TRANS_AMT")); err != nil {
		return nil, err
	}
	capAmt := get("CAPTURE_AMT")
	if t.capture, err = parseMinor("CAPTURE_AMT", capAmt); err != nil {
		return nil, err
	}
	t.hasCapture = capAmt != ""
	return t, nil
}

// historyRecords reads the TRX1..TRXn records of an ORDERHISTORY reply,
// newest first as the bank lists them.
func historyRecords(r *reply) ([]*txRecord, error) {
	n := -1
	if s := r.Extra("TRXCOUNT"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 0 || n > 10000 {
			return nil, fmt.Errorf("%w: TRXCOUNT is not a count", errMalformed)
		}
	}
	var out []*txRecord
	for i := 1; n < 0 || i <= n; i++ {
		line := r.Extra("TRX" + strconv.Itoa(i))
		if line == "" {
			if n < 0 {
				break
			}
			return nil, fmt.Errorf("%w: TRX%d is missing", errMalformed, i)
		}
		t, err := historyRecord(line)
		if err != nil {
			return nil, fmt.Errorf("TRX%d: %w", i, err)
		}
		out = append(out, t)
	}
	return out, nil
}

// historyRecord reads one tab-separated TRXi record: CHARGE_TYPE_CD,
// TRANS_STAT, ORIG_TRANS_AMT, CAPTURE_AMT, AUTH_DTTM, CAPTURE_DTTM,
// VOID_DTTM, HOST_REF_NUM, AUTH_CODE, PROC_RET_CD, TRANS_ID.
func historyRecord(line string) (*txRecord, error) {
	f := strings.Split(line, "\t")
	if len(f) < 3 {
		return nil, fmt.Errorf("%w: a history record has %d fields, want 11", errMalformed, len(f))
	}
	at := func(i int) string {
		if i < len(f) {
			return strings.TrimSpace(f[i])
		}
		return ""
	}
	t := &txRecord{
		chargeType: at(0), transStat: at(1),
		authTime: at(4), capTime: at(5), voidTime: at(6),
		hostRef: at(7), authCode: at(8), procRetCd: at(9), transID: at(10),
	}
	var err error
	if t.orig, err = parseMinor("ORIG_TRANS_AMT", at(2)); err != nil {
		return nil, err
	}
	if t.capture, err = parseMinor("CAPTURE_AMT", at(3)); err != nil {
		return nil, err
	}
	t.hasCapture = at(3) != ""
	return t, nil
}

// Status asks the bank about an order (ORDERSTATUS). For an order the bank
// knows, Status is its state, Amount what was authorised, CapturedAmount
// what was taken (0 for an open pre-authorisation), RefundedAmount the sum
// of its refunds, the references those of its authorisation, and
// Approved, Return and BankCode describe the authorisation (a declined
// order reports its decline code). When the bank reports the latest
// transaction to be a refund, Status also reads the order's history
// (ORDERHISTORY) to find the sale and add up the refunds. For an order the
// bank does not know, Return is returncodes.NotFound and Status is empty;
// a query the bank refuses (bad credentials, ...) has an empty Status and
// the refusal's Return.
func (p *Provider) Status(ctx context.Context, req *vpos.StatusRequest) (*vpos.Result, error) {
	body, err := buildQuery(&p.cfg, req.OrderID, "ORDERSTATUS")
	if err != nil {
		return nil, err
	}
	rep, err := p.call(ctx, vpos.OpStatus, req.OrderID, body)
	if err != nil {
		return nil, err
	}
	if !rep.approved() {
		bank, rc := rep.codes()
		return &vpos.Result{Op: vpos.OpStatus, OrderID: req.OrderID, Return: rc, BankCode: bank,
			BankMessage: rep.message(), Time: p.tr.Now()}, nil
	}
	rec, err := statusRecord(rep)
	if err != nil {
		return nil, fmt.Errorf("nestpay: unusable status reply: %v: %w", err, vpos.ErrUnknownOutcome)
	}
	if !strings.EqualFold(rec.chargeType, chargeCredit) {
		return p.statusResult(req, rec, 0), nil
	}
	// The latest transaction is a refund: the sale and the sum of the
	// refunds are in the history.
	recs, err := p.history(ctx, vpos.OpStatus, req.OrderID)
	if err != nil {
		return nil, err
	}
	var sale *txRecord
	var refunded vpos.Amount
	for _, t := range recs {
		switch {
		case strings.EqualFold(t.chargeType, chargeSale):
			if sale == nil {
				sale = t
			}
		case strings.EqualFold(t.chargeType, chargeCredit):
			if t.approvedAuth() && txStatus(t.transStat) == vpos.StatusApproved {
				refunded += t.amount()
			}
		}
	}
	if sale == nil {
		return nil, fmt.Errorf("nestpay: the history of a refunded order holds no sale: %w", vpos.ErrUnknownOutcome)
	}
	if sale.pan == "" {
		sale.pan = rec.pan
	}
	return p.statusResult(req, sale, refunded), nil
}

// statusResult describes an order from its sale (or pre-authorisation)
// record and the sum of its refunds.
func (p *Provider) statusResult(req *vpos.StatusRequest, t *txRecord, refunded vpos.Amount) *vpos.Result {
	res := &vpos.Result{
		Op:             vpos.OpStatus,
		OrderID:        req.OrderID,
		Approved:       t.approvedAuth(),
		Status:         txStatus(t.transStat),
		TransactionID:  t.transID,
		AuthCode:       t.authCode,
		RRN:            t.hostRef,
		Amount:         t.amount(),
		Currency:       req.Currency,
		CapturedAmount: t.captured(),
		RefundedAmount: refunded,
		BankCode:       t.procRetCd,
		MaskedPAN:      t.pan,
		Time:           p.bankTime(dttmLayout, t.authTime),
		Extra:          map[string]string{"trans_stat": t.transStat, "charge_type": t.chargeType},
	}
	if res.Approved {
		res.Return = returncodes.Approved
	} else {
		res.Return = returncodes.DoNotHonor
		if t.procRetCd != "" {
			res.Return, _ = Normalize(t.procRetCd, "", "")
		}
		if res.Status == vpos.StatusApproved {
			// An approved state with a failed authorisation is no answer.
			res.Status = vpos.StatusUnknown
		}
	}
	if res.Status == vpos.StatusApproved && refunded > 0 {
		res.Status = vpos.StatusPartiallyRefunded
		taken := res.CapturedAmount
		if taken == 0 {
			taken = res.Amount
		}
		if refunded >= taken {
			res.Status = vpos.StatusRefunded
		}
	}
	return res
}

// History returns the transactions of one order (ORDERHISTORY), oldest
// first: its sale or pre-authorisation (captured or voided in place, as
// the bank keeps it), its refunds, and failed attempts. Amounts are what
// the bank reports; Currency is left empty because the bank does not say.
// With From and To set, only rows of [From, To) are returned. NestPay has
// no date-range query: a request without OrderID is Unsupported.
func (p *Provider) History(ctx context.Context, req *vpos.HistoryRequest) ([]vpos.BankTransaction, error) {
	if req.OrderID == "" {
		return nil, &vpos.Error{Code: vpos.Unsupported, Op: vpos.OpHistory,
			Msg: "nestpay: the protocol has no date-range query; ask for the history of one order"}
	}
	if req.Page > 1 {
		return nil, nil
	}
	recs, err := p.history(ctx, vpos.OpHistory, req.OrderID)
	if err != nil {
		return nil, err
	}
	rows := make([]vpos.BankTransaction, 0, len(recs))
	for _, t := range slices.Backward(recs) {
		row := vpos.BankTransaction{
			OrderID:       req.OrderID,
			TransactionID: t.transID,
			Op:            vpos.OpSale,
			Status:        txStatus(t.transStat),
			Amount:        t.amount(),
			AuthCode:      t.authCode,
			RRN:           t.hostRef,
			BankCode:      t.procRetCd,
			Time:          p.bankTime(dttmLayout, firstOf(t.authTime, t.capTime)),
		}
		switch {
		case strings.EqualFold(t.chargeType, chargeCredit):
			row.Op = vpos.OpRefund
		case strings.EqualFold(t.transStat, "A") && !t.hasCapture:
			row.Op = vpos.OpPreAuth
		}
		switch {
		case t.approvedAuth():
			row.Return = returncodes.Approved
		case t.procRetCd != "":
			row.Return, _ = Normalize(t.procRetCd, "", "")
		default:
			row.Return = returncodes.DoNotHonor
		}
		if !req.From.IsZero() && row.Time.Before(req.From) || !req.To.IsZero() && !row.Time.Before(req.To) {
			continue
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// history sends ORDERHISTORY and reads its records, newest first. An
// order the bank does not know is a NotFound *vpos.Error.
func (p *Provider) history(ctx context.Context, op vpos.Op, orderID string) ([]*txRecord, error) {
	body, err := buildQuery(&p.cfg, orderID, "ORDERHISTORY")
	if err != nil {
		return nil, err
	}
	rep, err := p.call(ctx, op, orderID, body)
	if err != nil {
		return nil, err
	}
	if !rep.approved() {
		bank, rc := rep.codes()
		return nil, &vpos.Error{Code: vpos.ErrorCodeFor(rc), Op: op, OrderID: orderID, Return: rc,
			BankCode: bank, BankMessage: rep.message(), Msg: "nestpay: the bank refused the order history"}
	}
	recs, err := historyRecords(rep)
	if err != nil {
		return nil, fmt.Errorf("nestpay: unusable history reply: %v: %w", err, vpos.ErrUnknownOutcome)
	}
	return recs, nil
}
