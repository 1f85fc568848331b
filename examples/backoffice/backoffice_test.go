package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks"
)

// newTestServer builds the back office with the built-in definitions and
// fake banks, a SQLite store in a temp dir, served on 127.0.0.1:0.
func newTestServer(t *testing.T) (*app, *httptest.Server) {
	t.Helper()
	a, err := newApp(context.Background(), filepath.Join(t.TempDir(), "backoffice.db"), "")
	if err != nil {
		t.Fatalf("newApp: %v", err)
	}
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(func() { srv.Close(); a.Close() })
	return a, srv
}

// browserClient is an HTTP client with a cookie jar, like a browser.
func browserClient(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func get(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d, want 200", u, resp.StatusCode)
	}
	return string(b)
}

func post(t *testing.T, c *http.Client, u string, form url.Values) (int, string) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatalf("POST %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`)

func csrfToken(t *testing.T, page string) string {
	t.Helper()
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no CSRF token in the page")
	}
	return m[1]
}

func garantiValue() string { return terminal{Company: "Örnek Ltd.", POS: "garanti-1"}.Value() }
func isbankValue() string  { return terminal{Company: "Demo A.Ş.", POS: "isbank-1"}.Value() }

func expiry() string { return fmt.Sprintf("07/%02d", (time.Now().Year()+5)%100) }

func motoForm(token, term, order, pan, cvv string) url.Values {
	return url.Values{"csrf": {token}, "terminal": {term}, "order_id": {order}, "amount": {"25,00"}, "currency": {"TRY"},
		"installments": {"1"}, "card_number": {pan}, "expiry": {expiry()}, "cvv": {cvv}}
}

func TestCSRFRefused(t *testing.T) {
	a, srv := newTestServer(t)
	c := browserClient(t)
	token := csrfToken(t, get(t, c, srv.URL+"/"))
	approve := "4000009999000006"

	cases := []struct {
		name   string
		client *http.Client
		form   url.Values
	}{
		{"no token", c, motoForm("", garantiValue(), "CSRF-1", approve, "")},
		{"wrong token", c, motoForm(strings.Repeat("0", 64), garantiValue(), "CSRF-2", approve, "")},
		{"token without the session cookie", browserClient(t), motoForm(token, garantiValue(), "CSRF-3", approve, "")},
	}
	for _, tc := range cases {
		code, body := post(t, tc.client, srv.URL+"/moto", tc.form)
		if code != http.StatusForbidden || !strings.Contains(body, "CSRF") {
			t.Errorf("%s: got %d %q, want 403 naming CSRF", tc.name, code, body)
		}
	}
	for _, path := range []string{"/transactions/void", "/transactions/refund", "/reconcile", "/reconcile/apply"} {
		if code, _ := post(t, c, srv.URL+path, url.Values{"order_id": {"X"}}); code != http.StatusForbidden {
			t.Errorf("POST %s without token: got %d, want 403", path, code)
		}
	}
	recs, _, err := a.Store.List(context.Background(), vpos.ListFilter{})
	if err != nil || len(recs) != 0 {
		t.Fatalf("refused posts stored %d records (err %v), want none", len(recs), err)
	}
	// The same form with the token goes through.
	code, body := post(t, c, srv.URL+"/moto", motoForm(token, garantiValue(), "CSRF-4", approve, ""))
	if code != http.StatusOK || !strings.Contains(body, "Onaylandı / Approved") {
		t.Fatalf("with token: got %d, want 200 and an approval; body:\n%s", code, body)
	}
}

func TestMOTORules(t *testing.T) {
	_, srv := newTestServer(t)
	c := browserClient(t)
	token := csrfToken(t, get(t, c, srv.URL+"/"))

	// NestPay declares no MOTO: without a CVV the form is refused before any request.
	code, body := post(t, c, srv.URL+"/moto", motoForm(token, isbankValue(), "NP-1", "4000009999000006", ""))
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "CVV required") {
		t.Errorf("NestPay without CVV: got %d, want 422 saying the CVV is required", code)
	}
	// With the CVV it is a normal sale.
	code, body = post(t, c, srv.URL+"/moto", motoForm(token, isbankValue(), "NP-2", "4000009999000006", "768"))
	if code != http.StatusOK || !strings.Contains(body, "Onaylandı / Approved") || strings.Contains(body, "(MOTO)") {
		t.Errorf("NestPay with CVV: got %d, want an approved normal (non-MOTO) sale", code)
	}
	// A decline shows the normalised reason in Turkish and English.
	code, body = post(t, c, srv.URL+"/moto", motoForm(token, garantiValue(), "GR-51", "4000009999000519", ""))
	if code != http.StatusOK || !strings.Contains(body, "Reddedildi / Declined") || !strings.Contains(body, "Insufficient balance") ||
		!strings.Contains(body, "declined_insufficient_funds") {
		t.Errorf("declined card: got %d, want the insufficient-funds reason; body:\n%s", code, body)
	}
}

func TestDefinitionsHideSecrets(t *testing.T) {
	a, srv := newTestServer(t)
	body := get(t, browserClient(t), srv.URL+"/definitions")
	g, n := a.Demo.Garanti.Credentials(), a.Demo.Nestpay.Credentials()
	for name, secret := range map[string]string{
		"garanti prov password": g.ProvPassword, "garanti refund password": g.RefundPassword,
		"garanti store key": g.StoreKey, "nestpay password": n.Password, "nestpay store key": n.StoreKey,
	} {
		if secret == "" || strings.Contains(body, secret) {
			t.Errorf("the definitions page shows the %s (or it is empty)", name)
		}
	}
	for _, want := range []string{"garanti-1", "isbank-1", g.MerchantID, n.ClientID, "${GARANTI_PROV_PASSWORD}", "${ISBANK_STORE_KEY}", "MOTO"} {
		if !strings.Contains(body, want) {
			t.Errorf("the definitions page lacks %q", want)
		}
	}
}

// ---- browser ----

func findChromium(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium not found: apt-get install chromium (the CI script installs it)")
	return ""
}

// TestBrowserBackOffice drives the back office in headless chromium: a MOTO
// payment on Garanti, the list, a partial refund, and the day-end
// reconciliation with a payment booked at the bank only, applied and run
// again. Each step checks the page text and saves a screenshot.
func TestBrowserBackOffice(t *testing.T) {
	chromium := findChromium(t)
	a, srv := newTestServer(t)
	shots := t.TempDir()
	t.Logf("screenshots in %s", shots)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true),
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	// The first run starts the browser; it must not carry a timeout.
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	ctx, cancel := context.WithTimeout(bctx, 3*time.Minute)
	defer cancel()

	step := 0
	run := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("step %s: %v", name, err)
		}
		step++
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
		if err != nil {
			t.Fatalf("step %s: screenshot: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, fmt.Sprintf("%02d-%s.png", step, name)), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(sel))); err != nil {
			t.Fatalf("wait for %s: %v", sel, err)
		}
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	wantText := func(sel string, wants ...string) {
		t.Helper()
		got := text(sel)
		for _, w := range wants {
			if !strings.Contains(got, w) {
				t.Errorf("%s: got %q, want it to contain %q", sel, got, w)
			}
		}
	}
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	// 1. MOTO collection on Garanti, no CVV.
	run("moto-form",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(css("#pay")),
	)
	order, err := chromedp.Run(ctx, chromedp.Value(css("#order_id")))
	if err != nil || !strings.HasPrefix(order, "BO-") {
		t.Fatalf("order id: %q, %v", order, err)
	}
	run("moto-payment",
		chromedp.SetValue(css("#terminal"), garantiValue()),
		chromedp.SendKeys(css("#amount"), "100,00"),
		chromedp.SendKeys(css("#holder"), "Ayşe Yılmaz"),
		chromedp.SendKeys(css("#card_number"), "4000009999000006"),
		chromedp.SendKeys(css("#expiry"), expiry()),
		chromedp.Click(css("#pay")),
		chromedp.WaitVisible(css("#result")),
	)
	wantText("#result", "Onaylandı / Approved", order, "100,00 TRY", "400000******0006", "(MOTO)")

	// 2. The list shows it.
	sale := fmt.Sprintf(`tr[data-order=%q][data-op="sale"]`, order)
	run("transactions",
		chromedp.Navigate(srv.URL+"/transactions"),
		chromedp.WaitVisible(css("#transactions")),
		chromedp.WaitVisible(css(sale)),
	)
	wantText(sale, "Örnek Ltd.", "garanti-1", "garanti", "sale", "100,00 TRY", "approved", "400000******0006", "moto", "İptal / Void", "İade / Refund")

	// 3. Refund 40,00 of it.
	run("partial-refund",
		chromedp.SendKeys(css(sale+" .refund-amount"), "40,00"),
		chromedp.Click(css(sale+" button.refund")),
		chromedp.WaitVisible(css("#flash")),
	)
	wantText("#flash", "İade / refund onaylandı / approved", order, "40,00 TRY")
	wantText(sale+" .status", "partially_refunded")
	wantText(sale, "iade / refunded 40,00 TRY")
	wantText(fmt.Sprintf(`tr[data-order=%q][data-op="refund"]`, order), "40,00 TRY", "approved")

	// 4. A payment booked at the bank only: another client on the same fake
	// bank, with its own memory store.
	bankOnly := "BANKONLY-" + strings.TrimPrefix(order, "BO-")
	var def banks.Definition
	for _, c := range a.Demo.Config.Companies {
		for _, p := range c.POS {
			if p.Name == "garanti-1" {
				def = p.Definition(c.Name)
			}
		}
	}
	other, err := banks.Open(def, &vpos.Options{Store: vpos.NewMemoryStore()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Sale(ctx, &vpos.SaleRequest{OrderID: bankOnly, Amount: 7550, Currency: vpos.TRY, CustomerIP: "127.0.0.1",
		Card: vpos.Card{Number: "4000009999000006", ExpMonth: 7, ExpYear: time.Now().Year() + 5, CVV: "768"}}); err != nil {
		t.Fatalf("bank-only sale: %v", err)
	}

	// 5. Reconcile today on that POS: one row missing locally.
	run("reconcile",
		chromedp.Navigate(srv.URL+"/reconcile"),
		chromedp.WaitVisible(css("#run-button")),
		chromedp.SetValue(css("#terminal"), garantiValue()),
		chromedp.Click(css("#run-button")),
		chromedp.WaitVisible(css("#summary")),
	)
	wantText("#summary", "1 fark / discrepancies")
	if got := text("#count-missing_locally"); got != "1" {
		t.Errorf("missing locally: got %q, want 1", got)
	}
	if got := text("#count-matched"); got != "2" { // the sale and its refund
		t.Errorf("matched: got %q, want 2", got)
	}
	wantText("#items", "Bizde yok / missing locally", bankOnly, "75,50 TRY")

	// 6. Apply missing, with the operator's reason.
	run("apply",
		chromedp.SendKeys(css("#reason"), "banka kaydı, telefonla onaylandı"),
		chromedp.SendKeys(css("#operator"), "muhasebe"),
		chromedp.Click(css("#apply-button")),
		chromedp.WaitVisible(css("#applied")),
	)
	wantText("#applied", "1 kayıt girildi / entered")

	// 7. Run again: all matched.
	run("reconcile-again",
		chromedp.Click(css("#run-button")),
		chromedp.WaitVisible(css("#summary")),
	)
	wantText("#summary", "Tümü eşleşti / all matched")
	if got := text("#count-missing_locally"); got != "0" {
		t.Errorf("missing locally after apply: got %q, want 0", got)
	}
	if got := text("#count-matched"); got != "3" {
		t.Errorf("matched after apply: got %q, want 3", got)
	}

	// 8. The entered payment is in the list, marked as coming from reconciliation.
	entered := fmt.Sprintf(`tr[data-order=%q]`, bankOnly)
	run("transactions-after-apply",
		chromedp.Navigate(srv.URL+"/transactions"),
		chromedp.WaitVisible(css(entered)),
	)
	wantText(entered, "75,50 TRY", "approved", "reconcile")
}
