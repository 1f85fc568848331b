package payfortest

// The bank's PaymentRequest records (payfor.md §12.3-§12.5): one per
// request that reached the payment engine, kept beside the ledger and
// changed together with it. OrderInquiry and TxnHistory render them; the
// 3-D Secure callbacks are built from them too.

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"github.com/sanalpos/vpos"
)

// The record field set of a 3-D Secure callback, in the order the bank
// sends it (payfor.md §12.3, 119 fields).
var callbackFieldNames = []string{
	"RequestGuid", "TransactionDate", "MbrId", "MerchantID", "OrderId", "RequestIp", "RequestStat",
	"SecureType", "PurchAmount", "Exponent", "Currency", "Description", "OkUrl", "FailUrl", "PayerTxnId",
	"PayerAuthenticationCode", "Eci", "MD", "Hash", "TerminalID", "TxnType", "OrgOrderId", "SubMerchantCode",
	"recur_frequency", "recur_expiry", "CardType", "Lang", "BonusAmount", "InstallmentCount", "Rnd",
	"AlphaCode", "Ecommerce", "MrcCountryCode", "MrcName", "MerchantHomeUrl", "CardHolderName", "IrcDet",
	"IrcCode", "Version", "TxnStatus", "CavvAlg", "ParesVerified", "ParesSyntaxOk", "ErrMsg", "VendorDet",
	"D3Stat", "3DStatus", "TxnResult", "AuthCode", "HostRefNum", "ProcReturnCode", "ReturnUrl", "ErrorData",
	"BatchNo", "VoidDate", "CardMask", "ReqId", "UsedPoint", "SrcType", "RefundedAmount", "RefundedPoint",
	"ReqDate", "SysDate", "F11", "F37", "RRN", "IsRepeatTxn", "CavvResult", "VposElapsedTime",
	"BankingElapsedTime", "SocketElapsedTime", "HsmElapsedTime", "MpiElapsedTime", "hasOrderId", "TemplateType",
	"HasAddressCount", "IsPaymentFacilitator", "MerchantCountryCode", "OrgTxnType", "F11_ORG", "F12_ORG",
	"F13_ORG", "F22_ORG", "F25_ORG", "MTI_ORG", "DsBrand", "IntervalType", "IntervalDuration", "RepeatCount",
	"CustomerCode", "RequestMerchantDomain", "RequestClientIp", "ResponseRnd", "ResponseHash",
	"BankInternalResponseCode", "BankInternalResponseMessage", "BankInternalResponseSubcode",
	"BankInternalResponseSubmessage", "BayiKodu", "VoidTime", "VoidUserCode", "PaymentLinkId", "ClientId",
	"IsQRValid", "IsFastValid", "IsQR", "IsFast", "QRRefNo", "FASTGonderenKatilimciKodu",
	"FASTAlanKatilimciKodu", "FASTReferansNo", "FastGonderenIBAN", "FASTGonderenAdi", "MobileECI", "HubConnId",
	"WalletData", "Tds2dsTransId", "Is3DHost", "HashType",
}

// inquiryFieldNames is the OrderInquiry reply (payfor.md §12.4, 121
// fields): the callback set with InsertDatetime instead of
// TransactionDate, D3Status instead of D3Stat and 3DStatus, no RRN and
// HashType, and five fields at the end.
var inquiryFieldNames = func() []string {
	var out []string
	for _, n := range callbackFieldNames {
		switch n {
		case "TransactionDate":
			out = append(out, "InsertDatetime")
		case "D3Stat":
			out = append(out, "D3Status")
		case "3DStatus", "RRN", "HashType":
		default:
			out = append(out, n)
		}
	}
	return append(out, "PAYFORFROMXMLREQUEST", "IsVoided", "IsRefunded", "TrxDate", "ReturnMessage")
}()

// Fixed values of the fake merchant's terminal.
const (
	terminalID   = "VS010453"
	merchantName = "SANALPOS TEST ISYERI"
	fakeIP       = "192.0.2.1" // RequestIp of API calls whose client address is unknown
)

// threeDS is the 3-D Secure data of a record.
type threeDS struct {
	status string // 3DStatus: 1, 2, 4, -1; "" for a non-3D record
	eci    string
	cavv   string // PayerAuthenticationCode
	xid    string // PayerTxnId
}

// record is one PaymentRequest record.
type record struct {
	guid, reqID             string
	authCode, hostRef, stan string // empty until the host was reached

	orderID, orgOrderID string
	txnType, orgTxnType string // Auth, PreAuth, PostAuth, Void, Refund
	secureType          string // NonSecure, 3DModel, 3DPay, 3DHost
	requestStat         string
	amount              vpos.Amount
	currency            vpos.Currency
	installments        int
	txnStatus           string // Y, N, V
	procCode, errMsg    string
	ircCode, ircDet     string
	at, voidAt          time.Time
	voidUser            string
	refundAmount        vpos.Amount // Refund records: the amount asked for
	maskedPAN, token    string
	holder, lang        string
	userCode, clientIP  string
	tds                 threeDS
	batch               int
	orgStan             string // F11_ORG
	paymentSeq          int
}

// success reports whether the record is an approved operation.
func (r *record) success() bool { return r.procCode == codeApproved }

// financial reports whether the record authorises or captures money.
func (r *record) financial() bool {
	return r.txnType == "Auth" || r.txnType == "PreAuth" || r.txnType == "PostAuth"
}

// result is the TxnResult of the record.
func (r *record) result() string {
	if r.success() {
		return "Success"
	}
	return "Failed"
}

// addRecord stores rec. The caller holds s.mu.
func (s *Server) addRecord(rec *record) {
	s.records = append(s.records, rec)
	s.byOrder[rec.orderID] = append(s.byOrder[rec.orderID], rec)
}

// target returns the latest successful authorisation or capture of an
// order: the PostAuth when one exists, else the Auth or PreAuth; nil when
// none. The caller holds s.mu.
func (s *Server) target(orderID string) *record {
	recs := s.byOrder[orderID]
	for i := len(recs) - 1; i >= 0; i-- {
		if r := recs[i]; r.financial() && (r.success() || r.txnStatus == "V") {
			return r
		}
	}
	return nil
}

// inquiryRecord picks the record OrderInquiry describes (§12.4): the
// original payment record, i.e. the latest successful authorisation or
// capture, voided or not; when the order has none, its latest attempt
// (a decline, an unfinished or failed 3-D Secure payment). The caller
// holds s.mu.
func (s *Server) inquiryRecord(orderID string) *record {
	if r := s.target(orderID); r != nil {
		return r
	}
	recs := s.byOrder[orderID]
	for i := len(recs) - 1; i >= 0; i-- {
		if r := recs[i]; r.txnType == "Auth" || r.txnType == "PreAuth" {
			return r
		}
	}
	return nil
}

// values returns the record's fields by callback / inquiry name. Unused
// fields are empty or 0 / False (§12.3). The caller holds s.mu.
func (s *Server) values(r *record) map[string]string {
	t := istanbul(r.at)
	v := map[string]string{
		"RequestGuid": r.guid, "TransactionDate": t.Format(layoutTransactionDate),
		"MbrId": s.creds.MbrID, "MerchantID": s.creds.MerchantID, "OrderId": r.orderID, "RequestIp": r.clientIP,
		"RequestStat": r.requestStat, "SecureType": r.secureType, "PurchAmount": formatAmount(r.amount, r.currency),
		"Exponent": strconv.Itoa(r.currency.Exponent()), "Currency": numeric(r.currency),
		"PayerTxnId": r.tds.xid, "PayerAuthenticationCode": r.tds.cavv, "Eci": r.tds.eci,
		"TerminalID": terminalID, "TxnType": r.txnType, "OrgOrderId": r.orgOrderID,
		"CardType": cardType(r.maskedPAN), "Lang": r.lang, "BonusAmount": "0",
		"InstallmentCount": strconv.Itoa(r.installments), "AlphaCode": alphaCode(r.currency), "Ecommerce": "1",
		"MrcCountryCode": "792", "MrcName": merchantName, "CardHolderName": r.holder,
		"IrcDet": r.ircDet, "IrcCode": r.ircCode, "TxnStatus": r.txnStatus, "ErrMsg": r.errMsg,
		"TxnResult": r.result(), "AuthCode": r.authCode, "HostRefNum": r.hostRef, "ProcReturnCode": r.procCode,
		"BatchNo": strconv.Itoa(r.batch), "CardMask": r.maskedPAN, "ReqId": r.reqID, "UsedPoint": "0",
		"SrcType": "VPO", "RefundedAmount": "0", "RefundedPoint": "0",
		"ReqDate": t.Format(layoutDate), "SysDate": t.Format(layoutDate),
		"F11": r.stan, "F37": r.hostRef, "RRN": r.hostRef, "IsRepeatTxn": "False",
		"VposElapsedTime": "0", "BankingElapsedTime": "0", "SocketElapsedTime": "0", "HsmElapsedTime": "0",
		"MpiElapsedTime": "0", "hasOrderId": "False", "TemplateType": "0", "HasAddressCount": "0",
		"IsPaymentFacilitator": "False", "OrgTxnType": r.orgTxnType, "F11_ORG": r.orgStan,
		"DsBrand": cardType(r.maskedPAN), "IntervalType": "0", "IntervalDuration": "0", "RepeatCount": "0",
		"RequestClientIp": r.clientIP, "VoidTime": "0", "VoidUserCode": r.voidUser, "PaymentLinkId": "0",
		"IsQRValid": "False", "IsFastValid": "False", "IsQR": "False", "IsFast": "False", "Is3DHost": "False",
	}
	if r.secureType == "3DHost" {
		v["Is3DHost"] = "True"
	}
	if r.tds.status != "" {
		v["Version"] = "1.0.2"
		v["3DStatus"] = r.tds.status
		v["D3Stat"] = "N"
		if r.tds.status == "1" {
			v["D3Stat"] = "Y"
		}
		if r.tds.cavv != "" {
			v["CavvAlg"], v["ParesVerified"], v["ParesSyntaxOk"] = "2", "true", "true"
		}
	}
	if !r.voidAt.IsZero() {
		vt := istanbul(r.voidAt)
		v["VoidDate"], v["VoidTime"] = vt.Format(layoutDate), vt.Format(layoutTime)
	}
	if r.txnType == "Refund" {
		v["RefundedAmount"] = formatAmount(r.refundAmount, r.currency)
	}
	return v
}

// inquiryPairs renders the OrderInquiry reply for the record r (§12.4).
// The caller holds s.mu.
func (s *Server) inquiryPairs(r *record, fromXML bool) []kv {
	v := s.values(r)
	t := istanbul(r.at)
	v["InsertDatetime"] = t.Format(layoutInsert)
	v["D3Status"] = "-1"
	if r.tds.status != "" {
		v["D3Status"] = r.tds.status
	}
	if r.installments == 0 {
		v["InstallmentCount"] = ""
	}
	v["TrxDate"] = t.Format(layoutTrxDate)
	v["ReturnMessage"] = r.errMsg
	v["PAYFORFROMXMLREQUEST"] = xmlFlag(fromXML)
	v["IsVoided"], v["IsRefunded"] = "false", "false"
	if r.txnStatus == "V" {
		v["IsVoided"] = "true"
	}
	if o, ok := s.Ledger().Order(r.orderID); ok && o.Refunded > 0 && r.success() {
		v["IsRefunded"] = "true"
		v["RefundedAmount"] = formatAmount(o.Refunded, o.Currency)
	}
	out := make([]kv, 0, len(inquiryFieldNames))
	for _, n := range inquiryFieldNames {
		out = append(out, kv{n, v[n]})
	}
	return out
}

// unknownInquiry is the OrderInquiry reply for an order the bank does not
// know (§12.4).
func (s *Server) unknownInquiry(orderID string, fromXML bool) []kv {
	v := map[string]string{
		"InsertDatetime": "1.01.0001 00:00:00", "MbrId": s.creds.MbrID, "MerchantID": s.creds.MerchantID,
		"SecureType": "Inquiry", "TxnType": "OrderInquiry", "OrgOrderId": orderID, "TxnStatus": "P",
		"ProcReturnCode": codeNotFound, "ErrMsg": msgNotFound, "IrcDet": msgNotFound, "IrcCode": "99961",
		"TxnResult": "Failed", "ReturnMessage": msgNotFound, "PAYFORFROMXMLREQUEST": xmlFlag(fromXML),
		"RequestGuid": "0", "BatchNo": "0", "UsedPoint": "0", "RefundedAmount": "0", "RefundedPoint": "0",
		"VoidTime": "0", "IsRepeatTxn": "False", "hasOrderId": "False", "IsPaymentFacilitator": "False",
	}
	out := make([]kv, 0, len(inquiryFieldNames))
	for _, n := range inquiryFieldNames {
		out = append(out, kv{n, v[n]})
	}
	return out
}

// xmlFlag is PAYFORFROMXMLREQUEST: 1 for XMLGate.aspx, 0 for the form.
func xmlFlag(fromXML bool) string {
	if fromXML {
		return "1"
	}
	return "0"
}

// historyDoc renders a TxnHistoryReport (§12.5) listing recs, oldest
// first. The caller holds s.mu.
func (s *Server) historyDoc(recs []*record) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	b.WriteString(`<TxnHistoryReport xsi:noNamespaceSchemaLocation="TxnHistoryReport.xsd" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` + "\n")
	for _, r := range recs {
		s.writeHistoryRecord(&b, r)
	}
	b.WriteString("</TxnHistoryReport>")
	return b.Bytes()
}

// writeHistoryRecord writes one PaymentRequestExtended. Only non-empty
// elements are written, as in the capture; the card number is the opaque
// token and the expiry is never written.
func (s *Server) writeHistoryRecord(b *bytes.Buffer, r *record) {
	v := s.values(r)
	t := istanbul(r.at)
	b.WriteString("  <PaymentRequestExtended>\n    <PaymentRequest xmlns=\"http://ocean.smartway.com/\">\n      ")
	var refunded string
	if r.txnType == "Refund" {
		refunded = v["RefundedAmount"]
	}
	inst := ""
	if r.installments > 0 {
		inst = strconv.Itoa(r.installments)
	}
	voidDate, voidTime := "", ""
	if !r.voidAt.IsZero() {
		voidDate, voidTime = v["VoidDate"], v["VoidTime"]
	}
	paymentSeq := ""
	if r.paymentSeq > 0 {
		paymentSeq = strconv.Itoa(r.paymentSeq)
	}
	f13 := ""
	if r.stan != "" {
		f13 = strconv.Itoa(int(t.Month())*100 + t.Day())
	}
	f12 := ""
	if r.stan != "" {
		f12 = t.Format(layoutTime)
	}
	for _, p := range []kv{
		{"UseExistingDataWhenInserting", "false"}, {"RequestGuid", r.guid}, {"status", "1"},
		{"InsertDatetime", t.Format(layoutISO)}, {"lastUpdated", stamp(r.at, 2)}, {"MbrId", s.creds.MbrID},
		{"MerchantID", s.creds.MerchantID}, {"OrderId", r.orderID}, {"OrgOrderId", r.orgOrderID},
		{"RequestIp", r.clientIP}, {"RequestStat", r.requestStat}, {"RequestStartDatetime", stamp(r.at, 3)},
		{"Pan", r.token}, {"SecureType", r.secureType}, {"PurchAmount", v["PurchAmount"]}, {"TxnAmount", v["PurchAmount"]},
		{"Exponent", v["Exponent"]}, {"Currency", v["Currency"]}, {"UserCode", r.userCode}, {"TerminalID", terminalID},
		{"TxnType", r.txnType}, {"CardType", v["CardType"]}, {"Lang", r.lang}, {"AlphaCode", v["AlphaCode"]},
		{"Ecommerce", "1"}, {"MrcCountryCode", "792"}, {"MrcName", merchantName}, {"CardHolderName", r.holder},
		{"InstallmentCount", inst}, {"PayerTxnId", r.tds.xid}, {"PayerAuthenticationCode", r.tds.cavv}, {"Eci", r.tds.eci},
		{"IrcDet", r.ircDet}, {"IrcCode", r.ircCode}, {"TxnStatus", r.txnStatus}, {"ErrMsg", r.errMsg},
		{"TxnResult", r.result()}, {"AuthCode", r.authCode}, {"ProcReturnCode", r.procCode},
		{"BatchNo", v["BatchNo"]}, {"CardMask", r.maskedPAN}, {"ReqId", r.reqID}, {"SrcType", "VPO"},
		{"ReqDate", v["ReqDate"]}, {"SysDate", v["SysDate"]}, {"F11", r.stan}, {"F37", r.hostRef},
		{"F12", f12}, {"F13", f13}, {"F22", "812"}, {"F25", "59"}, {"hasOrderId", "false"},
		{"VoidDate", voidDate}, {"VoidTime", voidTime}, {"VoidUserCode", r.voidUser}, {"OrgTxnType", r.orgTxnType},
		{"F11_ORG", r.orgStan}, {"RefundedAmount", refunded}, {"PaymentSeq", paymentSeq},
	} {
		if p.v == "" {
			continue
		}
		writeElem(b, p)
	}
	b.WriteString("\n    </PaymentRequest>\n    <ExtraParameters>\n")
	closed := "False"
	if r.batch < s.batch {
		closed = "True"
	}
	writeExtra(b, "IsBatchClosed", closed)
	if at, ok := s.closedAt[r.batch]; ok {
		writeExtra(b, "SettlementDate", istanbul(at).Format(layoutStamp))
	}
	b.WriteString("    </ExtraParameters>\n    <IsOnUsCard>false</IsOnUsCard>\n  </PaymentRequestExtended>\n")
}

// writeExtra writes one ExtraParameters entry.
func writeExtra(b *bytes.Buffer, name, value string) {
	b.WriteString("      <ArrayOfString>")
	writeElem(b, kv{"string", name})
	writeElem(b, kv{"string", value})
	b.WriteString("</ArrayOfString>\n")
}

// unknownHistory is the TxnHistory reply for an order the bank does not
// know (§12.5): one record with V013 and INCOMING_DATA echoing the request,
// the password masked.
func (s *Server) unknownHistory(req *request, code, msg string) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	b.WriteString(`<TxnHistoryReport xsi:noNamespaceSchemaLocation="TxnHistoryReport.xsd" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` + "\n")
	b.WriteString("  <PaymentRequestExtended>\n    <PaymentRequest xmlns=\"http://ocean.smartway.com/\">\n      ")
	for _, p := range []kv{
		{"UseExistingDataWhenInserting", "false"}, {"RequestGuid", "0"}, {"status", "1"},
		{"InsertDatetime", "0001-01-01T00:00:00"}, {"MbrId", s.creds.MbrID}, {"MerchantID", s.creds.MerchantID},
		{"OrderId", req.get("OrderId")}, {"SecureType", "Report"}, {"UserCode", req.get("UserCode")},
		{"TxnType", "TxnHistory"}, {"Lang", req.get("Lang")}, {"IrcDet", msg}, {"IrcCode", "99961"},
		{"TxnStatus", "P"}, {"ErrMsg", msg}, {"TxnResult", "Failed"}, {"ProcReturnCode", code},
	} {
		if p.v != "" {
			writeElem(&b, p)
		}
	}
	b.WriteString("\n    </PaymentRequest>\n    <ExtraParameters>\n")
	var in []string
	for _, n := range []string{"MbrId", "MerchantId", "UserCode", "UserPass", "SecureType", "TxnType", "OrderId", "ReqDate", "Lang"} {
		if !req.present(n) {
			continue
		}
		val := req.get(n)
		if n == "UserPass" {
			val = strings.Repeat("*", 5)
		}
		in = append(in, n+"="+val)
	}
	writeExtra(&b, "INCOMING_DATA", strings.Join(in, ";;"))
	b.WriteString("    </ExtraParameters>\n    <IsOnUsCard>false</IsOnUsCard>\n  </PaymentRequestExtended>\n</TxnHistoryReport>")
	return b.Bytes()
}
