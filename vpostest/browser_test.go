package vpostest_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

const messyPage = `<!DOCTYPE html>
<HTML><head><title>Test &amp; page</title>
<script>if (a < b && c > d) { document.write("<form action='/evil'>"); }</script>
<style>form { color: red }</style>
</head><body>
<!-- <form action="/commented"><input name="x" value="y"></form> -->
<FORM Action="pay?x=1" METHOD=post id=f1>
<input type=hidden name=unquoted value=abc123>
<INPUT TYPE="HIDDEN" NAME="quoted" VALUE="a &amp; b &lt;c&gt; &#351;">
<input name='single' value='it"s'>
<input type="text" name="empty">
<input type="checkbox" name="cb1" checked>
<input type="checkbox" name="cb2" value="no">
<input type="radio" name="r" value="1"><input type="radio" name="r" value="2" checked>
<input type="submit" name="go" value="Öde">
<input type="submit" name="other" value="x">
<input type="image" name="img"><input type="file" name="f"><input type="reset" name="rs">
<input type="hidden" name="dis" value="1" disabled>
<input type="hidden" name="multi" value="1"><input type="hidden" name="multi" value="2">
<input type="hidden" value="noname">
<textarea name="ta">line1
&lt;line2&gt;</TEXTAREA>
<select name="s1"><option value="a">A<option value="b" selected>B</select>
<select name="s2"><option>First  one</option><option>Second</option></select>
<select name="s3" multiple><option value="x" selected><option value="y"><option value="z" selected></select>
<p>a < b</p>
<form action="/nested"><input name="inner" value="1">
</form>
<form action="https://other.example/cb"><input name="q" value="1"><button name="btn" value="v">Go</button><button name="btn2">No</button></form>
<form><input name="self" value="1"/></form>
<form method="dialog" action="/x"><input name=a value=b></form>
<input name="outside" value="1">
<form action="/last" method="post"><input name="unclosed" value="1">`

func TestParseForms(t *testing.T) {
	base, _ := url.Parse("http://bank.test/path/page?s=1")
	forms, err := vpostest.ParseForms(base, []byte(messyPage))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		action, method string
		fields         url.Values
	}{
		{"http://bank.test/path/pay?x=1", "POST", url.Values{
			"unquoted": {"abc123"},
			"quoted":   {"a & b <c> ş"},
			"single":   {`it"s`},
			"empty":    {""},
			"cb1":      {"on"},
			"r":        {"2"},
			"go":       {"Öde"},
			"multi":    {"1", "2"},
			"ta":       {"line1\n<line2>"},
			"s1":       {"b"},
			"s2":       {"First one"},
			"s3":       {"x", "z"},
			"inner":    {"1"}, // a nested <form> tag is ignored, as in HTML
		}},
		{"https://other.example/cb", "GET", url.Values{"q": {"1"}, "btn": {"v"}}},
		{"http://bank.test/path/page?s=1", "GET", url.Values{"self": {"1"}}},
		{"http://bank.test/x", "GET", url.Values{"a": {"b"}}},
		{"http://bank.test/last", "POST", url.Values{"unclosed": {"1"}}},
	}
	if len(forms) != len(want) {
		for _, f := range forms {
			t.Logf("form %s %s %v", f.Method, f.Action, f.Fields)
		}
		t.Fatalf("got %d forms, want %d", len(forms), len(want))
	}
	for i, w := range want {
		f := forms[i]
		if f.Action != w.action || f.Method != w.method {
			t.Errorf("form %d: got %s %s, want %s %s", i, f.Method, f.Action, w.method, w.action)
		}
		if got := f.Fields.Encode(); got != w.fields.Encode() {
			t.Errorf("form %d fields:\n got %s\nwant %s", i, got, w.fields.Encode())
		}
	}
}

func TestParseFormsEdgeCases(t *testing.T) {
	base, _ := url.Parse("https://bank.test/a/b")
	tests := []struct {
		name       string
		page       string
		wantForms  int
		wantAction string
	}{
		{"empty", "", 0, ""},
		{"no form", "<html><body><p>Hata</p></body></html>", 0, ""},
		{"base href", `<base href="https://acs.test/x/"><form action="y" method="post"></form>`, 1, "https://acs.test/x/y"},
		{"truncated tag", `<form action="/z" method="post"><input name="a" value="`, 1, "https://bank.test/z"},
		{"lone angle brackets", `< > <<form action=/q>>`, 1, "https://bank.test/q"},
		{"script only", `<script>var s = "<form action='/no'>";</script>`, 0, ""},
		{"unclosed comment", `<form action="/c"></form><!-- <form action="/d">`, 1, "https://bank.test/c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forms, err := vpostest.ParseForms(base, []byte(tt.page))
			if err != nil {
				t.Fatal(err)
			}
			if len(forms) != tt.wantForms {
				t.Fatalf("got %d forms, want %d", len(forms), tt.wantForms)
			}
			if tt.wantForms > 0 && forms[0].Action != tt.wantAction {
				t.Errorf("action: got %q, want %q", forms[0].Action, tt.wantAction)
			}
		})
	}
	if _, err := vpostest.ParseForms(nil, nil); err == nil {
		t.Error("nil base: got no error")
	}
}

// threeDWorld is a fake bank with a 3D gate and an ACS page, and a merchant
// whose callback must not be called by RunACS.
type threeDWorld struct {
	bank, acs, merchant *httptest.Server
	merchantHits        atomic.Int32
}

// newThreeDWorld starts the servers. With separateACS the ACS runs on a
// host of its own and the gate sends the shopper there with an
// auto-submitting page.
func newThreeDWorld(t *testing.T, separateACS bool) *threeDWorld {
	t.Helper()
	w := &threeDWorld{}
	w.merchant = httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		w.merchantHits.Add(1)
	}))
	t.Cleanup(w.merchant.Close)

	acs := http.NewServeMux()
	// The ACS page, behind a session cookie.
	acs.HandleFunc("POST /acs", func(rw http.ResponseWriter, r *http.Request) {
		http.SetCookie(rw, &http.Cookie{Name: "acs", Value: "s1", Path: "/"})
		hidden := url.Values{"oid": {r.FormValue("oid")}, "okUrl": {r.FormValue("okUrl")}, "md": {"MD-<1>"}}
		if err := vpostest.WriteACSPage(rw, "/acs/answer", hidden, "400000******0006 — 12,34 TL"); err != nil {
			t.Error(err)
		}
	})
	acs.HandleFunc("POST /acs/answer", func(rw http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie("acs"); err != nil || c.Value != "s1" {
			http.Error(rw, "no session", http.StatusForbidden)
			return
		}
		o, err := vpostest.ParseACSOutcome(r.FormValue("outcome"))
		if err != nil {
			http.Error(rw, err.Error(), http.StatusBadRequest)
			return
		}
		q := url.Values{"oid": {r.FormValue("oid")}, "okUrl": {r.FormValue("okUrl")}, "md": {o.MDStatus()}}
		http.Redirect(rw, r, "/acs/result?"+q.Encode(), http.StatusSeeOther)
	})
	// The result page auto-submits the callback to the merchant.
	acs.HandleFunc("GET /acs/result", func(rw http.ResponseWriter, r *http.Request) {
		f := &threed.Form{Action: r.FormValue("okUrl"), Method: "POST", Fields: url.Values{
			"oid": {r.FormValue("oid")}, "mdStatus": {r.FormValue("md")}, "HASH": {"sig"},
		}}
		f.ServeHTTP(rw, r)
	})
	w.acs = httptest.NewServer(acs)
	t.Cleanup(w.acs.Close)

	bank := http.NewServeMux()
	bank.HandleFunc("POST /gate", func(rw http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(rw, err.Error(), http.StatusBadRequest)
			return
		}
		if r.FormValue("oid") == "NOFORM" {
			rw.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = io.WriteString(rw, `<html><head><title>Hata &#8211; 3D</title><script>var pan="4000009999000006";</script></head>`+
				`<body><h1>İşlem başarısız</h1><p>Kart 4000 0099 9900 0006 için  doğrulama yapılamadı.</p></body></html>`)
			return
		}
		if r.FormValue("oid") == "LOOP" {
			(&threed.Form{Action: "http://" + r.Host + "/gate", Fields: r.PostForm}).ServeHTTP(rw, r)
			return
		}
		acsURL := w.acs.URL + "/acs"
		if !separateACS {
			acsURL = "/acs"
			r2 := r.Clone(r.Context())
			r2.URL.Path = "/acs"
			acs.ServeHTTP(rw, r2)
			return
		}
		(&threed.Form{Action: acsURL, Fields: r.PostForm}).ServeHTTP(rw, r)
	})
	// Without a separate ACS, the bank serves the ACS paths itself.
	bank.Handle("/acs/", acs)
	w.bank = httptest.NewServer(bank)
	t.Cleanup(w.bank.Close)
	return w
}

func (w *threeDWorld) gate(oid string) *threed.Form {
	return &threed.Form{Action: w.bank.URL + "/gate", Method: "POST", Fields: url.Values{
		"oid":     {oid},
		"amount":  {"12.34"},
		"okUrl":   {w.merchant.URL + "/payment/ok"},
		"failUrl": {w.merchant.URL + "/payment/fail"},
	}}
}

func TestRunACS(t *testing.T) {
	for _, separate := range []bool{false, true} {
		for _, o := range vpostest.ACSOutcomes() {
			t.Run(fmt.Sprintf("separateACS=%v/%s", separate, o), func(t *testing.T) {
				w := newThreeDWorld(t, separate)
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				var b vpostest.Browser
				got, err := b.RunACS(ctx, w.gate("ORD-9"), o)
				if err != nil {
					t.Fatalf("RunACS: %v", err)
				}
				want := url.Values{"oid": {"ORD-9"}, "mdStatus": {o.MDStatus()}, "HASH": {"sig"}}
				if got.Encode() != want.Encode() {
					t.Errorf("callback: got %v, want %v", got, want)
				}
				if n := w.merchantHits.Load(); n != 0 {
					t.Errorf("the merchant was called %d times, want 0", n)
				}
			})
		}
	}
}

func TestRunACSErrors(t *testing.T) {
	w := newThreeDWorld(t, false)
	ctx := context.Background()
	var b vpostest.Browser

	_, err := b.RunACS(ctx, w.gate("NOFORM"), vpostest.ACSSuccess)
	if err == nil {
		t.Fatal("page without a form: got no error")
	}
	msg := err.Error()
	for _, want := range []string{"no form", "Hata – 3D", "İşlem başarısız"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	for _, leak := range []string{"4000009999000006", "4000 0099 9900 0006", "var pan"} {
		if strings.Contains(msg, leak) {
			t.Errorf("error %q holds %q", msg, leak)
		}
	}

	_, err = b.RunACS(ctx, w.gate("LOOP"), vpostest.ACSSuccess)
	if err == nil || !strings.Contains(err.Error(), "after 10 pages") {
		t.Errorf("endless auto-submits: got %v, want an error after 10 pages", err)
	}

	_, err = b.RunACS(ctx, w.gate("ORD-1"), "bogus")
	if err == nil || !strings.Contains(err.Error(), `offers no "bogus" outcome`) {
		t.Errorf("unknown outcome: got %v, want an error naming it", err)
	}

	gate := w.gate("ORD-1")
	gate.Action = w.bank.URL + "/missing"
	if _, err := b.RunACS(ctx, gate, vpostest.ACSSuccess); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("gate 404: got %v, want an error naming the status", err)
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := b.RunACS(cancelled, w.gate("ORD-1"), vpostest.ACSSuccess); err == nil {
		t.Error("cancelled context: got no error")
	}
	if n := w.merchantHits.Load(); n != 0 {
		t.Errorf("the merchant was called %d times, want 0", n)
	}
}

func TestBrowserSubmit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(rw, r, "/new?"+r.URL.RawQuery, http.StatusFound)
			return
		}
		_ = r.ParseForm()
		fmt.Fprintf(rw, "%s %s %s %s", r.Method, r.URL.Path, r.Header.Get("Content-Type"), r.Form.Encode())
	}))
	defer srv.Close()
	tests := []struct {
		name  string
		form  *threed.Form
		final string
		page  string
	}{
		{"post", &threed.Form{Action: srv.URL + "/p", Fields: url.Values{"a": {"1 2"}}},
			srv.URL + "/p", "POST /p application/x-www-form-urlencoded a=1+2"},
		{"get replaces the query", &threed.Form{Action: srv.URL + "/g?old=1", Method: "get", Fields: url.Values{"b": {"ş"}}},
			srv.URL + "/g?b=%C5%9F", "GET /g  b=%C5%9F"},
		{"redirect", &threed.Form{Action: srv.URL + "/old", Method: "GET", Fields: url.Values{"c": {"3"}}},
			srv.URL + "/new?c=3", "GET /new  c=3"},
	}
	b := &vpostest.Browser{Client: srv.Client()}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			final, page, err := b.Submit(context.Background(), tt.form)
			if err != nil {
				t.Fatal(err)
			}
			if final.String() != tt.final || string(page) != tt.page {
				t.Errorf("got %s %q, want %s %q", final, page, tt.final, tt.page)
			}
		})
	}
	for _, bad := range []*threed.Form{nil, {Action: "/relative"}, {Action: srv.URL, Method: "PUT"}} {
		if _, _, err := b.Submit(context.Background(), bad); err == nil {
			t.Errorf("Submit(%+v): got no error", bad)
		}
	}
	// Errors never repeat field values.
	_, _, err := b.Submit(context.Background(), &threed.Form{Action: "http://127.0.0.1:1/x", Method: "GET",
		Fields: url.Values{"pan": {"4000009999000006"}}})
	if err == nil || strings.Contains(err.Error(), "4000009999000006") {
		t.Errorf("got %v, want an error without the field value", err)
	}
}
