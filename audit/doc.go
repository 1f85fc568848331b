// Package audit holds ready-made vpos hooks for ERPs that keep log files.
//
// JSONLines appends one JSON object per bank exchange to an io.Writer (a
// file opened with os.O_APPEND, a log shipper's pipe): time, company, POS,
// bank, operation, order id, the outcome the Client made of the reply
// (status, normalised return code, bank code), HTTP status, duration and
// the redacted request and response bodies. Bodies reach hooks already
// redacted by vpos; JSONLines masks card-number-like digit runs once more,
// so a line never carries a full card number even from a careless provider.
//
//	f, _ := os.OpenFile("vpos-audit.jsonl", os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
//	client, _ := nestpay.Open(cfg, &vpos.Options{Hooks: []vpos.Hook{audit.NewJSONLines(f)}})
package audit
