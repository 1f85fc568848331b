package main

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/terminals"
	"github.com/sanalpos/vpos/threed"
)

//go:embed templates/*.html
var templateFS embed.FS

// csrfCookie holds the per-browser CSRF token; every form repeats it in
// the hidden field "csrf".
const csrfCookie = "checkout_csrf"

// cart is the demo order of the "complete order" page. A real shop takes
// it from its basket; the amount is never taken from the browser.
var cart = []cartItem{
	{Name: "Kablosuz kulaklık", Qty: 1, Price: 89990},
	{Name: "Telefon kılıfı", Qty: 2, Price: 17505},
}

// balanceDue is the demo open balance of the "pay balance" page; the
// customer may pay part of it.
const balanceDue vpos.Amount = 342050

// installmentChoices are the installment counts offered (1: single payment).
var installmentChoices = []int{1, 2, 3, 6, 9, 12}

type cartItem struct {
	Name  string
	Qty   int
	Price vpos.Amount
}

// server is the shop: its pages, the payment route and the 3-D Secure
// callback. It holds no card data: the card goes from the form to the
// library and is forgotten.
type server struct {
	reg       *terminals.Registry
	fakes     *fakeBanks // nil with real banks
	log       *slog.Logger
	mux       *http.ServeMux
	pages     map[string]*template.Template
	publicURL string // base URL for the callback; empty: from the request
}

func newServer(reg *terminals.Registry, fakes *fakeBanks, log *slog.Logger) *server {
	s := &server{reg: reg, fakes: fakes, log: log, mux: http.NewServeMux(), pages: map[string]*template.Template{}}
	for _, p := range []string{"order", "balance", "result"} {
		s.pages[p] = template.Must(template.New("layout.html").Funcs(template.FuncMap{
			"money": formatMoney,
		}).ParseFS(templateFS, "templates/layout.html", "templates/"+p+".html"))
	}
	s.mux.HandleFunc("GET /{$}", s.orderPage)
	s.mux.HandleFunc("GET /balance", s.balancePage)
	s.mux.HandleFunc("POST /pay", s.pay)
	s.mux.HandleFunc("GET /result", s.storedResult)
	s.mux.HandleFunc("/3d/callback", s.callback)
	return s
}

// ServeHTTP serves the shop with security headers on every page.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	s.mux.ServeHTTP(w, r)
}

// pageData is what every template gets.
type pageData struct {
	T         map[string]string // texts in the page's language
	Lang      string
	Nonce     string // CSP nonce of the page's <style>
	CSRF      string
	Kind      string // "order" or "balance"
	Companies []string
	Company   string
	POS       string
	Bank      string
	Mode      string
	Cart      []cartItem
	Total     vpos.Amount
	Amount    string // balance page: amount field
	Balance   vpos.Amount
	Inst      []int
	Error     string
	Cards     []testCard // fake mode only
	Result    *resultView
}

// testCard is one fake-bank card shown as a helper on the payment page.
type testCard struct{ What, Number, Expiry, CVV string }

// resultView is the result page.
type resultView struct {
	Approved, Unknown bool
	OrderID, Amount   string
	MaskedPAN, Auth   string
	Installments      int
	Reason, BankCode  string
	Replay            bool
	Company, POS      string
}

func (s *server) orderPage(w http.ResponseWriter, r *http.Request)   { s.form(w, r, "order", "", "") }
func (s *server) balancePage(w http.ResponseWriter, r *http.Request) { s.form(w, r, "balance", "", "") }

// form renders the order or balance page, with an error message after a
// refused submission.
func (s *server) form(w http.ResponseWriter, r *http.Request, kind, amount, msg string) {
	d := s.data(r)
	d.CSRF = csrfToken(w, r)
	d.Kind, d.Cart, d.Total, d.Balance, d.Inst, d.Error = kind, cart, cartTotal(), balanceDue, installmentChoices, msg
	d.Amount = amount
	if kind == "balance" && amount == "" {
		d.Amount = balanceDue.Decimal(vpos.TRY)
		if d.Lang == "tr" {
			d.Amount = strings.Replace(d.Amount, ".", ",", 1)
		}
	}
	d.Companies = s.reg.Companies()
	d.Company = r.FormValue("company")
	if d.Company == "" && len(d.Companies) > 0 {
		d.Company = d.Companies[0]
	}
	if ch, err := s.pick(d.Company); err == nil {
		d.Company, d.POS, d.Bank, d.Mode = ch.company, ch.pos, ch.bank, ch.mode
		d.Cards = s.testCards(ch.bank)
	} else if d.Error == "" {
		d.Error = err.Error()
	}
	status := http.StatusOK
	if msg != "" {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, kind, d, status)
}

// data starts a page: language, texts and the CSP nonce.
func (s *server) data(r *http.Request) *pageData {
	lang := language(r)
	return &pageData{T: texts[lang], Lang: lang, Nonce: randomToken(16)}
}

// csrfToken returns the browser's CSRF token, setting the cookie on the
// first visit. Only the form pages call it: the result page is reached by
// the bank's cross-site POST, which carries no SameSite=Lax cookie, and
// must not replace the shopper's token.
func csrfToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	tok := randomToken(32)
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: tok, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	return tok
}

// render writes a page; nothing but a 500 is sent when it fails to render.
func (s *server) render(w http.ResponseWriter, page string, d *pageData, status int) {
	var buf bytes.Buffer
	if err := s.pages[page].Execute(&buf, d); err != nil {
		s.log.Error("checkout: rendering page", "page", page, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'nonce-"+d.Nonce+"'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// choice is the POS a company's payment goes through.
type choice struct {
	client                   *vpos.Client
	company, pos, bank, mode string // as the definitions spell them
}

// pick chooses the company's POS for TRY payments with Registry.Default
// and finds its definition (the callback URL names the company and POS).
func (s *server) pick(company string) (choice, error) {
	client, err := s.reg.Default(company, vpos.TRY)
	if err != nil {
		return choice{}, err
	}
	for _, c := range s.reg.Definitions().Companies {
		if !strings.EqualFold(c.Name, company) {
			continue
		}
		for _, p := range c.POS {
			if pc, err := s.reg.Client(c.Name, p.Name); err == nil && pc == client {
				return choice{client: client, company: c.Name, pos: p.Name, bank: p.Bank, mode: string(p.Mode)}, nil
			}
		}
	}
	return choice{}, fmt.Errorf("checkout: no POS of %s found for TRY", company)
}

func (s *server) testCards(bank string) []testCard {
	if s.fakes == nil {
		return nil
	}
	cards, ok := s.fakes.cards(bank)
	if !ok {
		return nil
	}
	var out []testCard
	for _, c := range []struct {
		what string
		card vpos.Card
	}{{"approve", cards.Approve}, {"insufficient", cards.InsufficientFunds}, {"threed", cards.ThreeD}} {
		out = append(out, testCard{What: c.what, Number: c.card.Number,
			Expiry: fmt.Sprintf("%02d/%d", c.card.ExpMonth, c.card.ExpYear), CVV: c.card.CVV})
	}
	return out
}

// pay takes the submitted form: 3-D Secure POS send the browser to the
// bank, regular POS sell at once.
func (s *server) pay(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	c, err := r.Cookie(csrfCookie)
	if err != nil || len(c.Value) < 32 || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostForm.Get("csrf"))) != 1 {
		http.Error(w, "CSRF token missing or wrong: reload the page and try again", http.StatusForbidden)
		return
	}
	kind := r.PostForm.Get("kind")
	if kind != "order" && kind != "balance" {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	lang := language(r)
	refuse := func(msg string) { s.form(w, r, kind, r.PostForm.Get("amount"), msg) }

	ch, err := s.pick(r.PostForm.Get("company"))
	if err != nil {
		refuse(err.Error())
		return
	}
	client, company, pos := ch.client, ch.company, ch.pos
	amount := cartTotal()
	if kind == "balance" {
		if amount, err = vpos.ParseAmount(r.PostForm.Get("amount"), vpos.TRY); err != nil {
			refuse(texts[lang]["bad_amount"])
			return
		}
	}
	inst, _ := strconv.Atoi(r.PostForm.Get("installments"))
	month, _ := strconv.Atoi(r.PostForm.Get("exp_month"))
	year, _ := strconv.Atoi(r.PostForm.Get("exp_year"))
	card := vpos.Card{Number: r.PostForm.Get("pan"), ExpMonth: month, ExpYear: year,
		CVV: r.PostForm.Get("cvv"), Holder: r.PostForm.Get("holder")}
	ip := clientIP(r)
	orderID := newOrderID()
	desc := "Sipariş"
	if kind == "balance" {
		desc = "Bakiye ödemesi"
	}

	if len(client.Features().ThreeD) > 0 {
		// 3-D Secure: the callback URL names the company and POS, so the
		// callback finds the Client that started the payment.
		cb := s.baseURL(r) + "/3d/callback?" + url.Values{"company": {company}, "pos": {pos}}.Encode()
		form, err := client.Begin3D(r.Context(), &vpos.ThreeDRequest{
			OrderID: orderID, Amount: amount, Currency: vpos.TRY, Installments: inst, Card: card,
			OkURL: cb, FailURL: cb, CustomerIP: ip, Description: desc, Lang: lang,
		})
		if err != nil {
			s.log.Warn("checkout: 3-D Secure not started", "company", company, "pos", pos, "order_id", orderID, "err", err)
			refuse(userError(err, lang))
			return
		}
		s.log.Info("checkout: 3-D Secure started", "company", company, "pos", pos, "order_id", orderID)
		form.ServeHTTP(w, r) // the auto-submitting page to the bank's gate
		return
	}

	// Regular POS: sell now, then redirect to the result page, so that a
	// refresh shows the result again instead of charging again.
	_, err = client.Sale(r.Context(), &vpos.SaleRequest{
		OrderID: orderID, Amount: amount, Currency: vpos.TRY, Installments: inst, Card: card,
		CustomerIP: ip, Description: desc,
	})
	var ve *vpos.Error
	if errors.As(err, &ve) && ve.Code == vpos.InvalidRequest {
		refuse(userError(err, lang)) // refused before any request: nothing stored
		return
	}
	s.log.Info("checkout: sale", "company", company, "pos", pos, "order_id", orderID, "approved", err == nil)
	http.Redirect(w, r, "/result?"+url.Values{"company": {company}, "pos": {pos}, "order": {orderID}}.Encode(), http.StatusSeeOther)
}

// callback is the bank's 3-D Secure callback: the company and POS in its
// query choose the Client (only POS of the registry are accepted), whose
// Complete3D verifies the bank's signature, binds the callback to the
// payment it started, provisions and stores the outcome. A callback
// delivered again (a refresh) shows the stored outcome.
func (s *server) callback(w http.ResponseWriter, r *http.Request) {
	company, pos := r.URL.Query().Get("company"), r.URL.Query().Get("pos")
	client, err := s.reg.Client(company, pos)
	if err != nil {
		s.showResult(w, r, &resultView{Reason: texts[language(r)]["bad_callback"]}, http.StatusBadRequest)
		return
	}
	h := &threed.Handler[*vpos.Result]{
		Complete: client.Complete3D,
		OnDone: func(w http.ResponseWriter, r *http.Request, res *vpos.Result, err error) {
			lang := language(r)
			var bad *threed.CallbackError
			if errors.As(err, &bad) {
				s.showResult(w, r, &resultView{Reason: texts[lang]["bad_callback"]}, bad.Status)
				return
			}
			v := viewOf(res, err, lang)
			v.Company, v.POS = company, pos
			s.log.Info("checkout: 3-D Secure completed", "company", company, "pos", pos, "order_id", v.OrderID,
				"approved", v.Approved, "replay", v.Replay)
			s.showResult(w, r, v, http.StatusOK)
		},
		// A shopper closing the tab must not cancel a provision under way.
		DetachContext: true,
	}
	h.ServeHTTP(w, r)
}

// storedResult shows the stored outcome of a regular (non-3D) sale.
func (s *server) storedResult(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	lang := language(r)
	company, pos, order := q.Get("company"), q.Get("pos"), q.Get("order")
	client, err := s.reg.Client(company, pos)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	recs, err := client.Store().FindOrder(r.Context(), company, pos, order)
	var sale *vpos.Transaction
	for _, t := range recs {
		if t.Op == vpos.OpSale {
			sale = t
		}
	}
	if err != nil || sale == nil {
		http.NotFound(w, r)
		return
	}
	v := &resultView{
		Approved: sale.Status == vpos.StatusApproved, Unknown: !sale.Status.Final(),
		OrderID: sale.OrderID, Amount: formatMoney(sale.Amount, lang), MaskedPAN: sale.MaskedPAN,
		Auth: sale.AuthCode, Installments: sale.Installments, BankCode: sale.BankCode,
		Company: company, POS: pos,
	}
	v.Reason = reason(sale.Return, v.Unknown, lang)
	s.showResult(w, r, v, http.StatusOK)
}

func (s *server) showResult(w http.ResponseWriter, r *http.Request, v *resultView, status int) {
	d := s.data(r)
	d.Result, d.Company = v, v.Company
	s.render(w, "result", d, status)
}

// viewOf turns Complete3D's answer into the result page.
func viewOf(res *vpos.Result, err error, lang string) *resultView {
	v := &resultView{Approved: err == nil && res != nil}
	var ve *vpos.Error
	errors.As(err, &ve)
	if res != nil {
		v.OrderID, v.Amount, v.MaskedPAN, v.Auth = res.OrderID, formatMoney(res.Amount, lang), res.MaskedPAN, res.AuthCode
		v.Installments, v.BankCode, v.Replay = res.Installments, res.BankCode, res.Replay
	} else if ve != nil {
		v.OrderID, v.BankCode = ve.OrderID, ve.BankCode
	}
	if v.Approved {
		return v
	}
	code := returncodes.Code("")
	if ve != nil {
		code = ve.Return
		v.Unknown = ve.Code == vpos.UnknownOutcome
	}
	if code == "" && res != nil {
		code = res.Return
	}
	if !v.Unknown && ve != nil && ve.Code == vpos.InvalidCallback && code == "" {
		v.Reason = texts[lang]["bad_callback"]
		return v
	}
	v.Reason = reason(code, v.Unknown, lang)
	return v
}

// reason is the cardholder text of a decline: the normalised return code's
// message in the shopper's language.
func reason(code returncodes.Code, unknown bool, lang string) string {
	if unknown {
		return returncodes.TimeoutUnknown.Message(lang)
	}
	if code == "" {
		code = returncodes.SystemError
	}
	return code.Message(lang)
}

// userError is the message of a payment refused before it reached the bank
// (a mistyped card number, an installment count the POS does not offer).
func userError(err error, lang string) string {
	var ve *vpos.Error
	if errors.As(err, &ve) && ve.Code == vpos.InvalidRequest {
		field := ve.Field
		if t, ok := texts[lang]["field_"+field]; ok {
			field = t
		}
		return texts[lang]["invalid"] + ": " + field + " (" + ve.Msg + ")"
	}
	return texts[lang]["failed_start"]
}

// baseURL is the shop's URL as the shopper's browser reaches it.
func (s *server) baseURL(r *http.Request) string {
	if s.publicURL != "" {
		return strings.TrimSuffix(s.publicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// language picks Turkish or English from Accept-Language: the first tr or
// en tag listed wins (browsers list them by preference); Turkish otherwise.
func language(r *http.Request) string {
	for part := range strings.SplitSeq(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(part, ";")
		tag = strings.ToLower(strings.TrimSpace(tag))
		switch {
		case tag == "tr" || strings.HasPrefix(tag, "tr-"):
			return "tr"
		case tag == "en" || strings.HasPrefix(tag, "en-"):
			return "en"
		}
	}
	return "tr"
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil || net.ParseIP(host) == nil {
		return ""
	}
	return host
}

// newOrderID makes a unique order id: date and 64 random bits.
func newOrderID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return "SIP-" + time.Now().Format("20060102") + "-" + strings.ToUpper(hex.EncodeToString(b))
}

func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func cartTotal() vpos.Amount {
	var t vpos.Amount
	for _, i := range cart {
		t += i.Price * vpos.Amount(i.Qty)
	}
	return t
}

// formatMoney writes a TRY amount as "1.250,00 TL" (tr) or "TRY 1,250.00" (en).
func formatMoney(a vpos.Amount, lang string) string {
	s := a.Decimal(vpos.TRY)
	whole, frac, _ := strings.Cut(s, ".")
	sep, dec := ".", ","
	if lang == "en" {
		sep, dec = ",", "."
	}
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	if lang == "en" {
		return "TRY " + b.String() + dec + frac
	}
	return b.String() + dec + frac + " TL"
}
