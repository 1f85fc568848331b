package nestpaytest

// ORDERSTATUS and ORDERHISTORY (nestpay.md §5, §13.3, §13.4): the bank's
// transaction records of an order, derived from the ledger's journal and
// what the server noted beside it.

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sanalpos/vpos"
)

// refs are the authorisation code and host reference of one operation.
type refs struct{ authCode, hostRef string }

// failedTrx is a refused refund, listed in the order's history.
type failedTrx struct {
	after   int // number of journal entries when it happened
	at      time.Time
	amount  vpos.Amount
	transID string
}

// threeDSInfo is the 3-D Secure data of an authorisation.
type threeDSInfo struct{ mdStatus, xid, eci, cavv string }

// trx is one transaction record of an order, as ORDERHISTORY lists it.
type trx struct {
	chargeType string // S (sale, pre-auth, post-auth) or C (credit)
	stat       string // A, C, S, V, D
	orig       string // ORIG_TRANS_AMT, minor units
	capture    string // CAPTURE_AMT, minor units, "" when not captured
	authAt     time.Time
	captureAt  time.Time
	voidAt     time.Time
	hostRef    string
	authCode   string
	procRet    string
	transID    string
	lastTrans  string // the operation that made the record what it is (for settlement)
}

// tab renders the record the way ORDERHISTORY's TRXn does: 11 TAB-separated
// fields.
func (t *trx) tab() string {
	return strings.Join([]string{
		t.chargeType, t.stat, t.orig, t.capture, dttm(t.authAt), dttm(t.captureAt), dttm(t.voidAt),
		t.hostRef, t.authCode, t.procRet, t.transID,
	}, "\t")
}

func minor(a vpos.Amount) string { return strconv.FormatInt(int64(a), 10) }

// records returns the transaction records of an order, newest first.
func (s *Server) records(orderID string) []*trx {
	journal := s.Ledger().Entries()
	s.mu.Lock()
	defer s.mu.Unlock()
	failed := s.failed[orderID]
	var out []*trx // oldest first
	var auth *trx  // the current authorisation record
	addFailed := func(upTo int) {
		for len(failed) > 0 && failed[0].after <= upTo {
			f := failed[0]
			failed = failed[1:]
			out = append(out, &trx{
				chargeType: "C", stat: "D", orig: minor(f.amount), capture: minor(f.amount),
				authAt: f.at, captureAt: f.at, procRet: "99", transID: f.transID,
			})
		}
	}
	for i, e := range journal {
		addFailed(i)
		if e.OrderID != orderID {
			continue
		}
		r := s.refs[e.TransID]
		switch e.Op {
		case vpos.OpSale, vpos.OpPreAuth:
			t := &trx{chargeType: "S", orig: minor(e.Amount), authAt: e.Time, procRet: e.Code, transID: e.TransID, lastTrans: e.TransID}
			switch {
			case !e.Approved:
				t.stat = "D"
			case e.Op == vpos.OpSale:
				t.stat, t.capture, t.captureAt = "C", minor(e.Amount), e.Time
				t.hostRef, t.authCode = r.hostRef, r.authCode
			default:
				t.stat = "A"
				t.hostRef, t.authCode = r.hostRef, r.authCode
			}
			if e.Approved {
				auth = t
			}
			out = append(out, t)
		case vpos.OpCapture:
			if auth != nil {
				auth.stat, auth.orig, auth.capture, auth.captureAt, auth.lastTrans = "C", minor(e.Amount), minor(e.Amount), e.Time, e.TransID
			}
		case vpos.OpVoid:
			if auth != nil {
				auth.stat, auth.voidAt = "V", e.Time
			}
		case vpos.OpRefund:
			out = append(out, &trx{
				chargeType: "C", stat: "C", orig: minor(e.Amount), capture: minor(e.Amount),
				authAt: e.Time, captureAt: e.Time, hostRef: r.hostRef, authCode: r.authCode,
				procRet: "00", transID: e.TransID, lastTrans: e.TransID,
			})
		}
	}
	addFailed(len(journal))
	for _, t := range out {
		if t.stat == "C" && s.settled[t.lastTrans] {
			t.stat = "S"
		}
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// statusRecord picks the record ORDERSTATUS describes: the latest
// successful transaction, or the latest failed one when none succeeded
// (§13.3).
func statusRecord(recs []*trx) *trx {
	for _, t := range recs {
		if t.stat != "D" {
			return t
		}
	}
	if len(recs) > 0 {
		return recs[0]
	}
	return nil
}

func (s *Server) opStatus(req *cc5Request) *reply {
	orderID := req.OrderID
	t := statusRecord(s.records(orderID))
	if orderID == "" || t == nil {
		return &reply{
			top: []kv{
				{"ErrMsg", "No record found for " + orderID}, {"ProcReturnCode", "99"}, {"Response", "Declined"},
				{"OrderId", ""}, {"TransId", ""},
			},
			extra: []kv{
				{"NUMCODE", "0"},
				{"ORDERSTATUS", "ORD_ID:\tCHARGE_TYPE_CD:\tORIG_TRANS_AMT:\tCAPTURE_AMT:\tTRANS_STAT:\tAUTH_DTTM:\tCAPTURE_DTTM:\tAUTH_CODE:"},
			},
		}
	}
	o, _ := s.Ledger().Order(orderID)
	s.mu.Lock()
	tds := s.threeDS[orderID]
	settleID := ""
	if t.stat == "S" {
		settleID = strconv.Itoa(s.batch - 1)
	}
	s.mu.Unlock()
	masked := ""
	if o != nil {
		masked = spacedMask(o.MaskedPAN)
	}
	summary := fmt.Sprintf("ORD_ID:%s\tCHARGE_TYPE_CD:%s\tORIG_TRANS_AMT:%s\tCAPTURE_AMT:%s\tTRANS_STAT:%s\tAUTH_DTTM:%s\tCAPTURE_DTTM:%s\tAUTH_CODE:%s\tTRANS_ID:%s",
		orderID, t.chargeType, t.orig, t.capture, t.stat, dttm(t.authAt), dttm(t.captureAt), t.authCode, t.transID)
	extra := []kv{
		{"AUTH_CODE", t.authCode},
		{"AUTH_DTTM", dttm(t.authAt)},
		{"CAPTURE_AMT", t.capture},
		{"CAPTURE_DTTM", dttm(t.captureAt)},
		{"CAVV_3D", tds.cavv},
		{"CHARGE_TYPE_CD", t.chargeType},
		{"ECI_3D", tds.eci},
		{"HOSTDATE", istanbul(t.authAt).Format(hostDateLayout)},
		{"HOST_REF_NUM", t.hostRef},
		{"MDSTATUS", tds.mdStatus},
		{"NUMCODE", "0"},
		{"ORDERSTATUS", summary},
		{"ORD_ID", orderID},
		{"ORIG_TRANS_AMT", t.orig},
		{"PAN", masked},
		{"PROC_RET_CD", t.procRet},
		{"SETTLEID", settleID},
		{"TRANS_ID", t.transID},
		{"TRANS_STAT", t.stat},
	}
	if !t.voidAt.IsZero() {
		extra = append(extra, kv{"VOID_DTTM", dttm(t.voidAt)})
	}
	extra = append(extra, kv{"XID_3D", tds.xid})
	return &reply{
		top: []kv{
			{"ErrMsg", "Record(s) found for " + orderID}, {"ProcReturnCode", "00"}, {"Response", "Approved"},
			{"OrderId", orderID}, {"TransId", t.transID},
		},
		extra: extra,
	}
}

func (s *Server) opHistory(req *cc5Request) *reply {
	orderID := req.OrderID
	recs := s.records(orderID)
	if orderID == "" || len(recs) == 0 {
		return &reply{
			top: []kv{
				{"ErrMsg", "No record found for " + orderID}, {"ProcReturnCode", "05"}, {"Response", "Declined"},
				{"OrderId", orderID},
			},
			extra: []kv{{"NUMCODE", "0"}, {"TRXCOUNT", "0"}},
		}
	}
	extra := []kv{{"TERMINALID", terminalID}, {"MERCHANTID", s.merchantID()}, {"NUMCODE", "0"}}
	for i, t := range recs {
		extra = append(extra, kv{"TRX" + strconv.Itoa(i+1), t.tab()})
	}
	extra = append(extra, kv{"TRXCOUNT", strconv.Itoa(len(recs))})
	return &reply{
		top: []kv{
			{"ErrMsg", ""}, {"ProcReturnCode", "00"}, {"Response", "Approved"}, {"OrderId", orderID},
		},
		extra: extra,
	}
}

// newRefs returns a TransId, an AuthCode and a HostRefNum for an operation
// the ledger gives no references for (errors, post-auths, voids, credits).
// Like the ledger's they come from a counter and use only the digits 0 to
// 5, so no test CVV can appear in them; they differ from the ledger's (the
// TransId letters are lower case, the HostRefNum's fifth digit is 5).
func (s *Server) newRefs() (transID, authCode, hostRef string) {
	s.mu.Lock()
	s.ids++
	n := s.ids
	s.mu.Unlock()
	t := istanbul(s.Now())
	yy, ddd := t.Year()%100, t.YearDay()
	x := uint32(n)*2246822519 + 0x85EBCA6B
	var letters [4]byte
	for i := range letters {
		letters[i] = 'a' + byte(x%26)
		x /= 26
	}
	transID = fmt.Sprintf("%02d%03d%s%s", yy, ddd, letters[:], base6(n, 5))
	authCode = base6((n*4447+2333)%46656, 6)
	hostRef = fmt.Sprintf("%d%03d5%s", yy%10, ddd, base6(n, 7))
	return transID, authCode, hostRef
}

// newOrderID numbers an order the merchant sent without OrderId.
func (s *Server) newOrderID() string {
	transID, _, _ := s.newRefs()
	return "ORDER-" + transID
}

// base6 formats n in base 6, zero-padded to width digits.
func base6(n, width int) string {
	v := strconv.FormatInt(int64(n), 6)
	if len(v) < width {
		v = strings.Repeat("0", width-len(v)) + v
	}
	return v
}
