package threed

import (
	"bytes"
	"crypto/rand"
	"errors"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// ErrInvalidForm is wrapped by the errors Form.Validate and Form.WriteHTML
// return for a form that must not be sent to a browser.
var ErrInvalidForm = errors.New("threed: invalid form")

// Form is what the shopper's browser must send to the bank's 3-D Secure gate
// (or the issuer's ACS): the adapters build it, the application writes it as
// an auto-submitting page with HTML, WriteHTML or ServeHTTP.
//
// Field values are written into a UTF-8 page, so the browser submits them as
// UTF-8; they must be valid UTF-8 (invalid bytes would become U+FFFD).
type Form struct {
	// Action is the absolute http or https URL of the bank's gate.
	Action string
	// Method is "POST" (the default when empty) or "GET", in any case.
	// With GET the browser replaces the query string of Action by the
	// fields, so Validate refuses a GET form whose Action has a query.
	Method string
	// Fields are the form fields, sent as hidden inputs in sorted key
	// order; a key with several values gives several inputs.
	Fields url.Values
}

// method returns the normalised form method.
func (f *Form) method() string {
	if m := strings.ToUpper(f.Method); m != "" {
		return m
	}
	return http.MethodPost
}

// invalidForm returns an error wrapping ErrInvalidForm.
func invalidForm(reason string) error {
	return &formError{reason: reason}
}

type formError struct{ reason string }

func (e *formError) Error() string        { return ErrInvalidForm.Error() + ": " + e.reason }
func (e *formError) Is(target error) bool { return target == ErrInvalidForm }

// Validate reports whether the form can be sent to a browser: Action must be
// an absolute http or https URL with a plain ASCII host (no user
// information), Method must be POST or GET (empty means POST), a GET form's
// Action must have no query string, and no field name may be empty. The
// returned error wraps ErrInvalidForm and never contains field values.
func (f *Form) Validate() error {
	if f == nil {
		return invalidForm("nil form")
	}
	switch f.method() {
	case http.MethodPost, http.MethodGet:
	default:
		return invalidForm("method must be POST or GET")
	}
	if _, err := f.origin(); err != nil {
		return err
	}
	if u, _ := url.Parse(f.Action); f.method() == http.MethodGet && (u.RawQuery != "" || u.ForceQuery) {
		return invalidForm("a GET form's action must not carry a query string (browsers drop it); put it in Fields")
	}
	for k := range f.Fields {
		if k == "" {
			return invalidForm("field with an empty name")
		}
	}
	return nil
}

// origin returns the scheme://host[:port] of Action, or an error when Action
// is not an absolute http(s) URL with a host fit for a CSP source.
func (f *Form) origin() (string, error) {
	u, err := url.Parse(f.Action)
	if err != nil || f.Action != strings.TrimSpace(f.Action) {
		return "", invalidForm("action is not a valid URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", invalidForm("action must be an absolute http or https URL")
	}
	if u.Host == "" {
		return "", invalidForm("action has no host")
	}
	if u.User != nil {
		return "", invalidForm("action must not carry user information")
	}
	for _, c := range []byte(u.Host) {
		ok := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '.' || c == '-' || c == '_' || c == ':' || c == '[' || c == ']'
		if !ok {
			return "", invalidForm("action host must be plain ASCII (use punycode)")
		}
	}
	return u.Scheme + "://" + u.Host, nil
}

// HTML returns the form as a complete, small HTML document that submits
// itself on load: every value is escaped, fields are hidden inputs in sorted
// key order, a <noscript> button lets shoppers without JavaScript continue,
// and the page loads nothing from elsewhere. It returns the empty string when
// the form is invalid; Validate or WriteHTML say why.
//
// The page carries an inline script. When it is served under a
// Content-Security-Policy, use ServeHTTP, which adds a matching nonce.
func (f *Form) HTML() string {
	var b strings.Builder
	if err := f.WriteHTML(&b); err != nil {
		return ""
	}
	return b.String()
}

// WriteHTML writes the document HTML returns to w. It validates the form
// first and writes nothing when it is invalid.
func (f *Form) WriteHTML(w io.Writer) error {
	if err := f.Validate(); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := f.render(&buf, ""); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// ServeHTTP writes the auto-submitting page (see HTML) as the response, with
// Content-Type text/html; charset=utf-8, Cache-Control: no-store,
// X-Content-Type-Options: nosniff and a Content-Security-Policy that loads
// nothing, runs only the page's own inline script and style (by a fresh
// per-response nonce), forbids <base>, and lets the form submit only to the
// origin (scheme, host and port) of Action. It does not set frame-ancestors,
// so the page may be shown in an iframe or a modal.
//
// Browsers also check form-action against redirects that follow the
// submission: a gate that answers with a redirect to another origin would be
// blocked, and then the page must be served with HTML or WriteHTML instead.
//
// An invalid form gives 500 Internal Server Error and no page.
func (f *Form) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	if err := f.Validate(); err != nil {
		http.Error(w, "threed: invalid 3-D Secure form", http.StatusInternalServerError)
		return
	}
	origin, _ := f.origin() // validated above
	nonce := rand.Text()
	var buf bytes.Buffer
	if err := f.render(&buf, nonce); err != nil {
		http.Error(w, "threed: cannot render 3-D Secure form", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'nonce-"+nonce+
		"'; style-src 'nonce-"+nonce+"'; form-action "+origin+"; base-uri 'none'")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
}

// formField is one hidden input.
type formField struct{ Name, Value string }

// formPage is the data of formTemplate.
type formPage struct {
	Action, Method, Nonce string
	Fields                []formField
}

// render executes the page template; nonce may be empty.
func (f *Form) render(w io.Writer, nonce string) error {
	keys := make([]string, 0, len(f.Fields))
	n := 0
	for k, vs := range f.Fields {
		keys = append(keys, k)
		n += len(vs)
	}
	slices.Sort(keys)
	fields := make([]formField, 0, n)
	for _, k := range keys {
		for _, v := range f.Fields[k] {
			fields = append(fields, formField{k, v})
		}
	}
	return formTemplate.Execute(w, formPage{
		Action: f.Action,
		Method: f.method(),
		Nonce:  nonce,
		Fields: fields,
	})
}

// formID is the id of the form element, used by the submitting script.
const formID = "threed-form"

// formTemplate is the auto-submitting page. The script calls the prototype's
// submit so that a field named "submit" cannot shadow the method.
var formTemplate = template.Must(template.New("form").Parse(`<!DOCTYPE html>
<html lang="tr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>3-D Secure</title>
<style{{if .Nonce}} nonce="{{.Nonce}}"{{end}}>body{font-family:sans-serif;text-align:center;margin:4em 1em;color:#333}</style>
</head>
<body>
<form id="` + formID + `" action="{{.Action}}" method="{{.Method}}">
{{range .Fields}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<p lang="en">Redirecting you to your bank for 3-D Secure verification&hellip;</p>
<p>3-D Secure doğrulaması için bankanıza yönlendiriliyorsunuz&hellip;</p>
<noscript><button type="submit">Continue / Devam et</button></noscript>
</form>
<script{{if .Nonce}} nonce="{{.Nonce}}"{{end}}>HTMLFormElement.prototype.submit.call(document.getElementById("` + formID + `"));</script>
</body>
</html>
`))
