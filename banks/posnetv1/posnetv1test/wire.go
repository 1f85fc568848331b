package posnetv1test

// The JSON framing (posnet.md §10, §12): requests are JSON objects whose
// fields are looked up by name at any depth (as the MACParams lookup does),
// replies are ServiceResponseData frames.

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
)

// fields is a decoded request body.
type fields map[string]any

// find returns the value of the first field called name: a top-level one,
// else one inside a nested object (objects visited depth-first, keys in
// sorted order). ok is false when there is none.
func (f fields) find(name string) (any, bool) {
	if v, ok := f[name]; ok {
		return v, true
	}
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if m, ok := f[k].(map[string]any); ok {
			if v, ok := fields(m).find(name); ok {
				return v, true
			}
		}
	}
	return nil, false
}

// get returns the field called name as a string: strings as they are,
// numbers as written, booleans as true/false, null and absent as "".
func (f fields) get(name string) string {
	v, _ := f.find(name)
	return scalar(v)
}

// object returns the nested object called name, or nil.
func (f fields) object(name string) fields {
	v, _ := f.find(name)
	if m, ok := v.(map[string]any); ok {
		return m
	}
	return nil
}

func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		if x {
			return "true"
		}
		return "false"
	}
	return ""
}

// readRequest decodes a JSON request body; why says what is wrong.
func readRequest(w http.ResponseWriter, r *http.Request) (fields, string) {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(strings.ToLower(strings.TrimSpace(ct)), "application/json") {
		return nil, "Content-Type must be application/json"
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<10))
	if err != nil {
		return nil, "body unreadable or over 64 KiB"
	}
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var f map[string]any
	if err := d.Decode(&f); err != nil || f == nil {
		return nil, "body is not a JSON object"
	}
	return f, ""
}

// status is ServiceResponseData.
type status struct {
	ResponseCode        string
	ResponseDescription string
}

// point is one PointDataList entry.
type point struct {
	PointType     string
	Point         int64
	PointTLAmount int64
}

// finReply is the reply of Sale, Auth, Capture, Reverse and Return (§12).
type finReply struct {
	ServiceResponseData status
	AuthCode            *string
	ReferenceCode       *string
	PointDataList       []point
	InstallmentData     any
	MessageData         any
}

// row is one TransactionData entry of a TransactionInquiry reply.
type row struct {
	Amount            string
	AuthCode          string
	CardNo            string
	CurrencyCode      string
	HostLogKey        string
	OrderId           string //lint:ignore ST1003 the bank's field name
	TransactionDate   string
	TransactionStatus string
	TransactionType   string
}

// inquiryReply is the reply of TransactionInquiry (§12).
type inquiryReply struct {
	ServiceResponseData status
	AuthCode            *string
	ReferenceCode       *string
	TransactionData     []row
}

// fail is an error reply of a financial operation.
func fail(code, extra string) *finReply {
	return &finReply{ServiceResponseData: status{code, texts[code] + extra}}
}

// approved is an approved financial reply with zero points.
func approved(tx *txInfo) *finReply {
	auth, ref := tx.authCode, tx.reference
	var pts []point
	for _, t := range []string{"EarnedPoint", "TotalPoint", "EarnedStandartTotal", "EarnedStandartMrc", "EarnedLoyaltyTotal", "EarnedLoyaltyMrc"} {
		pts = append(pts, point{PointType: t})
	}
	return &finReply{ServiceResponseData: status{codeOK, texts[codeOK]}, AuthCode: &auth, ReferenceCode: &ref, PointDataList: pts}
}

// writeJSON writes v as a 200 application/json reply (errors are 200 too).
func writeJSON(w http.ResponseWriter, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(b.Bytes())
}
