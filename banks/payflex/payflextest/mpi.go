package payflextest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/vpostest"
)

// mpiSession is the MPI's record of one VerifyEnrollmentRequestId.
type mpiSession struct {
	ID, Merchant, MD, Xid    string
	Amount                   vpos.Amount
	Currency                 vpos.Currency
	Installments             int
	MaskedPAN, Expiry, Brand string // Expiry YYMM
	PANHash                  [32]byte
	Outcome                  vpostest.Outcome // card book (expired cards: OutcomeExpired)
	SuccessURL, FailureURL   string
	SessionInfo              string
	Answered                 bool
	Status, ECI, CAVV        string
	Used                     bool
	Created                  time.Time
}

// callbackFields are the fields of the MPI callback (payflex.md §4.3).
var callbackFields = []string{
	"MerchantId", "Pan", "Expiry", "PurchAmount", "PurchCurrency", "VerifyEnrollmentRequestId", "Xid",
	"SessionInfo", "Status", "Cavv", "Eci", "ExpSign", "InstallmentCount", "SubMerchantNo",
	"SubMerchantName", "SubMerchantNumber", "ErrorCode", "ErrorMessage",
}

// ipaySecure is the enrollment reply (payflex.md §10.3).
type ipaySecure struct {
	XMLName xml.Name `xml:"IPaySecure"`
	Message struct {
		ID    string `xml:"ID,attr"`
		VERes struct {
			Version string `xml:"Version"`
			Status  string `xml:"Status"`
			PaReq   string `xml:"PaReq"`
			TermURL string `xml:"TermUrl"`
			MD      string `xml:"MD"`
			ACSURL  string `xml:"ACSUrl"`
			ACCTID  string `xml:"ACCTID"`
		} `xml:"VERes"`
	} `xml:"Message"`
	VerifyEnrollmentRequestID string `xml:"VerifyEnrollmentRequestId"`
	MessageErrorCode          string `xml:"MessageErrorCode"`
	ErrorMessage              string `xml:"ErrorMessage"`
}

// MPI MessageErrorCode values. 2005 is captured (payflex.md §4.1); the
// others are the fake's choice, borrowed from the ResultCode table.
const (
	mpiMerchant = "2005"
)

// enrollErr answers Status E.
func enrollErr(w http.ResponseWriter, id, code, msg string) {
	var rep ipaySecure
	rep.Message.VERes.Status = "E"
	rep.VerifyEnrollmentRequestID = id
	rep.MessageErrorCode = code
	rep.ErrorMessage = msg
	writeXML(w, &rep)
}

// serveEnrollment answers a VerifyEnrollmentRequest (payflex.md §4.1).
func (s *Server) serveEnrollment(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		enrollErr(w, "", rcFormatError, text(rcFormatError))
		return
	}
	f := r.PostForm
	id := f.Get("VerifyEnrollmentRequestId")
	if f.Get("MerchantId") != s.creds.MerchantID || f.Get("MerchantPassword") != s.creds.Password {
		enrollErr(w, id, mpiMerchant, "Merchant cannot be found for this bank")
		return
	}
	if mt := f.Get("MerchantType"); mt != "" && mt != s.creds.MerchantType {
		enrollErr(w, id, mpiMerchant, "Merchant cannot be found for this bank")
		return
	}
	fail := func(code string) { enrollErr(w, id, code, text(code)) }
	if id == "" || len(id) > 64 {
		fail(rcMpiIDEmpty)
		return
	}
	cur, ok := parseCurrency(f.Get("Currency"))
	if !ok {
		fail(rcInvalidCurrency)
		return
	}
	amount, ok := parseAmount(f.Get("PurchaseAmount"), cur)
	if !ok {
		fail(rcInvalidAmount)
		return
	}
	inst, ok := parseInstallments(f.Get("InstallmentCount"))
	if !ok {
		fail(rcBadInstallments)
		return
	}
	if inst > 0 && cur != vpos.TRY {
		fail(rcNoInstallments)
		return
	}
	pan := f.Get("Pan")
	if !validPAN(pan) {
		fail(rcInvalidPAN)
		return
	}
	y, m, ok := parseYYMM(f.Get("ExpiryDate"))
	if !ok {
		fail(rcInvalidExpiry)
		return
	}
	brand := f.Get("BrandName")
	switch brand {
	case "100", "200", "300", "400":
	default:
		fail(rcInvalidBrand)
		return
	}
	if b := brandOf(pan); b != "" && b != brand {
		fail(rcInvalidBrand)
		return
	}
	okURL, failURL := f.Get("SuccessUrl"), f.Get("FailureUrl")
	if !absURL(okURL) || !absURL(failURL) {
		fail(rcFormatError)
		return
	}
	outcome := s.book.Outcome(pan)
	if expired(y, m, s.Now()) {
		outcome = vpostest.OutcomeExpired
	}
	sess := &mpiSession{
		ID: id, Merchant: s.creds.MerchantID, MD: s.newID("md"), Xid: s.newID("xid")[:20],
		Amount: amount, Currency: cur, Installments: inst,
		MaskedPAN: vpos.MaskPAN(pan), Expiry: f.Get("ExpiryDate"), Brand: brand, PANHash: panHash(pan),
		Outcome: outcome, SuccessURL: okURL, FailureURL: failURL, SessionInfo: f.Get("SessionInfo"), Created: s.Now(),
	}
	s.mu.Lock()
	if _, dup := s.mpi[id]; dup {
		s.mu.Unlock()
		fail(rcMpiIDUsed)
		return
	}
	s.mpi[id] = sess
	s.mds[sess.MD] = id
	s.mu.Unlock()

	var rep ipaySecure
	rep.Message.ID = s.newID("msg")[:16]
	rep.Message.VERes.Version = "1.0.2"
	rep.Message.VERes.Status = "Y"
	rep.Message.VERes.PaReq = base64.StdEncoding.EncodeToString([]byte("PaReq:" + sess.Xid + ":" + sess.MD))
	rep.Message.VERes.TermURL = s.URL() + termPath
	rep.Message.VERes.MD = sess.MD
	rep.Message.VERes.ACSURL = s.URL() + acsPath
	rep.Message.VERes.ACCTID = sess.MaskedPAN
	rep.VerifyEnrollmentRequestID = id
	writeXML(w, &rep)
}

// absURL reports whether u is an absolute http(s) URL.
func absURL(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != ""
}

// serveACS is the fake issuer ACS: the PaReq/TermUrl/MD form arrives, the
// shopper picks an outcome, and the answer goes to TermUrl with MD.
func (s *Server) serveACS(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "payflextest: bad ACS form", http.StatusBadRequest)
		return
	}
	md, term := r.PostForm.Get("MD"), r.PostForm.Get("TermUrl")
	s.mu.Lock()
	id, ok := s.mds[md]
	var sess *mpiSession
	if ok {
		sess = s.mpi[id]
	}
	var cps *cpSession
	if tok, ok2 := s.cpMDs[md]; ok2 {
		cps = s.cp[tok]
	}
	s.mu.Unlock()
	var summary, wantTerm string
	switch {
	case sess != nil:
		summary = fmt.Sprintf("Kart %s, tutar %s %s", sess.MaskedPAN, formatAmount(sess.Amount, sess.Currency), sess.Currency)
		wantTerm = s.URL() + termPath
	case cps != nil:
		summary = fmt.Sprintf("Kart %s, tutar %s %s", cps.MaskedPAN, formatAmount(cps.Amount, cps.Currency), cps.Currency)
		wantTerm = s.URL() + cpTermPath
	default:
		http.Error(w, "payflextest: unknown MD", http.StatusBadRequest)
		return
	}
	if term != wantTerm || r.PostForm.Get("PaReq") == "" {
		http.Error(w, "payflextest: PaReq or TermUrl does not match the enrollment", http.StatusBadRequest)
		return
	}
	pares := base64.StdEncoding.EncodeToString([]byte("PaRes:" + md))
	_ = vpostest.WriteACSPage(w, term, url.Values{"MD": {md}, "PaRes": {pares}}, summary)
}

// acsResult is the 3-D Secure result of an ACS outcome for a brand.
func acsResult(o vpostest.ACSOutcome, brand, seed string) (status, eci, cavv string) {
	mc := brand == "200"
	sum := sha256.Sum256([]byte("cavv " + seed))
	c := base64.StdEncoding.EncodeToString(append([]byte{0, 1, 2}, sum[:17]...))
	switch o {
	case vpostest.ACSSuccess:
		if mc {
			return "Y", "02", c
		}
		return "Y", "05", c
	case vpostest.ACSAttempt:
		if mc {
			return "A", "01", c
		}
		return "A", "06", c
	case vpostest.ACSFailure:
		return "N", "", ""
	}
	return "U", "", ""
}

// serveTermURL is the MPI's TermUrl: it records the ACS result and sends the
// shopper to SuccessUrl (Y, A) or FailureUrl (N, U) with the callback.
func (s *Server) serveTermURL(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "payflextest: bad PaRes form", http.StatusBadRequest)
		return
	}
	outcome, err := vpostest.ParseACSOutcome(r.PostForm.Get(vpostest.ACSOutcomeField))
	if err != nil || r.PostForm.Get("PaRes") == "" {
		http.Error(w, "payflextest: bad PaRes", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	sess := s.mpi[s.mds[r.PostForm.Get("MD")]]
	if sess == nil || sess.Answered {
		s.mu.Unlock()
		http.Error(w, "payflextest: unknown or answered MD", http.StatusBadRequest)
		return
	}
	sess.Answered = true
	sess.Status, sess.ECI, sess.CAVV = acsResult(outcome, sess.Brand, sess.MD)
	cb := s.callback(sess)
	target := sess.SuccessURL
	if sess.Status != "Y" && sess.Status != "A" {
		target = sess.FailureURL
	}
	s.mu.Unlock()
	writeAutoPost(w, target, cb)
}

// callback is the callback of a session. The caller holds s.mu.
func (s *Server) callback(sess *mpiSession) url.Values {
	v := url.Values{}
	for _, f := range callbackFields {
		v.Set(f, "")
	}
	v.Set("MerchantId", sess.Merchant)
	v.Set("Pan", sess.MaskedPAN)
	v.Set("Expiry", sess.Expiry)
	v.Set("PurchAmount", strconv.FormatInt(int64(minorOf(sess.Amount, sess.Currency)), 10))
	v.Set("PurchCurrency", numeric(sess.Currency))
	v.Set("VerifyEnrollmentRequestId", sess.ID)
	v.Set("Xid", sess.Xid)
	v.Set("SessionInfo", sess.SessionInfo)
	v.Set("Status", sess.Status)
	v.Set("Cavv", sess.CAVV)
	v.Set("Eci", sess.ECI)
	if sess.Installments > 0 {
		v.Set("InstallmentCount", strconv.Itoa(sess.Installments))
	}
	if sess.Status != "Y" && sess.Status != "A" {
		v.Set("ErrorCode", rc3DFailed)
		v.Set("ErrorMessage", text(rc3DFailed))
	}
	return v
}

// minorOf returns an amount in hundredths (PurchAmount is "101" for 1.01).
func minorOf(a vpos.Amount, cur vpos.Currency) vpos.Amount {
	if cur.Exponent() == 0 {
		return a * 100
	}
	return a
}

// provision3D runs a Sale or Auth with ECI, CAVV and MpiTransactionId: the
// MPI session must exist, be authenticated (Y or A), unused, and match.
func (s *Server) provision3D(req *vposRequest) *vposResponse {
	if req.MpiTransactionID == "" {
		return refusal(rcMpiIDEmpty)
	}
	if req.TransactionDeviceSource == "" {
		return refusal(rcDeviceSource)
	}
	if strings.TrimSpace(req.OrderID) == "" || len(req.OrderID) > 64 {
		return refusal(rcInvalidOrderID)
	}
	s.mu.Lock()
	sess := s.mpi[req.MpiTransactionID]
	var snap mpiSession
	if sess != nil {
		snap = *sess
	}
	s.mu.Unlock()
	switch {
	case sess == nil || snap.Merchant != req.MerchantID:
		return refusal(rcMpiIDNotFound)
	case snap.Used:
		return refusal(rcMpiIDUsed)
	case !snap.Answered:
		return refusal(rcMpiDataMismatch)
	case snap.Status != "Y" && snap.Status != "A":
		return refusal(rc3DFailed)
	case req.ECI == "" || req.CAVV == "":
		return refusal(rcECICAVVMissing)
	case req.ECI != snap.ECI:
		return refusal(rcECIMismatch)
	case req.CAVV != snap.CAVV:
		return refusal(rcCAVVMismatch)
	}
	// Card data and amount may be left out (CP.VPOS style); when sent
	// (mewebstudio style) they must match the enrollment.
	if req.CurrencyCode != "" {
		if c, ok := parseCurrency(req.CurrencyCode); !ok || c != snap.Currency {
			return refusal(rcMpiDataMismatch)
		}
	}
	if req.CurrencyAmount != "" {
		if a, ok := parseAmount(req.CurrencyAmount, snap.Currency); !ok || a != snap.Amount {
			return refusal(rcMpiDataMismatch)
		}
	}
	if req.NumberOfInstallments != "" {
		if n, ok := parseInstallments(req.NumberOfInstallments); !ok || n != snap.Installments {
			return refusal(rcMpiDataMismatch)
		}
	}
	if req.Pan != "" && panHash(req.Pan) != snap.PANHash {
		return refusal(rcMpiDataMismatch)
	}
	if req.Expiry != "" && (len(req.Expiry) != 6 || req.Expiry[2:] != snap.Expiry) {
		return refusal(rcMpiDataMismatch)
	}
	resp := s.book1(req, snap.Currency, snap.Amount, snap.Installments, snap.MaskedPAN, req.CardHoldersName, snap.Outcome, "2", snap.ECI)
	if resp.TransactionID != "" { // booked (approved or declined): the session is spent
		s.mu.Lock()
		sess.Used = true
		s.mu.Unlock()
	}
	return resp
}

var autoPost = template.Must(template.New("post").Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Yönlendiriliyor</title></head>
<body onload="document.forms[0].submit()">
<form method="post" action="{{.Action}}">
{{range .Fields}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<noscript><button type="submit">Devam</button></noscript>
</form></body></html>
`))

// writeAutoPost writes an auto-submitting form posting fields to action.
func writeAutoPost(w http.ResponseWriter, action string, fields url.Values) {
	type field struct{ Name, Value string }
	var fs []field
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sortUnique(&keys)
	for _, k := range keys {
		for _, v := range fields[k] {
			fs = append(fs, field{k, v})
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = autoPost.Execute(w, struct {
		Action string
		Fields []field
	}{action, fs})
}
