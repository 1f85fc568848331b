package refpos

// The fake bank's 3-D Secure gate, ACS and callback (doc.go, "3-D
// Secure"). Signing here is the bank's own code, written from the protocol
// reference; the adapter signs and verifies with its own (config.go).

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// gateSession is a payment waiting for the cardholder's answer at the ACS.
// It holds the card's outcome and masked number, never the card itself.
type gateSession struct {
	orderID      string
	amount       vpos.Amount
	currency     vpos.Currency
	installments int
	kind         vpostest.Kind
	model        threed.Model
	okURL        string
	failURL      string
	maskedPAN    string
	outcome      vpostest.Outcome
}

// mdSession is an authentication the merchant may provision (3d model).
type mdSession struct {
	orderID      string
	amount       vpos.Amount
	currency     vpos.Currency
	installments int
	kind         vpostest.Kind
	mdStatus     string
	maskedPAN    string
	outcome      vpostest.Outcome
}

// bankSign computes the protocol's signature of fields (all but "hash"):
// base64(HMAC-SHA256(key, canonical)), canonical being the fields sorted by
// name, each value written name=value with both parts query-escaped, joined
// by "&".
func bankSign(key string, fields url.Values) string {
	names := make([]string, 0, len(fields))
	for name := range fields {
		if name != "hash" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var sb strings.Builder
	for _, name := range names {
		for _, v := range fields[name] {
			if sb.Len() > 0 {
				sb.WriteByte('&')
			}
			sb.WriteString(url.QueryEscape(name))
			sb.WriteByte('=')
			sb.WriteString(url.QueryEscape(v))
		}
	}
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write([]byte(sb.String()))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// gateError answers a gate request the bank cannot accept. It does not post
// back to the merchant: an unsigned request's fail_url is not to be trusted.
func gateError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, "refpos bank: %s\n", msg)
}

func (b *Bank) serveGate(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		gateError(w, http.StatusBadRequest, "unreadable form")
		return
	}
	f := r.PostForm
	got := f.Get("hash")
	want := bankSign(b.storeKey, f)
	if len(f["hash"]) != 1 || got == "" || !hmac.Equal([]byte(got), []byte(want)) {
		gateError(w, http.StatusForbidden, "hash mismatch")
		return
	}
	if f.Get("merchant") != b.merchant {
		gateError(w, http.StatusForbidden, "unknown merchant")
		return
	}
	for name, vs := range f {
		if len(vs) != 1 {
			gateError(w, http.StatusBadRequest, "field "+name+" repeated")
			return
		}
	}
	s := &gateSession{
		orderID: f.Get("order_id"),
		okURL:   f.Get("ok_url"),
		failURL: f.Get("fail_url"),
	}
	amount, err := strconv.ParseInt(f.Get("amount"), 10, 64)
	if err != nil {
		gateError(w, http.StatusBadRequest, "amount is not an integer")
		return
	}
	installments, err := strconv.Atoi(f.Get("installments"))
	if err != nil {
		gateError(w, http.StatusBadRequest, "installments is not an integer")
		return
	}
	if rep := checkPayment(s.orderID, amount, f.Get("currency"), installments); rep != nil {
		gateError(w, http.StatusBadRequest, rep.Message)
		return
	}
	s.amount, s.currency, s.installments = vpos.Amount(amount), vpos.Currency(f.Get("currency")), installments
	switch f.Get("kind") {
	case "sale":
		s.kind = vpostest.KindSale
	case "preauth":
		s.kind = vpostest.KindPreAuth
	default:
		gateError(w, http.StatusBadRequest, "kind must be sale or preauth")
		return
	}
	s.model = threed.Model(f.Get("model"))
	if !s.model.Valid() {
		gateError(w, http.StatusBadRequest, "unknown model")
		return
	}
	if s.failURL == "" {
		s.failURL = s.okURL
	}
	if !absoluteHTTP(s.okURL) || !absoluteHTTP(s.failURL) {
		gateError(w, http.StatusBadRequest, "ok_url and fail_url must be absolute http(s) URLs")
		return
	}
	if s.model == threed.Model3DHost || s.model == threed.Model3DPayHosting {
		if f.Get("pan") != "" || f.Get("cvv") != "" || f.Get("expiry") != "" {
			gateError(w, http.StatusBadRequest, "card fields are not accepted in hosted models")
			return
		}
		// The shopper types the card on the bank's page: the bank's 3-D
		// Secure test card.
		c := b.cards.ThreeD.Normalize()
		outcome, ok := b.cardOutcome(c.Number, c.ExpiryMMYY(), c.CVV, true)
		if !ok {
			gateError(w, http.StatusInternalServerError, "the bank's 3-D Secure test card is malformed")
			return
		}
		s.maskedPAN, s.outcome = vpos.MaskPAN(c.Number), outcome
	} else {
		outcome, ok := b.cardOutcome(f.Get("pan"), f.Get("expiry"), f.Get("cvv"), true)
		if !ok {
			gateError(w, http.StatusBadRequest, "card data missing or malformed")
			return
		}
		s.maskedPAN, s.outcome = vpos.MaskPAN(f.Get("pan")), outcome
	}
	id := token()
	b.mu.Lock()
	b.gates[id] = s
	b.mu.Unlock()
	summary := fmt.Sprintf("refpos bank: order %s, %s %s, card %s", s.orderID, s.amount.Decimal(s.currency), s.currency, s.maskedPAN)
	if err := vpostest.WriteACSPage(w, b.URL()+"/3d/acs", url.Values{"session": {id}}, summary); err != nil {
		gateError(w, http.StatusInternalServerError, "cannot render the ACS page")
	}
}

func absoluteHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// mdMessage is the bank's text for an mdStatus.
func mdMessage(mdStatus string) string {
	switch mdStatus {
	case "1":
		return "authenticated"
	case "2", "3", "4":
		return "half secure: authentication attempted"
	}
	return "authentication failed"
}

// eci is the electronic commerce indicator the bank reports for an
// mdStatus (Visa values).
func eci(mdStatus string) string {
	switch mdStatus {
	case "1":
		return "05"
	case "2", "3", "4":
		return "06"
	}
	return "07"
}

func (b *Bank) serveACS(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		gateError(w, http.StatusBadRequest, "unreadable form")
		return
	}
	outcome, err := vpostest.ParseACSOutcome(r.PostForm.Get("outcome"))
	if err != nil {
		gateError(w, http.StatusBadRequest, "unknown ACS outcome")
		return
	}
	id := r.PostForm.Get("session")
	b.mu.Lock()
	s := b.gates[id]
	delete(b.gates, id) // one answer per ACS page
	b.mu.Unlock()
	if s == nil {
		gateError(w, http.StatusNotFound, "no such ACS session")
		return
	}
	md := outcome.MDStatus()
	cb := url.Values{
		"order_id":     {s.orderID},
		"amount":       {strconv.FormatInt(int64(s.amount), 10)},
		"currency":     {string(s.currency)},
		"installments": {strconv.Itoa(s.installments)},
		"kind":         {string(s.kind)},
		"model":        {string(s.model)},
		"md_status":    {md},
		"eci":          {eci(md)},
		"md_message":   {mdMessage(md)},
	}
	target := s.failURL
	if s.model == threed.Model3D {
		mdToken := token()
		b.mu.Lock()
		b.sessions[mdToken] = &mdSession{
			orderID: s.orderID, amount: s.amount, currency: s.currency, installments: s.installments,
			kind: s.kind, mdStatus: md, maskedPAN: s.maskedPAN, outcome: s.outcome,
		}
		b.mu.Unlock()
		cb.Set("md", mdToken)
		if md == "1" || md == "2" || md == "3" || md == "4" {
			target = s.okURL
		}
	} else {
		rep := b.payAfterACS(s, md)
		cb.Set("result", rep.Result)
		cb.Set("code", rep.Code)
		cb.Set("message", rep.Message)
		cb.Set("masked_pan", s.maskedPAN)
		for name, v := range map[string]string{"trans_id": rep.TransID, "auth_code": rep.AuthCode, "rrn": rep.RRN} {
			if v != "" {
				cb.Set(name, v)
			}
		}
		if rep.Result == srvApproved {
			target = s.okURL
		}
	}
	key := b.storeKey
	if b.faults.Take(vpostest.FaultBadCallbackSignature) {
		key += "-corrupted"
	}
	cb.Set("hash", bankSign(key, cb))
	writeCallbackPage(w, target, cb)
}

// payAfterACS books a 3d_pay, 3d_host or 3d_pay_hosting payment after the
// ACS answered: only full authentication (mdStatus 1) books.
func (b *Bank) payAfterACS(s *gateSession, md string) *srvReply {
	if md != "1" {
		return &srvReply{Result: srvDeclined, Code: "3DS", Message: "3-D Secure authentication failed; not charged"}
	}
	o, err := b.ledger.Authorize(s.kind, s.orderID, s.amount, s.currency, s.installments, s.maskedPAN, s.outcome)
	if err != nil {
		return ledgerFail(err)
	}
	return b.orderReply(o, true)
}

type callbackField struct{ Name, Value string }

var callbackPage = template.Must(template.New("callback").Parse(`<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>refpos bank</title></head>
<body onload="document.forms[0].submit()">
<form method="POST" action="{{.Action}}">
{{range .Fields}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<noscript><button type="submit">Continue</button></noscript>
</form>
</body>
</html>
`))

// writeCallbackPage answers with a page that posts fields to action.
func writeCallbackPage(w http.ResponseWriter, action string, fields url.Values) {
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	var list []callbackField
	for _, name := range names {
		for _, v := range fields[name] {
			list = append(list, callbackField{name, v})
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	// An error here means the browser went away; there is nobody to tell.
	_ = callbackPage.Execute(w, struct {
		Action string
		Fields []callbackField
	}{action, list})
}
