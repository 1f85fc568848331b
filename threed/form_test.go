package threed_test

import (
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/sanalpos/vpos/threed"
)

// page is what parsePage finds in a rendered form document.
type page struct {
	action, method string
	fields         [][2]string // name, value in document order
	scripts        []string    // bodies of <script> elements
	scriptNonces   []string
	noscriptButton bool
	external       []string // src/href attributes (there must be none)
}

// parsePage tokenizes doc with encoding/xml in its lenient HTML mode, which
// unescapes attribute values the way a browser does for these documents.
func parsePage(t *testing.T, doc string) page {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	var p page
	var inScript, inNoscript bool
	forms := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("parsing the form page: %v\n%s", err, doc)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			attr := func(name string) (string, bool) {
				for _, a := range tok.Attr {
					if a.Name.Local == name {
						return a.Value, true
					}
				}
				return "", false
			}
			for _, name := range []string{"src", "href"} {
				if v, ok := attr(name); ok {
					p.external = append(p.external, v)
				}
			}
			switch tok.Name.Local {
			case "form":
				forms++
				p.action, _ = attr("action")
				p.method, _ = attr("method")
			case "input":
				typ, _ := attr("type")
				if typ != "hidden" {
					t.Errorf("got an input of type %q, want only hidden inputs", typ)
				}
				name, _ := attr("name")
				value, _ := attr("value")
				p.fields = append(p.fields, [2]string{name, value})
			case "script":
				inScript = true
				p.scripts = append(p.scripts, "")
				nonce, _ := attr("nonce")
				p.scriptNonces = append(p.scriptNonces, nonce)
			case "noscript":
				inNoscript = true
			case "button":
				if inNoscript {
					if typ, _ := attr("type"); typ == "submit" {
						p.noscriptButton = true
					}
					if _, ok := attr("name"); ok {
						t.Errorf("the noscript button has a name, want none (it would be posted to the bank)")
					}
				}
			}
		case xml.EndElement:
			switch tok.Name.Local {
			case "script":
				inScript = false
			case "noscript":
				inNoscript = false
			}
		case xml.CharData:
			if inScript {
				p.scripts[len(p.scripts)-1] += string(tok)
			}
		}
	}
	if forms != 1 {
		t.Errorf("got %d forms, want 1", forms)
	}
	return p
}

// wantFields lists f's fields in sorted key order, values in order.
func wantFields(f url.Values) [][2]string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out [][2]string
	for _, k := range keys {
		for _, v := range f[k] {
			out = append(out, [2]string{k, v})
		}
	}
	return out
}

const hostile = `"><script>alert(1)</script>`

func TestFormHTML(t *testing.T) {
	tests := []struct {
		name       string
		form       threed.Form
		wantMethod string
	}{
		{
			name: "nestpay 3d",
			form: threed.Form{
				Action: "https://entegrasyon.asseco-see.com.tr/fim/est3Dgate",
				Fields: url.Values{
					"clientid": {"190100000"}, "oid": {"2024010354F1"}, "amount": {"1.01"},
					"okUrl": {"https://shop.example/3d/ok?company=42&pos=isbank"},
					"hash":  {"e5KcIY797JNvjrkWjZSfHOa+690="}, "storetype": {"3d"},
					"BillToName": {"Çağrı Şahin Öğüt İğdır"},
				},
			},
			wantMethod: "POST",
		},
		{
			name: "hostile values and names",
			form: threed.Form{
				Action: "https://bank.example/gate?x=1&y=2",
				Method: "post",
				Fields: url.Values{
					"a":        {hostile, `' onmouseover='alert(1)`, "</form><form action=//evil>"},
					hostile:    {"v"},
					"amp":      {"&amp; &lt; &#34; <!-- -->"},
					"submit":   {"shadows form.submit"},
					"newlines": {"line1\nline2\ttab"},
					"empty":    {""},
				},
			},
			wantMethod: "POST",
		},
		{
			name:       "get, no fields",
			form:       threed.Form{Action: "http://127.0.0.1:8080/acs", Method: "GET"},
			wantMethod: "GET",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := tt.form.HTML()
			if doc == "" {
				t.Fatalf("HTML() = \"\", want a page (Validate: %v)", tt.form.Validate())
			}
			p := parsePage(t, doc)
			if p.action != tt.form.Action {
				t.Errorf("got action %q, want %q", p.action, tt.form.Action)
			}
			if p.method != tt.wantMethod {
				t.Errorf("got method %q, want %q", p.method, tt.wantMethod)
			}
			if want := wantFields(tt.form.Fields); !slices.Equal(p.fields, want) {
				t.Errorf("got fields %q, want %q", p.fields, want)
			}
			if len(p.scripts) != 1 {
				t.Fatalf("got %d scripts, want 1 (hostile values must not add any)", len(p.scripts))
			}
			if got := p.scripts[0]; !strings.Contains(got, ".submit.call(") || !strings.Contains(got, `getElementById("threed-form")`) {
				t.Errorf("got script %q, want it to submit the form", got)
			}
			if p.scriptNonces[0] != "" {
				t.Errorf("got script nonce %q, want none from HTML()", p.scriptNonces[0])
			}
			if !p.noscriptButton {
				t.Errorf("got no submit button inside <noscript>, want one")
			}
			if len(p.external) != 0 {
				t.Errorf("got external references %q, want none", p.external)
			}
			if n := strings.Count(strings.ToLower(doc), "<script"); n != 1 {
				t.Errorf("got %d \"<script\" in the page, want 1", n)
			}
			for _, want := range []string{"<!DOCTYPE html>", `<meta charset="utf-8">`, "bankanıza yönlendiriliyorsunuz", "Redirecting you to your bank"} {
				if !strings.Contains(doc, want) {
					t.Errorf("page lacks %q", want)
				}
			}
		})
	}
}

func TestFormHTMLHostileEscaped(t *testing.T) {
	f := threed.Form{Action: "https://bank.example/gate", Fields: url.Values{"x": {hostile}, hostile: {"y"}}}
	doc := f.HTML()
	if strings.Contains(doc, hostile) {
		t.Fatalf("page contains the hostile value unescaped:\n%s", doc)
	}
	if !strings.Contains(doc, "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("page lacks the escaped hostile value:\n%s", doc)
	}
}

func TestFormHTMLSortedAndRepeated(t *testing.T) {
	f := threed.Form{
		Action: "https://bank.example/gate",
		Fields: url.Values{"b": {"2", "1"}, "a": {"x"}, "C": {"upper"}, "aa": {"y"}},
	}
	got := parsePage(t, f.HTML()).fields
	want := [][2]string{{"C", "upper"}, {"a", "x"}, {"aa", "y"}, {"b", "2"}, {"b", "1"}}
	if !slices.Equal(got, want) {
		t.Errorf("got fields %q, want %q", got, want)
	}
}

func TestFormHTMLDeterministic(t *testing.T) {
	f := threed.Form{Action: "https://bank.example/gate", Fields: url.Values{"a": {"1"}, "b": {"2"}, "c": {"3"}}}
	first := f.HTML()
	for range 20 {
		if got := f.HTML(); got != first {
			t.Fatalf("HTML() differs between calls:\n%s\n---\n%s", first, got)
		}
	}
}

func TestFormValidate(t *testing.T) {
	tests := []struct {
		name    string
		form    *threed.Form
		wantErr bool
	}{
		{"https", &threed.Form{Action: "https://bank.example/gate"}, false},
		{"http with port", &threed.Form{Action: "http://127.0.0.1:8443/gate", Method: "POST"}, false},
		{"get lower case", &threed.Form{Action: "https://bank.example/gate", Method: "get"}, false},
		{"post with query", &threed.Form{Action: "https://bank.example/gate?a=1"}, false},
		{"upper-case scheme", &threed.Form{Action: "HTTPS://bank.example/gate"}, false},
		{"nil", nil, true},
		{"empty action", &threed.Form{}, true},
		{"relative", &threed.Form{Action: "/gate"}, true},
		{"scheme-relative", &threed.Form{Action: "//bank.example/gate"}, true},
		{"javascript", &threed.Form{Action: "javascript:alert(1)"}, true},
		{"data", &threed.Form{Action: "data:text/html,hi"}, true},
		{"ftp", &threed.Form{Action: "ftp://bank.example/gate"}, true},
		{"no host", &threed.Form{Action: "https:///gate"}, true},
		{"user info", &threed.Form{Action: "https://user:pass@bank.example/gate"}, true},
		{"host with csp breaker", &threed.Form{Action: "https://bank.example;script-src*/gate"}, true},
		{"non-ascii host", &threed.Form{Action: "https://bankası.example/gate"}, true},
		{"leading space", &threed.Form{Action: " https://bank.example/gate"}, true},
		{"method put", &threed.Form{Action: "https://bank.example/gate", Method: "PUT"}, true},
		{"method junk", &threed.Form{Action: "https://bank.example/gate", Method: hostile}, true},
		{"get with query", &threed.Form{Action: "https://bank.example/gate?a=1", Method: "GET"}, true},
		{"get with empty query", &threed.Form{Action: "https://bank.example/gate?", Method: "GET"}, true},
		{"get with fragment", &threed.Form{Action: "https://bank.example/gate#a?b", Method: "GET"}, false},
		{"empty field name", &threed.Form{Action: "https://bank.example/gate", Fields: url.Values{"": {"x"}}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.form.Validate()
			if (err != nil) != tt.wantErr {
				t.Fatalf("Validate() = %v, want error %v", err, tt.wantErr)
			}
			if err == nil {
				return
			}
			if !errors.Is(err, threed.ErrInvalidForm) {
				t.Errorf("Validate() = %v, want it to match ErrInvalidForm", err)
			}
			if got := tt.form.HTML(); got != "" {
				t.Errorf("HTML() of an invalid form = %q, want \"\"", got)
			}
			var b strings.Builder
			if err := tt.form.WriteHTML(&b); !errors.Is(err, threed.ErrInvalidForm) {
				t.Errorf("WriteHTML() = %v, want ErrInvalidForm", err)
			}
			if b.Len() != 0 {
				t.Errorf("WriteHTML() wrote %d bytes for an invalid form, want 0", b.Len())
			}
		})
	}
}

type failingWriter struct{}

var errWrite = errors.New("write failed")

func (failingWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestFormWriteHTML(t *testing.T) {
	f := &threed.Form{Action: "https://bank.example/gate", Fields: url.Values{"a": {"1"}}}
	var b strings.Builder
	if err := f.WriteHTML(&b); err != nil {
		t.Fatalf("WriteHTML() = %v, want nil", err)
	}
	if got, want := b.String(), f.HTML(); got != want {
		t.Errorf("WriteHTML wrote %q, want HTML() %q", got, want)
	}
	if err := f.WriteHTML(failingWriter{}); !errors.Is(err, errWrite) {
		t.Errorf("WriteHTML(failing writer) = %v, want %v", err, errWrite)
	}
}

var cspNonce = regexp.MustCompile(`script-src 'nonce-([^']+)'`)

func TestFormServeHTTP(t *testing.T) {
	f := &threed.Form{
		Action: "https://bank.example:8443/fim/est3Dgate?v=3",
		Fields: url.Values{"oid": {"ORDER-1"}, "x": {hostile}},
	}
	var nonces []string
	for range 3 {
		rec := httptest.NewRecorder()
		f.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/pay", nil))
		res := rec.Result()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("got status %d, want 200", res.StatusCode)
		}
		for name, want := range map[string]string{
			"Content-Type":           "text/html; charset=utf-8",
			"Cache-Control":          "no-store",
			"X-Content-Type-Options": "nosniff",
		} {
			if got := res.Header.Get(name); got != want {
				t.Errorf("got %s %q, want %q", name, got, want)
			}
		}
		csp := res.Header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "form-action https://bank.example:8443;", "base-uri 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("got CSP %q, want it to contain %q", csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "frame-ancestors") {
			t.Errorf("got CSP %q, want no unsafe-inline and no frame-ancestors", csp)
		}
		m := cspNonce.FindStringSubmatch(csp)
		if m == nil {
			t.Fatalf("got CSP %q, want a script nonce", csp)
		}
		nonce := m[1]
		if !strings.Contains(csp, "style-src 'nonce-"+nonce+"'") {
			t.Errorf("got CSP %q, want the same nonce for style-src", csp)
		}
		p := parsePage(t, rec.Body.String())
		if len(p.scriptNonces) != 1 || p.scriptNonces[0] != nonce {
			t.Errorf("got script nonces %q, want [%q]", p.scriptNonces, nonce)
		}
		if want := wantFields(f.Fields); !slices.Equal(p.fields, want) {
			t.Errorf("got fields %q, want %q", p.fields, want)
		}
		if !strings.Contains(rec.Body.String(), `<style nonce="`+nonce+`">`) {
			t.Errorf("style element lacks nonce %q", nonce)
		}
		nonces = append(nonces, nonce)
	}
	slices.Sort(nonces)
	if len(slices.Compact(nonces)) != 3 {
		t.Errorf("got nonces %q, want a fresh one per response", nonces)
	}
}

func TestFormServeHTTPInvalid(t *testing.T) {
	for _, f := range []*threed.Form{nil, {Action: "javascript:alert(1)"}} {
		rec := httptest.NewRecorder()
		f.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/pay", nil))
		if rec.Code != http.StatusInternalServerError {
			t.Errorf("got status %d for %+v, want 500", rec.Code, f)
		}
		if strings.Contains(rec.Body.String(), "<form") {
			t.Errorf("got a form page for an invalid form: %q", rec.Body.String())
		}
	}
}

func BenchmarkFormHTML(b *testing.B) {
	f := &threed.Form{Action: "https://bank.example/gate", Fields: url.Values{}}
	for i := range 30 {
		f.Fields.Set("field"+string(rune('a'+i%26))+string(rune('0'+i/26)), strings.Repeat("v", 40))
	}
	b.ReportAllocs()
	for b.Loop() {
		if f.HTML() == "" {
			b.Fatal("empty page")
		}
	}
}
