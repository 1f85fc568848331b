package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"log"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks"
	"github.com/sanalpos/vpos/reconcile"
	"github.com/sanalpos/vpos/terminals"
)

//go:embed templates/*.html
var templateFS embed.FS

// server holds the back office's pages. Every POST form carries a CSRF
// token bound to the browser's session cookie; see checkCSRF.
type server struct {
	reg   *terminals.Registry
	store vpos.Store
	demo  *demoBanks
	pages map[string]*template.Template
	key   []byte // signs CSRF tokens; new at every start
	now   func() time.Time

	mu      sync.Mutex
	reports map[string]*reconcile.Report // last reconciliation runs, for "Apply missing"
	order   []string                     // report ids, oldest first
	flashes map[string]string            // session -> message for the next list page
}

const (
	sessionCookie = "bo_session"
	csrfField     = "csrf"
	keepReports   = 50
)

func newServer(reg *terminals.Registry, store vpos.Store, demo *demoBanks) http.Handler {
	s := &server{
		reg: reg, store: store, demo: demo,
		pages:   map[string]*template.Template{},
		key:     randomBytes(32),
		now:     time.Now,
		reports: map[string]*reconcile.Report{},
		flashes: map[string]string{},
	}
	funcs := template.FuncMap{"money": money, "localTime": localTime, "catLabel": catLabel, "join": strings.Join}
	for _, p := range []string{"moto.html", "transactions.html", "reconcile.html", "definitions.html"} {
		s.pages[p] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+p))
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.motoForm)
	mux.HandleFunc("POST /moto", s.motoPost)
	mux.HandleFunc("GET /transactions", s.transactions)
	mux.HandleFunc("POST /transactions/void", s.voidPost)
	mux.HandleFunc("POST /transactions/refund", s.refundPost)
	mux.HandleFunc("GET /reconcile", s.reconcileForm)
	mux.HandleFunc("POST /reconcile", s.reconcileRun)
	mux.HandleFunc("POST /reconcile/apply", s.reconcileApply)
	mux.HandleFunc("GET /definitions", s.definitions)
	if demo != nil {
		mux.HandleFunc("GET /demo/nestpay-export.csv", s.nestpayExport)
	}
	return s.protect(mux)
}

// ---- sessions and CSRF ----

type ctxKey struct{}

// protect gives every browser a session cookie (random, HttpOnly,
// SameSite=Strict) and refuses, with 403, any POST whose form field csrf is
// not the HMAC of that session under the server's key. A page from another
// site can neither read the cookie nor compute the token.
func (s *server) protect(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
		w.Header().Set("Referrer-Policy", "no-referrer")
		sid := ""
		if c, err := r.Cookie(sessionCookie); err == nil && len(c.Value) == 32 {
			sid = c.Value
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, 10<<20)
			got := r.FormValue(csrfField) // parses urlencoded and multipart bodies
			if sid == "" || !hmac.Equal([]byte(got), []byte(s.token(sid))) {
				http.Error(w, "403 forbidden: missing or invalid CSRF token; reload the page and try again", http.StatusForbidden)
				return
			}
		} else if sid == "" {
			sid = hex.EncodeToString(randomBytes(16))
			http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: sid, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, sid)))
	})
}

func (s *server) token(sid string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte("csrf:" + sid))
	return hex.EncodeToString(m.Sum(nil))
}

func session(r *http.Request) string { s, _ := r.Context().Value(ctxKey{}).(string); return s }

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return b
}

// ---- rendering ----

// page is what every template gets; Data is the page's own.
type page struct {
	Title, Nav string
	CSRF       string
	Flash      string
	Error      string
	Data       any
}

func (s *server) render(w http.ResponseWriter, r *http.Request, name string, p page) {
	p.CSRF = s.token(session(r))
	var buf bytes.Buffer
	if err := s.pages[name].Execute(&buf, p); err != nil {
		log.Printf("backoffice: render %s: %v", name, err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = buf.WriteTo(w)
}

func money(a vpos.Amount, c vpos.Currency) string {
	if c == "" {
		c = vpos.TRY
	}
	return a.DecimalSep(c, ',') + " " + string(c)
}

func localTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(vpos.Istanbul()).Format("02.01.2006 15:04:05")
}

var catLabels = map[reconcile.Category]string{
	reconcile.Matched:          "Eşleşti / matched",
	reconcile.MissingAtBank:    "Bankada yok / missing at the bank",
	reconcile.MissingLocally:   "Bizde yok / missing locally",
	reconcile.AmountMismatch:   "Tutar farkı / amount mismatch",
	reconcile.CurrencyMismatch: "Para birimi farkı / currency mismatch",
	reconcile.StatusMismatch:   "Durum farkı / status mismatch",
	reconcile.DuplicateLocal:   "Mükerrer (bizde) / duplicate locally",
	reconcile.DuplicateBank:    "Mükerrer (bankada) / duplicate at the bank",
}

func catLabel(c reconcile.Category) string { return catLabels[c] }

// ---- POS choices ----

// terminal is one POS of the definitions, as the forms offer it.
type terminal struct {
	Company, POS, Bank, Protocol string
	MOTO, History                bool
	Err                          string // not usable (protocol not implemented yet)
}

// Value is the option value of the POS in a select.
func (t terminal) Value() string { return url.Values{"c": {t.Company}, "p": {t.POS}}.Encode() }

// Label is its option text.
func (t terminal) Label() string {
	l := t.Company + " — " + t.POS + " (" + t.Bank
	if t.MOTO {
		l += ", MOTO"
	}
	return l + ")"
}

func (s *server) terminals() []terminal {
	var out []terminal
	for _, c := range s.reg.Definitions().Companies {
		for _, p := range c.POS {
			t := terminal{Company: c.Name, POS: p.Name, Bank: p.Bank, Protocol: p.Protocol}
			if b, ok := banks.Lookup(p.Bank); ok {
				t.Bank = b.Name
				if t.Protocol == "" {
					t.Protocol = b.Protocol()
				}
			}
			if cl, err := s.reg.Client(c.Name, p.Name); err != nil {
				t.Err = err.Error()
			} else {
				f := cl.Features()
				t.MOTO, t.History = f.MOTO, f.History
			}
			out = append(out, t)
		}
	}
	return out
}

// pick resolves a select value to the POS and its Client.
func (s *server) pick(value string) (terminal, *vpos.Client, error) {
	q, err := url.ParseQuery(value)
	if err != nil || q.Get("c") == "" || q.Get("p") == "" {
		return terminal{}, nil, errors.New("choose a POS")
	}
	for _, t := range s.terminals() {
		if strings.EqualFold(t.Company, q.Get("c")) && strings.EqualFold(t.POS, q.Get("p")) {
			cl, err := s.reg.Client(t.Company, t.POS)
			return t, cl, err
		}
	}
	return terminal{}, nil, fmt.Errorf("unknown POS %s / %s", q.Get("c"), q.Get("p"))
}

// ---- (1) MOTO collection ----

type motoData struct {
	Terminals  []terminal
	Currencies []string
	Form       url.Values
	OrderID    string
	Result     *motoResult
}

type motoResult struct {
	Approved                 bool
	OrderID, Amount, Masked  string
	AuthCode, RRN, BankTxnID string
	MOTO                     bool
	Code, Return, BankCode   string
	ReasonTR, ReasonEN       string
	BankMessage              string
}

var currencies = []string{"TRY", "USD", "EUR"}

func newOrderID(now time.Time) string {
	return "BO-" + now.In(vpos.Istanbul()).Format("20060102-150405") + "-" + strings.ToUpper(hex.EncodeToString(randomBytes(3)))
}

func (s *server) motoForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "moto.html", page{Title: "Telefonla tahsilat / MOTO collection", Nav: "moto",
		Data: motoData{Terminals: s.terminals(), Currencies: currencies, Form: url.Values{"installments": {"1"}}, OrderID: newOrderID(s.now())}})
}

func (s *server) motoPost(w http.ResponseWriter, r *http.Request) {
	f := r.PostForm
	d := motoData{Terminals: s.terminals(), Currencies: currencies, Form: f, OrderID: f.Get("order_id")}
	fail := func(msg string) {
		w.WriteHeader(http.StatusUnprocessableEntity)
		s.render(w, r, "moto.html", page{Title: "Telefonla tahsilat / MOTO collection", Nav: "moto", Error: msg, Data: d})
	}
	t, client, err := s.pick(f.Get("terminal"))
	if err != nil {
		fail(err.Error())
		return
	}
	cur, err := vpos.ParseCurrency(strings.TrimSpace(f.Get("currency")))
	if err != nil {
		fail(err.Error())
		return
	}
	amount, err := vpos.ParseAmount(f.Get("amount"), cur)
	if err != nil {
		fail("Tutar / amount: " + err.Error())
		return
	}
	inst, err := strconv.Atoi(strings.TrimSpace(f.Get("installments")))
	if err != nil {
		fail("Taksit / installments: not a number")
		return
	}
	month, year, err := parseExpiry(f.Get("expiry"))
	if err != nil {
		fail("Son kullanma / expiry: " + err.Error())
		return
	}
	cvv := strings.TrimSpace(f.Get("cvv"))
	if cvv == "" && !t.MOTO {
		fail("CVV zorunlu: bu POS telefonla satışı (MOTO) kabul etmiyor / CVV required: this POS does not accept mail/telephone orders")
		return
	}
	req := &vpos.SaleRequest{
		OrderID: strings.TrimSpace(f.Get("order_id")), Amount: amount, Currency: cur, Installments: inst,
		Card:        vpos.Card{Number: f.Get("card_number"), ExpMonth: month, ExpYear: year, CVV: cvv, Holder: strings.TrimSpace(f.Get("holder"))},
		CustomerIP:  clientIP(r),
		Description: strings.TrimSpace(f.Get("description")),
		MOTO:        t.MOTO, // keyed in by staff; without MOTO the bank gets a normal sale with CVV
	}
	res, err := client.Sale(r.Context(), req)
	out := &motoResult{OrderID: req.OrderID, Amount: money(amount, cur), MOTO: req.MOTO, Approved: err == nil}
	if res != nil {
		out.Masked, out.AuthCode, out.RRN, out.BankTxnID = res.MaskedPAN, res.AuthCode, res.RRN, res.TransactionID
	}
	if out.Masked == "" {
		out.Masked = req.Card.Masked()
	}
	if err != nil {
		var ve *vpos.Error
		if !errors.As(err, &ve) {
			fail(err.Error())
			return
		}
		out.Code, out.Return, out.BankCode, out.BankMessage = string(ve.Code), string(ve.Return), ve.BankCode, ve.BankMessage
		out.ReasonTR, out.ReasonEN = ve.Return.OperatorMessage("tr"), ve.Return.OperatorMessage("en")
		if ve.Return == "" {
			out.ReasonTR, out.ReasonEN = ve.Error(), ve.Error()
		}
	}
	d.Result = out
	d.Form = url.Values{"terminal": {f.Get("terminal")}, "currency": {string(cur)}, "installments": {"1"}}
	d.OrderID = newOrderID(s.now())
	s.render(w, r, "moto.html", page{Title: "Telefonla tahsilat / MOTO collection", Nav: "moto", Data: d})
}

// parseExpiry reads "MM/YY" or "MM/YYYY".
func parseExpiry(s string) (month, year int, err error) {
	m, y, ok := strings.Cut(strings.ReplaceAll(strings.TrimSpace(s), " ", ""), "/")
	if !ok {
		return 0, 0, errors.New("want MM/YY")
	}
	month, err1 := strconv.Atoi(m)
	year, err2 := strconv.Atoi(y)
	if err1 != nil || err2 != nil || month < 1 || month > 12 {
		return 0, 0, errors.New("want MM/YY")
	}
	if len(y) == 2 {
		year += 2000
	}
	return month, year, nil
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil || net.ParseIP(host) == nil {
		return "127.0.0.1"
	}
	return host
}

// ---- (2) transactions ----

type txData struct {
	Terminals []terminal
	Banks     []string
	Statuses  []vpos.TxStatus
	Filter    url.Values
	Rows      []txRow
	Next      string // query of the next page
}

type txRow struct {
	*vpos.Transaction
	Time, Amount, Refunded string
	Codes                  string
	CanVoid, CanRefund     bool
}

var allStatuses = []vpos.TxStatus{vpos.StatusApproved, vpos.StatusDeclined, vpos.StatusPartiallyRefunded, vpos.StatusRefunded,
	vpos.StatusVoided, vpos.StatusPending3D, vpos.StatusUnknown, vpos.StatusError}

func (s *server) transactions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	lf := vpos.ListFilter{Company: q.Get("company"), POS: q.Get("pos"), Bank: q.Get("bank"), Limit: 50, Cursor: q.Get("cursor")}
	if st := q.Get("status"); st != "" {
		lf.Status = []vpos.TxStatus{vpos.TxStatus(st)}
	}
	p := page{Title: "İşlemler / Transactions", Nav: "tx"}
	if d := q.Get("date"); d != "" {
		day, err := time.ParseInLocation(time.DateOnly, d, vpos.Istanbul())
		if err != nil {
			p.Error = "Tarih / date: want YYYY-MM-DD"
		} else {
			lf.From, lf.To = vpos.IstanbulDay(day)
		}
	}
	s.mu.Lock()
	p.Flash = s.flashes[session(r)]
	delete(s.flashes, session(r))
	s.mu.Unlock()
	d := txData{Terminals: s.terminals(), Statuses: allStatuses, Filter: q}
	for _, t := range d.Terminals {
		if !slices.Contains(d.Banks, t.Bank) {
			d.Banks = append(d.Banks, t.Bank)
		}
	}
	recs, next, err := s.store.List(r.Context(), lf)
	if err != nil {
		p.Error = "store: " + err.Error()
	}
	for _, t := range recs {
		row := txRow{Transaction: t, Time: localTime(t.CreatedAt), Amount: money(t.Amount, t.Currency)}
		if t.RefundedAmount > 0 {
			row.Refunded = money(t.RefundedAmount, t.Currency)
		}
		var codes []string
		for _, c := range []string{string(t.Return), t.BankCode, t.AuthCode} {
			if c != "" {
				codes = append(codes, c)
			}
		}
		row.Codes = strings.Join(codes, " · ")
		if t.Op == vpos.OpSale || t.Op == vpos.OpCapture {
			row.CanVoid = t.Status == vpos.StatusApproved
			row.CanRefund = t.Status == vpos.StatusApproved || t.Status == vpos.StatusPartiallyRefunded
		}
		d.Rows = append(d.Rows, row)
	}
	if next != "" {
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		nq.Set("cursor", next)
		d.Next = nq.Encode()
	}
	p.Data = d
	s.render(w, r, "transactions.html", p)
}

func (s *server) flash(r *http.Request, msg string) {
	s.mu.Lock()
	s.flashes[session(r)] = msg
	s.mu.Unlock()
}

// followUp finds the client of the record's POS for void and refund.
func (s *server) followUp(r *http.Request) (*vpos.Client, string, error) {
	company, pos, order := r.PostFormValue("company"), r.PostFormValue("pos"), r.PostFormValue("order_id")
	if company == "" || pos == "" || order == "" {
		return nil, "", errors.New("company, POS and order id are required")
	}
	c, err := s.reg.Client(company, pos)
	return c, order, err
}

func opMessage(what, order string, res *vpos.Result, err error) string {
	if err == nil {
		msg := fmt.Sprintf("%s onaylandı / approved: %s", what, order)
		if res != nil && res.Amount > 0 {
			msg += " (" + money(res.Amount, res.Currency) + ")"
		}
		return msg
	}
	var ve *vpos.Error
	if errors.As(err, &ve) && ve.Return != "" {
		return fmt.Sprintf("%s reddedildi / refused: %s: %s / %s (%s %s)", what, order,
			ve.Return.OperatorMessage("tr"), ve.Return.OperatorMessage("en"), ve.Return, ve.BankCode)
	}
	return fmt.Sprintf("%s başarısız / failed: %s: %v", what, order, err)
}

func (s *server) voidPost(w http.ResponseWriter, r *http.Request) {
	c, order, err := s.followUp(r)
	if err == nil {
		var res *vpos.Result
		res, err = c.Void(r.Context(), &vpos.VoidRequest{OrderID: order})
		s.flash(r, opMessage("İptal / void", order, res, err))
	} else {
		s.flash(r, err.Error())
	}
	http.Redirect(w, r, "/transactions", http.StatusSeeOther)
}

func (s *server) refundPost(w http.ResponseWriter, r *http.Request) {
	c, order, err := s.followUp(r)
	if err != nil {
		s.flash(r, err.Error())
		http.Redirect(w, r, "/transactions", http.StatusSeeOther)
		return
	}
	req := &vpos.RefundRequest{OrderID: order}
	if a := strings.TrimSpace(r.PostFormValue("amount")); a != "" { // empty: refund what is left
		cur, _ := vpos.ParseCurrency(r.PostFormValue("currency"))
		if cur == "" {
			cur = vpos.TRY
		}
		req.Currency = cur
		if req.Amount, err = vpos.ParseAmount(a, cur); err != nil {
			s.flash(r, "İade / refund: "+err.Error())
			http.Redirect(w, r, "/transactions", http.StatusSeeOther)
			return
		}
	}
	res, err := c.Refund(r.Context(), req)
	s.flash(r, opMessage("İade / refund", order, res, err))
	http.Redirect(w, r, "/transactions", http.StatusSeeOther)
}

// ---- (3) reconciliation ----

type recData struct {
	Terminals []terminal
	Terminal  string
	Date      string
	Chosen    *terminal
	NeedsFile bool
	Demo      bool
	ReportID  string
	Report    *reconcile.Report
	Counts    []catCount
	Rows      []recRow
	Applied   string
}

type catCount struct {
	Category reconcile.Category
	Count    int
}

type recRow struct {
	Category                  reconcile.Category
	OrderID, Op, Time, Key    string
	LocalAmount, LocalStatus  string
	BankAmount, BankStatus    string
	BankTxnID, Detail, Masked string
	LocalSource               string
}

func (s *server) reconcileForm(w http.ResponseWriter, r *http.Request) {
	d := recData{Terminals: s.terminals(), Date: s.now().In(vpos.Istanbul()).Format(time.DateOnly), Demo: s.demo != nil}
	if v := r.URL.Query().Get("terminal"); v != "" {
		d.Terminal = v
		if t, _, err := s.pick(v); err == nil {
			d.Chosen = &t
			d.NeedsFile = !t.History
		}
	}
	s.render(w, r, "reconcile.html", page{Title: "Gün sonu mutabakat / Day-end reconciliation", Nav: "rec", Data: d})
}

func (s *server) reconcileRun(w http.ResponseWriter, r *http.Request) {
	d := recData{Terminals: s.terminals(), Terminal: r.FormValue("terminal"), Date: r.FormValue("date"), Demo: s.demo != nil}
	p := page{Title: "Gün sonu mutabakat / Day-end reconciliation", Nav: "rec"}
	fail := func(msg string) {
		p.Error, p.Data = msg, d
		w.WriteHeader(http.StatusUnprocessableEntity)
		s.render(w, r, "reconcile.html", p)
	}
	t, client, err := s.pick(d.Terminal)
	if err != nil {
		fail(err.Error())
		return
	}
	d.Chosen = &t
	d.NeedsFile = !t.History
	day, err := time.ParseInLocation(time.DateOnly, d.Date, vpos.Istanbul())
	if err != nil {
		fail("Tarih / date: want YYYY-MM-DD")
		return
	}
	from, to := vpos.IstanbulDay(day)
	o := reconcile.Options{Company: t.Company, POS: t.POS, Bank: t.Bank, From: from, To: to, Tolerance: 10 * time.Minute}
	m := reconcile.New(o)
	if file, _, ferr := r.FormFile("bank_file"); ferr == nil {
		defer file.Close()
		name := "generic"
		if t.Protocol == "nestpay" {
			name = "nestpay"
		}
		mp, err := reconcile.LoadMapping(name)
		if err != nil {
			fail(err.Error())
			return
		}
		if err := reconcile.ReadCSV(file, mp, m.AddBank); err != nil {
			fail("Banka dosyası / bank file: " + err.Error())
			return
		}
		if !t.History {
			m.SetChecker(reconcile.StatusChecker(client))
		}
	} else if t.History {
		rows, err := client.History(r.Context(), &vpos.HistoryRequest{From: from.Add(-o.Tolerance), To: to.Add(o.Tolerance)})
		if err != nil {
			fail("Banka hareketleri / bank history: " + err.Error())
			return
		}
		for _, b := range rows {
			if err := m.AddBank(b); err != nil {
				fail(err.Error())
				return
			}
		}
	} else {
		fail("Bu banka tarih aralığıyla hareket listesi vermiyor: banka portalından günün dosyasını (CSV) yükleyin / " +
			"this bank has no date-range report: upload the day's export file (CSV) from the bank's merchant portal")
		return
	}
	if err := reconcile.LoadLocal(r.Context(), s.store, o, func(tx *vpos.Transaction) error { m.AddTransaction(tx); return nil }); err != nil {
		fail(err.Error())
		return
	}
	rep, err := m.Finish(r.Context())
	if err != nil {
		fail(err.Error())
		return
	}
	d.ReportID = s.keepReport(rep)
	s.fillReport(&d, rep)
	p.Data = d
	s.render(w, r, "reconcile.html", p)
}

func (s *server) keepReport(rep *reconcile.Report) string {
	id := hex.EncodeToString(randomBytes(8))
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reports[id] = rep
	s.order = append(s.order, id)
	if len(s.order) > keepReports {
		delete(s.reports, s.order[0])
		s.order = s.order[1:]
	}
	return id
}

func (s *server) fillReport(d *recData, rep *reconcile.Report) {
	d.Report = rep
	for _, c := range reconcile.Categories {
		d.Counts = append(d.Counts, catCount{Category: c, Count: rep.Counts[c]})
	}
	for _, it := range rep.Items {
		row := recRow{Category: it.Category, OrderID: it.OrderID(), Op: string(it.Op()), Time: localTime(it.Time()),
			Key: string(it.Key), Detail: it.Detail}
		if l := it.Local; l != nil {
			row.LocalAmount, row.LocalStatus, row.Masked, row.LocalSource = money(l.Amount, l.Currency), string(l.Status), l.MaskedPAN, string(l.Source)
		}
		if b := it.Bank; b != nil {
			row.BankAmount, row.BankStatus, row.BankTxnID = money(b.Amount, b.Currency), string(b.Status), b.TransactionID
			if row.Masked == "" {
				row.Masked = b.MaskedPAN
			}
		}
		d.Rows = append(d.Rows, row)
	}
}

func (s *server) reconcileApply(w http.ResponseWriter, r *http.Request) {
	d := recData{Terminals: s.terminals(), Terminal: r.PostFormValue("terminal"), Date: r.PostFormValue("date"), Demo: s.demo != nil}
	p := page{Title: "Gün sonu mutabakat / Day-end reconciliation", Nav: "rec"}
	if t, _, err := s.pick(d.Terminal); err == nil {
		d.Chosen = &t
		d.NeedsFile = !t.History
	}
	s.mu.Lock()
	rep := s.reports[r.PostFormValue("report")]
	s.mu.Unlock()
	reason, operator := strings.TrimSpace(r.PostFormValue("reason")), strings.TrimSpace(r.PostFormValue("operator"))
	switch {
	case rep == nil:
		p.Error = "Rapor bulunamadı, mutabakatı yeniden çalıştırın / report not found (the server restarted?): run the reconciliation again"
	case reason == "" || operator == "":
		p.Error = "Gerekçe ve operatör zorunlu / a reason and an operator are required"
		d.ReportID = r.PostFormValue("report")
		s.fillReport(&d, rep)
	default:
		res, err := reconcile.Apply(r.Context(), s.store, rep, reason, operator)
		if err != nil {
			p.Error = err.Error()
		} else {
			d.Applied = fmt.Sprintf("Uygulandı / applied: %d kayıt girildi / entered, %d güncellendi / updated, %d incelemeye işaretlendi / marked for review, %d değişmedi / unchanged",
				res.Entered, res.Updated, res.Noted, res.Unchanged)
		}
	}
	if p.Error != "" && rep == nil {
		w.WriteHeader(http.StatusUnprocessableEntity)
	}
	p.Data = d
	s.render(w, r, "reconcile.html", p)
}

// nestpayExport serves the NestPay fake bank's portal export of a day, so
// that the file upload can be tried in demo mode.
func (s *server) nestpayExport(w http.ResponseWriter, r *http.Request) {
	day, err := time.ParseInLocation(time.DateOnly, r.URL.Query().Get("date"), vpos.Istanbul())
	if err != nil {
		day = s.now()
	}
	from, to := vpos.IstanbulDay(day)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="nestpay-`+from.Format(time.DateOnly)+`.csv"`)
	_, _ = w.Write(s.demo.Nestpay.PortalExport(from, to))
}

// ---- (4) definitions ----

type defRow struct {
	Company, Default string
	POS              terminals.POS
	Client           terminal
	Credentials      []kv
	URLs             []kv
}

type kv struct{ K, V string }

func sortedKV(m map[string]string) []kv {
	var out []kv
	for k, v := range m {
		out = append(out, kv{k, v})
	}
	slices.SortFunc(out, func(a, b kv) int { return strings.Compare(a.K, b.K) })
	return out
}

func (s *server) definitions(w http.ResponseWriter, r *http.Request) {
	var rows []defRow
	ts := s.terminals()
	i := 0
	for _, c := range s.reg.Definitions().Companies { // secrets read "***" or "${NAME}"
		for _, p := range c.POS {
			rows = append(rows, defRow{Company: c.Name, Default: c.DefaultPOS, POS: p, Client: ts[i],
				Credentials: sortedKV(p.Credentials), URLs: sortedKV(p.URLs)})
			i++
		}
	}
	s.render(w, r, "definitions.html", page{Title: "POS tanımları / POS definitions", Nav: "defs", Data: rows})
}
