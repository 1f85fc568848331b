package main

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/terminals"
	"github.com/sanalpos/vpos/vpostest"
)

// shop is the example served in-process on 127.0.0.1:0 against the fakes.
type shop struct {
	srv *server
	ts  *httptest.Server
}

func startShop(t *testing.T) *shop {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	srv, closeShop, err := newShop(ctx, filepath.Join(t.TempDir(), "checkout.db"), "", testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { ts.Close(); closeShop(); cancel() })
	return &shop{srv: srv, ts: ts}
}

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// status returns the stored status of an order's sale.
func (s *shop) status(t *testing.T, company, pos, order string) vpos.TxStatus {
	t.Helper()
	c, err := s.srv.reg.Client(company, pos)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := c.Store().FindOrder(context.Background(), company, pos, order)
	if err != nil || len(recs) == 0 {
		t.Fatalf("FindOrder(%s): %v records, err %v", order, len(recs), err)
	}
	return recs[len(recs)-1].Status
}

// ---- Browser tests (chromedp + Debian's chromium) ----

func findChromium(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	t.Skip("chromium not found: apt-get install chromium (the CI script installs it)")
	return ""
}

// newBrowser starts a headless chromium whose requests carry
// Accept-Language lang, with a 60s budget for the whole test.
func newBrowser(t *testing.T, lang string) context.Context {
	t.Helper()
	path := findChromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1000, 1200),
	}
	ctx, cancelTimeout := context.WithTimeout(context.Background(), 60*time.Second)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc(); cancelTimeout() })
	err := chromedp.Do(bctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, network.SetExtraHTTPHeaders,
			network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": lang}})
		return err
	}))
	if err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return bctx
}

// screenshot saves the page as dir/name.png and logs the path.
func screenshot(t *testing.T, dir, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		buf, err := chromedp.FullScreenshot(100)(ctx, tg)
		if err != nil {
			return err
		}
		p := filepath.Join(dir, name+".png")
		if err := os.WriteFile(p, buf, 0o644); err != nil {
			return err
		}
		t.Logf("screenshot: %s", p)
		return nil
	})
}

// approveButton is the fake bank's ACS button "Onayla / Approve".
const approveButton = chromedp.Search(`//button[contains(., "Onayla")]`)

// payInBrowser plays the shopper: opens the order page of company, types
// the card, submits, presses "Onayla / Approve" on the fake bank's 3-D
// Secure page and returns the result page's text and order id.
func payInBrowser(t *testing.T, ctx context.Context, s *shop, company string, card vpos.Card) (text, orderID string) {
	t.Helper()
	dir := t.TempDir()
	if d := os.Getenv("CHECKOUT_SCREENSHOTS"); d != "" { // keep them, e.g. as CI artifacts
		dir = filepath.Join(d, t.Name())
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(s.ts.URL+"/?company="+url.QueryEscape(company)),
		chromedp.WaitVisible(chromedp.ID("pay")),
		chromedp.SendKeys(chromedp.ID("holder"), card.Holder),
		chromedp.SendKeys(chromedp.ID("pan"), card.Number),
		chromedp.SendKeys(chromedp.ID("exp_month"), strconv.Itoa(card.ExpMonth)),
		chromedp.SendKeys(chromedp.ID("exp_year"), strconv.Itoa(card.ExpYear)),
		chromedp.SendKeys(chromedp.ID("cvv"), card.CVV),
		screenshot(t, dir, "1-order-form"),
		chromedp.Click(chromedp.ID("pay")),
		// Our page posts itself to the bank's gate, which shows the ACS page.
		chromedp.WaitVisible(approveButton),
		screenshot(t, dir, "2-acs-page"),
		chromedp.Click(approveButton),
		// The bank posts the browser back to /3d/callback.
		chromedp.WaitVisible(chromedp.ID("outcome")),
		screenshot(t, dir, "3-result"),
	)
	if err == nil {
		text, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
	}
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	return text, regexp.MustCompile(`SIP-\d{8}-[0-9A-F]{16}`).FindString(text)
}

func cards(t *testing.T, s *shop, bank string) vpostest.Cards {
	t.Helper()
	c, ok := s.srv.fakes.cards(bank)
	if !ok {
		t.Fatalf("no fake for %s", bank)
	}
	return c
}

func TestBrowser3DSecureApproved(t *testing.T) {
	ctx := newBrowser(t, "tr-TR,tr;q=0.9")
	s := startShop(t)
	text, order := payInBrowser(t, ctx, s, "ACME", cards(t, s, "isbank").ThreeD)
	if !strings.Contains(text, "Ödemeniz onaylandı") || order == "" {
		t.Fatalf("result page = %q, want the approval text and an order id", text)
	}
	if !strings.Contains(text, "Provizyon kodu") || !strings.Contains(text, "400000******") {
		t.Errorf("result page = %q, want the auth code and the masked card", text)
	}
	if got := s.status(t, "ACME", "isbank-1", order); got != vpos.StatusApproved {
		t.Errorf("stored status of %s = %s, want approved", order, got)
	}
}

func TestBrowserDeclinedTurkish(t *testing.T) {
	ctx := newBrowser(t, "tr-TR,tr;q=0.9,en;q=0.8")
	s := startShop(t)
	text, order := payInBrowser(t, ctx, s, "Beta", cards(t, s, "garanti").InsufficientFunds)
	want := returncodes.InsufficientFunds.Message("tr")
	if !strings.Contains(text, "Ödemeniz onaylanmadı") || !strings.Contains(text, want) {
		t.Fatalf("result page = %q, want the decline and reason %q", text, want)
	}
	if got := s.status(t, "Beta", "garanti-1", order); got != vpos.StatusDeclined {
		t.Errorf("stored status of %s = %s, want declined", order, got)
	}
}

func TestBrowserDeclinedEnglish(t *testing.T) {
	ctx := newBrowser(t, "en-US,en;q=0.9")
	s := startShop(t)
	text, _ := payInBrowser(t, ctx, s, "ACME", cards(t, s, "isbank").InsufficientFunds)
	want := returncodes.InsufficientFunds.Message("en")
	if !strings.Contains(text, "Your payment was not approved") || !strings.Contains(text, want) {
		t.Fatalf("result page = %q, want the English decline and reason %q", text, want)
	}
}

// ---- Handler tests without a browser ----

// httpShopper is a shopper with a cookie jar that follows the
// auto-submitting and ACS forms itself.
type httpShopper struct {
	t    *testing.T
	c    *http.Client
	lang string
}

func newShopper(t *testing.T, lang string) *httpShopper {
	jar, _ := cookiejar.New(nil)
	return &httpShopper{t: t, c: &http.Client{Jar: jar, Timeout: 20 * time.Second}, lang: lang}
}

func (h *httpShopper) do(method, u string, form url.Values) (int, string) {
	h.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		h.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept-Language", h.lang)
	resp, err := h.c.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

var (
	formRe  = regexp.MustCompile(`(?s)<form[^>]*action="([^"]*)"[^>]*>(.*?)</form>`)
	inputRe = regexp.MustCompile(`<input[^>]*>`)
	attrRe  = regexp.MustCompile(`(name|value)="([^"]*)"`)
)

type htmlForm struct {
	action string
	fields url.Values
}

func forms(page string) []htmlForm {
	var out []htmlForm
	for _, m := range formRe.FindAllStringSubmatch(page, -1) {
		f := htmlForm{action: html.UnescapeString(m[1]), fields: url.Values{}}
		for _, in := range inputRe.FindAllString(m[2], -1) {
			var name, value string
			for _, a := range attrRe.FindAllStringSubmatch(in, -1) {
				if a[1] == "name" {
					name = html.UnescapeString(a[2])
				} else {
					value = html.UnescapeString(a[2])
				}
			}
			if name != "" {
				f.fields.Add(name, value)
			}
		}
		out = append(out, f)
	}
	return out
}

// csrf opens the order page and returns the form's token.
func (h *httpShopper) csrf(base string) string {
	h.t.Helper()
	_, page := h.do("GET", base+"/", nil)
	for _, f := range forms(page) {
		if tok := f.fields.Get("csrf"); tok != "" {
			return tok
		}
	}
	h.t.Fatalf("no CSRF token on the order page")
	return ""
}

func cardForm(tok, company string, c vpos.Card) url.Values {
	return url.Values{"csrf": {tok}, "kind": {"order"}, "company": {company}, "installments": {"1"},
		"pan": {c.Number}, "exp_month": {strconv.Itoa(c.ExpMonth)}, "exp_year": {strconv.Itoa(c.ExpYear)}, "cvv": {c.CVV}}
}

// pay3D submits the card and answers the ACS page with "success"; it
// returns the result page and the callback form the bank posted.
func (h *httpShopper) pay3D(base, company string, c vpos.Card) (string, htmlForm) {
	h.t.Helper()
	_, page := h.do("POST", base+"/pay", cardForm(h.csrf(base), company, c))
	gate := forms(page)
	if len(gate) != 1 {
		h.t.Fatalf("want one auto-submitting form, got %d in %q", len(gate), page)
	}
	_, page = h.do("POST", gate[0].action, gate[0].fields)
	var acs *htmlForm
	for _, f := range forms(page) {
		if f.fields.Get(vpostest.ACSOutcomeField) == string(vpostest.ACSSuccess) {
			acs = &f
		}
	}
	if acs == nil {
		h.t.Fatalf("no ACS approve form in %q", page)
	}
	_, page = h.do("POST", acs.action, acs.fields)
	cb := forms(page)
	if len(cb) != 1 || !strings.HasPrefix(cb[0].action, base+"/3d/callback?") {
		h.t.Fatalf("want the bank's callback form to %s/3d/callback, got %q", base, page)
	}
	code, result := h.do("POST", cb[0].action, cb[0].fields)
	if code != http.StatusOK {
		h.t.Fatalf("callback: status %d, %q", code, result)
	}
	return result, cb[0]
}

func TestCSRFRefused(t *testing.T) {
	s := startShop(t)
	card := cards(t, s, "isbank").Approve
	for name, tok := range map[string]string{"missing": "", "wrong": strings.Repeat("x", 43)} {
		t.Run(name, func(t *testing.T) {
			h := newShopper(t, "tr")
			h.csrf(s.ts.URL) // the cookie is set, the form field is not the cookie's
			code, body := h.do("POST", s.ts.URL+"/pay", cardForm(tok, "ACME", card))
			if code != http.StatusForbidden || !strings.Contains(body, "CSRF") {
				t.Errorf("POST /pay with a %s token: %d %q, want 403 naming CSRF", name, code, body)
			}
		})
	}
	t.Run("no cookie", func(t *testing.T) {
		h := newShopper(t, "tr")
		tok := h.csrf(s.ts.URL)
		other := newShopper(t, "tr") // another browser replays the token without the cookie
		if code, _ := other.do("POST", s.ts.URL+"/pay", cardForm(tok, "ACME", card)); code != http.StatusForbidden {
			t.Errorf("POST /pay without the cookie: %d, want 403", code)
		}
	})
}

func TestReplayedCallbackShowsSameResult(t *testing.T) {
	s := startShop(t)
	for _, tc := range []struct {
		company, bank, want string
		card                func(vpostest.Cards) vpos.Card
	}{
		{"ACME", "isbank", "Ödemeniz onaylandı", func(c vpostest.Cards) vpos.Card { return c.ThreeD }},
		{"Beta", "garanti", returncodes.InsufficientFunds.Message("tr"), func(c vpostest.Cards) vpos.Card { return c.InsufficientFunds }},
	} {
		t.Run(tc.company, func(t *testing.T) {
			h := newShopper(t, "tr")
			first, cb := h.pay3D(s.ts.URL, tc.company, tc.card(cards(t, s, tc.bank)))
			order := regexp.MustCompile(`SIP-\d{8}-[0-9A-F]{16}`).FindString(first)
			if !strings.Contains(first, tc.want) || order == "" {
				t.Fatalf("first result = %q, want %q and an order id", first, tc.want)
			}
			code, again := h.do("POST", cb.action, cb.fields) // a refresh of the result page
			if code != http.StatusOK || !strings.Contains(again, tc.want) || !strings.Contains(again, order) {
				t.Fatalf("replayed callback: %d %q, want the same result for %s", code, again, order)
			}
			if !strings.Contains(again, "tekrar çekim yapılmadı") {
				t.Errorf("replayed callback page does not say it is a replay: %q", again)
			}
		})
	}
}

func TestCallbackRefusals(t *testing.T) {
	s := startShop(t)
	h := newShopper(t, "en")
	_, cb := h.pay3D(s.ts.URL, "ACME", cards(t, s, "isbank").ThreeD)
	t.Run("unknown POS", func(t *testing.T) {
		code, body := h.do("POST", s.ts.URL+"/3d/callback?company=ACME&pos=nope", cb.fields)
		if code != http.StatusBadRequest || !strings.Contains(body, "not valid") {
			t.Errorf("callback for an unknown POS: %d %q, want 400", code, body)
		}
	})
	t.Run("other company's POS", func(t *testing.T) {
		// The Beta client has no such pending order: Complete3D refuses it.
		code, body := h.do("POST", s.ts.URL+"/3d/callback?company=Beta&pos=garanti-1", cb.fields)
		if code != http.StatusOK || !strings.Contains(body, "not approved") {
			t.Errorf("callback posted to another POS: %d %q, want a refusal", code, body)
		}
	})
	t.Run("tampered", func(t *testing.T) {
		f := url.Values{}
		for k, v := range cb.fields {
			f[k] = v
		}
		f.Set("amount", "1.00")
		code, body := h.do("POST", cb.action, f)
		if code != http.StatusOK || !strings.Contains(body, "not approved") {
			t.Errorf("tampered callback: %d %q, want a refusal", code, body)
		}
	})
}

func TestRegularSale(t *testing.T) {
	fakes := startFakeBanks()
	t.Cleanup(fakes.Close)
	defs := strings.Replace(string(fakeDefinitions), "mode: 3d\n", "mode: regular\n", 1) // ACME's POS
	cfg, err := terminals.Parse([]byte(defs), fakes.env)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := terminals.New(cfg, &terminals.Options{Base: &vpos.Options{Store: vpos.NewMemoryStore()}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(newServer(reg, fakes, testLogger(t)))
	t.Cleanup(ts.Close)
	c := fakes.nestpay.Cards()
	for _, tc := range []struct {
		name, lang string
		card       vpos.Card
		want       []string
	}{
		{"approved", "tr", c.Approve, []string{"Ödemeniz onaylandı", "Provizyon kodu", "1.250,00 TL"}},
		{"declined en", "en", c.InsufficientFunds, []string{"Your payment was not approved", returncodes.InsufficientFunds.Message("en")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newShopper(t, tc.lang)
			// One POST: the sale, then the redirect to /result (no 3-D Secure form).
			code, body := h.do("POST", ts.URL+"/pay", cardForm(h.csrf(ts.URL), "ACME", tc.card))
			for _, w := range tc.want {
				if code != http.StatusOK || !strings.Contains(body, w) {
					t.Fatalf("regular sale: %d %q, want %q", code, body, w)
				}
			}
		})
	}
}

func TestInvalidCardShowsForm(t *testing.T) {
	s := startShop(t)
	h := newShopper(t, "tr")
	f := cardForm(h.csrf(s.ts.URL), "ACME", cards(t, s, "isbank").Approve)
	f.Set("pan", "4000009999000001") // fails the Luhn check
	code, body := h.do("POST", s.ts.URL+"/pay", f)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "kart numarası") || !strings.Contains(body, `id="pay-form"`) {
		t.Errorf("invalid card: %d %q, want the form again naming the card number", code, body)
	}
	if strings.Contains(body, "4000009999000001") {
		t.Errorf("the refused card number is echoed in the page")
	}
}

func TestLanguage(t *testing.T) {
	for header, want := range map[string]string{
		"": "tr", "tr-TR,tr;q=0.9": "tr", "en-US,en;q=0.9": "en", "de-DE,en;q=0.5": "en", "fr": "tr", "en-GB,tr;q=0.8": "en",
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Language", header)
		if got := language(r); got != want {
			t.Errorf("language(%q) = %s, want %s", header, got, want)
		}
	}
}

func TestPayBalance(t *testing.T) {
	s := startShop(t)
	h := newShopper(t, "tr")
	f := cardForm(h.csrf(s.ts.URL), "Beta", cards(t, s, "garanti").ThreeD)
	f.Set("kind", "balance")
	f.Set("amount", "150,75")
	f.Set("installments", "3")
	_, page := h.do("POST", s.ts.URL+"/pay", f)
	gate := forms(page)
	if len(gate) != 1 || !strings.Contains(gate[0].fields.Get("txnamount"), "15075") {
		t.Fatalf("balance payment: want the gate form for 150.75 TRY, got %q", page)
	}
	f.Set("amount", "1.250,00") // thousands separators are ambiguous: refused
	if code, body := h.do("POST", s.ts.URL+"/pay", f); code != http.StatusUnprocessableEntity || !strings.Contains(body, "Tutar geçersiz") {
		t.Errorf("bad amount: %d %q, want the form with an error", code, body)
	}
}
