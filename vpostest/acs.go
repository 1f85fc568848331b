package vpostest

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// ACSOutcome is how the cardholder's authentication at the issuer's ACS
// (Access Control Server) ends on a fake bank's 3-D Secure page.
type ACSOutcome string

// The ACS outcomes.
const (
	// ACSSuccess: full authentication (mdStatus 1).
	ACSSuccess ACSOutcome = "success"
	// ACSFailure: authentication failed, e.g. a wrong password (mdStatus 0).
	ACSFailure ACSOutcome = "failure"
	// ACSAttempt: the cardholder will enrol later; an attempt (mdStatus 4).
	ACSAttempt ACSOutcome = "attempt"
	// ACSNotEnrolled: card or cardholder not enrolled (mdStatus 2).
	ACSNotEnrolled ACSOutcome = "not_enrolled"
)

// acsInfo is the mdStatus and button label of each outcome, in page order.
var acsInfo = []struct {
	outcome  ACSOutcome
	mdStatus string
	label    string
}{
	{ACSSuccess, "1", "Onayla / Approve"},
	{ACSFailure, "0", "Reddet / Fail"},
	{ACSAttempt, "4", "Daha sonra kaydol / Attempt"},
	{ACSNotEnrolled, "2", "Kayıtlı değil / Not enrolled"},
}

// MDStatus returns the mdStatus a bank reports for o (iso8583-and-3ds.md
// §3): "1" success, "0" failure, "4" attempt, "2" not enrolled; "" for an
// unknown outcome.
func (o ACSOutcome) MDStatus() string {
	for _, i := range acsInfo {
		if i.outcome == o {
			return i.mdStatus
		}
	}
	return ""
}

// String returns the outcome's name.
func (o ACSOutcome) String() string { return string(o) }

// ACSOutcomes returns every ACS outcome, success first, in a fixed order.
func ACSOutcomes() []ACSOutcome {
	out := make([]ACSOutcome, len(acsInfo))
	for i, info := range acsInfo {
		out[i] = info.outcome
	}
	return out
}

// ParseACSOutcome parses the name of an outcome ("success", "failure",
// "attempt", "not_enrolled", in any case) or its mdStatus ("1", "0", "4",
// "2"), as a fake bank reads the "outcome" field of its ACS page.
func ParseACSOutcome(s string) (ACSOutcome, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, i := range acsInfo {
		if t == string(i.outcome) || t == i.mdStatus {
			return i.outcome, nil
		}
	}
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return "", fmt.Errorf("vpostest: unknown ACS outcome %q", s)
}

// ACSOutcomeField is the name of the hidden input that carries the chosen
// outcome on the page WriteACSPage writes.
const ACSOutcomeField = "outcome"

// WriteACSPage writes a fake bank's 3-D Secure page, titled "3-D Secure
// doğrulama": summary (the masked card and amount text the fake chooses, it
// must hold no card data) and one <form method="post" action=action> per
// outcome, in ACSOutcomes order, each holding the hidden fields, a hidden
// input named "outcome" with the outcome's name (a field named "outcome" in
// hidden is left out) and a submit button with a human label ("Onayla /
// Approve", "Reddet / Fail", ...). A real browser can click it and Browser
// can submit it. Everything is escaped by html/template. The page is served
// with Content-Type text/html; charset=utf-8 and Cache-Control: no-store;
// nothing is written when rendering fails.
func WriteACSPage(w http.ResponseWriter, action string, hidden url.Values, summary string) error {
	keys := make([]string, 0, len(hidden))
	for k := range hidden {
		if k != ACSOutcomeField {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var fields []acsField
	for _, k := range keys {
		for _, v := range hidden[k] {
			fields = append(fields, acsField{k, v})
		}
	}
	page := acsPage{Action: action, Summary: summary, Fields: fields}
	for _, i := range acsInfo {
		page.Choices = append(page.Choices, acsChoice{Outcome: string(i.outcome), Label: i.label})
	}
	var buf bytes.Buffer
	if err := acsTemplate.Execute(&buf, page); err != nil {
		return fmt.Errorf("vpostest: ACS page: %w", err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(buf.Bytes())
	return err
}

type acsField struct{ Name, Value string }

type acsChoice struct{ Outcome, Label string }

type acsPage struct {
	Action  string
	Summary string
	Fields  []acsField
	Choices []acsChoice
}

var acsTemplate = template.Must(template.New("acs").Parse(`<!DOCTYPE html>
<html lang="tr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>3-D Secure doğrulama</title>
<style>body{font-family:sans-serif;margin:3em auto;max-width:28em;color:#222}form{display:inline-block;margin:.3em}button{padding:.5em 1em}</style>
</head>
<body>
<h1>3-D Secure doğrulama</h1>
<p class="summary">{{.Summary}}</p>
<p>Test bankası: bir sonuç seçin. / Test bank: choose an outcome.</p>
{{range $c := .Choices}}<form method="post" action="{{$.Action}}">
{{range $.Fields}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<input type="hidden" name="` + ACSOutcomeField + `" value="{{$c.Outcome}}">
<button type="submit">{{$c.Label}}</button>
</form>
{{end}}</body>
</html>
`))
